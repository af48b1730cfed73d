package cartography

import (
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/claimsmap/claimsmap/geo"
	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/dataset"
	"github.com/claimsmap/claimsmap/internal/defaultdata"
)

func defaultAtlas(t testing.TB) *atlas.Atlas {
	t.Helper()
	d, err := dataset.Load(defaultdata.FS())
	if err != nil {
		t.Fatal(err)
	}
	a, err := atlas.New(d)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestBuildViews(t *testing.T) {
	a := defaultAtlas(t)
	proj := geo.UkraineAlbers()
	for _, region := range []string{"", "crimea", "luhansk", "donetsk", "zaporizhzhia", "kherson"} {
		t.Run("view="+region, func(t *testing.T) {
			m, err := Build(a.Latest(), Options{Width: 960, Height: 680, Region: region})
			if err != nil {
				t.Fatal(err)
			}
			if len(m.Regions) != 5 || len(m.Divisions) != 27 {
				t.Fatalf("%d regions, %d divisions", len(m.Regions), len(m.Divisions))
			}
			if len(m.Countries) == 0 || len(m.Cities) == 0 || (region == "" && len(m.Rivers) == 0) {
				t.Errorf("basemap incomplete: %d countries, %d rivers, %d cities", len(m.Countries), len(m.Rivers), len(m.Cities))
			}
			vp := m.View
			for _, r := range m.Regions {
				if region == "" || r.Slug == region {
					if len(r.Outline) == 0 || len(r.Controlled) == 0 {
						t.Errorf("%s: %d outline polygons, %d controlled", r.Slug, len(r.Outline), len(r.Controlled))
					}
				}
				if !r.HasLabel {
					if region == "" || r.Slug == region {
						t.Errorf("%s: no label", r.Slug)
					}
					continue
				}
				// The label must sit inside the region it names.
				reg, _ := a.Region(r.Slug)
				p := vp.Unproject(orb.Point{r.Label.X, r.Label.Y})
				if !planar.MultiPolygonContains(proj.ProjectMulti(reg.Claimed), p) {
					t.Errorf("%s: label at %v lies outside the region", r.Slug, p)
				}
			}
		})
	}
}

// TestBuildInPixels checks every shape lies on the canvas, give or take
// the margin the frame clips at, so that writers can draw it as it is.
func TestBuildInPixels(t *testing.T) {
	a := defaultAtlas(t)
	const w, h = 960, 680
	for _, region := range []string{"", "donetsk"} {
		m, err := Build(a.Latest(), Options{Width: w, Height: h, Region: region})
		if err != nil {
			t.Fatal(err)
		}
		canvas := orb.Bound{Min: orb.Point{-0.05 * w, -0.05 * h}, Max: orb.Point{1.05 * w, 1.05 * h}}
		check := func(what string, g orb.Geometry) {
			if g == nil {
				return
			}
			if b := g.Bound(); !canvas.Contains(b.Min) || !canvas.Contains(b.Max) {
				t.Errorf("view %q: %s spans %v, off the %gx%g canvas", region, what, b, float64(w), float64(h))
			}
		}
		for _, s := range append(append(append(m.Countries, m.Divisions...), m.Outside...), m.Contested...) {
			check(s.Name, s.Geometry)
		}
		for _, l := range m.Rivers {
			check(l.Name, l.Geometry)
		}
		for _, r := range m.Regions {
			check(r.Slug+" outline", r.Outline)
			check(r.Slug+" controlled", r.Controlled)
			check(r.Slug+" not controlled", r.NotControlled)
			// The parts lie inside the region's outline.
			for _, part := range []orb.MultiPolygon{r.Controlled, r.NotControlled} {
				if len(part) == 0 {
					continue
				}
				c, _ := planar.CentroidArea(part[0])
				if !planar.MultiPolygonContains(r.Outline, c) && region == "" {
					t.Errorf("%s: a part centred at %v lies outside its outline", r.Slug, c)
				}
			}
		}
	}
}

// TestInsideSimplifyLayout checks the layers come back from simplifying
// in the places they went in.
func TestInsideSimplifyLayout(t *testing.T) {
	square := func(x float64) orb.MultiPolygon {
		return orb.MultiPolygon{{{{x, 0}, {x + 1, 0}, {x + 1, 1}, {x, 1}, {x, 0}}}}
	}
	in := inside{
		divisions: []orb.MultiPolygon{square(0), square(2)},
		held:      []orb.MultiPolygon{square(4)},
		notHeld:   []orb.MultiPolygon{square(6)},
		outside:   []orb.MultiPolygon{square(8), square(10), square(12)},
		grey:      nil,
		claims:    []orb.MultiPolygon{square(14)},
	}
	out := in.simplify(0.01)
	for name, pair := range map[string][2][]orb.MultiPolygon{
		"divisions": {in.divisions, out.divisions}, "held": {in.held, out.held}, "not held": {in.notHeld, out.notHeld},
		"outside": {in.outside, out.outside}, "grey": {in.grey, out.grey}, "claims": {in.claims, out.claims},
	} {
		if len(pair[0]) != len(pair[1]) {
			t.Errorf("%s: %d in, %d out", name, len(pair[0]), len(pair[1]))
			continue
		}
		for i := range pair[0] {
			if got, want := pair[1][i].Bound(), pair[0][i].Bound(); got != want {
				t.Errorf("%s[%d]: bound %v, want %v", name, i, got, want)
			}
		}
	}
}

func TestBuildErrors(t *testing.T) {
	a := defaultAtlas(t)
	for _, o := range []Options{
		{Width: 0, Height: 100},
		{Width: 100, Height: 100, Region: "kharkiv"},
	} {
		if _, err := Build(a.Latest(), o); err == nil {
			t.Errorf("Build(%+v) succeeded", o)
		}
	}
}

func BenchmarkBuildWholeMap(b *testing.B) {
	a := defaultAtlas(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(a.Latest(), Options{Width: 960, Height: 680}); err != nil {
			b.Fatal(err)
		}
	}
}
