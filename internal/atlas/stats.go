package atlas

import (
	"fmt"
	"slices"

	"github.com/claimsmap/claimsmap/internal/dataset"
)

// Figures are the areas of one region (or division, or total) on a date.
type Figures struct {
	Slug string
	Name string
	// Claimed says whether the claim was in force on the date; for a
	// region not yet claimed, ClaimedKm2 is zero, and NotControlledKm2 is
	// still the ground Ukraine holds in it.
	Claimed bool
	// OfficialKm2 is the official area; ClaimedKm2 is computed from the
	// boundaries, so the two differ by the boundary data's generalisation.
	OfficialKm2 float64
	// AreaKm2 is the computed area of the region or division, the base of
	// ControlledShare. Held, contested and not held add up to it.
	AreaKm2          float64
	ClaimedKm2       float64
	ControlledKm2    float64
	ContestedKm2     float64
	NotControlledKm2 float64
	ControlledShare  float64 // of the region, 0..1
	ContestedShare   float64 // of the region, 0..1
	// NotControlledShare is the share of the region held by Ukraine.
	NotControlledShare  float64
	ClaimedOfUkraine    float64 // share of Ukraine, 0..1
	ControlledOfUkraine float64 // share of Ukraine, 0..1
}

// Stats are the figures of one date.
type Stats struct {
	Date string
	// Regions lists every claimed region, claimed on the date or not yet.
	Regions []Figures
	// Total sums the regions claimed on the date.
	Total Figures
	// Outside lists control outside the claims in force, per division.
	Outside []Figures
	// AllControlledKm2 is control inside and outside the claim.
	AllControlledKm2   float64
	AllControlledShare float64 // of Ukraine
	AllContestedKm2    float64
	UkraineKm2         float64
	UkraineOfficialKm2 float64
	// OutsideControlledKm is control outside the claims in force: in the
	// divisions of Outside and in regions not yet claimed.
	OutsideControlledKm float64
}

// Stats returns the figures of the snapshot on or before date. They are
// the areas of the snapshot's layers as the dataset splits them (one
// piece per region or division), which the dataset knows without decoding
// the layers (dataset.Figures), so no View is built and no geometry
// decoded: a View costs polygon overlays. Each date's figures are made
// once and kept (a few hundred bytes a date).
func (a *Atlas) Stats(date string) (Stats, bool) {
	snap, err := a.SnapshotOn(date)
	if err != nil {
		return Stats{}, false
	}
	st, err := a.stats.Get(snap, func() (Stats, error) {
		f, ok := a.Data.Figures(snap)
		if !ok {
			return Stats{}, fmt.Errorf("no figures for %s", snap)
		}
		return a.computeStats(f), nil
	})
	return st, err == nil
}

func (a *Atlas) computeStats(sn dataset.Figures) Stats {
	s := Stats{Date: sn.Date, UkraineKm2: a.UkraineKm2, UkraineOfficialKm2: a.OfficialKm2}
	s.Total = Figures{Slug: "total", Name: "All claimed regions", Claimed: true}
	held, grey := map[string]float64{}, map[string]float64{}
	outHeld, outGrey := map[string]float64{}, map[string]float64{}
	var outside []string // divisions outside the claim with ground held or contested, in layer order
	note := func(slug string) {
		if !slices.Contains(outside, slug) {
			outside = append(outside, slug)
		}
	}
	for _, c := range sn.Controlled {
		if c.WithinClaim {
			held[c.Region] += c.Km2
		} else {
			outHeld[c.Region] += c.Km2
			note(c.Region)
		}
	}
	for _, c := range sn.Contested {
		if c.WithinClaim {
			grey[c.Region] += c.Km2
		} else {
			outGrey[c.Region] += c.Km2
			note(c.Region)
		}
	}
	for _, r := range a.Regions {
		inForce := r.ClaimedSince <= sn.Date
		f := Figures{
			Slug: r.Slug, Name: r.Name, Claimed: inForce, OfficialKm2: r.OfficialKm2,
			AreaKm2:       r.ClaimedKm2,
			ControlledKm2: held[r.Slug],
			ContestedKm2:  grey[r.Slug],
		}
		// Held, contested and held by Ukraine add up to the region.
		f.NotControlledKm2 = max(0, r.ClaimedKm2-f.ControlledKm2-f.ContestedKm2)
		if inForce {
			f.ClaimedKm2 = r.ClaimedKm2
		}
		a.shares(&f)
		s.Regions = append(s.Regions, f)
		s.AllControlledKm2 += f.ControlledKm2
		s.AllContestedKm2 += f.ContestedKm2
		if !inForce {
			s.OutsideControlledKm += f.ControlledKm2
			continue
		}
		s.Total.OfficialKm2 += f.OfficialKm2
		s.Total.AreaKm2 += f.AreaKm2
		s.Total.ClaimedKm2 += f.ClaimedKm2
		s.Total.ControlledKm2 += f.ControlledKm2
		s.Total.ContestedKm2 += f.ContestedKm2
		s.Total.NotControlledKm2 += f.NotControlledKm2
	}
	a.shares(&s.Total)
	for _, slug := range outside {
		f := Figures{Slug: slug, Name: slug, ControlledKm2: outHeld[slug], ContestedKm2: outGrey[slug]}
		if d, ok := a.Data.Division(slug); ok {
			f.Name, f.OfficialKm2, f.AreaKm2 = d.Name, d.OfficialKm2, a.DivisionKm2(slug)
		}
		a.shares(&f)
		s.Outside = append(s.Outside, f)
		s.AllControlledKm2 += f.ControlledKm2
		s.AllContestedKm2 += f.ContestedKm2
		s.OutsideControlledKm += f.ControlledKm2
	}
	s.AllControlledShare = s.AllControlledKm2 / a.UkraineKm2
	return s
}

func (a *Atlas) shares(f *Figures) {
	if f.AreaKm2 == 0 {
		f.AreaKm2 = f.ClaimedKm2
	}
	if f.AreaKm2 > 0 {
		f.ControlledShare = f.ControlledKm2 / f.AreaKm2
		f.ContestedShare = f.ContestedKm2 / f.AreaKm2
		f.NotControlledShare = max(0, 1-f.ControlledShare-f.ContestedShare)
	}
	f.ClaimedOfUkraine = f.ClaimedKm2 / a.UkraineKm2
	f.ControlledOfUkraine = f.ControlledKm2 / a.UkraineKm2
}

// Region returns the figures of one claimed region.
func (s Stats) Region(slug string) (Figures, bool) {
	for _, f := range s.Regions {
		if f.Slug == slug {
			return f, true
		}
	}
	return Figures{}, false
}

// Claimed returns the figures of the regions claimed on the date.
func (s Stats) Claimed() []Figures {
	var out []Figures
	for _, f := range s.Regions {
		if f.Claimed {
			out = append(out, f)
		}
	}
	return out
}
