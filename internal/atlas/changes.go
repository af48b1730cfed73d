package atlas

import (
	"errors"
	"fmt"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/claimsmap/claimsmap/geo"
	"github.com/claimsmap/claimsmap/internal/cache"
	"github.com/claimsmap/claimsmap/internal/dataset"
)

// ErrChangeOrder is returned when the earlier date of a change does not
// fall on an earlier snapshot than the later one. Test with errors.Is.
var ErrChangeOrder = errors.New("the first date must fall on an earlier snapshot than the second")

// Change is what changed hands between two snapshots: per region, the
// ground Russian forces gained, lost and kept.
type Change struct {
	From, To string // snapshot dates, From before To
	// Regions has one entry per claimed region (in the atlas's order) and
	// per division outside the claims (in the dataset's order) where
	// Russian forces held ground on either date.
	Regions []RegionChange
	// Totals over Regions.
	GainedKm2, LostKm2, KeptKm2 float64
	FromKm2, ToKm2              float64
}

// RegionChange is the change in one claimed region or division.
type RegionChange struct {
	Region string // region or division slug
	Name   string
	ISO    string
	// Claimed says whether Region is one of the claimed regions.
	Claimed bool
	// Gained is held on To but not on From; Lost held on From but not on
	// To; Kept held on both.
	Gained, Lost, Kept orb.MultiPolygon
	GainedKm2, LostKm2 float64
	KeptKm2            float64
	// FromKm2 and ToKm2 are the ground held on each date.
	FromKm2, ToKm2 float64
	// Source names the two control layers the change is computed from.
	Source string
}

// maxChanges bounds the changes kept; each holds a pair of dates' worth
// of overlay geometry, a megabyte or so.
const maxChanges = 32

// ChangeDates resolves the dates of a change to snapshot dates: to on or
// before to (empty for the latest snapshot), from on or before from (empty
// for the snapshot before to's). The errors are SnapshotOn's, and
// ErrChangeOrder when from's snapshot is not before to's.
func (a *Atlas) ChangeDates(from, to string) (string, string, error) {
	t, err := a.SnapshotOn(to)
	if err != nil {
		return "", "", err
	}
	var f string
	if from == "" {
		i := slices.Index(a.Dates, t)
		if i <= 0 {
			return "", "", fmt.Errorf("%s is the first snapshot, with none before it: %w", t, ErrChangeOrder)
		}
		f = a.Dates[i-1]
	} else if f, err = a.SnapshotOn(from); err != nil {
		return "", "", err
	}
	if f >= t {
		if f == t {
			return "", "", fmt.Errorf("from %s and to %s both fall on the snapshot of %s: %w", from, to, t, ErrChangeOrder)
		}
		return "", "", fmt.Errorf("from %s (snapshot %s) is not before to %s (snapshot %s): %w", from, f, to, t, ErrChangeOrder)
	}
	return f, t, nil
}

// Changes returns what changed hands between the snapshots on or before
// from and to (see ChangeDates for the defaults and errors). The overlay
// is computed on first request, once even when many ask at the same time,
// and kept in a bounded cache; it reads the snapshots' control layers
// directly, without building either date's View.
func (a *Atlas) Changes(from, to string) (*Change, error) {
	f, t, err := a.ChangeDates(from, to)
	if err != nil {
		return nil, err
	}
	a.derived.changesOnce.Do(func() { a.derived.changes = cache.New[*Change](maxChanges) })
	return a.derived.changes.Get(f+"|"+t, func() (*Change, error) {
		sf, err := a.Data.LoadSnapshot(f)
		if err != nil {
			return nil, err
		}
		st, err := a.Data.LoadSnapshot(t)
		if err != nil {
			return nil, err
		}
		return a.buildChange(sf, st)
	})
}

func (a *Atlas) buildChange(from, to dataset.Snapshot) (*Change, error) {
	ch := &Change{From: from.Date, To: to.Date}
	type held struct {
		geom   orb.MultiPolygon
		source string
	}
	gather := func(s dataset.Snapshot) map[string]held {
		m := map[string]held{}
		for _, c := range s.Areas {
			h := m[c.Region]
			h.geom = append(h.geom, c.Geometry...)
			h.source = c.Source
			m[c.Region] = h
		}
		return m
	}
	before, after := gather(from), gather(to)
	// Claimed regions first, then the other divisions, each once.
	var order []string
	for _, r := range a.Regions {
		order = append(order, r.Slug)
	}
	for _, d := range a.Data.Divisions {
		if d.ClaimedRegion == "" {
			order = append(order, d.Slug)
		}
	}
	for _, slug := range order {
		b, af := before[slug], after[slug]
		if len(b.geom) == 0 && len(af.geom) == 0 {
			continue
		}
		rc := RegionChange{Region: slug, Source: sourceOf(from.Date, b.source, to.Date, af.source)}
		if r, ok := a.Region(slug); ok {
			rc.Name, rc.ISO, rc.Claimed = r.DisplayName(), r.ISO, true
		} else if d, ok := a.Data.Division(slug); ok {
			rc.Name, rc.ISO = d.Name, d.ISO
		}
		var err error
		if rc.Gained, err = difference(af.geom, b.geom); err == nil {
			if rc.Lost, err = difference(b.geom, af.geom); err == nil {
				rc.Kept, err = intersection(b.geom, af.geom)
			}
		}
		if err != nil {
			return nil, fmt.Errorf("changes from %s to %s: %s: %w", from.Date, to.Date, slug, err)
		}
		rc.GainedKm2, rc.LostKm2, rc.KeptKm2 = geo.Area(rc.Gained), geo.Area(rc.Lost), geo.Area(rc.Kept)
		rc.FromKm2, rc.ToKm2 = geo.Area(b.geom), geo.Area(af.geom)
		ch.GainedKm2 += rc.GainedKm2
		ch.LostKm2 += rc.LostKm2
		ch.KeptKm2 += rc.KeptKm2
		ch.FromKm2 += rc.FromKm2
		ch.ToKm2 += rc.ToKm2
		ch.Regions = append(ch.Regions, rc)
	}
	return ch, nil
}

// difference is a minus b without the slivers overlay leaves where the
// two dates' lines agree; an empty operand needs no overlay.
func difference(a, b orb.MultiPolygon) (orb.MultiPolygon, error) {
	switch {
	case len(a) == 0:
		return nil, nil
	case len(b) == 0:
		return a, nil
	}
	g, err := geo.Difference(a, b)
	return geo.DropSlivers(g, sliverKm2), err
}

// intersection is what a and b share, without slivers.
func intersection(a, b orb.MultiPolygon) (orb.MultiPolygon, error) {
	if len(a) == 0 || len(b) == 0 {
		return nil, nil
	}
	g, err := geo.Intersection(a, b)
	return geo.DropSlivers(g, sliverKm2), err
}

func sourceOf(fromDate, fromSrc, toDate, toSrc string) string {
	switch {
	case fromSrc == toSrc || fromSrc == "":
		return "Control layers of " + fromDate + " and " + toDate + ": " + toSrc
	case toSrc == "":
		return "Control layers of " + fromDate + " and " + toDate + ": " + fromSrc
	}
	return "Control layer of " + fromDate + ": " + fromSrc + "; control layer of " + toDate + ": " + toSrc
}

// Region returns the change in one region or division.
func (c *Change) Region(slug string) (RegionChange, bool) {
	i := slices.IndexFunc(c.Regions, func(r RegionChange) bool { return r.Region == slug })
	if i < 0 {
		return RegionChange{}, false
	}
	return c.Regions[i], true
}

// Change statuses, as the GeoJSON's change property gives them.
const (
	ChangeGained = "gained"
	ChangeLost   = "lost"
)

// Features returns the change as GeoJSON features following RFC 7946, one
// per region and direction: region, iso_3166_2, name, change
// (gained|lost, by Russian forces), from, to, area_km2, source, method.
// region limits it to one region or division; empty means all.
func (c *Change) Features(region string) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for _, r := range c.Regions {
		if region != "" && r.Region != region {
			continue
		}
		for _, part := range []struct {
			kind string
			g    orb.MultiPolygon
			km2  float64
			how  string
		}{
			{ChangeGained, r.Gained, r.GainedKm2, "held by Russian forces on " + c.To + " minus held on " + c.From},
			{ChangeLost, r.Lost, r.LostKm2, "held by Russian forces on " + c.From + " minus held on " + c.To},
		} {
			if len(part.g) == 0 {
				continue
			}
			f := geojson.NewFeature(rfc7946(part.g))
			f.Properties = geojson.Properties{
				"region": r.Region, "iso_3166_2": r.ISO, "name": r.Name, "within_claim": r.Claimed,
				"change": part.kind, "from": c.From, "to": c.To, "area_km2": round1(part.km2), "approximate": true,
				"source": r.Source,
				"method": "Computed by polygon overlay: territory " + part.how + " (approximate, as the control layers are)",
			}
			fc.Append(f)
		}
	}
	return fc
}

// GeoJSON returns Features(region) encoded with the dataset's precision.
func (c *Change) GeoJSON(region string) ([]byte, error) {
	return dataset.EncodeFeatureCollection(c.Features(region), dataset.Decimals)
}
