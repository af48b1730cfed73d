package cartography

import (
	"math"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/claimsmap/claimsmap/internal/atlas"
)

// townsOf lists the atlas's gazetteer settlements as candidate towns.
func townsOf(a *atlas.Atlas) []Place {
	var ts []Place
	for _, s := range a.Gazetteer.Settlements() {
		ts = append(ts, Place{ID: s.ID, Name: s.Name, Point: orb.Point{s.Lon, s.Lat}, Population: s.Population})
	}
	return ts
}

func TestQuantizeZoom(t *testing.T) {
	for _, tc := range []struct{ in, want float64 }{
		{0, 1}, {math.NaN(), 1}, {-3, 1}, {1, 1}, {1.1, 1}, {1.3, 1.4142}, {2, 2}, {2.1, 2}, {3, 2.8284},
		{4, 4}, {31, 32}, {32, 32}, {1000, 32},
	} {
		if got := QuantizeZoom(tc.in); got != tc.want {
			t.Errorf("QuantizeZoom(%g) = %g, want %g", tc.in, got, tc.want)
		}
	}
}

// TestZoomedViewAddsDetail: the view of Donetsk magnified four times shows
// towns the whole view has no room for, a shorter scale bar that is right
// for its scale, and labels that neither overlap nor leave the canvas.
func TestZoomedViewAddsDetail(t *testing.T) {
	a := defaultAtlas(t)
	v := a.Latest()
	opt := Options{Width: 960, Height: 680, Region: "donetsk", Towns: townsOf(a)}
	whole, err := Build(v, opt)
	if err != nil {
		t.Fatal(err)
	}
	opt.Zoom, opt.Center = 4, orb.Point{37.8, 48.0}
	near, err := Build(v, opt)
	if err != nil {
		t.Fatal(err)
	}
	if near.Zoom != 4 || math.Abs(near.Center[0]-37.8) > 1e-6 || math.Abs(near.Center[1]-48.0) > 1e-6 {
		t.Errorf("drawn at zoom %g centre %v, want 4 at 37.8,48.0", near.Zoom, near.Center)
	}
	if got, want := near.View.Scale()/whole.View.Scale(), 4.0; math.Abs(got-want) > 1e-9 {
		t.Errorf("zoomed scale is %g times the whole view's, want %g", got, want)
	}
	names := func(m *Map) []string {
		var ns []string
		for _, t := range m.Towns {
			ns = append(ns, t.Name)
		}
		return ns
	}
	var added []string
	for _, n := range names(near) {
		if !slices.Contains(names(whole), n) {
			added = append(added, n)
		}
	}
	if len(added) < 10 {
		t.Errorf("zooming in added towns %v; want at least ten", added)
	}
	for _, m := range []*Map{whole, near} {
		// The bar's length in pixels stands for its kilometres at the
		// view's scale, within a rounding of 0.1 px.
		if got := float64(m.Scale.Km) * m.View.Scale(); math.Abs(got-m.Scale.Length) > 0.06 {
			t.Errorf("scale bar of %d km is %g px, want %g", m.Scale.Km, m.Scale.Length, got)
		}
		checkLabels(t, m)
	}
	if near.Scale.Km >= whole.Scale.Km {
		t.Errorf("scale bar %d km zoomed in, %d km whole: it must shorten", near.Scale.Km, whole.Scale.Km)
	}
}

// checkLabels checks that no two labels of a map overlap and that none
// leaves the canvas, using the boxes the labeller reasons with.
func checkLabels(t *testing.T, m *Map) {
	t.Helper()
	var boxes []orb.Bound
	var names []string
	add := func(mk Mark, size, r float64) {
		if mk.NoLabel {
			return
		}
		w := textWidth(mk.Name, size)
		b := orb.Bound{Min: orb.Point{mk.X + r + 1, mk.Y - size}, Max: orb.Point{mk.X + r + 2 + w, mk.Y + 2}}
		if mk.LabelLeft {
			b = orb.Bound{Min: orb.Point{mk.X - r - 2 - w, mk.Y - size}, Max: orb.Point{mk.X - r - 1, mk.Y + 2}}
		}
		boxes, names = append(boxes, b), append(names, mk.Name)
	}
	for _, c := range m.Cities {
		add(c, cityFont, 3.5)
	}
	for _, c := range m.Towns {
		add(c, cityFont, 3)
	}
	for _, c := range m.Places {
		add(c, placeFont, 4)
	}
	for _, c := range m.CountryNames {
		w := 1.25 * textWidth(c.Name, countryFont)
		boxes = append(boxes, orb.Bound{Min: orb.Point{c.X - w/2, c.Y - countryFont}, Max: orb.Point{c.X + w/2, c.Y + 3}})
		names = append(names, c.Name)
	}
	for _, r := range m.Regions {
		if r.HasLabel {
			w := textWidth(r.Label.Name, regionFont)
			boxes = append(boxes, orb.Bound{Min: orb.Point{r.Label.X - w/2, r.Label.Y - regionFont}, Max: orb.Point{r.Label.X + w/2, r.Label.Y + 3}})
			names = append(names, r.Label.Name)
		}
	}
	for i, b := range boxes {
		// Labels are placed at positions rounded to 0.1 px.
		if b.Min[0] < 1.9 || b.Min[1] < 1.9 || b.Max[0] > m.Width-1.9 || b.Max[1] > m.Height-1.9 {
			t.Errorf("zoom %g: label %q leaves the canvas: %v", m.Zoom, names[i], b)
		}
		for j := i + 1; j < len(boxes); j++ {
			c := boxes[j]
			if b.Min[0]+0.2 < c.Max[0] && c.Min[0]+0.2 < b.Max[0] && b.Min[1]+0.2 < c.Max[1] && c.Min[1]+0.2 < b.Max[1] {
				t.Errorf("zoom %g: labels %q and %q overlap", m.Zoom, names[i], names[j])
			}
		}
	}
}

// TestCountryNames: the whole map names Ukraine and its neighbours in
// view, without clashes (checkLabels).
func TestCountryNames(t *testing.T) {
	a := defaultAtlas(t)
	m, err := Build(a.Latest(), Options{Width: 960, Height: 680, Towns: townsOf(a)})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range m.CountryNames {
		names = append(names, c.Name)
	}
	for _, want := range []string{"UKRAINE", "RUSSIA"} {
		if !slices.Contains(names, want) {
			t.Errorf("the whole map names %v, not %s", names, want)
		}
	}
	checkLabels(t, m)
}

// TestZoomCentreClamped: a centre that would show ground beyond the whole
// view is moved back, so the view never leaves the map.
func TestZoomCentreClamped(t *testing.T) {
	a := defaultAtlas(t)
	whole, err := Build(a.Latest(), Options{Width: 960, Height: 680})
	if err != nil {
		t.Fatal(err)
	}
	m, err := Build(a.Latest(), Options{Width: 960, Height: 680, Zoom: 2, Center: orb.Point{19, 41}})
	if err != nil {
		t.Fatal(err)
	}
	w, z := whole.View.Visible(), m.View.Visible()
	if z.Min[0] < w.Min[0]-1e-6 || z.Min[1] < w.Min[1]-1e-6 || z.Max[0] > w.Max[0]+1e-6 || z.Max[1] > w.Max[1]+1e-6 {
		t.Errorf("zoomed view %v leaves the whole view %v", z, w)
	}
	if math.Abs((z.Max[0]-z.Min[0])*2-(w.Max[0]-w.Min[0])) > 1e-6 {
		t.Errorf("zoom 2 view is %g km wide, the whole view %g", z.Max[0]-z.Min[0], w.Max[0]-w.Min[0])
	}
}

// BenchmarkBuildZoomed is the cost of a view of Donetsk magnified eight
// times, which the server draws when a reader zooms.
func BenchmarkBuildZoomed(b *testing.B) {
	a := defaultAtlas(b)
	v := a.Latest()
	opt := Options{Width: 960, Height: 680, Region: "donetsk", Zoom: 8, Center: orb.Point{37.6, 48.3}, Towns: townsOf(a)}
	for b.Loop() {
		if _, err := Build(v, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// TestUnknownPopulationAtClosestZoom: a settlement of unknown population
// (the front-line villages the hand-kept list adds) shows at the closest
// zooms and not before.
func TestUnknownPopulationAtClosestZoom(t *testing.T) {
	a := defaultAtlas(t)
	village := Place{ID: "test-village", Name: "Testivka", Point: orb.Point{37.9667, 48.5333}}
	has := func(m *Map) bool {
		for _, tw := range m.Towns {
			if tw.ID == village.ID {
				return true
			}
		}
		return false
	}
	for _, tc := range []struct {
		zoom float64
		want bool
	}{{4, false}, {32, true}} {
		m, err := Build(a.Latest(), Options{Width: 960, Height: 680, Region: "donetsk", Zoom: tc.zoom, Center: village.Point, Towns: []Place{village}})
		if err != nil {
			t.Fatal(err)
		}
		if has(m) != tc.want {
			t.Errorf("zoom %g: village drawn %v, want %v", tc.zoom, has(m), tc.want)
		}
	}
}
