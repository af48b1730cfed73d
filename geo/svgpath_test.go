package geo

import (
	"fmt"
	"math"
	"testing"

	"github.com/paulmach/orb"
)

func TestViewportPixels(t *testing.T) {
	v := NewViewport(orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{10, 10}}, 100, 100)
	mp := v.MultiPolygon(orb.MultiPolygon{
		{{{0, 0}, {10, 0}, {10, 10}, {10.001, 10}, {0, 10}, {0, 0}}},
		{{{1, 1}, {2, 2}, {1, 1}}}, // encloses nothing: dropped
	})
	if len(mp) != 1 || len(mp[0][0]) != 6 || mp[0][0][1] != (orb.Point{100, 100}) || mp[0][0][2] != (orb.Point{100, 0}) {
		t.Errorf("MultiPolygon = %v", mp)
	}
	if ml := v.MultiLineString(orb.MultiLineString{{{0, 0}, {5, 5}}, {{3, 3}}}); len(ml) != 1 || ml[0][1] != (orb.Point{50, 50}) {
		t.Errorf("MultiLineString = %v", ml)
	}
	if p := v.Unproject(v.Point(orb.Point{3, 7})); math.Abs(p[0]-3) > 1e-9 || math.Abs(p[1]-7) > 1e-9 {
		t.Errorf("Unproject(Point) = %v", p)
	}
}

func TestSVGPath(t *testing.T) {
	square := orb.Ring{{0, 100}, {100, 100}, {100, 0}, {100.01, 0}, {0, 0}, {0, 100}}
	for _, tc := range []struct {
		name     string
		g        orb.Geometry
		decimals int
		want     string
	}{
		{"ring drops a point that rounds onto its predecessor", square, 1, "M0 100l100 0 0-100-100 0Z"},
		{"polygon with a hole", orb.Polygon{square, {{40, 40}, {60, 40}, {60, 60}, {40, 40}}}, 0,
			"M0 100l100 0 0-100-100 0ZM40 40l20 0 0 20Z"},
		{"multipolygon", orb.MultiPolygon{{square}, {{{1.25, 2}, {3, 4}, {5, 6}, {1.25, 2}}}}, 1,
			"M0 100l100 0 0-100-100 0ZM1.3 2l1.7 2 2 2Z"},
		{"rounding does not accumulate", orb.LineString{{0, 0}, {0.34, 0}, {0.68, 0}, {1.02, 0}}, 1, "M0 0l0.3 0 0.4 0 0.3 0"},
		{"negative coordinates", orb.LineString{{-1.5, -2}, {-3, 4}}, 1, "M-1.5-2l-1.5 6"},
		{"lines stay open", orb.MultiLineString{{{0, 0}, {5, 5}}, {{1, 1}, {2, 2}, {3, 1}}}, 0, "M0 0l5 5M1 1l1 1 1-1"},
		{"degenerate ring and line skipped", orb.MultiPolygon{{{{0, 0}, {1, 1}, {0, 0}}}}, 1, ""},
		{"one-point line skipped", orb.LineString{{1, 1}}, 1, ""},
		{"a point has no path", orb.Point{1, 2}, 1, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := SVGPath(tc.g, tc.decimals); got != tc.want {
				t.Errorf("SVGPath = %q, want %q", got, tc.want)
			}
		})
	}
}

func ExampleSVGPath() {
	v := NewViewport(orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{10, 10}}, 100, 100)
	triangle := orb.MultiPolygon{{{{0, 0}, {10, 0}, {5, 10}, {0, 0}}}}
	fmt.Println(SVGPath(v.MultiPolygon(triangle), 1))
	// Output: M0 100l100 0-50-100Z
}
