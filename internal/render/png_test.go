package render

import (
	"image/color"
	"testing"

	"github.com/paulmach/orb"
)

// TestRasterShapes draws single shapes on a small image and checks the
// pixels that must and must not be painted.
func TestRasterShapes(t *testing.T) {
	red := color.RGBA{200, 0, 0, 255}
	white := color.RGBA{255, 255, 255, 255}
	// ccw is a box whose ring turns the other way from box4's. A hole
	// turning the same way as its outer ring is still a hole: areas are
	// meant even-odd, as the SVG fills them.
	ccw := func(x, y, w, h float64) orb.Ring {
		return orb.Ring{{x, y}, {x, y + h}, {x + w, y + h}, {x + w, y}, {x, y}}
	}
	for _, tc := range []struct {
		name     string
		s        shape
		scale    float64
		in, out  []orb.Point // in scene pixels
		inColour color.RGBA
	}{
		{"hole turning as its outer ring", shape{geom: orb.Polygon{ccw(10, 10, 80, 80), ccw(30, 30, 40, 40)}, fill: red}, 1,
			[]orb.Point{{15, 15}, {85, 50}}, []orb.Point{{50, 50}, {5, 5}, {95, 50}}, red},
		{"hole turning against it", shape{geom: orb.Polygon{ccw(10, 10, 80, 80), box4(30, 30, 40, 40)}, fill: red}, 1,
			[]orb.Point{{15, 15}}, []orb.Point{{50, 50}}, red},
		{"two polygons", shape{geom: orb.MultiPolygon{{box4(0, 0, 20, 20)}, {ccw(60, 60, 20, 20)}}, fill: red}, 1,
			[]orb.Point{{10, 10}, {70, 70}}, []orb.Point{{40, 40}}, red},
		{"past the image's edge", shape{geom: box4(-50, -50, 100, 100), fill: red}, 2,
			[]orb.Point{{0.5, 0.5}, {40, 40}}, []orb.Point{{60, 60}}, red},
		{"stroked line", shape{geom: orb.LineString{{10, 50}, {90, 50}}, stroke: red, width: 4}, 1,
			[]orb.Point{{50, 49}, {50, 51}}, []orb.Point{{50, 55}, {5, 50}}, red},
		{"dashed line", shape{geom: orb.LineString{{0, 50}, {100, 50}}, stroke: red, width: 4, dash: []float64{10, 10}}, 1,
			[]orb.Point{{5, 50}, {25, 50}}, []orb.Point{{15, 50}, {35, 50}}, red},
		{"stroked ring, not filled", shape{geom: box4(10, 10, 80, 80), stroke: red, width: 2}, 1,
			[]orb.Point{{10, 50}, {90, 50}}, []orb.Point{{50, 50}}, red},
		// Stripes are centred where (x+y)/√2 is a multiple of 10: the
		// pixel at (35, 35) is on one, at (38, 38) between two, where the
		// background shows.
		{"hatch", shape{geom: box4(0, 0, 100, 100), hatch: &hatch{spacing: 10, stripe: 4, offset: 0, line: red, bg: white}}, 1,
			[]orb.Point{{35, 35}, {7, 7}}, []orb.Point{{38, 38}, {10, 10}}, red},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRaster(int(100*tc.scale), int(100*tc.scale), tc.scale)
			for i := range r.img.Pix {
				r.img.Pix[i] = 0xff
			}
			r.shape(0, 0, tc.s)
			at := func(p orb.Point) color.RGBA {
				return r.img.RGBAAt(int(p[0]*tc.scale), int(p[1]*tc.scale))
			}
			for _, p := range tc.in {
				if got := at(p); got != tc.inColour {
					t.Errorf("at %v: %v, want %v", p, got, tc.inColour)
				}
			}
			for _, p := range tc.out {
				if got := at(p); got != white {
					t.Errorf("at %v: %v, want the background", p, got)
				}
			}
		})
	}
}
