package gazetteer

import (
	"os"
	"testing"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"
)

// TestSettlementsInTheirDivisions checks every settlement of the default
// files against the boundaries layer: it must lie in its own division, or
// just off the coast of it (the Natural Earth outline is coarse), and never
// in another division. This catches swapped or mistyped coordinates and a
// wrong oblast.
func TestSettlementsInTheirDivisions(t *testing.T) {
	const boundaries = "../defaultdata/data/layers/boundaries.geojson"
	const slackKm = 3.0
	b, err := os.ReadFile(boundaries)
	if err != nil {
		t.Skipf("%s: %v", boundaries, err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		t.Fatalf("%s: %v", boundaries, err)
	}
	divisions := map[string]orb.MultiPolygon{}
	for _, f := range fc.Features {
		slug, _ := f.Properties["slug"].(string)
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			divisions[slug] = orb.MultiPolygon{g}
		case orb.MultiPolygon:
			divisions[slug] = g
		}
	}
	_, _, settlements := loadDefault(t)
	for _, s := range settlements {
		p := orb.Point{s.Lon, s.Lat}
		own, ok := divisions[s.Oblast]
		if !ok {
			t.Errorf("%s line %d: %s: no division %q in %s", SettlementsFile, s.Line, s.ID, s.Oblast, boundaries)
			continue
		}
		if planar.MultiPolygonContains(own, p) {
			continue
		}
		for slug, mp := range divisions {
			if planar.MultiPolygonContains(mp, p) {
				t.Errorf("%s line %d: %s at %v lies in %s, not %s", SettlementsFile, s.Line, s.ID, p, slug, s.Oblast)
			}
		}
		if d := nearestVertexKm(own, p); d > slackKm {
			t.Errorf("%s line %d: %s at %v is %.1f km outside %s", SettlementsFile, s.Line, s.ID, p, d, s.Oblast)
		}
	}
}

// nearestVertexKm returns the distance from p to the nearest vertex of mp.
func nearestVertexKm(mp orb.MultiPolygon, p orb.Point) float64 {
	best := -1.0
	for _, poly := range mp {
		for _, ring := range poly {
			for _, q := range ring {
				if d := orbgeo.Distance(p, q) / 1000; best < 0 || d < best {
					best = d
				}
			}
		}
	}
	return best
}
