package tiles

import (
	"math"

	"github.com/paulmach/orb"
)

// tidy makes geometry projected to whole tile units valid MVT, working in
// place: coordinates stay within lo..hi (a point clipped onto the buffer's
// edge can floor one unit past it), repeated points go, rings and lines
// that rounding flattened go, exterior rings get a positive area in tile
// coordinates (y down) and holes a negative one, as section 4.3.4.4 of the
// specification asks; GeoJSON's counter-clockwise exteriors come out the
// wrong way round once y points down. It returns nil when nothing is left.
func tidy(g orb.Geometry, lo, hi float64) orb.Geometry {
	switch g := g.(type) {
	case orb.Point:
		return clampPoint(g, lo, hi)
	case orb.MultiPoint:
		for i, p := range g {
			g[i] = clampPoint(p, lo, hi)
		}
		return g
	case orb.LineString:
		if ls := tidyLine(g, lo, hi); ls != nil {
			return ls
		}
	case orb.MultiLineString:
		out := g[:0]
		for _, ls := range g {
			if ls = tidyLine(ls, lo, hi); ls != nil {
				out = append(out, ls)
			}
		}
		switch len(out) {
		case 0:
		case 1:
			return out[0]
		default:
			return out
		}
	case orb.Polygon:
		if p := tidyPolygon(g, lo, hi); p != nil {
			return p
		}
	case orb.MultiPolygon:
		out := g[:0]
		for _, p := range g {
			if p = tidyPolygon(p, lo, hi); p != nil {
				out = append(out, p)
			}
		}
		switch len(out) {
		case 0:
		case 1:
			return out[0]
		default:
			return out
		}
	}
	return nil
}

func clampPoint(p orb.Point, lo, hi float64) orb.Point {
	return orb.Point{min(max(p[0], lo), hi), min(max(p[1], lo), hi)}
}

// dedupe clamps the points and drops each one equal to its predecessor.
func dedupe(pts []orb.Point, lo, hi float64) []orb.Point {
	out := pts[:0]
	for _, p := range pts {
		p = clampPoint(p, lo, hi)
		if len(out) > 0 && out[len(out)-1] == p {
			continue
		}
		out = append(out, p)
	}
	return out
}

func tidyLine(ls orb.LineString, lo, hi float64) orb.LineString {
	ls = dedupe(ls, lo, hi)
	if len(ls) < 2 {
		return nil
	}
	return ls
}

// tidyPolygon drops a polygon whose exterior has no area left, and holes
// likewise.
func tidyPolygon(p orb.Polygon, lo, hi float64) orb.Polygon {
	out := p[:0]
	for i, r := range p {
		r = orb.Ring(dedupe(r, lo, hi))
		if len(r) > 0 && r[0] != r[len(r)-1] {
			r = append(r, r[0])
		}
		if len(r) < 4 {
			if i == 0 {
				return nil
			}
			continue
		}
		a := signedArea(r)
		if a == 0 || math.IsNaN(a) {
			if i == 0 {
				return nil
			}
			continue
		}
		if (a > 0) != (i == 0) {
			r.Reverse()
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// signedArea is the shoelace area of a closed ring, positive when the ring
// turns counter-clockwise with y up (clockwise as drawn with y down).
func signedArea(r orb.Ring) float64 {
	var a float64
	o := r[0]
	for i := 1; i+1 < len(r); i++ {
		a += (r[i][0]-o[0])*(r[i+1][1]-o[1]) - (r[i+1][0]-o[0])*(r[i][1]-o[1])
	}
	return a / 2
}
