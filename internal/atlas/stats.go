package atlas

import "github.com/claimsmap/claimsmap/geo"

// Figures are the areas of one region (or division, or total) on a date.
type Figures struct {
	Slug string
	Name string
	// Claimed says whether the claim was in force on the date; for a
	// region not yet claimed, ClaimedKm2 and NotControlledKm2 are zero.
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
	AllControlledKm2    float64
	AllControlledShare  float64 // of Ukraine
	AllContestedKm2     float64
	UkraineKm2          float64
	UkraineOfficialKm2  float64
	OutsideControlledKm float64
}

// Stats returns the figures of the snapshot on or before date.
func (a *Atlas) Stats(date string) (Stats, bool) {
	v, err := a.At(date)
	if err != nil {
		return Stats{}, false
	}
	return v.Stats, true
}

func (v *View) computeStats() Stats {
	a := v.Atlas
	s := Stats{Date: v.Date, UkraineKm2: a.UkraineKm2, UkraineOfficialKm2: a.OfficialKm2}
	s.Total = Figures{Slug: "total", Name: "All claimed regions", Claimed: true}
	for _, r := range v.Regions {
		f := Figures{
			Slug: r.Slug, Name: r.Name, Claimed: r.InForce, OfficialKm2: r.OfficialKm2,
			AreaKm2:       r.ClaimedKm2,
			ControlledKm2: r.Held.Km2,
			ContestedKm2:  r.Contested.Km2,
		}
		if r.InForce {
			f.ClaimedKm2, f.NotControlledKm2 = r.ClaimedKm2, r.NotHeld.Km2
		} else {
			f.NotControlledKm2 = r.ClaimedKm2 - r.Held.Km2 - r.Contested.Km2
		}
		a.shares(&f)
		s.Regions = append(s.Regions, f)
		s.AllControlledKm2 += f.ControlledKm2
		s.AllContestedKm2 += f.ContestedKm2
		if !r.InForce {
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
	for _, p := range v.Outside {
		if _, isRegion := a.Region(p.Region); isRegion {
			continue // a region not yet claimed: listed with the regions
		}
		f := Figures{Slug: p.Region, Name: p.Name, ControlledKm2: p.Km2}
		if d, ok := a.Data.Division(p.Region); ok {
			f.OfficialKm2, f.AreaKm2 = d.OfficialKm2, geo.Area(d.Geometry)
		}
		for _, c := range v.OutsideContested {
			if c.Region == p.Region {
				f.ContestedKm2 = c.Km2
			}
		}
		a.shares(&f)
		s.Outside = append(s.Outside, f)
		s.AllControlledKm2 += p.Km2
		s.AllContestedKm2 += f.ContestedKm2
		s.OutsideControlledKm += p.Km2
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
