package geo

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// topoUkraineFile is the Natural Earth admin-1 file shared by the project's
// checkouts; it lives outside the module, so tests skip when it is absent.
var topoUkraineFile = filepath.Join("..", "..", "shared", "data", "ne_10m_admin1_ukraine.geojson")

// topoWiggle returns points from (x, y0) to (x, y1) that zigzag by ±amp around
// the line x, with n segments; the ends lie on the line.
func topoWiggle(x, y0, y1, amp float64, n int) []orb.Point {
	pts := make([]orb.Point, 0, n+1)
	for i := 0; i <= n; i++ {
		dx := amp
		if i%2 == 1 {
			dx = -amp
		}
		if i == 0 || i == n {
			dx = 0
		}
		pts = append(pts, orb.Point{x + dx, y0 + (y1-y0)*float64(i)/float64(n)})
	}
	return pts
}

// topoClose closes pts into a ring.
func topoClose(pts ...orb.Point) orb.Ring {
	r := orb.Ring(slices.Clone(pts))
	if r[0] != r[len(r)-1] {
		r = append(r, r[0])
	}
	return r
}

func topoReversed(pts []orb.Point) []orb.Point {
	r := slices.Clone(pts)
	slices.Reverse(r)
	return r
}

// topoCircle is a CCW ring of n points around c.
func topoCircle(c orb.Point, radius float64, n int) orb.Ring {
	pts := make([]orb.Point, n)
	for i := range pts {
		a := 2 * math.Pi * float64(i) / float64(n)
		pts[i] = orb.Point{c[0] + radius*math.Cos(a), c[1] + radius*math.Sin(a)}
	}
	return topoClose(pts...)
}

func topoMP(rings ...orb.Ring) orb.MultiPolygon {
	return orb.MultiPolygon{orb.Polygon(rings)}
}

// topoSquares returns the unit square and its right neighbour, sharing a
// zigzag border along x = 1 (CCW exteriors).
func topoSquares(n int, amp float64) []orb.MultiPolygon {
	border := topoWiggle(1, 0, 1, amp, n) // (1,0) up to (1,1)
	a := append([]orb.Point{{0, 0}}, border...)
	a = append(a, orb.Point{0, 1})
	b := append([]orb.Point{{2, 1}}, topoReversed(border)...)
	b = append(b, orb.Point{2, 0})
	return []orb.MultiPolygon{topoMP(topoClose(a...)), topoMP(topoClose(b...))}
}

func topoCountVertices(mps []orb.MultiPolygon) int {
	n := 0
	for _, mp := range mps {
		for _, p := range mp {
			for _, r := range p {
				n += len(r) - 1
			}
		}
	}
	return n
}

func topoTotalArea(mps []orb.MultiPolygon) float64 {
	var a float64
	for _, mp := range mps {
		a += planar.Area(mp)
	}
	return a
}

func topoHasVertex(mp orb.MultiPolygon, v orb.Point) bool {
	for _, p := range mp {
		for _, r := range p {
			if slices.Contains(r, v) {
				return true
			}
		}
	}
	return false
}

func topoClone(mps []orb.MultiPolygon) []orb.MultiPolygon {
	out := make([]orb.MultiPolygon, len(mps))
	for i, mp := range mps {
		out[i] = mp.Clone()
	}
	return out
}

// topoEps is the snapping distance SimplifyShared uses for mps.
func topoEps(mps []orb.MultiPolygon) float64 {
	var b orb.Bound
	first := true
	for _, mp := range mps {
		if len(mp) == 0 {
			continue
		}
		if first {
			b, first = mp.Bound(), false
		}
		b = b.Union(mp.Bound())
	}
	return snapFraction * max(b.Right()-b.Left(), b.Top()-b.Bottom())
}

// topoOnBoundary reports whether v lies within eps of mp's boundary, and
// whether it is one of mp's vertices.
func topoOnBoundary(mp orb.MultiPolygon, v orb.Point, eps float64) (on, vertex bool) {
	for _, p := range mp {
		for _, r := range p {
			b := r.Bound().Pad(eps)
			if !b.Contains(v) {
				continue
			}
			for i := 0; i+1 < len(r); i++ {
				if planar.DistanceFromSegmentSquared(r[i], r[i+1], v) <= eps*eps {
					on = true
				}
				if r[i] == v {
					return true, true
				}
			}
		}
	}
	return on, false
}

// topoCheckShared verifies the topology of the output: a surviving vertex of
// one polygon that lay on another polygon's input boundary survives in that
// polygon too (shared borders were simplified identically), and no output
// vertex lies on another output polygon's boundary without being one of
// its vertices (no T-junctions).
func topoCheckShared(t *testing.T, in, out []orb.MultiPolygon) {
	t.Helper()
	eps := topoEps(in)
	bounds := make([]orb.Bound, len(in))
	for j, mp := range in {
		if len(mp) > 0 {
			bounds[j] = mp.Bound().Pad(eps)
		}
	}
	errs := 0
	for i, mp := range out {
		for _, p := range mp {
			for _, r := range p {
				for _, v := range r[:len(r)-1] {
					for j := range out {
						if j == i || len(in[j]) == 0 || !bounds[j].Contains(v) {
							continue
						}
						if on, _ := topoOnBoundary(in[j], v, eps); on && !topoHasVertex(out[j], v) {
							t.Errorf("vertex %v of output %d lay on input %d's boundary but is not a vertex of output %d", v, i, j, j)
							errs++
						}
						if on, vertex := topoOnBoundary(out[j], v, eps); on && !vertex {
							t.Errorf("T-junction: vertex %v of output %d lies on an edge of output %d", v, i, j)
							errs++
						}
						if errs > 10 {
							t.Fatal("too many errors")
						}
					}
				}
			}
		}
	}
}

// topoCheckRings verifies the structural promises: one output per input,
// rings closed with at least four points, every vertex taken from the
// input, and (where no ring was dropped) the input orientation kept.
func topoCheckRings(t *testing.T, in, out []orb.MultiPolygon) {
	t.Helper()
	if len(out) != len(in) {
		t.Fatalf("got %d outputs for %d inputs", len(out), len(in))
	}
	inVerts := make(map[orb.Point]bool)
	for _, mp := range in {
		for _, p := range mp {
			for _, r := range p {
				for _, v := range r {
					inVerts[v] = true
				}
			}
		}
	}
	for i, mp := range out {
		if mp == nil {
			t.Errorf("output %d is nil, want an empty multipolygon", i)
		}
		for j, p := range mp {
			for k, r := range p {
				if len(r) < 4 || r[0] != r[len(r)-1] {
					t.Errorf("output %d polygon %d ring %d: not a closed ring of 4+ points: %v", i, j, k, r)
				}
				for _, v := range r {
					if !inVerts[v] {
						t.Errorf("output %d polygon %d ring %d: vertex %v is not an input vertex", i, j, k, v)
						break
					}
				}
			}
		}
		if !topoSameShape(in[i], mp) {
			continue
		}
		for j, p := range mp {
			for k, r := range p {
				if got, want := r.Orientation(), in[i][j][k].Orientation(); got != want {
					t.Errorf("output %d polygon %d ring %d: orientation %v, input had %v", i, j, k, got, want)
				}
			}
		}
	}
}

// topoSameShape reports whether a and b have the same number of polygons and
// of rings in each, so that rings can be compared by position.
func topoSameShape(a, b orb.MultiPolygon) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
	}
	return true
}

// topoCheckNoOverlap verifies that the simplified pieces do not overlap: the
// area of their union equals the sum of their areas.
func topoCheckNoOverlap(t *testing.T, out []orb.MultiPolygon) {
	t.Helper()
	u, err := UnionAll(out...)
	if err != nil {
		t.Fatalf("UnionAll: %v", err)
	}
	sum, union := topoTotalArea(out), planar.Area(u)
	if math.Abs(sum-union) > 1e-9*sum {
		t.Errorf("sum of areas %.12g, area of union %.12g: the pieces overlap", sum, union)
	}
}

// topoBorder returns the longest run of consecutive vertices of r (cyclically)
// that satisfy in, in ring order.
func topoBorder(r orb.Ring, in func(orb.Point) bool) []orb.Point {
	pts := r[:len(r)-1]
	start := slices.IndexFunc(pts, func(p orb.Point) bool { return !in(p) })
	if start < 0 {
		return slices.Clone(pts)
	}
	var best, cur []orb.Point
	for i := range pts {
		p := pts[(start+i)%len(pts)]
		if in(p) {
			cur = append(cur, p)
			if len(cur) > len(best) {
				best = slices.Clone(cur)
			}
		} else {
			cur = cur[:0]
		}
	}
	return best
}

func TestSimplifyShared(t *testing.T) {
	nearX1 := func(p orb.Point) bool { return math.Abs(p[0]-1) < 0.1 }

	// Three neighbours of a unit square: B and C split its right side at m,
	// a point on the inside of one of the square's zigzag segments, which
	// the square itself does not have (as overlay leaves it).
	zig := topoWiggle(1, 0, 1, 0.02, 10)
	m := orb.Point{(zig[4][0] + zig[5][0]) / 2, (zig[4][1] + zig[5][1]) / 2}
	lower := append(slices.Clone(zig[:5]), m)
	upper := append([]orb.Point{m}, zig[5:]...)
	tJunction := []orb.MultiPolygon{
		topoMP(topoClose(append(append([]orb.Point{{0, 0}}, zig...), orb.Point{0, 1})...)),
		topoMP(topoClose(append([]orb.Point{{2, m[1]}}, append(topoReversed(lower), orb.Point{2, 0})...)...)),
		topoMP(topoClose(append([]orb.Point{{2, 1}}, append(topoReversed(upper), orb.Point{2, m[1]})...)...)),
	}

	// Three polygons meeting at the origin along a slightly zigzag line x = 0,
	// so that the left one alone would lose the origin to simplification.
	below, above := topoWiggle(0, -1, 0, 0.001, 10), topoWiggle(0, 0, 1, 0.001, 10)
	threeWay := []orb.MultiPolygon{
		topoMP(topoClose(append(append([]orb.Point{{-1, 1}, {-1, -1}}, below...), above[1:]...)...)),
		topoMP(topoClose(append([]orb.Point{{1, 0}, {1, 1}}, topoReversed(above)...)...)),
		topoMP(topoClose(append([]orb.Point{{1, -1}, {1, 0}}, topoReversed(below)...)...)),
	}

	// A square with a hole that another polygon fills exactly: the shared
	// ring has no junctions at all. The outer ring runs clockwise, against
	// the GeoJSON convention, to check that orientation is kept as given.
	hole := topoCircle(orb.Point{5, 5}, 2, 200)
	enclave := []orb.MultiPolygon{
		{{topoClose(orb.Point{0, 0}, orb.Point{0, 10}, orb.Point{10, 10}, orb.Point{10, 0}), topoClose(topoReversed(hole)...)}},
		topoMP(hole),
	}

	// The same border, but B's copy is off by rounding noise.
	noisy := topoSquares(20, 0.01)
	for i, p := range noisy[1][0][0] {
		if p[0] > 0.5 && p[0] < 1.5 {
			noisy[1][0][0][i] = orb.Point{p[0] + 1e-13, p[1] - 1e-13}
		}
	}
	noisy[1][0][0][len(noisy[1][0][0])-1] = noisy[1][0][0][0]

	tests := []struct {
		name      string
		in        []orb.MultiPolygon
		tolerance float64
		check     func(t *testing.T, in, out []orb.MultiPolygon)
	}{
		{
			name:      "wiggly shared border",
			in:        topoSquares(50, 0.01),
			tolerance: 0.05,
			check: func(t *testing.T, in, out []orb.MultiPolygon) {
				a, b := topoBorder(out[0][0][0], nearX1), topoBorder(out[1][0][0], nearX1)
				if !slices.Equal(a, topoReversed(b)) {
					t.Errorf("shared border differs:\nA %v\nB %v", a, b)
				}
				want := []orb.Point{{1, 0}, {1, 1}}
				if !slices.Equal(a, want) {
					t.Errorf("border of A = %v, want the straight %v", a, want)
				}
				if got := topoTotalArea(out); math.Abs(got-2) > 1e-12 {
					t.Errorf("total area %v, want 2", got)
				}
			},
		},
		{
			name:      "wiggly shared border kept below tolerance",
			in:        topoSquares(50, 0.01),
			tolerance: 0.001,
			check: func(t *testing.T, in, out []orb.MultiPolygon) {
				a, b := topoBorder(out[0][0][0], nearX1), topoBorder(out[1][0][0], nearX1)
				if !slices.Equal(a, topoReversed(b)) {
					t.Errorf("shared border differs:\nA %v\nB %v", a, b)
				}
				if len(a) != 51 {
					t.Errorf("border has %d vertices, want all 51", len(a))
				}
			},
		},
		{
			name:      "near-identical coordinates snapped",
			in:        noisy,
			tolerance: 0, // keeps every vertex that is not exactly collinear
			check: func(t *testing.T, in, out []orb.MultiPolygon) {
				a, b := topoBorder(out[0][0][0], nearX1), topoBorder(out[1][0][0], nearX1)
				if !slices.Equal(a, topoReversed(b)) {
					t.Errorf("shared border differs:\nA %v\nB %v", a, b)
				}
			},
		},
		{
			name:      "T-junction noded",
			in:        tJunction,
			tolerance: 0.05,
			check: func(t *testing.T, in, out []orb.MultiPolygon) {
				for i := range out {
					if !topoHasVertex(out[i], m) {
						t.Errorf("output %d lost the junction %v: %v", i, m, out[i])
					}
				}
				a := topoBorder(out[0][0][0], nearX1)
				want := []orb.Point{{1, 0}, m, {1, 1}}
				if !slices.Equal(a, want) {
					t.Errorf("border of the square = %v, want %v", a, want)
				}
			},
		},
		{
			name:      "three polygons meet at a point",
			in:        threeWay,
			tolerance: 0.1,
			check: func(t *testing.T, in, out []orb.MultiPolygon) {
				for i := range out {
					if !topoHasVertex(out[i], orb.Point{0, 0}) {
						t.Errorf("output %d lost the junction at the origin: %v", i, out[i])
					}
				}
				if got := topoCountVertices(out); got != 13 {
					t.Errorf("%d vertices left, want 13 (the corners, and the junction in each): %v", got, out)
				}
			},
		},
		{
			name:      "island simplified as closed ring",
			in:        []orb.MultiPolygon{topoMP(topoCircle(orb.Point{100, 100}, 10, 400))},
			tolerance: 0.5,
			check: func(t *testing.T, in, out []orb.MultiPolygon) {
				r := out[0][0][0]
				if n := len(r) - 1; n < 4 || n > 40 {
					t.Errorf("island has %d vertices, want between 4 and 40", n)
				}
				if r[0] != (orb.Point{90, 100}) {
					t.Errorf("island starts at %v, want its leftmost vertex (90, 100)", r[0])
				}
				if a, b := planar.Area(in[0]), planar.Area(out[0]); math.Abs(a-b) > 0.05*a {
					t.Errorf("area changed from %v to %v", a, b)
				}
			},
		},
		{
			name:      "small island kept as quadrilateral",
			in:        []orb.MultiPolygon{topoMP(topoCircle(orb.Point{0, 0}, 1, 50))},
			tolerance: 1.5,
			check: func(t *testing.T, in, out []orb.MultiPolygon) {
				if len(out[0]) != 1 || len(out[0][0][0]) != 5 {
					t.Errorf("got %v, want one quadrilateral", out[0])
				}
			},
		},
		{
			name: "tiny island dropped",
			in: []orb.MultiPolygon{
				topoMP(topoCircle(orb.Point{0, 0}, 0.2, 20)),
				topoMP(topoCircle(orb.Point{50, 0}, 10, 100)),
			},
			tolerance: 1,
			check: func(t *testing.T, in, out []orb.MultiPolygon) {
				if len(out[0]) != 0 {
					t.Errorf("tiny island survived: %v", out[0])
				}
				if len(out[1]) != 1 {
					t.Errorf("large island dropped")
				}
			},
		},
		{
			name:      "enclave fills a hole",
			in:        enclave,
			tolerance: 0.1,
			check: func(t *testing.T, in, out []orb.MultiPolygon) {
				if len(out[0]) != 1 || len(out[0][0]) != 2 {
					t.Fatalf("outer polygon lost its hole: %v", out[0])
				}
				h, e := out[0][0][1], out[1][0][0]
				if !slices.Equal(h, orb.Ring(topoReversed(e))) {
					t.Errorf("hole and enclave differ:\nhole    %v\nenclave %v", h, e)
				}
				if len(e) >= len(hole) {
					t.Errorf("enclave not simplified: %d points", len(e))
				}
			},
		},
		{
			name: "collapsed enclave takes its hole along",
			in: []orb.MultiPolygon{
				{{topoClose(orb.Point{0, 0}, orb.Point{10, 0}, orb.Point{10, 10}, orb.Point{0, 10}), topoClose(topoReversed(topoCircle(orb.Point{5, 5}, 0.1, 30))...)}},
				topoMP(topoCircle(orb.Point{5, 5}, 0.1, 30)),
			},
			tolerance: 1,
			check: func(t *testing.T, in, out []orb.MultiPolygon) {
				if len(out[0]) != 1 || len(out[0][0]) != 1 {
					t.Errorf("outer polygon still has its hole: %v", out[0])
				}
				if len(out[1]) != 0 {
					t.Errorf("enclave survived: %v", out[1])
				}
			},
		},
		{
			name: "orientation kept and empty inputs passed through",
			in: []orb.MultiPolygon{
				topoMP(topoClose(topoReversed(topoCircle(orb.Point{0, 0}, 5, 60))...)), // clockwise
				{},
				nil,
				topoMP(topoClose(orb.Point{20, 0}, orb.Point{21, 0}, orb.Point{20, 0})), // degenerate
				topoMP(topoCircle(orb.Point{20, 0}, 5, 60)),
			},
			tolerance: 0.2,
			check: func(t *testing.T, in, out []orb.MultiPolygon) {
				for _, i := range []int{1, 2, 3} {
					if len(out[i]) != 0 {
						t.Errorf("output %d = %v, want empty", i, out[i])
					}
				}
				if o := out[0][0][0].Orientation(); o != orb.CW {
					t.Errorf("clockwise ring came out %v", o)
				}
				if o := out[4][0][0].Orientation(); o != orb.CCW {
					t.Errorf("counter-clockwise ring came out %v", o)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orig := topoClone(tt.in)
			out := SimplifyShared(tt.in, tt.tolerance)
			for i := range orig {
				if !orig[i].Equal(tt.in[i]) {
					t.Errorf("input %d was modified", i)
				}
			}
			topoCheckRings(t, tt.in, out)
			topoCheckShared(t, tt.in, out)
			topoCheckNoOverlap(t, out)
			tt.check(t, tt.in, out)
		})
	}

	t.Run("no input", func(t *testing.T) {
		if out := SimplifyShared(nil, 1); len(out) != 0 {
			t.Errorf("got %v", out)
		}
	})
}

// topoLoadUkraine reads the admin-1 divisions of Ukraine and projects them to
// an equirectangular plane in kilometres, true to scale at 48.5° N.
func topoLoadUkraine(tb testing.TB) (names []string, polys []orb.MultiPolygon) {
	tb.Helper()
	data, err := os.ReadFile(topoUkraineFile)
	if errors.Is(err, fs.ErrNotExist) && os.Getenv("CI") == "" {
		tb.Skipf("real-data test skipped: %s not found (it comes from the shared data folder next to the checkout; set CI to make this fail)", topoUkraineFile)
	}
	if err != nil {
		tb.Fatal(err)
	}
	var fc struct {
		Features []struct {
			Properties struct {
				Name string `json:"name"`
			} `json:"properties"`
			Geometry struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		tb.Fatal(err)
	}

	const kmPerDeg = MeanEarthRadius / 1000 * math.Pi / 180
	kx := kmPerDeg * math.Cos(48.5*math.Pi/180)
	project := func(rings [][][2]float64) orb.Polygon {
		p := make(orb.Polygon, len(rings))
		for i, r := range rings {
			p[i] = make(orb.Ring, len(r))
			for j, c := range r {
				p[i][j] = orb.Point{c[0] * kx, c[1] * kmPerDeg}
			}
		}
		return p
	}
	for _, f := range fc.Features {
		var mp orb.MultiPolygon
		switch f.Geometry.Type {
		case "Polygon":
			var c [][][2]float64
			err = json.Unmarshal(f.Geometry.Coordinates, &c)
			mp = orb.MultiPolygon{project(c)}
		case "MultiPolygon":
			var c [][][][2]float64
			err = json.Unmarshal(f.Geometry.Coordinates, &c)
			for _, p := range c {
				mp = append(mp, project(p))
			}
		default:
			err = fmt.Errorf("unexpected geometry type %q", f.Geometry.Type)
		}
		if err != nil {
			tb.Fatalf("%s: %v", f.Properties.Name, err)
		}
		names = append(names, f.Properties.Name)
		polys = append(polys, mp)
	}
	return names, polys
}

func TestSimplifySharedUkraine(t *testing.T) {
	names, in := topoLoadUkraine(t)
	if len(in) != 27 {
		t.Fatalf("read %d divisions, want 27", len(in))
	}
	before, area := topoCountVertices(in), topoTotalArea(in)

	tests := []struct {
		tolerance float64 // km
		maxShare  float64 // most vertices that may remain, as a share of the input
	}{
		{tolerance: 1, maxShare: 0.5},
		{tolerance: 5, maxShare: 0.15},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%gkm", tt.tolerance), func(t *testing.T) {
			start := time.Now()
			out := SimplifyShared(in, tt.tolerance)
			elapsed := time.Since(start)

			after := topoCountVertices(out)
			t.Logf("tolerance %g km: %d vertices before, %d after (%.1f%%), in %v",
				tt.tolerance, before, after, 100*float64(after)/float64(before), elapsed)
			if share := float64(after) / float64(before); share > tt.maxShare {
				t.Errorf("%.1f%% of the vertices remain, want at most %.0f%%", 100*share, 100*tt.maxShare)
			}
			for i, mp := range out {
				if len(mp) == 0 {
					t.Errorf("%s vanished", names[i])
				}
			}
			if got := topoTotalArea(out); math.Abs(got-area) > 0.01*area {
				t.Errorf("total area %.0f km², unsimplified %.0f km²: off by more than 1%%", got, area)
			}
			topoCheckRings(t, in, out)
			topoCheckShared(t, in, out)
			topoCheckNoOverlap(t, out)
		})
	}
}

func BenchmarkSimplifyShared(b *testing.B) {
	_, in := topoLoadUkraine(b)
	b.ReportAllocs()
	for b.Loop() {
		SimplifyShared(in, 1)
	}
}
