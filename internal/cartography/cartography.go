// Package cartography lays out claimsmap's maps: it projects the atlas with
// the one projection every map uses (geo.UkraineAlbers), simplifies it for
// the scale it is drawn at with shared borders kept shared, clips it to the
// view and maps it onto the canvas, with label positions. The result is a
// plain value of pixel-space orb geometry that the page's template and the
// image writers draw, each formatting it in its own way.
package cartography

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/simplify"

	"github.com/claimsmap/claimsmap/geo"
	"github.com/claimsmap/claimsmap/internal/atlas"
)

// Map is a laid-out map: geometry and positions on a Width×Height canvas,
// in pixels with y down.
type Map struct {
	Width, Height float64
	Date          string
	// Focus is the slug of the region the map is zoomed to, or empty.
	Focus     string
	Countries []Shape
	Divisions []Shape
	Regions   []RegionShape
	// Outside is territory held outside the claim.
	Outside []Shape
	// Contested is the grey zone neither side held.
	Contested []Shape
	Rivers    []Line
	Cities    []Mark
	Seas      []Mark
	// CountryNames label the countries in view, Ukraine's included.
	CountryNames []Mark
	// Places are settlements to mark, styled by who holds them.
	Places []Mark
	// Towns are the gazetteer's settlements drawn at this scale, by rank.
	Towns []Mark
	Scale ScaleBar
	// View maps projected coordinates onto the canvas.
	View geo.Viewport
	// Zoom and Center are the view drawn, after clamping: Zoom is 1 for
	// the whole view; Center is longitude/latitude.
	Zoom   float64
	Center orb.Point
}

// Shape is one drawn area.
type Shape struct {
	Slug string
	Name string
	// Region is the claimed region a division belongs to, or empty.
	Region string
	// Geometry is in pixels. Countries, Outside and Contested hold only
	// shapes on the map; a division off the map has none.
	Geometry orb.MultiPolygon
}

// Line is one drawn line, such as a river.
type Line struct {
	Name     string
	Geometry orb.MultiLineString // in pixels
}

// RegionShape is a claimed region: its outline and its parts, in pixels.
// A part that is not on the map is empty.
type RegionShape struct {
	Slug          string
	Name          string
	Outline       orb.MultiPolygon // the claimed region
	Controlled    orb.MultiPolygon
	NotControlled orb.MultiPolygon
	// Inner is the outlines of the region's divisions where it has more
	// than one (Crimea and Sevastopol), to draw the border between them.
	Inner orb.MultiPolygon
	// Claimed says whether the claim was in force on the map's date; a
	// region not yet claimed is drawn without its claim.
	Claimed  bool
	Label    Mark
	HasLabel bool
}

// Mark is a labelled point.
type Mark struct {
	X, Y    float64
	Name    string
	Capital bool
	ID      string
	Holder  string // for places: russia or ukraine
	// LabelLeft puts the label to the left of the point.
	LabelLeft bool
	// NoLabel says the label found no room: the dot is drawn alone.
	NoLabel bool
}

// Place is a settlement to mark on the map.
type Place struct {
	ID, Name string
	Point    orb.Point // longitude/latitude
	Holder   string
	// Population ranks towns: the larger show first as the scale grows.
	Population int
}

// ScaleBar is a bar Length px long standing for Km kilometres.
type ScaleBar struct {
	X, Y, Length float64
	Km           int
}

// Options choose the view.
type Options struct {
	Width, Height float64
	// Region zooms onto one claimed region and its surroundings; empty
	// shows the whole of Ukraine.
	Region string
	// Places are marked with their names where they fall inside the view.
	Places []Place
	// Zoom magnifies the view around Center: 1 (or 0) shows the region,
	// or Ukraine, whole; at most MaxZoom.
	Zoom float64
	// Center is the centre of a zoomed view, longitude/latitude; ignored
	// when Zoom is 1. A centre that would show ground beyond the whole
	// view is moved back inside it.
	Center orb.Point
	// Towns are settlements drawn by rank as the scale allows (the
	// largest first; see MinPopulation), where their labels fit.
	// HolderOf, if set, says who held a town drawn (its Holder otherwise):
	// asked only of the few a view draws, not of every settlement.
	Towns    []Place
	HolderOf func(id string) string
	// Keep are boxes on the canvas, in pixels, that labels stay out of:
	// the legend, the zoom buttons.
	Keep []orb.Bound
}

// Tolerance is the Douglas–Peucker tolerance in pixels: half a pixel keeps
// every visible bend.
const Tolerance = 0.5

// Decimals is the precision, in decimal places of a pixel, at which a
// writer that stores coordinates as text (SVG) should round the map's
// geometry: a tenth of a pixel is well inside the simplification's
// tolerance.
const Decimals = 1

// inside is everything inside Ukraine, projected, simplified together so
// that divisions, and the held and not-held parts of each region, keep
// common borders.
type inside struct {
	divisions []orb.MultiPolygon // as a.Data.Divisions
	// held, notHeld are per region of the view, as v.Regions.
	held, notHeld []orb.MultiPolygon
	// outside is held ground outside the claim, as v.Outside.
	outside []orb.MultiPolygon
	// grey is the grey zone, as the pieces chosen in Build.
	grey []orb.MultiPolygon
	// claims are the claimed regions dissolved, as a.Regions, for their
	// outlines: Crimea is two divisions, and the border between them is
	// no border of the claim.
	claims []orb.MultiPolygon
}

// simplify simplifies all the layers at once with shared borders kept
// shared, and returns them in the same layout.
func (in inside) simplify(tol float64) inside {
	out := in
	fields := []*[]orb.MultiPolygon{&out.divisions, &out.held, &out.notHeld, &out.outside, &out.grey, &out.claims}
	var all []orb.MultiPolygon
	for _, f := range fields {
		all = append(all, *f...)
	}
	simple := geo.SimplifyShared(all, tol)
	for _, f := range fields {
		n := len(*f)
		*f, simple = simple[:n:n], simple[n:]
	}
	return out
}

// Build lays out a map of the atlas on one view's date.
func Build(v *atlas.View, opt Options) (*Map, error) {
	if opt.Width <= 0 || opt.Height <= 0 {
		return nil, fmt.Errorf("map size %gx%g: both sides must be positive", opt.Width, opt.Height)
	}
	a := v.Atlas
	proj := geo.UkraineAlbers()
	var bounds orb.Bound
	if opt.Region != "" {
		r, ok := a.Region(opt.Region)
		if !ok {
			return nil, fmt.Errorf("no claimed region %q", opt.Region)
		}
		bounds = proj.ProjectMulti(r.Claimed).Bound()
		bounds = bounds.Pad(0.25 * math.Max(bounds.Max[0]-bounds.Min[0], bounds.Max[1]-bounds.Min[1]))
	} else {
		bounds = orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
		for _, d := range a.Data.Divisions {
			bounds = bounds.Union(proj.ProjectMulti(d.Geometry).Bound())
		}
		bounds = bounds.Pad(0.03 * (bounds.Max[0] - bounds.Min[0]))
	}
	home := geo.NewViewport(bounds, opt.Width, opt.Height)
	vp, zoom, centre := zoomed(home, proj, opt)
	tol := Tolerance / vp.Scale()
	visible := vp.Visible()
	frame := visible.Pad(0.02 * (visible.Max[0] - visible.Min[0]))
	// A zoomed view clips before it simplifies: simplifying all of Ukraine
	// at the tolerance of a few kilometres' view would cost far more than
	// drawing it. The clip's frame is wider than the canvas, so the cut
	// edges are never seen.
	cut := func(mp orb.MultiPolygon) orb.MultiPolygon { return mp }
	if zoom > 1 {
		wide := visible.Pad(0.1 * (visible.Max[0] - visible.Min[0]))
		cut = func(mp orb.MultiPolygon) orb.MultiPolygon {
			if len(mp) == 0 || !mp.Bound().Intersects(wide) {
				return nil
			}
			return clip.MultiPolygon(wide, mp)
		}
	}

	m := &Map{Width: opt.Width, Height: opt.Height, Date: v.Date, Focus: opt.Region, View: vp, Zoom: zoom, Center: centre}

	var in inside
	for _, d := range a.Data.Divisions {
		in.divisions = append(in.divisions, cut(proj.ProjectMulti(d.Geometry)))
	}
	for _, r := range v.Regions {
		in.held = append(in.held, cut(proj.ProjectMulti(r.Held.Geometry)))
		in.notHeld = append(in.notHeld, cut(proj.ProjectMulti(r.NotHeld.Geometry)))
	}
	for _, p := range v.Outside {
		in.outside = append(in.outside, cut(proj.ProjectMulti(p.Geometry)))
	}
	var grey []atlas.Piece
	for _, r := range v.Regions {
		if len(r.Contested.Geometry) > 0 {
			grey = append(grey, r.Contested)
		}
	}
	grey = append(grey, v.OutsideContested...)
	for _, p := range grey {
		in.grey = append(in.grey, cut(proj.ProjectMulti(p.Geometry)))
	}
	claims := map[string]orb.MultiPolygon{}
	for _, r := range a.Regions {
		in.claims = append(in.claims, cut(proj.ProjectMulti(r.Claimed)))
	}
	simple := in.simplify(tol)
	for i, r := range a.Regions {
		claims[r.Slug] = simple.claims[i]
	}
	// pixels clips projected geometry to the frame and maps it onto the
	// canvas.
	pixels := func(mp orb.MultiPolygon) orb.MultiPolygon {
		if len(mp) == 0 {
			return nil
		}
		return vp.MultiPolygon(clip.MultiPolygon(frame, mp.Clone()))
	}
	inner := map[string]orb.MultiPolygon{}
	count := map[string]int{}
	for i, d := range a.Data.Divisions {
		m.Divisions = append(m.Divisions, Shape{Slug: d.Slug, Name: d.Name, Region: d.ClaimedRegion, Geometry: pixels(simple.divisions[i])})
		if d.ClaimedRegion != "" {
			inner[d.ClaimedRegion] = append(inner[d.ClaimedRegion], simple.divisions[i]...)
			count[d.ClaimedRegion]++
		}
	}
	for i, r := range v.Regions {
		rs := RegionShape{
			Slug:          r.Slug,
			Name:          r.Name,
			Controlled:    pixels(simple.held[i]),
			NotControlled: pixels(simple.notHeld[i]),
			Claimed:       r.InForce,
			Outline:       pixels(claims[r.Slug]),
		}
		if !r.InForce {
			// Not yet claimed: its held ground is drawn with the ground
			// held outside the claim.
			rs.Controlled = nil
		}
		if count[r.Slug] > 1 {
			rs.Inner = pixels(inner[r.Slug])
		}
		if lp, ok := regionLabelPoint(proj.ProjectMulti(r.Claimed), visible, zoom); ok {
			q := vp.Point(lp)
			rs.Label, rs.HasLabel = Mark{X: round(q[0]), Y: round(q[1]), Name: r.Name}, true
		}
		m.Regions = append(m.Regions, rs)
	}
	for i, p := range v.Outside {
		if g := pixels(simple.outside[i]); len(g) > 0 {
			m.Outside = append(m.Outside, Shape{Slug: p.Region, Name: p.Name, Geometry: g})
		}
	}
	for i, p := range grey {
		if g := pixels(simple.grey[i]); len(g) > 0 {
			m.Contested = append(m.Contested, Shape{Slug: p.Region, Name: p.Name, Geometry: g})
		}
	}

	var countries []orb.MultiPolygon
	for _, c := range a.Data.Context.Countries {
		countries = append(countries, cut(proj.ProjectMulti(c.Geometry)))
	}
	for i, g := range geo.SimplifyShared(countries, tol) {
		if g := pixels(g); len(g) > 0 {
			m.Countries = append(m.Countries, Shape{Name: a.Data.Context.Countries[i].Name, Geometry: g})
		}
	}
	for _, rv := range a.Data.Context.Rivers {
		ml := proj.ProjectGeometry(rv.Geometry).(orb.MultiLineString)
		ml = simplify.DouglasPeucker(tol).MultiLineString(ml)
		if ml := vp.MultiLineString(clip.MultiLineString(frame, ml)); len(ml) > 0 {
			m.Rivers = append(m.Rivers, Line{Name: rv.Name, Geometry: ml})
		}
	}
	m.placeLabels(v, proj, opt, visible, countries)
	m.Scale = scaleBar(vp, opt.Width, opt.Height)
	return m, nil
}

// scaleBar picks a round length near a sixth of the map's width. Albers is
// equal-area, not equidistant, but within Ukraine its linear scale stays
// within 1% of true, so one bar holds for the whole map.
func scaleBar(vp geo.Viewport, w, h float64) ScaleBar {
	target := w / 6 / vp.Scale()
	// Down to 1 km: at the closest zooms of a region 10 km spans two
	// thirds of the map.
	km := 1
	for _, c := range []int{1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500} {
		if float64(c) <= target {
			km = c
		}
	}
	return ScaleBar{X: w - 24 - float64(km)*vp.Scale(), Y: h - 24, Length: round(float64(km) * vp.Scale()), Km: km}
}

func round(v float64) float64 { return math.Round(v*10) / 10 }
