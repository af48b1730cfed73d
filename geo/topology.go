package geo

import (
	"cmp"
	"encoding/binary"
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// snapFraction is the snapping and noding distance as a fraction of the
// larger side of the input's bounding box. Overlay output carries rounding
// noise far below this, while real vertices of a map are many orders of
// magnitude further apart, so the value is not a tuning knob.
const snapFraction = 1e-9

// SimplifyShared simplifies the polygons together, in planar coordinates
// (callers project first), with Douglas–Peucker at the given tolerance
// (same units as the coordinates). A border that two or more polygons share
// is simplified once, so neighbours still have exactly the same vertices
// along it afterwards: no gaps, no slivers, no T-junctions between them.
//
// It works the way TopoJSON does. First the input is noded: coordinates
// closer than a billionth of the extent are snapped to one, and a vertex of
// any ring lying on the inside of another ring's segment is inserted into
// that segment, so that borders produced by polygon overlay (which adds
// intersection vertices to one side only) are recognised as shared. Then
// every vertex where rings meet with different neighbours is a junction,
// each ring is cut at its junctions into arcs, and each distinct arc
// (forwards or backwards) is simplified once, keeping its endpoints. A ring
// without junctions is one closed arc starting at its leftmost (then
// lowest) vertex; it keeps at least the farthest vertex from that start and
// the most significant vertex on either side, unless its area is below
// tolerance², in which case it is dropped (along with the identical ring of
// any neighbour, such as an enclave and the hole it fills).
//
// The result has one element per input, in order. Rings keep their input
// orientation and are closed, though they may start at a different vertex.
// A ring left with fewer than four points or with near-zero area is dropped;
// a polygon whose exterior is dropped loses its holes too, so an element may
// be an empty multipolygon. The input is not modified.
//
// Like TopoJSON, it does not stop an arc from crossing a different arc
// after simplification at a large tolerance; choose the tolerance well below
// the size of the smallest features that must stay apart.
func SimplifyShared(polys []orb.MultiPolygon, tolerance float64) []orb.MultiPolygon {
	if !(tolerance > 0) { // also catches NaN
		tolerance = 0
	}
	t := newTopology(polys)
	t.node()
	t.findJunctions()
	t.cut()
	t.simplifyArcs(tolerance)
	return t.assemble(polys)
}

// topology holds the noded rings and their arcs for one SimplifyShared call.
type topology struct {
	eps      float64
	verts    []orb.Point // snapped coordinates by vertex id
	rings    []topoRing
	junction []bool // by vertex id

	arcs       [][]int32 // distinct arcs, in canonical direction
	simplified [][]int32 // arcs after simplification, same direction
}

type topoRing struct {
	poly, part, ring int // position in the input

	// ids is the ring as vertex ids, without the closing repeat.
	ids []int32
	// arcs, followed in order (each one reversed where flagged), trace
	// the ring in its input direction.
	arcs []arcUse
}

type arcUse struct {
	arc      int32
	reversed bool
}

// newTopology flattens the input rings and snaps near-identical coordinates
// so that every distinct location has one vertex id.
func newTopology(polys []orb.MultiPolygon) *topology {
	var (
		pts    []orb.Point
		spans  [][2]int
		rings  []topoRing
		bound  orb.Bound
		hasPts bool
	)
	for i, mp := range polys {
		for j, p := range mp {
			for k, r := range p {
				n := len(r)
				if n > 1 && r[0] == r[n-1] {
					n--
				}
				start := len(pts)
				for _, q := range r[:n] {
					if !hasPts {
						bound, hasPts = orb.Bound{Min: q, Max: q}, true
					}
					bound = bound.Extend(q)
					pts = append(pts, q)
				}
				spans = append(spans, [2]int{start, len(pts)})
				rings = append(rings, topoRing{poly: i, part: j, ring: k})
			}
		}
	}

	t := &topology{eps: snapFraction * max(bound.Right()-bound.Left(), bound.Top()-bound.Bottom())}
	var ids []int32
	ids, t.verts = snapPoints(pts, t.eps)

	kept := rings[:0]
	for i, r := range rings {
		seq := make([]int32, 0, spans[i][1]-spans[i][0])
		for _, id := range ids[spans[i][0]:spans[i][1]] {
			if len(seq) == 0 || seq[len(seq)-1] != id {
				seq = append(seq, id)
			}
		}
		for len(seq) > 1 && seq[len(seq)-1] == seq[0] {
			seq = seq[:len(seq)-1]
		}
		// Rings with fewer than three places enclose nothing; leaving them
		// out keeps them from creating junctions on real borders.
		if len(seq) < 3 {
			continue
		}
		r.ids = seq
		kept = append(kept, r)
	}
	t.rings = kept
	return t
}

// snapPoints gives every point a vertex id, one per cluster of points
// within eps of each other. Sorting by x keeps the neighbour search near
// O(n log n); ids follow the (x, y) order, so the smallest id in a ring is
// its leftmost (then lowest) vertex, wherever the ring happens to start.
func snapPoints(pts []orb.Point, eps float64) (ids []int32, verts []orb.Point) {
	order := make([]int32, len(pts))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		pa, pb := pts[a], pts[b]
		if c := cmp.Compare(pa[0], pb[0]); c != 0 {
			return c
		}
		if c := cmp.Compare(pa[1], pb[1]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})

	// groupEnd[i] is the first sorted position with a larger x than
	// position i, to skip the rest of a vertical run at once.
	groupEnd := make([]int32, len(order))
	for i := len(order) - 1; i >= 0; i-- {
		if i+1 < len(order) && pts[order[i+1]][0] == pts[order[i]][0] {
			groupEnd[i] = groupEnd[i+1]
		} else {
			groupEnd[i] = int32(i + 1)
		}
	}

	// Union–find over sorted positions; the root is always the smallest
	// position, so a cluster takes the coordinates of its first member.
	parent := make([]int32, len(order))
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(i int32) int32 {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	eps2 := eps * eps
	for i := range order {
		p := pts[order[i]]
		for j := i + 1; j < len(order); j++ {
			q := pts[order[j]]
			if q[0]-p[0] > eps {
				break
			}
			dy := q[1] - p[1]
			if q[0] == p[0] && dy > eps {
				j = int(groupEnd[j]) - 1
				continue
			}
			dx := q[0] - p[0]
			if dx*dx+dy*dy <= eps2 {
				ri, rj := find(int32(i)), find(int32(j))
				if ri < rj {
					parent[rj] = ri
				} else if rj < ri {
					parent[ri] = rj
				}
			}
		}
	}

	ids = make([]int32, len(pts))
	vid := make([]int32, len(order))
	for i := range order {
		if r := find(int32(i)); r != int32(i) {
			vid[i] = vid[r]
		} else {
			vid[i] = int32(len(verts))
			verts = append(verts, pts[order[i]])
		}
		ids[order[i]] = vid[i]
	}
	return ids, verts
}

// node inserts into every segment the vertices that lie on its inside.
// Overlay output has such T-junctions wherever an intersection vertex was
// added to one polygon only; without them the shared border would not be
// recognised as the same sequence of vertices.
func (t *topology) node() {
	used := make([]bool, len(t.verts))
	var segLen float64
	var nseg int
	for _, r := range t.rings {
		for i, a := range r.ids {
			used[a] = true
			b := r.ids[(i+1)%len(r.ids)]
			segLen += math.Hypot(t.verts[b][0]-t.verts[a][0], t.verts[b][1]-t.verts[a][1])
			nseg++
		}
	}
	if nseg == 0 {
		return
	}
	g := newPointGrid(t.verts, used, segLen/float64(nseg))

	var cands []onSegment
	for ri := range t.rings {
		r := &t.rings[ri]
		out := make([]int32, 0, len(r.ids))
		for i, a := range r.ids {
			b := r.ids[(i+1)%len(r.ids)]
			out = append(out, a)
			cands = g.onSegment(t.verts, a, b, t.eps, cands[:0])
			for _, c := range cands {
				out = append(out, c.id)
			}
		}
		r.ids = out
	}
}

type onSegment struct {
	t  float64
	id int32
}

// pointGrid buckets vertices in a uniform grid stored as one sorted slice
// with offsets (no per-cell allocations).
type pointGrid struct {
	minX, minY, cell float64
	nx, ny           int
	start            []int32 // cell c holds items[start[c]:start[c+1]]
	items            []int32
}

func newPointGrid(verts []orb.Point, used []bool, meanSeg float64) *pointGrid {
	var b orb.Bound
	n := 0
	for i, p := range verts {
		if !used[i] {
			continue
		}
		if n == 0 {
			b = orb.Bound{Min: p, Max: p}
		}
		b = b.Extend(p)
		n++
	}
	w, h := b.Right()-b.Left(), b.Top()-b.Bottom()
	// About one cell per vertex over the bounding box, but never smaller
	// than a typical segment, so that a segment touches only a few cells.
	cell := max(math.Sqrt(w*h/float64(max(n, 1))), meanSeg)
	if !(cell > 0) {
		cell = 1
	}
	g := &pointGrid{
		minX: b.Left(), minY: b.Bottom(), cell: cell,
		nx: int(w/cell) + 1, ny: int(h/cell) + 1,
	}
	g.start = make([]int32, g.nx*g.ny+1)
	for i, p := range verts {
		if used[i] {
			g.start[g.index(p)+1]++
		}
	}
	for c := 1; c < len(g.start); c++ {
		g.start[c] += g.start[c-1]
	}
	g.items = make([]int32, n)
	fill := slices.Clone(g.start[:len(g.start)-1])
	for i, p := range verts {
		if used[i] {
			c := g.index(p)
			g.items[fill[c]] = int32(i)
			fill[c]++
		}
	}
	return g
}

func (g *pointGrid) cellX(x float64) int {
	return min(max(int((x-g.minX)/g.cell), 0), g.nx-1)
}

func (g *pointGrid) cellY(y float64) int {
	return min(max(int((y-g.minY)/g.cell), 0), g.ny-1)
}

func (g *pointGrid) index(p orb.Point) int {
	return g.cellY(p[1])*g.nx + g.cellX(p[0])
}

// onSegment appends to dst the vertices within eps of the inside of
// segment a–b, ordered along the segment. A long segment is walked in
// cell-sized steps so that its cost grows with its length, not with the
// area of its bounding box.
func (g *pointGrid) onSegment(verts []orb.Point, a, b int32, eps float64, dst []onSegment) []onSegment {
	pa, pb := verts[a], verts[b]
	dx, dy := pb[0]-pa[0], pb[1]-pa[1]
	l2 := dx*dx + dy*dy
	if l2 == 0 {
		return dst
	}
	steps := int(math.Sqrt(l2)/g.cell) + 1
	for k := range steps {
		t0, t1 := float64(k)/float64(steps), float64(k+1)/float64(steps)
		x0, x1 := pa[0]+dx*t0, pa[0]+dx*t1
		y0, y1 := pa[1]+dy*t0, pa[1]+dy*t1
		cx0, cx1 := g.cellX(min(x0, x1)-eps), g.cellX(max(x0, x1)+eps)
		cy0, cy1 := g.cellY(min(y0, y1)-eps), g.cellY(max(y0, y1)+eps)
		for cy := cy0; cy <= cy1; cy++ {
			for cx := cx0; cx <= cx1; cx++ {
				c := cy*g.nx + cx
				for _, v := range g.items[g.start[c]:g.start[c+1]] {
					if v == a || v == b {
						continue
					}
					p := verts[v]
					px, py := p[0]-pa[0], p[1]-pa[1]
					t := (px*dx + py*dy) / l2
					if t <= 0 || t >= 1 {
						continue
					}
					if cross := px*dy - py*dx; cross*cross > eps*eps*l2 {
						continue
					}
					dst = append(dst, onSegment{t: t, id: v})
				}
			}
		}
	}
	slices.SortFunc(dst, func(x, y onSegment) int {
		if c := cmp.Compare(x.t, y.t); c != 0 {
			return c
		}
		return cmp.Compare(x.id, y.id)
	})
	// Neighbouring steps share cells, so a vertex may have been found twice.
	return slices.CompactFunc(dst, func(x, y onSegment) bool { return x.id == y.id })
}

// findJunctions applies TopoJSON's join rule: a vertex is a junction when
// it is visited again with a different pair of neighbours (in either
// order). That marks exactly the places where a shared stretch of border
// begins or ends, or where three or more rings meet.
func (t *topology) findJunctions() {
	prev := make([]int32, len(t.verts))
	next := make([]int32, len(t.verts))
	for i := range prev {
		prev[i] = -1
	}
	t.junction = make([]bool, len(t.verts))
	for _, r := range t.rings {
		n := len(r.ids)
		for i, v := range r.ids {
			p, q := r.ids[(i+n-1)%n], r.ids[(i+1)%n]
			switch {
			case prev[v] < 0:
				prev[v], next[v] = p, q
			case prev[v] == p && next[v] == q, prev[v] == q && next[v] == p:
			default:
				t.junction[v] = true
			}
		}
	}
}

// cut splits every ring at its junctions and gives identical arcs (in
// either direction) one shared index, so that they are simplified once.
func (t *topology) cut() {
	index := make(map[string]int32)
	var key []byte
	add := func(r *topoRing, arc []int32) {
		rev := isReversedCanonical(arc)
		key = key[:0]
		for i := range arc {
			j := i
			if rev {
				j = len(arc) - 1 - i
			}
			key = binary.LittleEndian.AppendUint32(key, uint32(arc[j]))
		}
		k, ok := index[string(key)]
		if !ok {
			k = int32(len(t.arcs))
			index[string(key)] = k
			c := slices.Clone(arc)
			if rev {
				slices.Reverse(c)
			}
			t.arcs = append(t.arcs, c)
		}
		r.arcs = append(r.arcs, arcUse{arc: k, reversed: rev})
	}

	for ri := range t.rings {
		r := &t.rings[ri]
		n := len(r.ids)
		first := slices.IndexFunc(r.ids, func(v int32) bool { return t.junction[v] })
		if first < 0 {
			// Without junctions the ring touches nothing, or coincides with
			// another whole ring (an enclave and its hole). Starting at the
			// smallest id makes both copies the same closed arc.
			first = slices.Index(r.ids, slices.Min(r.ids))
		}
		loop := make([]int32, 0, n+1)
		loop = append(loop, r.ids[first:]...)
		loop = append(loop, r.ids[:first]...)
		loop = append(loop, r.ids[first])

		from := 0
		for i := 1; i < len(loop); i++ {
			if i == len(loop)-1 || t.junction[loop[i]] {
				add(r, loop[from:i+1])
				from = i
			}
		}
	}
}

// isReversedCanonical reports whether arc reads lower backwards than
// forwards, which makes the backward reading its canonical form.
func isReversedCanonical(arc []int32) bool {
	for i, j := 0, len(arc)-1; i < j; i, j = i+1, j-1 {
		if arc[i] != arc[j] {
			return arc[j] < arc[i]
		}
	}
	return false
}

func (t *topology) simplifyArcs(tolerance float64) {
	t.simplified = make([][]int32, len(t.arcs))
	var pts []orb.Point
	var w []float64
	for i, arc := range t.arcs {
		pts = pts[:0]
		for _, v := range arc {
			pts = append(pts, t.verts[v])
		}
		w = slices.Grow(w[:0], len(arc))[:len(arc)]
		keep := dpKeep(pts, w, tolerance)
		if keep == nil {
			// A closed arc below tolerance² in area collapses to its start,
			// for every ring that uses it.
			t.simplified[i] = []int32{arc[0], arc[0]}
			continue
		}
		out := make([]int32, 0, 8)
		for j, v := range arc {
			if keep[j] {
				out = append(out, v)
			}
		}
		t.simplified[i] = out
	}
}

// dpKeep runs Douglas–Peucker on an arc and reports which points to
// keep, using w as scratch for the points' weights (see dpWeights). It
// returns nil for a closed arc that is too small to keep.
func dpKeep(pts []orb.Point, w []float64, tolerance float64) []bool {
	n := len(pts)
	for i := range w {
		w[i] = 0
	}
	w[0], w[n-1] = math.Inf(1), math.Inf(1)
	closed := n > 2 && pts[0] == pts[n-1]
	far := -1
	if closed {
		if math.Abs(shoelaceArea(pts)) < tolerance*tolerance {
			return nil
		}
		// Douglas–Peucker needs two distinct ends; the farthest point from
		// the fixed start is the one plain DP on the ring would keep first.
		best := -1.0
		for i := 1; i < n-1; i++ {
			if d := planar.DistanceSquared(pts[0], pts[i]); d > best {
				best, far = d, i
			}
		}
		w[far] = math.Inf(1)
		dpWeights(pts, w, 0, far, tolerance)
		dpWeights(pts, w, far, n-1, tolerance)
	} else {
		dpWeights(pts, w, 0, n-1, tolerance)
	}

	keep := make([]bool, n)
	for i := range w {
		keep[i] = w[i] > tolerance
	}
	if closed {
		// Keep at least the most significant point on each side of
		// start–far, so a small island stays a quadrilateral rather than
		// collapsing into a line that would then be dropped.
		for _, half := range [][2]int{{0, far}, {far, n - 1}} {
			lo, hi := half[0], half[1]
			if hi-lo < 2 || slices.Contains(keep[lo+1:hi], true) {
				continue
			}
			best := lo + 1
			for i := lo + 2; i < hi; i++ {
				if w[i] > w[best] {
					best = i
				}
			}
			keep[best] = true
		}
	}
	return keep
}

// dpWeights runs Douglas–Peucker between lo and hi, setting w[i] for each
// point it picks to the largest tolerance at which it would keep that point
// and leaving the others at zero. The first pick is weighed even when it is
// below the tolerance, so that a closed arc can fall back on it; deeper
// recursion stops there, which keeps long straight runs (clip lines with
// many vertices) from degrading to quadratic time.
func dpWeights(pts []orb.Point, w []float64, lo, hi int, tolerance float64) {
	type span struct {
		lo, hi int
		cap    float64
	}
	stack := []span{{lo, hi, math.Inf(1)}}
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if s.hi-s.lo < 2 {
			continue
		}
		best, bi := -1.0, s.lo+1
		for i := s.lo + 1; i < s.hi; i++ {
			if d := planar.DistanceFromSegmentSquared(pts[s.lo], pts[s.hi], pts[i]); d > best {
				best, bi = d, i
			}
		}
		// A point is only reached if its parent was kept, so its weight
		// can never exceed the parent's.
		wi := min(math.Sqrt(best), s.cap)
		w[bi] = wi
		if wi > tolerance {
			stack = append(stack, span{s.lo, bi, wi}, span{bi, s.hi, wi})
		}
	}
}

// shoelaceArea is the signed shoelace area of a closed point sequence,
// computed relative to its first point to limit rounding.
func shoelaceArea(pts []orb.Point) float64 {
	var a float64
	o := pts[0]
	for i := 1; i+1 < len(pts); i++ {
		a += (pts[i][0]-o[0])*(pts[i+1][1]-o[1]) - (pts[i+1][0]-o[0])*(pts[i][1]-o[1])
	}
	return a / 2
}

// assemble rebuilds every ring from its simplified arcs and the output
// multipolygons from the surviving rings.
func (t *topology) assemble(polys []orb.MultiPolygon) []orb.MultiPolygon {
	// rings[poly][part][ring], nil where the ring was dropped.
	rings := make([][][]orb.Ring, len(polys))
	for i, mp := range polys {
		rings[i] = make([][]orb.Ring, len(mp))
		for j, p := range mp {
			rings[i][j] = make([]orb.Ring, len(p))
		}
	}

	var seq []int32
	for _, r := range t.rings {
		seq = seq[:0]
		for k, u := range r.arcs {
			a := t.simplified[u.arc]
			for m := range a {
				v := a[m]
				if u.reversed {
					v = a[len(a)-1-m]
				}
				// Arcs share their joining junction; collapsed closed arcs
				// repeat their start.
				if (k > 0 && m == 0) || (len(seq) > 0 && seq[len(seq)-1] == v) {
					continue
				}
				seq = append(seq, v)
			}
		}
		if len(seq) < 4 {
			continue
		}
		ring := make(orb.Ring, len(seq))
		var perim float64
		for i, v := range seq {
			ring[i] = t.verts[v]
			if i > 0 {
				perim += planar.Distance(ring[i-1], ring[i])
			}
		}
		// A ring whose mean width is below the snapping distance has been
		// flattened onto itself by simplification.
		if math.Abs(shoelaceArea(ring)) <= t.eps*perim {
			continue
		}
		rings[r.poly][r.part][r.ring] = ring
	}

	out := make([]orb.MultiPolygon, len(polys))
	for i, parts := range rings {
		mp := orb.MultiPolygon{}
		for _, p := range parts {
			if len(p) == 0 || p[0] == nil {
				continue
			}
			poly := orb.Polygon{p[0]}
			for _, h := range p[1:] {
				if h != nil {
					poly = append(poly, h)
				}
			}
			mp = append(mp, poly)
		}
		out[i] = mp
	}
	return out
}
