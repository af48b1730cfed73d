package atlas

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestHistoryGolden pins the history figures of every region and of
// Ukraine on every snapshot date.
func TestHistoryGolden(t *testing.T) {
	a := defaultAtlas(t)
	var b strings.Builder
	slugs := []string{HistoryTotal}
	for _, r := range a.Regions {
		slugs = append(slugs, r.Slug)
	}
	for _, slug := range slugs {
		h, ok := a.History(slug)
		if !ok {
			t.Fatalf("no history for %s", slug)
		}
		if len(h.Points) != len(a.Dates) {
			t.Fatalf("%s: %d points for %d snapshots", slug, len(h.Points), len(a.Dates))
		}
		fmt.Fprintf(&b, "%s (%s), %.0f km²\n", h.Slug, h.Name, h.AreaKm2)
		fmt.Fprintf(&b, "%-10s %-7s %10s %7s %10s %7s\n", "date", "claimed", "held", "held%", "contested", "cont%")
		for _, p := range h.Points {
			fmt.Fprintf(&b, "%-10s %-7t %10.1f %6.2f%% %10.1f %6.2f%%\n", p.Date, p.Claimed, p.HeldKm2, p.HeldShare*100, p.ContestedKm2, p.ContestedShare*100)
		}
	}
	golden(t, "history.txt", []byte(b.String()))
}

// TestHistoryAgreesWithViews checks the cheap figures against the ones
// each date's View computes by overlay: within half a square kilometre
// per region and in total.
func TestHistoryAgreesWithViews(t *testing.T) {
	a := defaultAtlas(t)
	total, _ := a.History(HistoryTotal)
	for i, d := range a.Dates {
		v, err := a.At(d)
		if err != nil {
			t.Fatal(err)
		}
		check := func(what string, got, want float64) {
			t.Helper()
			if math.Abs(got-want) > 0.5 {
				t.Errorf("%s %s: history %.2f km², view %.2f km²", d, what, got, want)
			}
		}
		for _, r := range v.Regions {
			h, _ := a.History(r.Slug)
			p := h.Points[i]
			if p.Date != d || p.Claimed != r.InForce {
				t.Errorf("%s %s: point %s claimed %t, view claimed %t", d, r.Slug, p.Date, p.Claimed, r.InForce)
			}
			check(r.Slug+" held", p.HeldKm2, r.Held.Km2)
			check(r.Slug+" contested", p.ContestedKm2, r.Contested.Km2)
		}
		check("total held", total.Points[i].HeldKm2, v.Stats.AllControlledKm2)
		// Stats.AllContestedKm2 leaves out contested ground in a division
		// where Russian forces held nothing, so sum the view's pieces.
		grey := 0.0
		for _, r := range v.Regions {
			if r.InForce {
				grey += r.Contested.Km2
			}
		}
		for _, p := range v.OutsideContested {
			grey += p.Km2
		}
		check("total contested", total.Points[i].ContestedKm2, grey)
	}
}

func TestHistoryUnknown(t *testing.T) {
	if _, ok := defaultAtlas(t).History("kyiv"); ok {
		t.Error("History(kyiv) found a history: kyiv is not a claimed region")
	}
}
