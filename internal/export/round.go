package export

import (
	"slices"

	"github.com/paulmach/orb"

	"github.com/claimsmap/claimsmap/internal/dataset"
)

// Round returns a copy of g with coordinates rounded to decimals and the
// vertices that rounding made repeat dropped: two points a grid step
// apart become one, which validators flag and GIS tools count as a
// degenerate segment. A ring left with fewer than four points is dropped,
// and a polygon whose exterior is.
func Round(g orb.Geometry, decimals int) orb.Geometry {
	g = dataset.Round(orb.Clone(g), decimals)
	switch g := g.(type) {
	case orb.LineString:
		return dropRepeats(g)
	case orb.MultiLineString:
		for i, l := range g {
			g[i] = dropRepeats(l)
		}
	case orb.Polygon:
		return roundedPolygon(g)
	case orb.MultiPolygon:
		out := g[:0]
		for _, p := range g {
			if p = roundedPolygon(p); len(p) > 0 {
				out = append(out, p)
			}
		}
		return out
	}
	return g
}

func roundedPolygon(p orb.Polygon) orb.Polygon {
	out := p[:0]
	for i, r := range p {
		r = orb.Ring(dropRepeats(orb.LineString(r)))
		if len(r) < 4 {
			if i == 0 {
				return nil
			}
			continue
		}
		out = append(out, r)
	}
	return out
}

func dropRepeats(l orb.LineString) orb.LineString {
	return slices.Compact(l)
}
