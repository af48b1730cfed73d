package geo

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

func TestAlbersRoundTrip(t *testing.T) {
	p := UkraineAlbers()
	for _, pt := range []orb.Point{{31.5, 48.5}, {22.1, 48.4}, {40.2, 49.6}, {33.5, 44.4}, {30.5, 52.4}} {
		q := p.Inverse(p.Project(pt))
		if math.Abs(q[0]-pt[0]) > 1e-9 || math.Abs(q[1]-pt[1]) > 1e-9 {
			t.Errorf("Inverse(Project(%v)) = %v", pt, q)
		}
	}
	if o := p.Project(orb.Point{31.5, 48.5}); math.Abs(o[0]) > 1e-9 || math.Abs(o[1]) > 1e-9 {
		t.Errorf("origin projects to %v, want 0,0", o)
	}
}

// An equal-area projection must give planar areas equal to spherical ones.
func TestAlbersEqualArea(t *testing.T) {
	p := UkraineAlbers()
	for _, b := range []orb.Bound{
		{Min: orb.Point{30, 46}, Max: orb.Point{31, 47}},
		{Min: orb.Point{37, 48}, Max: orb.Point{39, 50}},
		{Min: orb.Point{23, 51}, Max: orb.Point{24, 52}},
	} {
		// Densify so the projected straight edges follow the parallels.
		var ring orb.Ring
		const n = 200
		for i := 0; i < n; i++ {
			ring = append(ring, orb.Point{b.Min[0] + (b.Max[0]-b.Min[0])*float64(i)/n, b.Min[1]})
		}
		for i := 0; i < n; i++ {
			ring = append(ring, orb.Point{b.Max[0], b.Min[1] + (b.Max[1]-b.Min[1])*float64(i)/n})
		}
		for i := 0; i < n; i++ {
			ring = append(ring, orb.Point{b.Max[0] - (b.Max[0]-b.Min[0])*float64(i)/n, b.Max[1]})
		}
		for i := 0; i < n; i++ {
			ring = append(ring, orb.Point{b.Min[0], b.Max[1] - (b.Max[1]-b.Min[1])*float64(i)/n})
		}
		ring = append(ring, ring[0])
		sphere := Area(orb.Polygon{ring})
		proj := p.ProjectGeometry(orb.Polygon{ring}).(orb.Polygon)
		planar := math.Abs(ringArea(proj[0]))
		if d := math.Abs(planar-sphere) / sphere; d > 0.002 {
			t.Errorf("%v: planar %.1f km², spherical %.1f km² (%.2f%% apart)", b, planar, sphere, d*100)
		}
	}
}

func ringArea(r orb.Ring) float64 {
	s := 0.0
	for i := 0; i+1 < len(r); i++ {
		s += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return s / 2
}

func TestAreaMatchesPublishedFigure(t *testing.T) {
	// A 1°×1° cell at the equator on the sphere of mean radius:
	// R² · Δλ · (sin φ2 − sin φ1).
	cell := orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}
	r := MeanEarthRadius / 1000
	want := r * r * (math.Pi / 180) * math.Sin(math.Pi/180)
	if got := Area(cell); math.Abs(got-want)/want > 1e-3 {
		t.Errorf("Area = %.3f km², want %.3f", got, want)
	}
}
