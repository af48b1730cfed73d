package atlas

import (
	"sync"

	"github.com/claimsmap/claimsmap/internal/cache"
)

// HistoryTotal is the slug of the history of all of Ukraine.
const HistoryTotal = "ukraine"

// History is how much of one claimed region, or of all of Ukraine, Russian
// forces held and how much was contested on every snapshot date.
type History struct {
	Slug string // a claimed region's slug, or HistoryTotal
	Name string
	// AreaKm2 is the computed area of the region (or of Ukraine), the base
	// of the shares.
	AreaKm2 float64
	Points  []HistoryPoint // one per snapshot, oldest first
}

// HistoryPoint is the figures of one snapshot date.
type HistoryPoint struct {
	Date string
	// Claimed says whether Russia's claim to the region was in force on
	// the date; for the total, whether any claim was.
	Claimed        bool
	HeldKm2        float64
	ContestedKm2   float64
	HeldShare      float64 // of AreaKm2, 0..1
	ContestedShare float64 // of AreaKm2, 0..1
}

// derived holds what the atlas computes on first request and keeps: the
// history figures and the changes between snapshots. Its zero value is
// ready to use.
type derived struct {
	historyOnce sync.Once
	history     map[string]*History

	changesOnce sync.Once
	changes     *cache.Cache[*Change]
}

// History returns the figures of a claimed region, or of all of Ukraine
// for HistoryTotal, on every snapshot date.
//
// The figures are each date's Stats: the areas of the snapshot's control
// and contested layers as the dataset splits them per region, measured
// without building a View (a View costs a polygon overlay per region,
// 25–130 ms a date; the areas a few tens of microseconds). All regions'
// histories are computed together on the first call and kept for the
// atlas's life: a few numbers per snapshot.
func (a *Atlas) History(slug string) (*History, bool) {
	a.derived.historyOnce.Do(a.buildHistory)
	h, ok := a.derived.history[slug]
	return h, ok
}

func (a *Atlas) buildHistory() {
	hs := map[string]*History{
		HistoryTotal: {Slug: HistoryTotal, Name: "Ukraine", AreaKm2: a.UkraineKm2},
	}
	for _, r := range a.Regions {
		hs[r.Slug] = &History{Slug: r.Slug, Name: r.DisplayName(), AreaKm2: r.ClaimedKm2}
	}
	// The figures are each date's Stats, which measure the same layer
	// pieces; nothing is measured twice.
	for _, date := range a.Dates {
		st, ok := a.Stats(date)
		if !ok {
			continue
		}
		anyClaim := false
		for _, f := range st.Regions {
			anyClaim = anyClaim || f.Claimed
			h := hs[f.Slug]
			h.Points = append(h.Points, point(date, f.Claimed, f.ControlledKm2, f.ContestedKm2, h.AreaKm2))
		}
		t := hs[HistoryTotal]
		t.Points = append(t.Points, point(date, anyClaim, st.AllControlledKm2, st.AllContestedKm2, t.AreaKm2))
	}
	a.derived.history = hs
}

func point(date string, claimed bool, held, grey, area float64) HistoryPoint {
	p := HistoryPoint{Date: date, Claimed: claimed, HeldKm2: held, ContestedKm2: grey}
	if area > 0 {
		p.HeldShare, p.ContestedShare = held/area, grey/area
	}
	return p
}

// Span is the history's first and last dates.
func (h *History) Span() (first, last string) {
	if len(h.Points) == 0 {
		return "", ""
	}
	return h.Points[0].Date, h.Points[len(h.Points)-1].Date
}
