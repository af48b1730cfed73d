package geo

import (
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// Viewport maps projected coordinates (kilometres, y north) onto an SVG
// canvas (pixels, y down): the Bounds are fitted into Width×Height, centred,
// keeping the aspect ratio.
type Viewport struct {
	Bounds        orb.Bound // in projected units
	Width, Height float64   // in SVG user units
	scale, dx, dy float64
}

// NewViewport fits bounds into a width×height canvas.
func NewViewport(bounds orb.Bound, width, height float64) Viewport {
	bw, bh := bounds.Max[0]-bounds.Min[0], bounds.Max[1]-bounds.Min[1]
	s := math.Min(width/bw, height/bh)
	return Viewport{
		Bounds: bounds, Width: width, Height: height, scale: s,
		dx: (width - bw*s) / 2, dy: (height - bh*s) / 2,
	}
}

// Scale returns SVG units per projected unit.
func (v Viewport) Scale() float64 { return v.scale }

// Visible returns the projected bound the canvas shows, which is at least
// Bounds and wider in one direction when the aspect ratios differ.
func (v Viewport) Visible() orb.Bound {
	min := v.Unproject(orb.Point{0, v.Height})
	max := v.Unproject(orb.Point{v.Width, 0})
	return orb.Bound{Min: min, Max: max}
}

// Point maps a projected point onto the canvas.
func (v Viewport) Point(p orb.Point) orb.Point {
	return orb.Point{
		v.dx + (p[0]-v.Bounds.Min[0])*v.scale,
		v.dy + (v.Bounds.Max[1]-p[1])*v.scale,
	}
}

// Unproject maps a canvas point back to projected coordinates.
func (v Viewport) Unproject(p orb.Point) orb.Point {
	return orb.Point{
		(p[0]-v.dx)/v.scale + v.Bounds.Min[0],
		v.Bounds.Max[1] - (p[1]-v.dy)/v.scale,
	}
}

// PathData returns the SVG path data of the projected multipolygon mp on the
// canvas, with coordinates rounded to decimals places. It writes relative
// moves from rounded absolute positions, so rounding never accumulates, and
// drops points that round onto their predecessor.
func (v Viewport) PathData(mp orb.MultiPolygon, decimals int) string {
	var b strings.Builder
	pw := pathWriter{b: &b, f: math.Pow10(decimals), decimals: decimals}
	for _, poly := range mp {
		for _, ring := range poly {
			pw.ring(v, ring)
		}
	}
	return b.String()
}

// LinePathData is PathData for open lines.
func (v Viewport) LinePathData(ml orb.MultiLineString, decimals int) string {
	var b strings.Builder
	pw := pathWriter{b: &b, f: math.Pow10(decimals), decimals: decimals}
	for _, ls := range ml {
		pw.line(v, ls, false)
	}
	return b.String()
}

type pathWriter struct {
	b        *strings.Builder
	f        float64
	decimals int
	x, y     int64 // current position in units of 10^-decimals
}

func (w *pathWriter) ring(v Viewport, r orb.Ring) {
	if len(r) < 4 {
		return
	}
	w.line(v, orb.LineString(r[:len(r)-1]), true)
}

func (w *pathWriter) line(v Viewport, ls orb.LineString, closed bool) {
	if len(ls) < 2 {
		return
	}
	n := 0
	for i, p := range ls {
		q := v.Point(p)
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
