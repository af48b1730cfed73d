package atlas

import (
	"errors"
	"flag"
	"fmt"
	"github.com/paulmach/orb/geojson"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"github.com/claimsmap/claimsmap/geo"
	"github.com/claimsmap/claimsmap/internal/dataset"
	"github.com/claimsmap/claimsmap/internal/defaultdata"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

var (
	once   sync.Once
	shared *Atlas
	err0   error
)

func defaultAtlas(t testing.TB) *Atlas {
	t.Helper()
	once.Do(func() {
		d, err := dataset.Load(defaultdata.FS())
		if err != nil {
			err0 = err
			return
		}
		shared, err0 = New(d)
	})
	if err0 != nil {
		t.Fatal(err0)
	}
	return shared
}

// TestAreasAgainstOfficial checks each claimed division's computed area
// against the official figure, within a tolerance that says why it is
// what it is.
func TestAreasAgainstOfficial(t *testing.T) {
	a := defaultAtlas(t)
	tolerance := map[string]struct {
		pct float64
		why string
	}{
		"crimea":       {2, "generalised coastline"},
		"sevastopol":   {15, "a small unit drawn coarsely at 1:10m; the official area includes bays"},
		"luhansk":      {3, "generalised border with Russia"},
		"donetsk":      {2, "generalised coastline of the Sea of Azov"},
		"zaporizhzhia": {2, "generalised coast and Kakhovka reservoir"},
		"kherson":      {10, "the official figure counts waters: parts of the Dnipro-Buh estuary and the Kakhovka reservoir"},
	}
	for _, d := range a.Data.Divisions {
		tol, ok := tolerance[d.Slug]
		if !ok {
			continue
		}
		got := geo.Area(d.Geometry)
		diff := (got - d.OfficialKm2) / d.OfficialKm2 * 100
		t.Logf("%-14s computed %8.0f km², official %8.0f km², %+5.1f%%", d.Slug, got, d.OfficialKm2, diff)
		if math.Abs(diff) > tol.pct {
			t.Errorf("%s: computed %.0f km² is %+.1f%% from the official %.0f km²; tolerance %.0f%% (%s)", d.Slug, got, diff, d.OfficialKm2, tol.pct, tol.why)
		}
	}
	if diff := (a.UkraineKm2 - a.OfficialKm2) / a.OfficialKm2 * 100; math.Abs(diff) > 1.5 {
		t.Errorf("Ukraine: computed %.0f km², official %.0f km² (%+.1f%%), tolerance 1.5%%", a.UkraineKm2, a.OfficialKm2, diff)
	}
}

func ukraine(t *testing.T, a *Atlas) orb.MultiPolygon {
	var all []orb.MultiPolygon
	for _, d := range a.Data.Divisions {
		all = append(all, d.Geometry)
	}
	u, err := geo.UnionAll(all...)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// outsideKm2 is the area of g that lies outside within.
func outsideKm2(t *testing.T, g, within orb.MultiPolygon) float64 {
	t.Helper()
	d, err := geo.Difference(g, within)
	if err != nil {
		t.Fatal(err)
	}
	return geo.Area(d)
}

func TestControlledInsideUkraine(t *testing.T) {
	a := defaultAtlas(t)
	ua := ukraine(t, a)
	for _, date := range a.Dates {
		s, _ := a.Data.Snapshot(date)
		for _, c := range s.Areas {
			if km2 := outsideKm2(t, c.Geometry, ua); km2 > 0.01 {
				t.Errorf("%s %s: %.3f km² of the controlled polygon lies outside Ukraine", date, c.Region, km2)
			}
		}
	}
}

// TestPartsAddUp checks, for every date and claimed region, that held,
// contested and not held tile the region: they add up to its area and lie
// inside it.
func TestPartsAddUp(t *testing.T) {
	a := defaultAtlas(t)
	for _, date := range a.Dates {
		v, err := a.At(date)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range v.Regions {
			for _, p := range []Piece{r.Held, r.Contested, r.NotHeld} {
				if km2 := outsideKm2(t, p.Geometry, r.Claimed); km2 > 0.01 {
					t.Errorf("%s %s: %.3f km² of a part lies outside the region", date, r.Slug, km2)
				}
			}
			f, _ := v.Stats.Region(r.Slug)
			sum := f.ControlledKm2 + f.ContestedKm2 + f.NotControlledKm2
			if math.Abs(sum-r.ClaimedKm2) > 0.5 {
				t.Errorf("%s %s: held %.1f + contested %.1f + not held %.1f = %.1f km², region %.1f km²", date, r.Slug, f.ControlledKm2, f.ContestedKm2, f.NotControlledKm2, sum, r.ClaimedKm2)
			}
			if r.InForce {
				if sum := r.Held.Km2 + r.Contested.Km2 + r.NotHeld.Km2; math.Abs(sum-r.ClaimedKm2) > 0.5 {
					t.Errorf("%s %s: geometries add up to %.1f km², region %.1f km²", date, r.Slug, sum, r.ClaimedKm2)
				}
			}
		}
		for _, p := range v.Outside {
			d, ok := a.Data.Division(p.Region)
			if !ok {
				r, _ := a.Region(p.Region)
				d.Geometry = r.Claimed
			}
			if km2 := outsideKm2(t, p.Geometry, d.Geometry); km2 > 0.01 {
				t.Errorf("%s %s: %.3f km² of controlled-not-claimed lies outside its oblast", date, p.Region, km2)
			}
		}
	}
}

// TestStatsGolden pins the figures of every date; the note on the issue
// quotes them. Run with -update after a deliberate data change.
func TestStatsGolden(t *testing.T) {
	a := defaultAtlas(t)
	var b strings.Builder
	for _, date := range a.Dates {
		st, ok := a.Stats(date)
		if !ok {
			t.Fatalf("no stats for %s", date)
		}
		fmt.Fprintf(&b, "date %s; Ukraine %.0f km² computed, %.0f official\n", date, st.UkraineKm2, st.UkraineOfficialKm2)
		fmt.Fprintf(&b, "%-20s %10s %10s %10s %10s %10s %8s %8s %8s\n", "region", "official", "claimed", "held", "contested", "not held", "held%", "claim%UA", "held%UA")
		for _, f := range append(st.Regions, st.Total) {
			fmt.Fprintf(&b, "%-20s %10.0f %10.0f %10.0f %10.0f %10.0f %7.1f%% %7.2f%% %7.2f%%\n", f.Slug, f.OfficialKm2, f.ClaimedKm2, f.ControlledKm2, f.ContestedKm2, f.NotControlledKm2, f.ControlledShare*100, f.ClaimedOfUkraine*100, f.ControlledOfUkraine*100)
		}
		sort.Slice(st.Outside, func(i, j int) bool { return st.Outside[i].Slug < st.Outside[j].Slug })
		for _, f := range st.Outside {
			fmt.Fprintf(&b, "outside %-12s held %8.0f km² (%.2f%% of Ukraine)\n", f.Slug, f.ControlledKm2, f.ControlledOfUkraine*100)
		}
		fmt.Fprintf(&b, "all held %.0f km², %.2f%% of Ukraine\n", st.AllControlledKm2, st.AllControlledShare*100)
		// Held outside the claims in force is all that is held but for
		// the claimed regions': on dates before a region was claimed,
		// its ground too.
		if d := st.AllControlledKm2 - st.Total.ControlledKm2 - st.OutsideControlledKm; math.Abs(d) > 0.01 {
			t.Errorf("%s: held outside the claim %.1f km², but held %.1f less %.1f in the claimed regions", date, st.OutsideControlledKm, st.AllControlledKm2, st.Total.ControlledKm2)
		}
	}
	t.Log("\n" + b.String())
	golden(t, "stats.txt", []byte(b.String()))
}

// TestLayersGolden pins each layer as a summary: properties, parts,
// vertices and area per feature. The full geometry of the file layers is
// pinned by the authoring test; this catches changes to the derived ones.
func TestLayersGolden(t *testing.T) {
	a := defaultAtlas(t)
	for _, l := range Layers() {
		fc, err := a.Latest().LayerFeatures(l.Name)
		if err != nil {
			t.Fatal(err)
		}
		b, err := dataset.EncodeFeatureCollection(fc, dataset.Decimals)
		if err != nil {
			t.Fatal(err)
		}
		if l.Name == LayerPlaces {
			b = curatedPlaces(t, a, b)
		}
		golden(t, "layer-"+l.Name+".txt", []byte(summarise(t, b)))
	}
}

// curatedPlaces keeps the hand-kept settlements of the places layer: the
// thousands GeoNames adds would make a golden file of megabytes that
// changes with every refresh of the extract. Their count is pinned by the
// gazetteer's own golden.
func curatedPlaces(t *testing.T, a *Atlas, b []byte) []byte {
	t.Helper()
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		t.Fatal(err)
	}
	kept := fc.Features[:0]
	for _, f := range fc.Features {
		if s, ok := a.Gazetteer.Settlement(f.Properties.MustString("place", "")); ok && s.Curated {
			kept = append(kept, f)
		}
	}
	fc.Features = kept
	out, err := fc.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the golden file; run go test ./internal/atlas -update and review the diff.\ngot:\n%s", p, got)
	}
}

func TestFormat(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 999.4: "999", 26517: "26,517", 1234567: "1,234,567", -26517: "-26,517"} {
		if got := FormatKm2(v); got != want {
			t.Errorf("FormatKm2(%v) = %q, want %q", v, got, want)
		}
	}
	for v, want := range map[float64]string{0.192: "19.2%", 0.0003: "0.03%", 1: "100.0%", 0: "0.0%"} {
		if got := FormatShare(v); got != want {
			t.Errorf("FormatShare(%v) = %q, want %q", v, got, want)
		}
	}
	if got := FormatDate("2025-08-08"); got != "8 August 2025" {
		t.Errorf("FormatDate = %q", got)
	}
}

// TestSnapshotOn checks which snapshot a date selects: before the first
// there is none, on a snapshot date that one, between two the earlier,
// after the last the last.
func TestSnapshotOn(t *testing.T) {
	a := defaultAtlas(t)
	first, last := a.Dates[0], a.Dates[len(a.Dates)-1]
	for _, tc := range []struct{ date, want, err string }{
		{"2013-12-31", "", "before"},
		{first, first, ""},
		{"2014-12-31", first, ""},
		{"2022-09-29", "2022-03-25", ""},
		{last, last, ""},
		{"2030-01-01", last, ""},
		{"", last, ""},
		{"2024-13-01", "", "bad"},
		{"yesterday", "", "bad"},
	} {
		got, err := a.SnapshotOn(tc.date)
		var before *BeforeFirstError
		switch {
		case tc.err == "before" && !errors.As(err, &before):
			t.Errorf("SnapshotOn(%q) = %q, %v; want BeforeFirstError", tc.date, got, err)
		case tc.err == "bad" && !errors.Is(err, ErrBadDate):
			t.Errorf("SnapshotOn(%q) = %q, %v; want ErrBadDate", tc.date, got, err)
		case tc.err == "" && (err != nil || got != tc.want):
			t.Errorf("SnapshotOn(%q) = %q, %v; want %q", tc.date, got, err, tc.want)
		}
	}
}

// TestClaimDates checks the claim follows its dates: Crimea alone from
// 2014-03-18, the four oblasts from 2022-09-30, and ground held in a
// region not yet claimed counted outside the claim.
func TestClaimDates(t *testing.T) {
	a := defaultAtlas(t)
	for _, tc := range []struct {
		date    string
		claimed []string
	}{
		{"2022-03-25", []string{"crimea"}},
		{"2022-09-29", []string{"crimea"}},
		{"2022-11-12", []string{"crimea", "luhansk", "donetsk", "zaporizhzhia", "kherson"}},
	} {
		v, err := a.At(tc.date)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range v.Claimed() {
			got = append(got, r.Slug)
		}
		if strings.Join(got, ",") != strings.Join(tc.claimed, ",") {
			t.Errorf("%s: claimed %v, want %v", tc.date, got, tc.claimed)
		}
		fc, _ := v.LayerFeatures(LayerClaimed)
		if len(fc.Features) != len(tc.claimed) {
			t.Errorf("%s: claimed layer has %d features, want %d", tc.date, len(fc.Features), len(tc.claimed))
		}
		if len(tc.claimed) == 1 {
			held := false
			for _, p := range v.Outside {
				held = held || p.Region == "kherson"
			}
			if !held {
				t.Errorf("%s: ground held in Kherson, not yet claimed, is not counted outside the claim", tc.date)
			}
			if v.Stats.Total.ClaimedKm2 != v.Regions[0].ClaimedKm2 {
				t.Errorf("%s: total claimed %.0f km², want Crimea's %.0f", tc.date, v.Stats.Total.ClaimedKm2, v.Regions[0].ClaimedKm2)
			}
		}
	}
}

// TestOffshorePlaces checks that coastal towns whose points fall just off
// the generalised coast take the holder of the nearest land.
func TestOffshorePlaces(t *testing.T) {
	v := defaultAtlas(t).Latest()
	for _, id := range []string{"sevastopol", "novofedorivka"} {
		if _, ok := v.Gazetteer.Settlement(id); !ok {
			continue
		}
		if h := v.HeldBy(id); h != HolderRussia {
			t.Errorf("%s: held by %s on %s, want russia", id, h, v.Date)
		}
	}
}
