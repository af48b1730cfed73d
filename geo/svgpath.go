package geo

import (
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// SVGPath returns the SVG path data of g, whose coordinates are already
// the canvas's (pixels, y down), rounded to decimals places. Rings are
// closed with Z; lines are left open. It writes relative moves from
// rounded absolute positions, so rounding never accumulates, and drops
// points that round onto their predecessor. Rings of fewer than four
// points and lines of fewer than two are skipped. Geometry types that
// have no path (points, bounds, collections) give "".
func SVGPath(g orb.Geometry, decimals int) string {
	var b strings.Builder
	w := pathWriter{b: &b, f: math.Pow10(decimals)}
	switch g := g.(type) {
	case orb.MultiPolygon:
		for _, p := range g {
			for _, r := range p {
				w.ring(r)
			}
		}
	case orb.Polygon:
		for _, r := range g {
			w.ring(r)
		}
	case orb.Ring:
		w.ring(g)
	case orb.MultiLineString:
		for _, ls := range g {
			w.line(ls, false)
		}
	case orb.LineString:
		w.line(g, false)
	}
	return b.String()
}

type pathWriter struct {
	b    *strings.Builder
	f    float64
	x, y int64 // current position in units of 10^-decimals
}

func (w *pathWriter) ring(r orb.Ring) {
	if len(r) < 4 {
		return
	}
	w.line(orb.LineString(r[:len(r)-1]), true)
}

func (w *pathWriter) line(ls orb.LineString, closed bool) {
	if len(ls) < 2 {
		return
	}
	n := 0
	for i, q := range ls {
		x, y := int64(math.Round(q[0]*w.f)), int64(math.Round(q[1]*w.f))
		switch {
		case i == 0:
			w.b.WriteByte('M')
			w.num(x, false)
			w.num(y, true)
		case x == w.x && y == w.y:
			continue
		case n == 1:
			w.b.WriteByte('l')
			fallthrough
		default:
			w.num(x-w.x, n > 1)
			w.num(y-w.y, true)
		}
		w.x, w.y = x, y
		n++
	}
	if closed {
		w.b.WriteByte('Z')
	}
}

// num writes a fixed-point number, with a separating space only where the
// sign does not already separate it from the previous number.
func (w *pathWriter) num(v int64, sep bool) {
	s := strconv.FormatFloat(float64(v)/w.f, 'f', -1, 64)
	if sep && v >= 0 {
		w.b.WriteByte(' ')
	}
	w.b.WriteString(s)
}
