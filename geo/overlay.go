package geo

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
	"github.com/paulmach/orb/planar"
	sf "github.com/peterstace/simplefeatures/geom"
)

// Intersection returns the part of a that lies inside b.
func Intersection(a, b orb.MultiPolygon) (orb.MultiPolygon, error) {
	return overlay("intersection", sf.Intersection, a, b)
}

// Difference returns the part of a that lies outside b.
func Difference(a, b orb.MultiPolygon) (orb.MultiPolygon, error) {
	return overlay("difference", sf.Difference, a, b)
}

// UnionAll dissolves every polygon in ps into one multipolygon.
func UnionAll(ps ...orb.MultiPolygon) (orb.MultiPolygon, error) {
	gs := make([]sf.Geometry, 0, len(ps))
	for i, p := range ps {
		g, err := toSF(p)
		if err != nil {
			return nil, fmt.Errorf("union: input %d: %w", i, err)
		}
		gs = append(gs, g)
	}
	u, err := sf.UnionMany(gs)
	if err != nil {
		return nil, fmt.Errorf("union: %w", err)
	}
	return fromSF(u)
}

// Multi returns g as a multipolygon: a polygon becomes a one-element
// multipolygon, anything that is not areal yields nil.
func Multi(g orb.Geometry) orb.MultiPolygon {
	switch g := g.(type) {
	case orb.Polygon:
		return orb.MultiPolygon{g}
	case orb.MultiPolygon:
		return g
	case orb.Collection:
		var mp orb.MultiPolygon
		for _, c := range g {
			mp = append(mp, Multi(c)...)
		}
		return mp
	}
	return nil
}

func overlay(name string, op func(a, b sf.Geometry) (sf.Geometry, error), a, b orb.MultiPolygon) (orb.MultiPolygon, error) {
	ga, err := toSF(a)
	if err != nil {
		return nil, fmt.Errorf("%s: first operand: %w", name, err)
	}
	gb, err := toSF(b)
	if err != nil {
		return nil, fmt.Errorf("%s: second operand: %w", name, err)
	}
	r, err := op(ga, gb)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return fromSF(r)
}

func toSF(mp orb.MultiPolygon) (sf.Geometry, error) {
	if len(mp) == 0 {
		return sf.MultiPolygon{}.AsGeometry(), nil
	}
	b, err := wkb.Marshal(mp)
	if err != nil {
		return sf.Geometry{}, err
	}
	return sf.UnmarshalWKB(b)
}

func fromSF(g sf.Geometry) (orb.MultiPolygon, error) {
	if g.IsEmpty() {
		return nil, nil
	}
	o, err := wkb.Unmarshal(g.AsBinary())
	if err != nil {
		return nil, err
	}
	return Multi(o), nil
}

// Valid reports whether mp is a valid multipolygon in the OGC simple
// features sense: simple rings, holes inside their shells, no overlaps.
func Valid(mp orb.MultiPolygon) bool {
	_, err := toSF(mp)
	return err == nil
}

// DropSlivers returns mp without the polygons smaller than minKm2 on the
// sphere: the slivers overlay leaves where two boundaries nearly agree.
func DropSlivers(mp orb.MultiPolygon, minKm2 float64) orb.MultiPolygon {
	var out orb.MultiPolygon
	for _, p := range mp {
		if Area(p) >= minKm2 {
			out = append(out, p)
		}
	}
	return out
}

// Clean removes repeated consecutive positions and the rings they leave
// without area, and splits rings that pass twice through one position (a
// pinch, which rounding makes of two positions a metre apart) into rings
// that touch there, as OGC simple features allow: a loop turning the other
// way becomes a hole, one turning the same way a polygon of its own. A
// polygon whose exterior collapses is dropped with its holes.
func Clean(mp orb.MultiPolygon) orb.MultiPolygon {
	var out orb.MultiPolygon
	for _, p := range mp {
		if len(p) == 0 {
			continue
		}
		shellO := orientation(p[0])
		if shellO == 0 {
			continue
		}
		var shells, holes []orb.Ring
		for _, r := range p {
			for _, piece := range splitPinches(dedupe(r)) {
				o := orientation(piece)
				switch {
				case o == 0:
				case o == shellO:
					shells = append(shells, piece)
				default:
					holes = append(holes, piece)
				}
			}
		}
		polys := make([]orb.Polygon, len(shells))
		for k, sh := range shells {
			polys[k] = orb.Polygon{sh}
		}
		for _, h := range holes {
			best := -1
			for k, sh := range shells {
				if planar.RingContains(sh, interiorPoint(h)) && (best < 0 || math.Abs(planar.Area(sh)) < math.Abs(planar.Area(shells[best]))) {
					best = k
				}
			}
			if best >= 0 {
				polys[best] = append(polys[best], h)
			}
		}
		for _, pg := range polys {
			out = append(out, pg)
		}
	}
	return out
}

func dedupe(r orb.Ring) orb.Ring {
	var nr orb.Ring
	for _, pt := range r {
		if len(nr) > 0 && nr[len(nr)-1] == pt {
			continue
		}
		nr = append(nr, pt)
	}
	return nr
}

// orientation is 1 for counter-clockwise, -1 for clockwise, 0 for a ring
// without area.
func orientation(r orb.Ring) int {
	if len(r) < 4 {
		return 0
	}
	a := 0.0
	for i := 0; i+1 < len(r); i++ {
		a += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	switch {
	case a > 0:
		return 1
	case a < 0:
		return -1
	}
	return 0
}

// splitPinches cuts a closed ring at every position it passes through
// twice, returning closed rings.
func splitPinches(r orb.Ring) []orb.Ring {
	if len(r) < 4 {
		return nil
	}
	seen := map[orb.Point]int{}
	for i := 0; i < len(r)-1; i++ {
		if j, ok := seen[r[i]]; ok {
			loop := append(orb.Ring{}, r[j:i+1]...)
			rest := append(append(orb.Ring{}, r[:j]...), r[i:]...)
			return append(splitPinches(loop), splitPinches(rest)...)
		}
		seen[r[i]] = i
	}
	return []orb.Ring{r}
}

// interiorPoint returns a point strictly inside a hole's ring, for telling
// which shell holds it: the midpoint of its first edge moved a little
// inwards would need the orientation; the centroid of a small hole is
// inside it in practice, and a vertex is on the shell only at a pinch.
func interiorPoint(r orb.Ring) orb.Point {
	c, _ := planar.CentroidArea(orb.Polygon{r})
	if planar.RingContains(r, c) {
		return c
	}
	return orb.Point{(r[0][0] + r[1][0] + r[2][0]) / 3, (r[0][1] + r[1][1] + r[2][1]) / 3}
}

// OrientRFC7946 turns mp's rings, in place, the way RFC 7946 section
// 3.1.6 asks: exterior rings counter-clockwise, holes clockwise.
func OrientRFC7946(mp orb.MultiPolygon) {
	for _, poly := range mp {
		for i, r := range poly {
			want := orb.CCW
			if i > 0 {
				want = orb.CW
			}
			if r.Orientation() != want {
				r.Reverse()
			}
		}
	}
}
