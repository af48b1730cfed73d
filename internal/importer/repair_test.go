package importer

import (
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/claimsmap/claimsmap/geo"
)

func TestMakeValid(t *testing.T) {
	square := func(x, y, s float64) orb.Ring {
		return orb.Ring{{x, y}, {x + s, y}, {x + s, y + s}, {x, y + s}, {x, y}}
	}
	for _, tc := range []struct {
		name   string
		in     orb.MultiPolygon
		polys  int     // polygons in the result
		area   float64 // planar area of the result
		repair string  // the repair reported, "" for none
	}{
		{"valid, untouched", orb.MultiPolygon{{square(0, 0, 2), square(0.5, 0.5, 1).Clone()}}, 1, 3, ""},
		{"bow-tie: both triangles", orb.MultiPolygon{{{{0, 0}, {2, 2}, {2, 0}, {0, 2}, {0, 0}}}}, 2, 2,
			"polygon 0: ring 0 crosses or touches itself between positions 0 and 1, near [1 1]"},
		{"spike folding back: dropped", orb.MultiPolygon{{{{0, 0}, {2, 0}, {2, 1}, {3, 1}, {2, 1}, {2, 2}, {0, 2}, {0, 0}}}}, 1, 4,
			"polygon 0: ring 0 passes twice through position 4 [2 1]"},
		{"two squares pinched in one ring", orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {2, 1}, {2, 2}, {1, 2}, {1, 1}, {0, 1}, {0, 0}}}}, 2, 2,
			"polygon 0: ring 0 passes twice through position 6 [1 1]"},
		{"hole outside its shell: kept as territory", orb.MultiPolygon{{square(0, 0, 1), square(3, 0, 1)}}, 2, 2,
			"polygon 0: polygon interior ring outside of exterior ring"},
		{"ring crossing itself twice", orb.MultiPolygon{{{{0, 0}, {4, 0}, {4, 2}, {1, 2}, {1, -1}, {3, -1}, {3, 3}, {0, 3}, {0, 0}}}}, 0, 0,
			"polygon 0: ring 0 crosses or touches itself"},
		{"overlapping polygons: united", orb.MultiPolygon{{square(0, 0, 2)}, {square(1, 1, 2)}}, 1, 7,
			"its polygons overlap or touch along a line"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, repairs, err := makeValid(tc.in, true)
			if err != nil {
				t.Fatal(err)
			}
			if !geo.Valid(got) {
				t.Errorf("result %v is not valid", got)
			}
			if tc.polys > 0 && len(got) != tc.polys {
				t.Errorf("%d polygons, want %d: %v", len(got), tc.polys, got)
			}
			if a := planar.Area(got); tc.area > 0 && math.Abs(a-tc.area) > 1e-9 {
				t.Errorf("area %g, want %g", a, tc.area)
			}
			switch {
			case tc.repair == "" && len(repairs) > 0:
				t.Errorf("repairs %q, want none", repairs)
			case tc.repair != "" && (len(repairs) == 0 || !strings.HasPrefix(repairs[0], tc.repair)):
				t.Errorf("repairs %q, want one starting %q", repairs, tc.repair)
			}
		})
	}
}

func TestMakeValidRefuses(t *testing.T) {
	// Every position on one line: nothing has area once repaired.
	_, _, err := makeValid(orb.MultiPolygon{{{{0, 0}, {1, 1}, {2, 2}, {0, 0}}}}, false)
	if err == nil || !strings.Contains(err.Error(), "nothing with area is left") {
		t.Errorf("a flat ring: %v", err)
	}
}

func TestSplitLoops(t *testing.T) {
	r := orb.Ring{{0, 0}, {1, 0}, {1, 1}, {2, 1}, {2, 2}, {1, 2}, {1, 1}, {0, 1}, {0, 0}}
	loops := splitLoops(r)
	if len(loops) != 2 {
		t.Fatalf("loops = %v, want 2", loops)
	}
	for _, l := range loops {
		if l[0] != l[len(l)-1] || len(l) != 5 {
			t.Errorf("loop %v: want a closed square", l)
		}
	}
}
