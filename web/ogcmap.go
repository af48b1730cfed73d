package web

import (
	"fmt"
	"sync"

	"github.com/paulmach/orb"
	orbclip "github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/simplify"

	"github.com/claimsmap/claimsmap/geo"
	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/cartography"
	"github.com/claimsmap/claimsmap/internal/ogc"
	"github.com/claimsmap/claimsmap/web/view"
)

// The HTML items page shows its features on a small map: the same
// equal-area projection as every map of the site, Ukraine's divisions
// for context, the page's features drawn in the site's colours. It is a
// picture of the table beside it, so it is one image with a text
// alternative, not a set of links.

const (
	ogcMapWidth, ogcMapHeight = 480, 300
	// ogcMapMinSpan is the least width or height, in kilometres, the map
	// shows, so that a page of one place still shows where it is.
	ogcMapMinSpan = 60.0
)

// ogcMapContext is Ukraine's divisions (the boundaries layer) projected,
// drawn under every map.
type ogcMapContext struct {
	once  sync.Once
	polys []orb.MultiPolygon
}

func (m *ogcMapContext) get(o *ogcAPI) []orb.MultiPolygon {
	m.once.Do(func() {
		p := geo.UkraineAlbers()
		for _, d := range o.core.Atlas.Data.Divisions {
			m.polys = append(m.polys, p.ProjectMulti(d.Geometry))
		}
	})
	return m.polys
}

// ogcMapClass is how a collection's features are drawn: the classes of
// the site's map (static/site.css, .map-svg).
func ogcMapClass(collection string) string {
	switch collection {
	case atlas.LayerControlled, atlas.LayerControlledNotClaimed:
		return "controlled"
	case atlas.LayerContested:
		return "contested"
	case atlas.LayerClaimed, atlas.LayerClaimedNotControlled:
		return "claim"
	}
	return "division"
}

// ogcMapKeys say how each kind of feature is drawn.
var ogcMapKeys = map[string]string{
	"controlled": "Solid orange: held by Russian forces.",
	"contested":  "Grey: held by neither side.",
	"claim":      "Hatched within a dashed blue outline: claimed.",
	"division":   "The features are regions, outlined like the others.",
	"place":      "Dots: orange held by Russian forces, white ringed in blue held by Ukraine, grey contested.",
}

// itemsMap draws the features of an items page, or returns nil when the
// page has none.
func (o *ogcAPI) itemsMap(c *ogc.Collection, fs []*ogc.Feature) *view.OGCMap {
	if len(fs) == 0 {
		return nil
	}
	p := geo.UkraineAlbers()
	projected := make(orb.Collection, len(fs))
	for i, f := range fs {
		projected[i] = p.ProjectGeometry(f.Geom)
	}
	b := projected.Bound()
	// Pad the features' box and give it the least span, centred.
	cx, cy := (b.Min[0]+b.Max[0])/2, (b.Min[1]+b.Max[1])/2
	w := max(ogcMapMinSpan, (b.Max[0]-b.Min[0])*1.08)
	h := max(ogcMapMinSpan, (b.Max[1]-b.Min[1])*1.08)
	b = orb.Bound{Min: orb.Point{cx - w/2, cy - h/2}, Max: orb.Point{cx + w/2, cy + h/2}}
	vp := geo.NewViewport(b, ogcMapWidth, ogcMapHeight)
	frame := vp.Visible()
	// draw clips (in place) and simplifies a projected multipolygon.
	draw := func(mp orb.MultiPolygon, tolerance float64) orb.MultiPolygon {
		mp = orbclip.MultiPolygon(frame, mp)
		if len(mp) == 0 {
			return nil
		}
		return vp.MultiPolygon(simplify.DouglasPeucker(tolerance / vp.Scale()).MultiPolygon(mp))
	}

	m := &view.OGCMap{ID: "features-map", Width: ogcMapWidth, Height: ogcMapHeight}
	for _, mp := range o.mapContext.get(o) {
		if !mp.Bound().Intersects(frame) {
			continue
		}
		// The regions under the features, thin grey lines, take twice the
		// tolerance: they are most of the map's bytes. They are cached, so
		// they are clipped as a copy.
		if g := draw(mp.Clone(), 2*cartography.Tolerance); len(g) > 0 {
			m.Context = append(m.Context, g)
		}
	}
	class := ogcMapClass(c.Info.Name)
	areas, points, key := 0, 0, ""
	for i, f := range fs {
		s := view.OGCMapShape{Label: f.ID}
		// The layers hold points and areas only.
		if pt, ok := projected[i].(orb.Point); ok {
			s.Point, s.Class = vp.Point(pt), "place "+ogcHolder(f)
			points++
		} else if mp := geo.Multi(projected[i]); mp != nil {
			s.Class, key = class, ogcMapKeys[class]
			if s.Area = draw(mp, cartography.Tolerance); len(s.Area) == 0 {
				// Smaller than the simplification: a dot where it is.
				s.Point = vp.Point(mp.Bound().Center())
			}
			areas++
		} else {
			continue
		}
		m.Shapes = append(m.Shapes, s)
	}
	m.Title = fmt.Sprintf("Map of the %s on this page", ogcCountWords(len(fs), "feature"))
	what := ""
	switch {
	case areas > 0 && points > 0:
		what = fmt.Sprintf("%s and %s", ogcCountWords(areas, "area"), ogcCountWords(points, "place"))
	case points > 0:
		what = ogcCountWords(points, "place") + ", each a dot coloured by who held it"
	default:
		what = ogcCountWords(areas, "area")
	}
	if points > 0 {
		key = ogcMapKeys["place"]
	}
	m.Key = "Ukraine's regions in thin lines. " + key
	lo, hi := p.Inverse(frame.Min), p.Inverse(frame.Max)
	m.Description = fmt.Sprintf("%s of %s, drawn over Ukraine's regions in the site's equal-area projection; the map spans about %.4g by %.4g km around %.2f° E, %.2f° N. The table lists the same features with their properties.",
		what, c.Info.Title, frame.Max[0]-frame.Min[0], frame.Max[1]-frame.Min[1], (lo[0]+hi[0])/2, (lo[1]+hi[1])/2)
	return m
}

// ogcHolder is who held a place: its class on the map.
func ogcHolder(f *ogc.Feature) string {
	switch h, _ := f.Values["held_by"].(string); h {
	case atlas.HolderRussia, atlas.HolderUkraine, atlas.HolderContested:
		return h
	}
	return "unknown"
}

func ogcCountWords(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
