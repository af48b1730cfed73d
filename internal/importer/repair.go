package importer

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
	sf "github.com/peterstace/simplefeatures/geom"

	"github.com/claimsmap/claimsmap/geo"
)

// makeValid returns mp valid in the OGC simple features sense: each
// polygon that is not is repaired by repairPolygon, and polygons that
// overlap one another are united. It says what it repaired, one line per
// repair, and refuses what it cannot repair. multi says whether to name
// the polygon in messages (a Polygon geometry has only one).
func makeValid(mp orb.MultiPolygon, multi bool) (orb.MultiPolygon, []string, error) {
	var repairs []string
	polys := make([]sf.Polygon, 0, len(mp))
	for i, p := range mp {
		where := ""
		if multi {
			where = fmt.Sprintf("polygon %d: ", i)
		}
		sp := sfPolygon(p)
		verr := sp.Validate()
		if verr == nil {
			polys = append(polys, sp)
			continue
		}
		fixed, what, err := repairPolygon(p)
		if what == "" {
			what = verr.Error()
		}
		if err != nil {
			return nil, nil, fmt.Errorf("%s%s, and repairing it failed: %w", where, what, err)
		}
		if fixed.IsEmpty() {
			return nil, nil, fmt.Errorf("%s%s, and once repaired nothing with area is left (empty geometry)", where, what)
		}
		repairs = append(repairs, where+what+": repaired by the even-odd rule")
		polys = append(polys, fixed.Dump()...)
	}
	m := sf.NewMultiPolygon(polys)
	if err := m.Validate(); err != nil {
		gs := make([]sf.Geometry, len(polys))
		for i, p := range polys {
			gs[i] = p.AsGeometry()
		}
		u, uerr := sf.UnionMany(gs)
		if uerr != nil {
			return nil, nil, fmt.Errorf("its polygons overlap (%v), and uniting them failed: %w", err, uerr)
		}
		repairs = append(repairs, fmt.Sprintf("its polygons overlap or touch along a line (%v): united", err))
		if m, err = multiPolygonOf(u); err != nil {
			return nil, nil, err
		}
	}
	out := orbMultiPolygon(m)
	if len(out) == 0 {
		return nil, nil, errors.New("geometry has no area (empty geometry)")
	}
	return out, repairs, nil
}

// repairPolygon makes a polygon that is not valid valid by the even-odd
// rule, as GEOS's MakeValid does: every ring is cut where it crosses or
// touches itself into simple loops, and a point is inside the polygon when
// it lies inside an odd number of the loops of all its rings. A bow-tie
// thus becomes its two triangles, a ring that loops around inside itself
// leaves a hole, and a hole outside its shell becomes territory of its own
// (the file draws it, so it is not dropped silently; the repair is
// reported). Loops without area (spikes, retraced edges) are dropped.
//
// It returns the repaired polygon, what was wrong ("ring 0 crosses itself
// between positions 1 and 2 near [30 50]"; empty when every ring is simple
// and the fault lies between rings), and an error where the loops
// themselves are not valid, which floating-point noding can leave in
// rare near-degenerate cases.
func repairPolygon(p orb.Polygon) (sf.MultiPolygon, string, error) {
	var what string
	var loops []sf.Geometry
	for j, r := range p {
		noded, at := nodeRing(dedupe(r))
		if what == "" && at.found {
			what = fmt.Sprintf("ring %d crosses or touches itself between positions %d and %d, near %v", j, at.segment, at.segment+1, at.point)
		}
		if what == "" {
			if k, ok := repeatedPosition(r); ok {
				what = fmt.Sprintf("ring %d passes twice through position %d %v", j, k, r[k])
			}
		}
		// A crossing computed in floating point lies a hair off both
		// segments, which can make a new crossing with a third; noding
		// again finds those.
		for i := 0; i < maxNoding && at.found; i++ {
			noded, at = nodeRing(noded)
		}
		for _, loop := range splitLoops(noded) {
			if len(loop) < 4 || ringArea(loop) == 0 {
				continue
			}
			lp := sfPolygon(orb.Polygon{loop})
			if err := lp.Validate(); err != nil {
				return sf.MultiPolygon{}, what, fmt.Errorf("ring %d: a loop of it is still not simple: %w", j, err)
			}
			loops = append(loops, lp.AsGeometry())
		}
	}
	g, err := evenOdd(loops)
	if err != nil {
		return sf.MultiPolygon{}, what, err
	}
	m, err := multiPolygonOf(g)
	return m, what, err
}

// maxNoding bounds the rounds of noding a ring gets after the first.
const maxNoding = 4

// evenOdd returns the area inside an odd number of the simple polygons gs,
// pairing them off so that each overlay works on pieces of similar size:
// k loops cost log k rounds rather than k overlays of a growing result.
func evenOdd(gs []sf.Geometry) (sf.Geometry, error) {
	if len(gs) == 0 {
		return sf.Geometry{}, nil
	}
	for len(gs) > 1 {
		next := make([]sf.Geometry, 0, (len(gs)+1)/2)
		for i := 0; i+1 < len(gs); i += 2 {
			x, err := sf.SymmetricDifference(gs[i], gs[i+1])
			if err != nil {
				return sf.Geometry{}, err
			}
			next = append(next, x)
		}
		if len(gs)%2 == 1 {
			next = append(next, gs[len(gs)-1])
		}
		gs = next
	}
	return gs[0], nil
}

// crossing is where a ring first crosses or touches itself.
type crossing struct {
	found   bool
	segment int // the segment from position segment to segment+1
	point   orb.Point
}

type splitAt struct {
	t float64 // where along the segment, 0 to 1
	p orb.Point
}

// nodeRing returns a closed ring with a position added wherever one of its
// segments crosses another or touches it away from a shared end, so that
// splitLoops can cut it into loops that are each simple. Candidate pairs
// come from a sweep along longitude, so a ring of n positions costs about
// n log n unless many long segments overlap in longitude.
func nodeRing(r orb.Ring) (orb.Ring, crossing) {
	var first crossing
	n := len(r) - 1 // segments
	if n < 3 {
		return r, first
	}
	splits := make([][]splitAt, n)
	add := func(i int, t float64, p orb.Point) {
		if p == r[i] || p == r[i+1] {
			return
		}
		splits[i] = append(splits[i], splitAt{t, p})
		if !first.found || i < first.segment {
			first = crossing{true, i, p}
		}
	}
	// onSegment adds a split to segment i at q when q lies inside it.
	onSegment := func(i int, q orb.Point) {
		a, b := r[i], r[i+1]
		if geo.Orient(a, b, q) != 0 || q == a || q == b {
			return
		}
		if q[0] < math.Min(a[0], b[0]) || q[0] > math.Max(a[0], b[0]) || q[1] < math.Min(a[1], b[1]) || q[1] > math.Max(a[1], b[1]) {
			return
		}
		add(i, param(a, b, q), q)
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	minX := func(i int) float64 { return math.Min(r[i][0], r[i+1][0]) }
	slices.SortFunc(order, func(x, y int) int { return cmp.Compare(minX(x), minX(y)) })
	for oi, i := range order {
		a, b := r[i], r[i+1]
		maxX := math.Max(a[0], b[0])
		minY, maxY := math.Min(a[1], b[1]), math.Max(a[1], b[1])
		for _, j := range order[oi+1:] {
			if minX(j) > maxX {
				break
			}
			c, d := r[j], r[j+1]
			if math.Max(c[1], d[1]) < minY || math.Min(c[1], d[1]) > maxY {
				continue
			}
			adjacent := j == i+1 || i == j+1 || (n > 2 && (i == 0 && j == n-1 || j == 0 && i == n-1))
			o1, o2 := geo.Orient(a, b, c), geo.Orient(a, b, d)
			o3, o4 := geo.Orient(c, d, a), geo.Orient(c, d, b)
			if !adjacent && o1*o2 < 0 && o3*o4 < 0 {
				// A proper crossing: one new position shared by both.
				den := cross(sub(b, a), sub(d, c))
				t := cross(sub(c, a), sub(d, c)) / den
				p := orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}
				add(i, t, p)
				add(j, param(c, d, p), p)
				continue
			}
			// Touching or overlapping: an end of one inside the other.
			// Adjacent segments share an end; the other end inside the
			// neighbour is a spike folding back on itself.
			onSegment(i, c)
			onSegment(i, d)
			onSegment(j, a)
			onSegment(j, b)
		}
	}
	if !first.found {
		return r, first
	}
	out := make(orb.Ring, 0, len(r)+2*n)
	for i := 0; i < n; i++ {
		out = append(out, r[i])
		ss := splits[i]
		slices.SortFunc(ss, func(x, y splitAt) int { return cmp.Compare(x.t, y.t) })
		for _, s := range ss {
			if s.p != out[len(out)-1] {
				out = append(out, s.p)
			}
		}
	}
	out = append(out, r[n])
	return dedupe(out), first
}

// splitLoops cuts a closed ring at every position it passes through twice
// into closed loops, none of which passes through a position twice.
func splitLoops(r orb.Ring) []orb.Ring {
	var loops []orb.Ring
	var path []orb.Point
	at := map[orb.Point]int{}
	for _, p := range r {
		j, ok := at[p]
		if !ok {
			at[p] = len(path)
			path = append(path, p)
			continue
		}
		loop := append(append(orb.Ring{}, path[j:]...), p)
		loops = append(loops, loop)
		for _, q := range path[j+1:] {
			delete(at, q)
		}
		path = path[:j+1]
	}
	return loops
}

// repeatedPosition returns the first position a ring passes through a
// second time, other than its closing position.
func repeatedPosition(r orb.Ring) (int, bool) {
	seen := map[orb.Point]bool{}
	for k, p := range r[:len(r)-1] {
		if seen[p] && p != r[k-1] {
			return k, true
		}
		seen[p] = true
	}
	return 0, false
}

func dedupe(r orb.Ring) orb.Ring {
	out := make(orb.Ring, 0, len(r))
	for _, p := range r {
		if len(out) == 0 || out[len(out)-1] != p {
			out = append(out, p)
		}
	}
	return out
}

func sub(a, b orb.Point) orb.Point { return orb.Point{a[0] - b[0], a[1] - b[1]} }
func cross(a, b orb.Point) float64 { return a[0]*b[1] - a[1]*b[0] }

// param is where q, on the segment from a to b, lies along it.
func param(a, b, q orb.Point) float64 {
	d := sub(b, a)
	return ((q[0]-a[0])*d[0] + (q[1]-a[1])*d[1]) / (d[0]*d[0] + d[1]*d[1])
}

func ringArea(r orb.Ring) float64 {
	a := 0.0
	for i := 0; i+1 < len(r); i++ {
		a += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return a / 2
}

// sfPolygon converts to simplefeatures without validating.
func sfPolygon(p orb.Polygon) sf.Polygon {
	rings := make([]sf.LineString, len(p))
	for i, r := range p {
		flat := make([]float64, 0, 2*len(r))
		for _, pt := range r {
			flat = append(flat, pt[0], pt[1])
		}
		rings[i] = sf.NewLineString(sf.NewSequence(flat, sf.DimXY))
	}
	return sf.NewPolygon(rings)
}

// multiPolygonOf keeps the polygons of an overlay's result; an overlay of
// areas may add lines or points where areas touch, which carry no area.
func multiPolygonOf(g sf.Geometry) (sf.MultiPolygon, error) {
	var ps []sf.Polygon
	var walk func(g sf.Geometry)
	walk = func(g sf.Geometry) {
		switch g.Type() {
		case sf.TypePolygon:
			ps = append(ps, g.MustAsPolygon())
		case sf.TypeMultiPolygon:
			ps = append(ps, g.MustAsMultiPolygon().Dump()...)
		case sf.TypeGeometryCollection:
			gc := g.MustAsGeometryCollection()
			for i := 0; i < gc.NumGeometries(); i++ {
				walk(gc.GeometryN(i))
			}
		}
	}
	walk(g)
	m := sf.NewMultiPolygon(ps)
	if err := m.Validate(); err != nil {
		return sf.MultiPolygon{}, fmt.Errorf("the repaired geometry is not valid: %w", err)
	}
	return m, nil
}

func orbMultiPolygon(m sf.MultiPolygon) orb.MultiPolygon {
	out := make(orb.MultiPolygon, 0, m.NumPolygons())
	for i := 0; i < m.NumPolygons(); i++ {
		p := m.PolygonN(i)
		if p.IsEmpty() {
			continue
		}
		var poly orb.Polygon
		for _, r := range p.DumpRings() {
			seq := r.Coordinates()
			ring := make(orb.Ring, seq.Length())
			for k := range ring {
				xy := seq.GetXY(k)
				ring[k] = orb.Point{xy.X, xy.Y}
			}
			poly = append(poly, ring)
		}
		out = append(out, poly)
	}
	return out
}
