package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// Viewport maps projected coordinates (kilometres, y north) onto a canvas
// (pixels, y down): the Bounds are fitted into Width×Height, centred,
// keeping the aspect ratio.
type Viewport struct {
	Bounds        orb.Bound // in projected units
	Width, Height float64   // in pixels
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

// Scale returns pixels per projected unit.
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

// MultiPolygon maps a projected multipolygon onto the canvas. Rings of
// fewer than four points, which enclose nothing, are dropped, and
// polygons left with no ring, so that an empty result means nothing to
// draw.
func (v Viewport) MultiPolygon(mp orb.MultiPolygon) orb.MultiPolygon {
	var out orb.MultiPolygon
	for _, poly := range mp {
		var p orb.Polygon
		for _, r := range poly {
			if len(r) < 4 {
				continue
			}
			q := make(orb.Ring, len(r))
			for i, pt := range r {
				q[i] = v.Point(pt)
			}
			p = append(p, q)
		}
		if len(p) > 0 {
			out = append(out, p)
		}
	}
	return out
}

// MultiLineString maps projected lines onto the canvas, dropping lines of
// fewer than two points.
func (v Viewport) MultiLineString(ml orb.MultiLineString) orb.MultiLineString {
	var out orb.MultiLineString
	for _, ls := range ml {
		if len(ls) < 2 {
			continue
		}
		q := make(orb.LineString, len(ls))
		for i, pt := range ls {
			q[i] = v.Point(pt)
		}
		out = append(out, q)
	}
	return out
}
