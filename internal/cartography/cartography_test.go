package cartography

import (
	"strings"
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
					if !strings.HasPrefix(r.Outline, "M") || !strings.HasPrefix(r.Controlled, "M") {
						t.Errorf("%s: outline %.20q, controlled %.20q", r.Slug, r.Outline, r.Controlled)
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
