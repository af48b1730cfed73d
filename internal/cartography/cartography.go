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
	// Places are settlements to mark, styled by who holds them.
	Places []Mark
	Scale  ScaleBar
	// View maps projected coordinates onto the canvas.
	View geo.Viewport
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
}

// nearLabel reports whether q is within a region label's box.
func nearLabel(regions []RegionShape, q orb.Point) bool {
	for _, r := range regions {
		if r.HasLabel && math.Abs(q[0]-r.Label.X) < float64(4*len(r.Label.Name))+12 && math.Abs(q[1]-r.Label.Y) < 14 {
			return true
		}
	}
	return false
}

// Place is a settlement to mark on the map.
type Place struct {
	ID, Name string
	Point    orb.Point // longitude/latitude
	Holder   string
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
	vp := geo.NewViewport(bounds, opt.Width, opt.Height)
	tol := Tolerance / vp.Scale()
	visible := vp.Visible()
	frame := visible.Pad(0.02 * (visible.Max[0] - visible.Min[0]))

	m := &Map{Width: opt.Width, Height: opt.Height, Date: v.Date, Focus: opt.Region, View: vp}

	var in inside
	for _, d := range a.Data.Divisions {
		in.divisions = append(in.divisions, proj.ProjectMulti(d.Geometry))
	}
	for _, r := range v.Regions {
		in.held = append(in.held, proj.ProjectMulti(r.Held.Geometry))
		in.notHeld = append(in.notHeld, proj.ProjectMulti(r.NotHeld.Geometry))
	}
	for _, p := range v.Outside {
		in.outside = append(in.outside, proj.ProjectMulti(p.Geometry))
	}
	var grey []atlas.Piece
	for _, r := range v.Regions {
		if len(r.Contested.Geometry) > 0 {
			grey = append(grey, r.Contested)
		}
	}
	grey = append(grey, v.OutsideContested...)
	for _, p := range grey {
		in.grey = append(in.grey, proj.ProjectMulti(p.Geometry))
	}
	claims := map[string]orb.MultiPolygon{}
	for _, r := range a.Regions {
		in.claims = append(in.claims, proj.ProjectMulti(r.Claimed))
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
		if lp, ok := geo.LabelPoint(proj.ProjectMulti(r.Claimed)); ok && frame.Contains(lp) {
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
		countries = append(countries, proj.ProjectMulti(c.Geometry))
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
	inside := visible.Pad(-0.03 * (visible.Max[0] - visible.Min[0]))
	for _, c := range a.Data.Context.Cities {
		p := proj.Project(c.Point)
		if !inside.Contains(p) {
			continue
		}
		q := vp.Point(p)
		// A region's name is placed over its main city in several regions
		// (Donetsk, Luhansk): the city's own label would collide with it,
		// and the region's name already says where the city is.
		if nearLabel(m.Regions, q) {
			continue
		}
		// Near the right edge the label goes to the left of the dot.
		left := q[0]+float64(7*len(c.Name)) > opt.Width-8
		m.Cities = append(m.Cities, Mark{X: round(q[0]), Y: round(q[1]), Name: c.Name, Capital: c.Capital, LabelLeft: left})
	}
	for _, s := range a.Data.Context.Seas {
		p := proj.Project(s.Point)
		if !inside.Contains(p) {
			continue
		}
		q := vp.Point(p)
		m.Seas = append(m.Seas, Mark{X: round(q[0]), Y: round(q[1]), Name: s.Name})
	}
	for _, pl := range opt.Places {
		p := proj.Project(pl.Point)
		if !inside.Contains(p) {
			continue
		}
		q := vp.Point(p)
		m.Places = append(m.Places, Mark{X: round(q[0]), Y: round(q[1]), Name: pl.Name, ID: pl.ID, Holder: pl.Holder})
	}
	m.Scale = scaleBar(vp, opt.Width, opt.Height)
	return m, nil
}

// scaleBar picks a round length near a sixth of the map's width. Albers is
// equal-area, not equidistant, but within Ukraine its linear scale stays
// within 1% of true, so one bar holds for the whole map.
func scaleBar(vp geo.Viewport, w, h float64) ScaleBar {
	target := w / 6 / vp.Scale()
	km := 10
	for _, c := range []int{10, 20, 25, 50, 100, 200, 250, 500} {
		if float64(c) <= target {
			km = c
		}
	}
	return ScaleBar{X: w - 24 - float64(km)*vp.Scale(), Y: h - 24, Length: round(float64(km) * vp.Scale()), Km: km}
}

func round(v float64) float64 { return math.Round(v*10) / 10 }
