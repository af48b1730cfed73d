package geo_test

import (
	"fmt"

	"github.com/claimsmap/claimsmap/geo"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func ExampleSimplifyShared() {
	// Two fields share a hedge that wobbles around x = 1. Simplified one
	// by one, each field could straighten the hedge differently; together,
	// both get the same straight hedge and still tile the 2×1 rectangle.
	west := orb.Ring{{0, 0}, {1, 0}, {1.02, 0.2}, {0.98, 0.4}, {1.02, 0.6}, {0.98, 0.8}, {1, 1}, {0, 1}, {0, 0}}
	east := orb.Ring{{2, 1}, {1, 1}, {0.98, 0.8}, {1.02, 0.6}, {0.98, 0.4}, {1.02, 0.2}, {1, 0}, {2, 0}, {2, 1}}

	for _, tolerance := range []float64{0.01, 0.1} {
		out := geo.SimplifyShared([]orb.MultiPolygon{{{west}}, {{east}}}, tolerance)
		fmt.Printf("tolerance %g, total area %g\n", tolerance, planar.Area(out[0])+planar.Area(out[1]))
		for _, mp := range out {
			fmt.Println(mp[0][0])
		}
	}
	// Output:
	// tolerance 0.01, total area 2
	// [[1 0] [1.02 0.2] [0.98 0.4] [1.02 0.6] [0.98 0.8] [1 1] [0 1] [0 0] [1 0]]
	// [[1 1] [0.98 0.8] [1.02 0.6] [0.98 0.4] [1.02 0.2] [1 0] [2 0] [2 1] [1 1]]
	// tolerance 0.1, total area 2
	// [[1 0] [1 1] [0 1] [0 0] [1 0]]
	// [[1 1] [1 0] [2 0] [2 1] [1 1]]
}
