package atlas

import "github.com/claimsmap/claimsmap/geo"

// Figures are the areas of one region (or division, or total) on a date.
type Figures struct {
	Slug string
	Name string
	// OfficialKm2 is the official area; ClaimedKm2 is computed from the
	// boundaries, so the two differ by the boundary data's generalisation.
	OfficialKm2 float64
	// AreaKm2 is the computed area of the region or division, the base of
	// ControlledShare.
	AreaKm2             float64
	ClaimedKm2          float64
	ControlledKm2       float64
	NotControlledKm2    float64
	ControlledShare     float64 // of the region, 0..1
	ClaimedOfUkraine    float64 // share of Ukraine, 0..1
	ControlledOfUkraine float64 // share of Ukraine, 0..1
}

// Stats are the figures of one date.
type Stats struct {
	Date    string
	Regions []Figures
	// Total sums the claimed regions.
	Total Figures
	// Outside lists control outside the claim, per division.
	Outside []Figures
	// AllControlledKm2 is control inside and outside the claim.
	AllControlledKm2    float64
	AllControlledShare  float64 // of Ukraine
	UkraineKm2          float64
	UkraineOfficialKm2  float64
	OutsideControlledKm float64
}

// Stats returns the figures of a snapshot date.
func (a *Atlas) Stats(date string) (Stats, bool) {
	s, ok := a.stats[date]
	return s, ok
}

func (a *Atlas) computeStats(date string) Stats {
	s := Stats{Date: date, UkraineKm2: a.UkraineKm2, UkraineOfficialKm2: a.OfficialKm2}
	s.Total = Figures{Slug: "total", Name: "All claimed regions"}
	for _, r := range a.Regions {
		f := Figures{
			Slug: r.Slug, Name: r.Name, OfficialKm2: r.OfficialKm2,
			ClaimedKm2:       r.ClaimedKm2,
			ControlledKm2:    r.Controlled[date].Km2,
			NotControlledKm2: r.NotControlled[date].Km2,
		}
		a.shares(&f)
		s.Regions = append(s.Regions, f)
		s.Total.OfficialKm2 += f.OfficialKm2
		s.Total.ClaimedKm2 += f.ClaimedKm2
		s.Total.ControlledKm2 += f.ControlledKm2
		s.Total.NotControlledKm2 += f.NotControlledKm2
	}
	a.shares(&s.Total)
	s.AllControlledKm2 = s.Total.ControlledKm2
	for _, p := range a.Outside[date] {
		f := Figures{Slug: p.Region, Name: p.Name, ControlledKm2: p.Km2}
		if d, ok := a.Data.Division(p.Region); ok {
			f.OfficialKm2, f.AreaKm2 = d.OfficialKm2, geo.Area(d.Geometry)
		}
		a.shares(&f)
		s.Outside = append(s.Outside, f)
		s.AllControlledKm2 += p.Km2
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
