package geo

import (
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// LabelPoint returns a point inside the largest polygon of mp at which to
// place its label: the point on surface of simplefeatures (the middle of
// the widest horizontal run through the polygon), which, unlike the
// centroid, is always inside. It returns false for an empty multipolygon.
func LabelPoint(mp orb.MultiPolygon) (orb.Point, bool) {
	var best orb.Polygon
	bestArea := 0.0
	for _, p := range mp {
		if a := planar.Area(p); a > bestArea {
			best, bestArea = p, a
		}
	}
	if best == nil {
		return orb.Point{}, false
	}
	g, err := toSF(orb.MultiPolygon{best})
	if err != nil {
		c, _ := planar.CentroidArea(best)
		return c, true
	}
	pt, ok := g.PointOnSurface().XY()
	if !ok {
		return orb.Point{}, false
	}
	return orb.Point{pt.X, pt.Y}, true
}
