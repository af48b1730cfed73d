package geo

import (
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
	"github.com/paulmach/orb/planar"
	sf "github.com/peterstace/simplefeatures/geom"
)

func sfValid(t *testing.T, mp orb.MultiPolygon) {
	t.Helper()
	if len(mp) == 0 {
		return
	}
	b, err := wkb.Marshal(mp)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sf.UnmarshalWKB(b); err != nil {
		t.Errorf("invalid after SnapRound: %v\n%v", err, mp)
	}
}

func TestSnapRound(t *testing.T) {
	tests := []struct {
		name  string
		in    []orb.MultiPolygon
		areas []float64 // planar area of each result
	}{{
		// A neck 0.3 wide collapses: rounding each vertex alone would
		// leave its two sides on one line, traced both ways.
		name:  "neck",
		in:    []orb.MultiPolygon{{{{{0, 0}, {3, 0}, {3, 3}, {1.9, 3}, {1.9, 6}, {3, 6}, {3, 9}, {0, 9}, {0, 6}, {1.6, 6}, {1.6, 3}, {0, 3}, {0, 0}}}}},
		areas: []float64{18},
	}, {
		// Two segments 0.2 apart that rounding would make cross.
		name:  "crossing",
		in:    []orb.MultiPolygon{{{{{0, 0}, {10, 0}, {10, 1.4}, {5.2, 0.6}, {4.8, 1.4}, {0, 1.2}, {0, 0}}}}},
		areas: nil, // only validity
	}, {
		// Neighbours keep one border: their areas add up to the whole.
		name:  "neighbours",
		in:    []orb.MultiPolygon{{{{{0, 0}, {5.3, 0}, {4.6, 3.2}, {5.4, 6}, {0, 6}, {0, 0}}}}, {{{{5.3, 0}, {10, 0}, {10, 6}, {5.4, 6}, {4.6, 3.2}, {5.3, 0}}}}},
		areas: nil,
	}, {
		// A hole that narrows to a point on the exterior after rounding.
		name: "hole touching",
		in:   []orb.MultiPolygon{{{{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}, {{2, 0.3}, {2, 5}, {6, 5}, {6, 0.3}, {2, 0.3}}}}},
	}, {
		// A loop turned inside out (as simplification can twist an arc
		// across another) goes; the rest of the ring stays.
		name:  "twisted loop",
		in:    []orb.MultiPolygon{{{{{0, 0}, {10, 0}, {10, 10}, {6, 10}, {4, 12}, {6, 12}, {4, 10}, {0, 10}, {0, 0}}}}},
		areas: []float64{101},
	}, {
		name:  "sliver gone",
		in:    []orb.MultiPolygon{{{{{0, 0}, {5, 0.2}, {10, 0}, {5, 0.1}, {0, 0}}}}},
		areas: []float64{0},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := SnapRound(tt.in)
			if len(out) != len(tt.in) {
				t.Fatalf("%d results for %d inputs", len(out), len(tt.in))
			}
			var total float64
			for i, mp := range out {
				sfValid(t, mp)
				for _, p := range mp {
					for _, r := range p {
						for _, q := range r {
							if q[0] != float64(int(q[0])) || q[1] != float64(int(q[1])) {
								t.Errorf("result %d: point %v is not on the grid", i, q)
							}
						}
					}
				}
				a := planar.Area(mp)
				total += a
				if tt.areas != nil && a != tt.areas[i] {
					t.Errorf("result %d: area %g, want %g (%v)", i, a, tt.areas[i], mp)
				}
			}
			if tt.name == "neighbours" && total != 60 {
				t.Errorf("areas add up to %g, want 60: a gap or an overlap on the shared border", total)
			}
		})
	}
}
