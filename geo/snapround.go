package geo

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// SnapRound rounds polygons to the integer grid and returns them valid:
// callers scale their coordinates so that one grid step is one unit (a
// tile unit, or 10^-decimals degrees) and scale back afterwards.
//
// Rounding each vertex on its own moves a segment by up to half a step,
// enough to make it cross a neighbouring segment that passed within a
// step, and a narrow neck or inlet collapses into a line traced twice:
// both are invalid in OGC Simple Features and MVT 2.1. SnapRound does
// what is called snap rounding (Hobby 1999): every pixel holding a vertex
// or a crossing of two segments is "hot", and every segment passing
// through a hot pixel is bent through its centre. Segments then meet only
// at grid points, never cross, and no face turns inside out; faces thinner
// than a step collapse. Then, for each multipolygon on its own, a segment
// traced both ways (a collapsed neck, an inlet, two parts now touching
// along an edge) cancels out, and the rest is traced into rings with the
// area on their left, splitting rings that touch themselves into
// separate rings; holes go into the smallest exterior around them, and
// holes left outside any (a part turned inside out by simplification
// before rounding) are dropped.
//
// The polygons are snapped together, so a border two of them share stays
// shared. The result has one element per input, in order; an element is
// empty when nothing of it is left. Exteriors come out counter-clockwise
// (positive area with y up) and holes clockwise.
func SnapRound(polys []orb.MultiPolygon) []orb.MultiPolygon {
	// Oriented so that the area is always on the left of a segment.
	var segs []srSegment
	for i, mp := range polys {
		for _, p := range mp {
			for k, r := range p {
				if len(r) < 2 {
					continue
				}
				rev := (shoelaceArea(r) < 0) == (k == 0)
				for j := 0; j+1 < len(r); j++ {
					a, b := r[j], r[j+1]
					if rev {
						a, b = r[len(r)-1-j], r[len(r)-2-j]
					}
					if a != b {
						segs = append(segs, srSegment{a: a, b: b, owner: int32(i)})
					}
				}
				if first, last := r[0], r[len(r)-1]; first != last {
					a, b := last, first
					if rev {
						a, b = first, last
					}
					segs = append(segs, srSegment{a: a, b: b, owner: int32(i)})
				}
			}
		}
	}
	hot := hotPixels(segs)
	edges := make([][]srEdge, len(polys))
	var path []orb.Point
	for _, s := range segs {
		path = hot.snap(path[:0], s)
		for j := 0; j+1 < len(path); j++ {
			edges[s.owner] = append(edges[s.owner], srEdge{path[j], path[j+1]})
		}
	}
	out := make([]orb.MultiPolygon, len(polys))
	for i, es := range edges {
		out[i] = polygonize(es)
		if len(out[i]) > 1 && !Valid(out[i]) {
			// Exteriors that touch at two points or more (a part pinched
			// twice, with what lies between them a hole): each polygon is
			// valid, and their union is the same area in valid form, with
			// no new vertices since the segments meet only at grid points.
			parts := make([]orb.MultiPolygon, len(out[i]))
			for k, p := range out[i] {
				parts[k] = orb.MultiPolygon{p}
			}
			if u, err := UnionAll(parts...); err == nil {
				out[i] = orientRFC(u)
			}
		}
	}
	return out
}

// orientRFC turns exteriors counter-clockwise and holes clockwise, in
// place.
func orientRFC(mp orb.MultiPolygon) orb.MultiPolygon {
	for _, p := range mp {
		for k, r := range p {
			if (shoelaceArea(r) < 0) == (k == 0) {
				r.Reverse()
			}
		}
	}
	return mp
}

type srSegment struct {
	a, b  orb.Point
	owner int32
}

type srEdge struct{ from, to orb.Point }

func roundPoint(p orb.Point) orb.Point {
	return orb.Point{math.Floor(p[0] + 0.5), math.Floor(p[1] + 0.5)}
}

// srGrid is a uniform grid of cells over the segments, about four mean
// segments wide and at most 2048 a side, holding the hot pixels.
type srGrid struct {
	min    orb.Point
	cell   float64
	nx, ny int
	hot    map[int][]orb.Point
}

// cellRange returns the cells that the box lo–hi covers, clamped to the grid.
func (g *srGrid) cellRange(lo, hi orb.Point) (x0, x1, y0, y1 int) {
	c := func(v, m float64, n int) int { return min(max(int((v-m)/g.cell), 0), n-1) }
	return c(lo[0], g.min[0], g.nx), c(hi[0], g.min[0], g.nx), c(lo[1], g.min[1], g.ny), c(hi[1], g.min[1], g.ny)
}

// hotPixels returns the grid points whose pixels hold a segment's end or
// a crossing of two segments, in a grid of cells to look them up.
func hotPixels(segs []srSegment) *srGrid {
	g := &srGrid{cell: 1, nx: 1, ny: 1, hot: map[int][]orb.Point{}}
	if len(segs) == 0 {
		return g
	}
	b := orb.Bound{Min: segs[0].a, Max: segs[0].a}
	var length float64
	for _, s := range segs {
		b = b.Extend(s.a).Extend(s.b)
		length += math.Hypot(s.b[0]-s.a[0], s.b[1]-s.a[1])
	}
	b.Min, b.Max = orb.Point{b.Min[0] - 1, b.Min[1] - 1}, orb.Point{b.Max[0] + 1, b.Max[1] + 1}
	g.min = b.Min
	g.cell = max(4*length/float64(len(segs)), (b.Max[0]-b.Min[0])/2048, (b.Max[1]-b.Min[1])/2048, 1)
	g.nx, g.ny = int((b.Max[0]-b.Min[0])/g.cell)+1, int((b.Max[1]-b.Min[1])/g.cell)+1
	seen := map[orb.Point]bool{}
	add := func(p orb.Point) {
		p = roundPoint(p)
		if seen[p] {
			return
		}
		seen[p] = true
		x, _, y, _ := g.cellRange(p, p)
		g.hot[y*g.nx+x] = append(g.hot[y*g.nx+x], p)
	}
	cells := map[int][]int32{}
	for i, s := range segs {
		add(s.a)
		add(s.b)
		x0, x1, y0, y1 := g.cellRange(orb.Point{min(s.a[0], s.b[0]), min(s.a[1], s.b[1])}, orb.Point{max(s.a[0], s.b[0]), max(s.a[1], s.b[1])})
		for y := y0; y <= y1; y++ {
			for x := x0; x <= x1; x++ {
				cells[y*g.nx+x] = append(cells[y*g.nx+x], int32(i))
			}
		}
	}
	for _, ids := range cells {
		for i, si := range ids {
			s := segs[si]
			for _, ti := range ids[i+1:] {
				if p, ok := crossing(s.a, s.b, segs[ti].a, segs[ti].b); ok {
					add(p)
				}
			}
		}
	}
	return g
}

// crossing returns where segments ab and cd meet, if they meet at one
// point; collinear overlaps meet at segment ends, which are hot already.
func crossing(a, b, c, d orb.Point) (orb.Point, bool) {
	if max(a[0], b[0]) < min(c[0], d[0]) || max(c[0], d[0]) < min(a[0], b[0]) ||
		max(a[1], b[1]) < min(c[1], d[1]) || max(c[1], d[1]) < min(a[1], b[1]) {
		return orb.Point{}, false
	}
	r := orb.Point{b[0] - a[0], b[1] - a[1]}
	s := orb.Point{d[0] - c[0], d[1] - c[1]}
	den := r[0]*s[1] - r[1]*s[0]
	if den == 0 {
		return orb.Point{}, false
	}
	qp := orb.Point{c[0] - a[0], c[1] - a[1]}
	t := (qp[0]*s[1] - qp[1]*s[0]) / den
	u := (qp[0]*r[1] - qp[1]*r[0]) / den
	if t < 0 || t > 1 || u < 0 || u > 1 {
		return orb.Point{}, false
	}
	return orb.Point{a[0] + t*r[0], a[1] + t*r[1]}, true
}

// snap appends to dst the grid points that segment s becomes: its rounded
// ends and, in order between them, the centre of every hot pixel whose
// square (closed, a unit wide) it passes through, without repeats.
func (g *srGrid) snap(dst []orb.Point, s srSegment) []orb.Point {
	type hit struct {
		t float64
		p orb.Point
	}
	var hits []hit
	a, b := s.a, s.b
	d := orb.Point{b[0] - a[0], b[1] - a[1]}
	dd := d[0]*d[0] + d[1]*d[1]
	x0, x1, y0, y1 := g.cellRange(orb.Point{min(a[0], b[0]) - 0.5, min(a[1], b[1]) - 0.5}, orb.Point{max(a[0], b[0]) + 0.5, max(a[1], b[1]) + 0.5})
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			for _, p := range g.hot[y*g.nx+x] {
				if segmentMeetsSquare(a, d, p) {
					hits = append(hits, hit{((p[0]-a[0])*d[0] + (p[1]-a[1])*d[1]) / dd, p})
				}
			}
		}
	}
	slices.SortFunc(hits, func(x, y hit) int { return cmp.Compare(x.t, y.t) })
	add := func(p orb.Point) {
		if len(dst) == 0 || dst[len(dst)-1] != p {
			dst = append(dst, p)
		}
	}
	add(roundPoint(a))
	for _, h := range hits {
		add(h.p)
	}
	add(roundPoint(b))
	return dst
}

// segmentMeetsSquare reports whether the segment from a along d meets the
// closed square of side 1 centred on c (Liang–Barsky).
func segmentMeetsSquare(a, d, c orb.Point) bool {
	t0, t1 := 0.0, 1.0
	for k := range 2 {
		lo, hi := c[k]-0.5-a[k], c[k]+0.5-a[k]
		if d[k] == 0 {
			if lo > 0 || hi < 0 {
				return false
			}
			continue
		}
		ta, tb := lo/d[k], hi/d[k]
		if ta > tb {
			ta, tb = tb, ta
		}
		t0, t1 = max(t0, ta), min(t1, tb)
		if t0 > t1 {
			return false
		}
	}
	return true
}

func comparePoints(a, b orb.Point) int {
	if c := cmp.Compare(a[0], b[0]); c != 0 {
		return c
	}
	return cmp.Compare(a[1], b[1])
}

// polygonize turns directed edges with the area on their left into a
// multipolygon: edges traced both ways cancel, the rest is traced into
// the smallest rings, and holes go into exteriors.
func polygonize(edges []srEdge) orb.MultiPolygon {
	// Net count of each undirected edge, positive from the lesser point.
	net := map[srEdge]int{}
	for _, e := range edges {
		if c := comparePoints(e.from, e.to); c < 0 {
			net[e]++
		} else if c > 0 {
			net[srEdge{e.to, e.from}]--
		}
	}
	kept := make([]srEdge, 0, len(net))
	for e, n := range net {
		switch {
		case n > 0:
			kept = append(kept, e)
		case n < 0:
			kept = append(kept, srEdge{e.to, e.from})
		}
	}
	if len(kept) == 0 {
		return nil
	}
	// Sorted, so that the same input gives the same rings in the same
	// order (tiles and downloads keep their bytes and ETags).
	slices.SortFunc(kept, func(x, y srEdge) int {
		if c := comparePoints(x.from, y.from); c != 0 {
			return c
		}
		return comparePoints(x.to, y.to)
	})
	out := map[orb.Point][]int{}
	for i, e := range kept {
		out[e.from] = append(out[e.from], i)
	}
	used := make([]bool, len(kept))
	var shells, holes []orb.Ring
	for start := range kept {
		if used[start] {
			continue
		}
		ring := orb.Ring{kept[start].from}
		e := start
		ok := true
		for {
			used[e] = true
			cur := kept[e]
			ring = append(ring, cur.to)
			if cur.to == kept[start].from {
				break
			}
			if e = nextEdge(kept, out[cur.to], used, cur); e < 0 {
				ok = false // cannot happen: every point has as many edges in as out
				break
			}
		}
		if !ok {
			continue
		}
		for _, r := range splitRing(ring) {
			switch a := shoelaceArea(r); {
			case a > 0:
				shells = append(shells, r)
			case a < 0:
				holes = append(holes, r)
			}
		}
	}
	mp := make(orb.MultiPolygon, len(shells))
	areas := make([]float64, len(shells))
	bounds := make([]orb.Bound, len(shells))
	for i, s := range shells {
		mp[i] = orb.Polygon{s}
		areas[i] = shoelaceArea(s)
		bounds[i] = s.Bound()
	}
	for _, h := range holes {
		// A point just to the left of the hole's first edge: in the
		// area, next to the hole, on no other edge.
		a, b := h[0], h[1]
		n := math.Hypot(b[0]-a[0], b[1]-a[1])
		p := orb.Point{(a[0]+b[0])/2 - (b[1]-a[1])/n*1e-3, (a[1]+b[1])/2 + (b[0]-a[0])/n*1e-3}
		best := -1
		for i, s := range shells {
			if bounds[i].Contains(p) && (best < 0 || areas[i] < areas[best]) && ringContains(s, p) {
				best = i
			}
		}
		if best >= 0 {
			mp[best] = append(mp[best], h)
		}
	}
	return mp
}

// splitRing cuts a closed ring that passes a point more than once into
// rings that pass each point once. Tracing a face whose boundary touches
// itself (a bay closed to a point, an island joined to a shore at one
// point) goes through the point twice; OGC validity wants that face as an
// exterior and a hole, or two exteriors, that touch at the point.
func splitRing(r orb.Ring) []orb.Ring {
	var out []orb.Ring
	at := map[orb.Point]int{} // position in stack
	var stack []orb.Point
	for _, p := range r[:len(r)-1] {
		if i, ok := at[p]; ok {
			loop := append(orb.Ring{}, stack[i:]...)
			loop = append(loop, p)
			if len(loop) >= 4 {
				out = append(out, loop)
			}
			for _, q := range stack[i+1:] {
				delete(at, q)
			}
			stack = stack[:i+1]
			continue
		}
		at[p] = len(stack)
		stack = append(stack, p)
	}
	if len(stack) >= 3 {
		out = append(out, append(orb.Ring(stack), stack[0]))
	}
	return out
}

// nextEdge picks, among the unused edges leaving the end of cur, the
// first one clockwise from cur's reverse: the one that keeps the smallest
// face on the left. Where two strands cross at a point (simplification
// can make an arc cross another), the first strand to arrive takes an
// edge the second would also have picked; the second takes the next one,
// and the rings come out as lobes, which their orientation sorts.
func nextEdge(edges []srEdge, outs []int, used []bool, cur srEdge) int {
	v := cur.to
	back := math.Atan2(cur.from[1]-v[1], cur.from[0]-v[0])
	best, bestAngle := -1, 0.0
	for _, i := range outs {
		if used[i] {
			continue
		}
		w := edges[i].to
		a := back - math.Atan2(w[1]-v[1], w[0]-v[0])
		for a <= 0 {
			a += 2 * math.Pi
		}
		for a > 2*math.Pi {
			a -= 2 * math.Pi
		}
		if best < 0 || a < bestAngle {
			best, bestAngle = i, a
		}
	}
	return best
}

// ringContains reports whether p is inside the closed ring r (even-odd).
func ringContains(r orb.Ring, p orb.Point) bool {
	in := false
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		a, b := r[i], r[j]
		if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < (b[0]-a[0])*(p[1]-a[1])/(b[1]-a[1])+a[0] {
			in = !in
		}
	}
	return in
}
