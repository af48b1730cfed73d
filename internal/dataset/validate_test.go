package dataset

import (
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/paulmach/orb"
)

func TestSelfCrossing(t *testing.T) {
	for _, tc := range []struct {
		name string
		ring orb.Ring
		at   orb.Point
		ok   bool
	}{
		{"square", orb.Ring{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}, orb.Point{}, false},
		{"square with a repeated position", orb.Ring{{0, 0}, {1, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}, orb.Point{}, false},
		{"bow-tie", orb.Ring{{0, 0}, {2, 2}, {2, 0}, {0, 2}, {0, 0}}, orb.Point{1, 1}, true},
		{"spike folding back", orb.Ring{{0, 0}, {2, 0}, {1, 0}, {1, 1}, {0, 0}}, orb.Point{1, 0}, true},
		{"pinch", orb.Ring{{0, 0}, {2, 0}, {1, 1}, {2, 2}, {0, 2}, {1, 1}, {0, 0}}, orb.Point{1, 1}, true},
		{"vertex on an edge", orb.Ring{{0, 0}, {2, 0}, {2, 2}, {1, 0}, {0, 2}, {0, 0}}, orb.Point{1, 0}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			at, ok := selfCrossing(tc.ring)
			if ok != tc.ok || at != tc.at {
				t.Errorf("selfCrossing = %v, %v; want %v, %v", at, ok, tc.at, tc.ok)
			}
		})
	}
}

func TestCheckCRS(t *testing.T) {
	named := func(n string) any {
		return map[string]any{"type": "name", "properties": map[string]any{"name": n}}
	}
	for _, n := range []string{"urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84", "OGC:CRS84", "EPSG:4326", "urn:ogc:def:crs:EPSG::4326", "http://www.opengis.net/def/crs/OGC/1.3/CRS84"} {
		if err := checkCRS(named(n)); err != nil {
			t.Errorf("%s refused: %v", n, err)
		}
	}
	for _, v := range []any{named("urn:ogc:def:crs:EPSG::3857"), named("EPSG:43260"), "EPSG:4326", map[string]any{"type": "link"}, nil} {
		if err := checkCRS(v); err == nil {
			t.Errorf("%v accepted", v)
		}
	}
	// A long name in another script is clipped on a letter's boundary:
	// the message stays valid UTF-8.
	err := checkCRS(named("x" + strings.Repeat("Ж", 60)))
	if err == nil || !utf8.ValidString(err.Error()) || !strings.Contains(err.Error(), "…") {
		t.Errorf("a 121-byte crs name, mostly Cyrillic: %q", err)
	}
}

// TestOutsideTolerance: a control polygon reaching a sliver past its
// region (as rounding leaves) loads; one reaching well past does not.
func TestOutsideTolerance(t *testing.T) {
	for _, tc := range []struct {
		south string
		ok    bool
	}{
		{"46", true},
		{"45.999", true}, // about 4 km² of some 4,300
		{"45.9", false},  // about 430 km²
	} {
		fsys := tiny()
		h := string(fsys["h.geojson"].Data)
		h = strings.ReplaceAll(h, "[30,46],[30.5,46]", "[30,"+tc.south+"],[30.5,"+tc.south+"]")
		h = strings.Replace(h, "[30,47],[30,46]", "[30,47],[30,"+tc.south+"]", 1)
		fsys["h.geojson"] = &fstest.MapFile{Data: []byte(h)}
		_, err := Load(fsys)
		if (err == nil) != tc.ok {
			t.Errorf("south edge at %s: %v", tc.south, err)
		}
		if err != nil && !strings.Contains(err.Error(), "h.geojson: feature 0 (region donetsk): ") {
			t.Errorf("error does not name the file and feature: %v", err)
		}
	}
}

// TestOutlineIndexBounded: edges spanning the whole height are not
// listed once per band each.
func TestOutlineIndexBounded(t *testing.T) {
	var r orb.Ring
	for i := range 20000 {
		x := float64(i) * 1e-4
		r = append(r, orb.Point{x, 0}, orb.Point{x + 5e-5, 10})
	}
	r = append(r, orb.Point{2, -1}, orb.Point{0, -1}, orb.Point{0, 0})
	o := newOutline("zigzag", orb.MultiPolygon{{r}})
	n := 0
	for _, b := range o.bands {
		n += len(b)
	}
	if n > 10*len(r) {
		t.Errorf("%d index entries for %d edges", n, len(r))
	}
}

// TestWithinConcave: a polygon whose corners all lie in a concave region
// but which spans its notch is measured, and refused.
func TestWithinConcave(t *testing.T) {
	l := orb.MultiPolygon{{{{30, 46}, {32, 46}, {32, 47}, {31, 47}, {31, 48}, {30, 48}, {30, 46}}}}
	o := newOutline("the L", l)
	inside := orb.MultiPolygon{{{{30.1, 46.1}, {31.9, 46.1}, {31.9, 46.9}, {30.1, 46.9}, {30.1, 46.1}}}}
	if err := o.within(inside); err != nil {
		t.Errorf("a square in the L's foot: %v", err)
	}
	across := orb.MultiPolygon{{{{30.1, 46.1}, {31.9, 46.9}, {30.9, 47.9}, {30.1, 46.1}}}}
	if err := o.within(across); err == nil || !strings.Contains(err.Error(), "lies outside the L") {
		t.Errorf("a triangle across the L's notch, its corners inside: %v", err)
	}
}
