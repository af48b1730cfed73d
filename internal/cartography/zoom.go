package cartography

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/planar"

	"github.com/claimsmap/claimsmap/geo"
	"github.com/claimsmap/claimsmap/internal/atlas"
)

// MaxZoom is the closest view: a region's whole view magnified 32 times
// shows a few kilometres, about the scale of the front-line settlements.
const MaxZoom = 32

// ZoomStep is the ratio between two zoom levels: views are drawn at
// powers of it, so that the views a server makes are few and shared.
var ZoomStep = math.Sqrt2

// QuantizeZoom rounds a zoom to the nearest level (a power of ZoomStep)
// within 1..MaxZoom.
func QuantizeZoom(z float64) float64 {
	if !(z > 1) { // also NaN
		return 1
	}
	k := math.Round(math.Log(z) / math.Log(ZoomStep))
	// Rounded so that 2 is 2, not 2.0000000000000004, in URLs and keys.
	return math.Min(MaxZoom, math.Round(math.Pow(ZoomStep, k)*1e4)/1e4)
}

// zoomed returns the viewport of opt's zoom and centre within the whole
// view home, with the zoom and centre it draws: the centre is moved so
// that the view stays inside the whole view.
func zoomed(home geo.Viewport, proj geo.Albers, opt Options) (geo.Viewport, float64, orb.Point) {
	whole := home.Visible()
	z := QuantizeZoom(opt.Zoom)
	if z == 1 {
		return home, 1, proj.Inverse(whole.Center())
	}
	w, h := (whole.Max[0]-whole.Min[0])/z, (whole.Max[1]-whole.Min[1])/z
	c := proj.Project(opt.Center)
	if opt.Center == (orb.Point{}) {
		c = whole.Center()
	}
	c[0] = math.Max(whole.Min[0]+w/2, math.Min(whole.Max[0]-w/2, c[0]))
	c[1] = math.Max(whole.Min[1]+h/2, math.Min(whole.Max[1]-h/2, c[1]))
	b := orb.Bound{Min: orb.Point{c[0] - w/2, c[1] - h/2}, Max: orb.Point{c[0] + w/2, c[1] + h/2}}
	return geo.NewViewport(b, opt.Width, opt.Height), z, proj.Inverse(c)
}

// regionLabelPoint is where a region's name goes: its label point if that
// is in view, else, in a zoomed view, the label point of the part in view
// when that part is large enough to carry a name.
func regionLabelPoint(claimed orb.MultiPolygon, visible orb.Bound, zoom float64) (orb.Point, bool) {
	inner := visible.Pad(-0.06 * (visible.Max[0] - visible.Min[0]))
	if lp, ok := geo.LabelPoint(claimed); ok && inner.Contains(lp) {
		return lp, true
	}
	if zoom == 1 || !claimed.Bound().Intersects(visible) {
		return orb.Point{}, false
	}
	part := clip.MultiPolygon(inner, claimed.Clone())
	if planar.Area(part) < 0.08*(inner.Max[0]-inner.Min[0])*(inner.Max[1]-inner.Min[1]) {
		return orb.Point{}, false
	}
	return geo.LabelPoint(part)
}

// MinPopulation is the smallest town drawn at a scale of pxPerKm pixels
// a kilometre: none on the whole of Ukraine (its basemap cities say
// enough), regional centres and large cities on a region's view, and
// down to villages at the closest zooms, where the front-line
// settlements are.
func MinPopulation(pxPerKm float64) int {
	switch {
	case pxPerKm < 1.2:
		return math.MaxInt
	case pxPerKm < 2:
		return 40_000
	case pxPerKm < 4:
		return 12_000
	case pxPerKm < 8:
		return 4_000
	case pxPerKm < 16:
		return 1_500
	}
	return 0
}

// Sizes of the map's text in pixels, as the stylesheet and the image
// writers set them: a label's box is estimated from them.
const (
	regionFont = 14
	cityFont   = 11
	placeFont  = 11.5
)

// maxTowns bounds the towns on one view, so that a view's size stays
// small whatever the gazetteer holds.
const maxTowns = 60

// labeller places labels without overlap: each takes a box, and a label
// whose box would meet one already taken, or leave the canvas, is not
// drawn.
type labeller struct {
	w, h  float64
	taken []orb.Bound
}

func (l *labeller) free(b orb.Bound) bool {
	if b.Min[0] < 2 || b.Min[1] < 2 || b.Max[0] > l.w-2 || b.Max[1] > l.h-2 {
		return false
	}
	for _, t := range l.taken {
		if b.Min[0] < t.Max[0] && t.Min[0] < b.Max[0] && b.Min[1] < t.Max[1] && t.Min[1] < b.Max[1] {
			return false
		}
	}
	return true
}

func (l *labeller) take(b orb.Bound) { l.taken = append(l.taken, b) }

// textWidth estimates a label's width: 0.58 em a character on average
// for the sans-serif faces the map uses.
func textWidth(s string, size float64) float64 {
	return 0.58 * size * float64(len([]rune(s)))
}

// point places a point's label to the right of its dot, else to the
// left, and reports whether one fit; the dot is taken with its label, and
// neither when the dot's own place is taken.
func (l *labeller) point(q orb.Point, name string, size, r float64) (Mark, bool) {
	w := textWidth(name, size)
	m := Mark{X: round(q[0]), Y: round(q[1]), Name: name}
	dot := orb.Bound{Min: orb.Point{q[0] - r, q[1] - r}, Max: orb.Point{q[0] + r, q[1] + r}}
	if !l.free(dot) {
		return m, false
	}
	type try struct {
		b    orb.Bound
		left bool
	}
	for _, t := range []try{
		{orb.Bound{Min: orb.Point{q[0] + r + 1, q[1] - size}, Max: orb.Point{q[0] + r + 2 + w, q[1] + 2}}, false},
		{orb.Bound{Min: orb.Point{q[0] - r - 2 - w, q[1] - size}, Max: orb.Point{q[0] - r - 1, q[1] + 2}}, true},
	} {
		if l.free(t.b) {
			l.take(t.b)
			l.take(dot)
			m.LabelLeft = t.left
			return m, true
		}
	}
	return m, false
}

// placeLabels chooses the cities, places and towns of the view and places
// their labels, the region names first.
func (m *Map) placeLabels(v *atlas.View, proj geo.Albers, opt Options, visible orb.Bound, countries []orb.MultiPolygon) {
	a := v.Atlas
	l := &labeller{w: opt.Width, h: opt.Height, taken: slices.Clone(opt.Keep)}
	// Region names first on the wider views, where they are what the
	// reader looks for; on the closest, places first, and a region's name
	// where room is left (its view is all one region).
	regionNames := func() {
		for i := range m.Regions {
			r := &m.Regions[i]
			if !r.HasLabel {
				continue
			}
			w := textWidth(r.Label.Name, regionFont)
			placed := false
			// The name goes on its label point, or just above or below it
			// when that is taken (by the legend, or by the city of the same
			// name that the label point often falls on).
			for _, dy := range []float64{0, -18, 18, -34, 34} {
				b := orb.Bound{Min: orb.Point{r.Label.X - w/2, r.Label.Y + dy - regionFont}, Max: orb.Point{r.Label.X + w/2, r.Label.Y + dy + 3}}
				if l.free(b) {
					l.take(b)
					r.Label.Y = round(r.Label.Y + dy)
					placed = true
					break
				}
			}
			r.HasLabel = placed
		}
	}
	if m.Zoom < 8 {
		regionNames()
	}
	inside := visible.Pad(-0.01 * (visible.Max[0] - visible.Min[0]))
	for _, s := range a.Data.Context.Seas {
		p := proj.Project(s.Point)
		if !inside.Contains(p) {
			continue
		}
		q := m.View.Point(p)
		w := textWidth(s.Name, 12)
		b := orb.Bound{Min: orb.Point{q[0] - w/2, q[1] - 12}, Max: orb.Point{q[0] + w/2, q[1] + 3}}
		if l.free(b) {
			l.take(b)
			m.Seas = append(m.Seas, Mark{X: round(q[0]), Y: round(q[1]), Name: s.Name})
		}
	}
	// The places the articles name come first: they are why the map is
	// drawn. A place whose label does not fit keeps its dot.
	named := map[string]bool{}
	for _, pl := range opt.Places {
		p := proj.Project(pl.Point)
		if !inside.Contains(p) {
			continue
		}
		named[pl.ID] = true
		mk, ok := l.point(m.View.Point(p), pl.Name, placeFont, 4)
		mk.NoLabel = !ok
		mk.ID, mk.Holder = pl.ID, pl.Holder
		m.Places = append(m.Places, mk)
	}
	drawn := map[string]bool{}
	for _, c := range a.Data.Context.Cities {
		p := proj.Project(c.Point)
		if !inside.Contains(p) {
			continue
		}
		if mk, ok := l.point(m.View.Point(p), c.Name, cityFont, 3.5); ok {
			mk.Capital = c.Capital
			m.Cities = append(m.Cities, mk)
			drawn[c.Name] = true
		}
	}
	// Only the towns big enough for the scale and in view are ranked: on
	// the whole of Ukraine none are, and a close view holds a few dozen.
	min := MinPopulation(m.View.Scale())
	type candidate struct {
		Place
		p orb.Point // projected
	}
	var towns []candidate
	for _, t := range opt.Towns {
		if t.Population < min || named[t.ID] || drawn[t.Name] {
			continue
		}
		if p := proj.Project(t.Point); inside.Contains(p) {
			towns = append(towns, candidate{t, p})
		}
	}
	slices.SortStableFunc(towns, func(x, y candidate) int { return cmp.Compare(y.Population, x.Population) })
	n := 0
	for _, t := range towns {
		if n == maxTowns {
			break
		}
		p := t.p
		if mk, ok := l.point(m.View.Point(p), t.Name, cityFont, 3); ok {
			mk.ID, mk.Holder = t.ID, t.Holder
			if opt.HolderOf != nil {
				mk.Holder = opt.HolderOf(t.ID)
			}
			m.Towns = append(m.Towns, mk)
			n++
		}
	}
	if m.Zoom >= 8 {
		regionNames()
	}
	// Country names last: the map's own places matter more.
	m.countryNames(a, proj, l, visible, countries)
}

// ukraineLabel is where Ukraine's name goes: the middle of the country,
// between Cherkasy and Kropyvnytskyi, clear of its cities' labels.
var ukraineLabel = orb.Point{32.0, 48.95}

// countryFont is the size of country names, set in capitals and spaced.
const countryFont = 12

// countryNames names the countries in view where a good part of them is
// in view and the name finds room: each at the label point of its part in
// view, Ukraine at ukraineLabel.
// countries are the context countries as Build projected them (in
// a.Data.Context.Countries order); clip cuts in place, so they are copied.
func (m *Map) countryNames(a *atlas.Atlas, proj geo.Albers, l *labeller, visible orb.Bound, countries []orb.MultiPolygon) {
	inner := visible.Pad(-0.05 * (visible.Max[0] - visible.Min[0]))
	area := (inner.Max[0] - inner.Min[0]) * (inner.Max[1] - inner.Min[1])
	place := func(name string, p orb.Point) {
		q := m.View.Point(p)
		name = strings.ToUpper(name)
		w := 1.25 * textWidth(name, countryFont)
		b := orb.Bound{Min: orb.Point{q[0] - w/2, q[1] - countryFont}, Max: orb.Point{q[0] + w/2, q[1] + 3}}
		if l.free(b) {
			l.take(b)
			m.CountryNames = append(m.CountryNames, Mark{X: round(q[0]), Y: round(q[1]), Name: name})
		}
	}
	if p := proj.Project(ukraineLabel); inner.Contains(p) {
		place("Ukraine", p)
	}
	for i, c := range a.Data.Context.Countries {
		g := countries[i]
		if !g.Bound().Intersects(inner) {
			continue
		}
		part := clip.MultiPolygon(inner, g.Clone())
		if planar.Area(part) < 0.04*area {
			continue
		}
		if lp, ok := geo.LabelPoint(part); ok {
			place(c.Name, lp)
		}
	}
}
