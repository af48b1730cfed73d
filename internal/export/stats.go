package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"

	"github.com/claimsmap/claimsmap/internal/atlas"
)

// statsRow is one line of the figures: a claimed region, a division
// outside the claim, or a total, on one date.
type statsRow struct {
	Date                     string  `json:"date"`
	Region                   string  `json:"region"`
	Kind                     string  `json:"kind"` // claimed-region, outside-claim, total-claimed, total-controlled
	Name                     string  `json:"name"`
	OfficialKm2              float64 `json:"official_km2,omitempty"`
	ClaimedKm2               float64 `json:"claimed_km2"`
	ControlledKm2            float64 `json:"controlled_km2"`
	ClaimedNotControlledKm2  float64 `json:"claimed_not_controlled_km2"`
	ContestedKm2             float64 `json:"contested_km2"`
	ControlledShareOfRegion  float64 `json:"controlled_share_of_region"`
	ClaimedShareOfUkraine    float64 `json:"claimed_share_of_ukraine"`
	ControlledShareOfUkraine float64 `json:"controlled_share_of_ukraine"`
	UkraineKm2               float64 `json:"ukraine_km2"`
	Approximate              bool    `json:"approximate"`
}

func rows(a *atlas.Atlas) []statsRow {
	var out []statsRow
	for _, date := range a.Dates {
		st, ok := a.Stats(date)
		if !ok {
			continue
		}
		add := func(f atlas.Figures, kind string) {
			out = append(out, statsRow{
				Date: date, Region: f.Slug, Kind: kind, Name: f.Name, OfficialKm2: f.OfficialKm2,
				ClaimedKm2: r1(f.ClaimedKm2), ControlledKm2: r1(f.ControlledKm2), ClaimedNotControlledKm2: r1(f.NotControlledKm2), ContestedKm2: r1(f.ContestedKm2),
				ControlledShareOfRegion: r4(f.ControlledShare), ClaimedShareOfUkraine: r4(f.ClaimedOfUkraine),
				ControlledShareOfUkraine: r4(f.ControlledOfUkraine), UkraineKm2: r1(st.UkraineKm2), Approximate: true,
			})
		}
		for _, f := range st.Regions {
			if f.Claimed {
				add(f, "claimed-region")
			} else {
				// Ground Ukraine holds in a region not yet claimed is
				// not claimed ground it holds.
				f.NotControlledKm2 = 0
				add(f, "not-yet-claimed")
			}
		}
		add(st.Total, "total-claimed")
		for _, f := range st.Outside {
			add(f, "outside-claim")
		}
		// All of Ukraine: the claim and what is held anywhere, inside the
		// claim or not; its own share is of Ukraine.
		add(atlas.Figures{Slug: "ukraine", Name: "All of Ukraine", OfficialKm2: st.UkraineOfficialKm2,
			ClaimedKm2: st.Total.ClaimedKm2, ControlledKm2: st.AllControlledKm2, ContestedKm2: st.AllContestedKm2, NotControlledKm2: st.Total.NotControlledKm2,
			ControlledShare: st.AllControlledShare, ClaimedOfUkraine: st.Total.ClaimedOfUkraine,
			ControlledOfUkraine: st.AllControlledShare}, "total-controlled")
	}
	return out
}

func r1(v float64) float64 { return float64(int64(v*10+0.5)) / 10 }
func r4(v float64) float64 { return float64(int64(v*1e4+0.5)) / 1e4 }

// StatsJSON writes the figures of every date as JSON, with their source.
func StatsJSON(a *atlas.Atlas) ([]byte, error) {
	doc := struct {
		Source  string     `json:"source"`
		Method  string     `json:"method"`
		Figures []statsRow `json:"figures"`
	}{
		Source:  "claimsmap dataset " + a.Version + ": Natural Earth boundaries; control compiled from public reporting (approximate)",
		Method:  "Areas on the sphere of radius 6371.0088 km from the longitude/latitude polygons; shares of the computed area of Ukraine",
		Figures: rows(a),
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	return append(b, '\n'), err
}

// StatsCSV writes the same figures as CSV, one row per region and date.
func StatsCSV(a *atlas.Atlas) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"date", "region", "kind", "name", "official_km2", "claimed_km2", "controlled_km2", "claimed_not_controlled_km2", "contested_km2",
		"controlled_share_of_region", "claimed_share_of_ukraine", "controlled_share_of_ukraine", "ukraine_km2", "approximate"})
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	for _, r := range rows(a) {
		w.Write([]string{r.Date, r.Region, r.Kind, r.Name, f(r.OfficialKm2), f(r.ClaimedKm2), f(r.ControlledKm2), f(r.ClaimedNotControlledKm2), f(r.ContestedKm2),
			f(r.ControlledShareOfRegion), f(r.ClaimedShareOfUkraine), f(r.ControlledShareOfUkraine), f(r.UkraineKm2), strconv.FormatBool(r.Approximate)})
	}
	w.Flush()
	return b.Bytes(), w.Error()
}
