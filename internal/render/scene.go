package render

import (
	"image/color"
	"math"
	"slices"
	"strconv"

	"github.com/paulmach/orb"
)

// scene is a laid-out image: groups of shapes and text in pixels, y down,
// on a w×h canvas. Each backend draws it as it is; none adds or moves
// anything, which is what keeps the formats alike.
type scene struct {
	w, h float64
	// title and desc are the text alternative.
	title, desc string
	lang        string
	bg          color.RGBA
	groups      []group
}

// group is a run of items drawn in the coordinates of its origin (x, y).
type group struct {
	class string
	x, y  float64
	// decorative groups are hidden from assistive technology: the desc
	// says what they show.
	decorative bool
	items      []item
}

type item interface{ isItem() }

// shape is an area or a line in pixels, in its group's coordinates: an
// orb.MultiPolygon, orb.Polygon or orb.Ring is an area, filled (with a
// colour or a hatch, even-odd) and stroked; an orb.MultiLineString or
// orb.LineString is a line, stroked.
type shape struct {
	geom   orb.Geometry
	fill   color.RGBA // alpha 0 for none
	hatch  *hatch     // instead of fill
	stroke color.RGBA
	width  float64
	dash   []float64 // in pixels
	round  bool      // round caps; joins are always round
}

// circle is a dot.
type circle struct {
	x, y, r      float64
	fill, stroke color.RGBA
	width        float64
}

// rect is a box with rounded corners of radius rx.
type rect struct {
	x, y, w, h, rx float64
	fill, stroke   color.RGBA
	width          float64
}

// label is one line of text with its baseline at (x, y).
type label struct {
	x, y   float64
	text   string
	size   float64
	face   Face
	anchor Anchor
	fill   color.RGBA
	// halo is painted under the text, as the site's paint-order stroke, so
	// labels read over the map.
	halo      color.RGBA
	haloWidth float64
}

func (shape) isItem()  {}
func (circle) isItem() {}
func (rect) isItem()   {}
func (label) isItem()  {}

// hatch is diagonal stripes, as the site's hatch pattern: stripes of the
// given width every spacing pixels, running up to the right, centred where
// (x+y)/√2 is offset plus a multiple of spacing in the coordinates of the
// shape's group.
type hatch struct {
	id              string
	spacing, stripe float64
	offset          float64
	line, bg        color.RGBA
}

// eachPiece calls f with each ring of an area, closing point left off
// and closed set, and each line of a line shape.
func eachPiece(g orb.Geometry, f func(pts []orb.Point, closed bool)) {
	ring := func(r orb.Ring) {
		if len(r) >= 4 {
			f(r[:len(r)-1], true)
		}
	}
	line := func(ls orb.LineString) {
		if len(ls) >= 2 {
			f(ls, false)
		}
	}
	switch g := g.(type) {
	case orb.MultiPolygon:
		for _, p := range g {
			for _, r := range p {
				ring(r)
			}
		}
	case orb.Polygon:
		for _, r := range g {
			ring(r)
		}
	case orb.Ring:
		ring(g)
	case orb.MultiLineString:
		for _, ls := range g {
			line(ls)
		}
	case orb.LineString:
		line(g)
	}
}

// rings returns the rings of an area, each without its closing point;
// a line has none.
func rings(g orb.Geometry) [][]orb.Point {
	var out [][]orb.Point
	eachPiece(g, func(pts []orb.Point, closed bool) {
		if closed {
			out = append(out, pts)
		}
	})
	return out
}

// box4 is a rectangle's ring, clockwise on screen from its top left.
func box4(x, y, w, h float64) orb.Ring {
	return orb.Ring{{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}, {x, y}}
}

// stripes returns the hatch's stripes inside the rings (even-odd) as
// quadrilaterals, each four points. The stripes are cut square at the
// shape's edge; at a stripe width of a pixel or two the difference from an
// exact clip does not show, and borders are drawn over it.
func (h *hatch) stripes(rs [][]orb.Point) [][4]orb.Point {
	const r = math.Sqrt2 / 2
	// u runs across the stripes, v along them.
	type cross struct {
		k int
		v float64
	}
	var xs []cross
	for _, ring := range rs {
		n := len(ring)
		for i := range n {
			p, q := ring[i], ring[(i+1)%n]
			up, uq := (p[0]+p[1])*r, (q[0]+q[1])*r
			if up == uq {
				continue
			}
			lo, hi := math.Min(up, uq), math.Max(up, uq)
			// Stripe k's centre line is u = offset + k·spacing; count a
			// crossing where the edge goes from ≤ to >, so that a vertex on
			// the line counts once.
			k0 := int(math.Floor((lo-h.offset)/h.spacing)) + 1
			for k := k0; ; k++ {
				u := h.offset + float64(k)*h.spacing
				if u > hi {
					break
				}
				if (up <= u) == (uq <= u) {
					continue
				}
				t := (u - up) / (uq - up)
				x, y := p[0]+t*(q[0]-p[0]), p[1]+t*(q[1]-p[1])
				xs = append(xs, cross{k, (y - x) * r})
			}
		}
	}
	slices.SortFunc(xs, func(a, b cross) int {
		if a.k != b.k {
			return a.k - b.k
		}
		switch {
		case a.v < b.v:
			return -1
		case a.v > b.v:
			return 1
		}
		return 0
	})
	var out [][4]orb.Point
	half := h.stripe / 2
	for i := 0; i+1 < len(xs); {
		if xs[i].k != xs[i+1].k {
			i++ // an odd crossing left by rounding: skip it
			continue
		}
		u := h.offset + float64(xs[i].k)*h.spacing
		v0, v1 := xs[i].v, xs[i+1].v
		i += 2
		if v1-v0 < 1e-9 {
			continue
		}
		at := func(u, v float64) orb.Point { return orb.Point{(u - v) * r, (u + v) * r} }
		out = append(out, [4]orb.Point{at(u-half, v0), at(u-half, v1), at(u+half, v1), at(u+half, v0)})
	}
	return out
}

// num formats a coordinate for SVG: at most two decimals, no trailing
// zeros, so output is short and stable.
func num(v float64) string {
	v = math.Round(v*100) / 100
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
