package importer

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"

	"github.com/claimsmap/claimsmap/geo"
)

// FuzzParse checks the parser of outside files never panics and either
// refuses its input or returns valid, non-empty longitude/latitude
// polygons.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.geojson")
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		``, `null`, `[]`, `{}`, `{"type":"FeatureCollection"}`, `{"type":"FeatureCollection","features":[null]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[0,0],[0,0],[0,0]]]}}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[2,0],[2,2],[0,2],[0,0]],[[1,1],[3,1],[3,3],[1,3],[1,1]]]}}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[2,0],[2,2],[0,0]]],[[[0,0],[2,0],[2,2],[0,0]]]]}}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[180,90],[-180,-90],[180,-90],[-180,90],[180,90]]]}}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		feats, err := Parse(b)
		if err != nil {
			return
		}
		if len(feats) == 0 {
			t.Fatal("no error and no features")
		}
		for _, ft := range feats {
			if len(ft.Geometry) == 0 {
				t.Fatalf("feature %d: empty geometry accepted", ft.Index)
			}
			if !geo.Valid(ft.Geometry) {
				t.Fatalf("feature %d: geometry %v not valid", ft.Index, ft.Geometry)
			}
			for _, p := range ft.Geometry {
				for _, r := range p {
					if len(r) < 4 || r[0] != r[len(r)-1] {
						t.Fatalf("feature %d: ring %v", ft.Index, r)
					}
					for _, pt := range r {
						if !(pt[0] >= -180 && pt[0] <= 180 && pt[1] >= -90 && pt[1] <= 90) {
							t.Fatalf("feature %d: position %v", ft.Index, pt)
						}
					}
				}
			}
		}
	})
}

// FuzzMakeValid drives the repair with rings drawn on a small grid, where
// crossings, touches, spikes and retraced edges are common: it must never
// panic, and what it does not refuse must be valid.
func FuzzMakeValid(f *testing.F) {
	f.Add([]byte{0, 0, 2, 2, 2, 0, 0, 2}, uint8(0))
	f.Add([]byte{0, 0, 4, 0, 4, 2, 1, 2, 1, 15, 3, 15, 3, 3, 0, 3}, uint8(4))
	f.Add([]byte{0, 0, 2, 0, 2, 1, 3, 1, 2, 1, 2, 2, 0, 2}, uint8(3))
	f.Fuzz(func(t *testing.T, b []byte, split uint8) {
		if len(b) > 400 {
			return
		}
		var rings []orb.Ring
		var r orb.Ring
		for i := 0; i+1 < len(b); i += 2 {
			r = append(r, orb.Point{float64(b[i] % 16), float64(b[i+1] % 16)})
			if split > 0 && len(r) == int(split) {
				rings = append(rings, r)
				r = nil
			}
		}
		rings = append(rings, r)
		var mp orb.MultiPolygon
		var poly orb.Polygon
		for i, r := range rings {
			if len(r) < 3 {
				continue
			}
			r = append(r, r[0])
			if i%3 == 2 { // every third ring starts a polygon of its own
				mp = append(mp, poly)
				poly = nil
			}
			poly = append(poly, r)
		}
		if len(poly) > 0 {
			mp = append(mp, poly)
		}
		var in orb.MultiPolygon
		for _, p := range mp {
			if len(p) > 0 {
				in = append(in, p)
			}
		}
		if len(in) == 0 {
			return
		}
		out, _, err := makeValid(in, true)
		if err != nil {
			return
		}
		if len(out) == 0 || !geo.Valid(out) {
			t.Fatalf("makeValid(%v) = %v: not valid", in, out)
		}
	})
}
