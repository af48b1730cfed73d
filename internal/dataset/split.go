package dataset

import (
	"fmt"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/claimsmap/claimsmap/geo"
)

// Part is what a dated layer (controlled or contested) is split by: a
// claimed region, or a division outside the claim. Each gets one feature.
type Part struct {
	Slug, ISO, Name string
	WithinClaim     bool
	Geometry        orb.MultiPolygon
}

// Dated is what every feature of a dated layer carries besides its part.
type Dated struct {
	Status, AsOf, Source, Method string
}

// MinPartKm2 is the smallest piece a dated layer keeps in a part; smaller
// pieces are slivers where a line meets a border, not territory.
const MinPartKm2 = 1.0

// Parts returns the claimed regions and the divisions outside the claim,
// in that order.
func (d *Dataset) Parts() []Part {
	var ps []Part
	for _, c := range d.Claims {
		ps = append(ps, Part{Slug: c.Region, ISO: c.ISO, Name: c.Name, WithinClaim: true, Geometry: c.Geometry})
	}
	for _, v := range d.Divisions {
		if v.ClaimedRegion == "" {
			ps = append(ps, Part{Slug: v.Slug, ISO: v.ISO, Name: v.Name, Geometry: v.Geometry})
		}
	}
	return ps
}

// SplitByPart cuts ground into one feature per part it covers by at least
// MinPartKm2, with the properties the loader reads back (region,
// iso_3166_2, name, status, within_claim, as_of, approximate, source,
// method, area_km2). finish, where given, turns each piece into what will
// be written (rounded, valid) before it is measured.
func SplitByPart(ground orb.MultiPolygon, parts []Part, l Dated, finish func(orb.MultiPolygon) (orb.MultiPolygon, error)) (*geojson.FeatureCollection, error) {
	fc := geojson.NewFeatureCollection()
	for _, p := range parts {
		piece, err := geo.Intersection(p.Geometry, ground)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.Slug, err)
		}
		piece = geo.DropSlivers(piece, MinPartKm2/10)
		if finish != nil {
			if piece, err = finish(piece); err != nil {
				return nil, fmt.Errorf("%s: %w", p.Slug, err)
			}
		}
		km2 := geo.Area(piece)
		if km2 < MinPartKm2 {
			continue
		}
		f := geojson.NewFeature(piece)
		f.Properties = geojson.Properties{
			"region":       p.Slug,
			"iso_3166_2":   p.ISO,
			"name":         p.Name,
			"status":       l.Status,
			"within_claim": p.WithinClaim,
			"as_of":        l.AsOf,
			"approximate":  true,
			"source":       l.Source,
			"method":       l.Method,
			"area_km2":     float64(int64(km2*10+0.5)) / 10,
		}
		fc.Append(f)
	}
	return fc, nil
}
