package atlas

import (
	"errors"
	"math"
	"testing"

	"github.com/paulmach/orb/geojson"

	"github.com/claimsmap/claimsmap/geo"
)

// heldKm2 is what the snapshot's control layer holds in a region or
// division, measured from the layer itself: the oracle for the overlay.
func heldKm2(t *testing.T, a *Atlas, date, slug string) float64 {
	t.Helper()
	s, ok := a.Data.Snapshot(date)
	if !ok {
		t.Fatalf("no snapshot %s", date)
	}
	k := 0.0
	for _, c := range s.Areas {
		if c.Region == slug {
			k += geo.Area(c.Geometry)
		}
	}
	return k
}

// TestChangesAddUp checks the overlay against the layers it comes from:
// in every region, what was kept plus what was gained is what was held on
// the later date, and kept plus lost what was held on the earlier one.
func TestChangesAddUp(t *testing.T) {
	a := defaultAtlas(t)
	pairs := [][2]string{
		{"2014-03-18", "2015-02-18"},
		{"2022-02-23", "2022-03-25"},
		{"2022-03-25", "2022-11-12"},
		{"2022-11-12", "2025-08-08"},
		{"2024-12-31", "2025-08-08"},
	}
	for _, p := range pairs {
		t.Run(p[0]+"_"+p[1], func(t *testing.T) {
			ch, err := a.Changes(p[0], p[1])
			if err != nil {
				t.Fatal(err)
			}
			if ch.From != p[0] || ch.To != p[1] {
				t.Fatalf("change from %s to %s, want %s to %s", ch.From, ch.To, p[0], p[1])
			}
			if len(ch.Regions) == 0 {
				t.Fatal("no regions")
			}
			var gained, lost float64
			for _, r := range ch.Regions {
				wantFrom, wantTo := heldKm2(t, a, p[0], r.Region), heldKm2(t, a, p[1], r.Region)
				if d := r.KeptKm2 + r.GainedKm2 - wantTo; math.Abs(d) > 0.5 {
					t.Errorf("%s: kept %.1f + gained %.1f = %.1f km², held on %s %.1f km²", r.Region, r.KeptKm2, r.GainedKm2, r.KeptKm2+r.GainedKm2, p[1], wantTo)
				}
				if d := r.KeptKm2 + r.LostKm2 - wantFrom; math.Abs(d) > 0.5 {
					t.Errorf("%s: kept %.1f + lost %.1f = %.1f km², held on %s %.1f km²", r.Region, r.KeptKm2, r.LostKm2, r.KeptKm2+r.LostKm2, p[0], wantFrom)
				}
				gained += r.GainedKm2
				lost += r.LostKm2
				t.Logf("%-16s gained %9.1f lost %9.1f kept %9.1f", r.Region, r.GainedKm2, r.LostKm2, r.KeptKm2)
			}
			if math.Abs(gained-ch.GainedKm2) > 1e-6 || math.Abs(lost-ch.LostKm2) > 1e-6 {
				t.Errorf("totals gained %.1f lost %.1f, regions sum to %.1f and %.1f", ch.GainedKm2, ch.LostKm2, gained, lost)
			}
		})
	}
}

// TestChangesKnown checks changes everyone reported: the withdrawal from
// the north in spring 2022 and from the right bank of Kherson in November.
func TestChangesKnown(t *testing.T) {
	a := defaultAtlas(t)
	ch, err := a.Changes("2022-03-25", "2022-11-12")
	if err != nil {
		t.Fatal(err)
	}
	for _, slug := range []string{"kyiv", "chernihiv", "sumy"} {
		r, ok := ch.Region(slug)
		if !ok || r.LostKm2 < 1000 || r.ToKm2 > 1 {
			t.Errorf("%s: lost %.0f km², held %.0f km² afterwards; want all of it lost", slug, r.LostKm2, r.ToKm2)
		}
	}
	if r, _ := ch.Region("kherson"); r.LostKm2 < 1000 {
		t.Errorf("kherson: lost %.0f km², want the right bank", r.LostKm2)
	}
	if r, _ := ch.Region("crimea"); r.GainedKm2 > 0.5 || r.LostKm2 > 0.5 {
		t.Errorf("crimea: gained %.1f, lost %.1f km²; want no change", r.GainedKm2, r.LostKm2)
	}
}

func TestChangeDates(t *testing.T) {
	a := defaultAtlas(t)
	for _, tc := range []struct {
		from, to         string
		wantFrom, wantTo string
		err              error
	}{
		{"", "", "2024-12-31", "2025-08-08", nil},
		{"", "2022-11-12", "2022-03-25", "2022-11-12", nil},
		{"2022-06-01", "2024-01-01", "2022-03-25", "2023-12-31", nil},
		{"2014-03-18", "2099-01-01", "2014-03-18", "2025-08-08", nil},
		{"", "2014-03-18", "", "", ErrChangeOrder},
		{"2025-08-08", "2022-03-25", "", "", ErrChangeOrder},
		{"2023-01-01", "2023-06-01", "", "", ErrChangeOrder},
		{"2022-02-23", "2022-02-23", "", "", ErrChangeOrder},
		{"2022-13-01", "", "", "", ErrBadDate},
		{"", "yesterday", "", "", ErrBadDate},
	} {
		f, to, err := a.ChangeDates(tc.from, tc.to)
		if tc.err != nil {
			if !errors.Is(err, tc.err) {
				t.Errorf("ChangeDates(%q, %q) = %v, want %v", tc.from, tc.to, err, tc.err)
			}
			continue
		}
		if err != nil || f != tc.wantFrom || to != tc.wantTo {
			t.Errorf("ChangeDates(%q, %q) = %s, %s, %v; want %s, %s", tc.from, tc.to, f, to, err, tc.wantFrom, tc.wantTo)
		}
	}
	var before *BeforeFirstError
	if _, _, err := a.ChangeDates("2010-01-01", ""); !errors.As(err, &before) {
		t.Errorf("ChangeDates before the first snapshot: %v, want a BeforeFirstError", err)
	}
}

// TestChangesGeoJSON checks the download's properties and that it reads
// back as the areas it states.
func TestChangesGeoJSON(t *testing.T) {
	a := defaultAtlas(t)
	ch, err := a.Changes("2024-12-31", "2025-08-08")
	if err != nil {
		t.Fatal(err)
	}
	b, err := ch.GeoJSON("")
	if err != nil {
		t.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(fc.Features) == 0 {
		t.Fatal("no features")
	}
	for i, f := range fc.Features {
		for _, k := range []string{"region", "change", "from", "to", "area_km2", "source", "method"} {
			if _, ok := f.Properties[k]; !ok {
				t.Errorf("feature %d: no %s", i, k)
			}
		}
		if c := f.Properties.MustString("change", ""); c != ChangeGained && c != ChangeLost {
			t.Errorf("feature %d: change %q", i, c)
		}
		if got, want := geo.Area(f.Geometry), f.Properties.MustFloat64("area_km2", -1); math.Abs(got-want) > 0.1 {
			t.Errorf("feature %d: geometry %.2f km², area_km2 %.2f", i, got, want)
		}
	}
	one, _ := ch.GeoJSON("donetsk")
	fc1, _ := geojson.UnmarshalFeatureCollection(one)
	for _, f := range fc1.Features {
		if f.Properties.MustString("region", "") != "donetsk" {
			t.Errorf("region filter let through %v", f.Properties["region"])
		}
	}
	if len(fc1.Features) == 0 {
		t.Error("no change in Donetsk between 2024-12-31 and 2025-08-08")
	}
}

func TestChangesCached(t *testing.T) {
	a := defaultAtlas(t)
	c1, err := a.Changes("2022-11-12", "2023-12-31")
	if err != nil {
		t.Fatal(err)
	}
	c2, _ := a.Changes("2022-12-01", "2024-01-01") // the same snapshots
	if c1 != c2 {
		t.Error("the same pair of snapshots was computed twice")
	}
}
