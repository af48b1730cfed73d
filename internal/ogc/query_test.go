package ogc

import (
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

func TestParseBBox(t *testing.T) {
	for _, tc := range []struct {
		in    string
		boxes int // 0 for an error
	}{
		{"33,44.3,35,45", 1},
		{" 33 , 44.3 ,35,45", 1},
		{"1,2,0,3,4,0", 1}, // heights ignored
		{"170,40,-170,60", 2},
		{"1,2,3", 0},
		{"1,2,3,4,5", 0},
		{"a,b,c,d", 0},
		{"NaN,0,1,1", 0},
		{"0,0,181,1", 0},
		{"0,10,1,5", 0},
	} {
		boxes, err := parseBBox(tc.in)
		if tc.boxes == 0 {
			if err == nil {
				t.Errorf("%q: %v, want an error", tc.in, boxes)
			}
			continue
		}
		if err != nil || len(boxes) != tc.boxes {
			t.Errorf("%q: %v, %v; want %d boxes", tc.in, boxes, err, tc.boxes)
		}
	}
}

func TestParseDatetime(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	for _, tc := range []struct {
		in         string
		meets, not []string // days the interval meets and does not
	}{
		{"2025-08-08", []string{"2025-08-08"}, []string{"2025-08-07", "2025-08-09"}},
		{"2025-08-08T23:00:00Z", []string{"2025-08-08"}, []string{"2025-08-09"}},
		{"2025-08-09T01:00:00+02:00", []string{"2025-08-08"}, []string{"2025-08-09"}},
		{"../2025-08-08", []string{"2014-03-18", "2025-08-08"}, []string{"2025-08-09"}},
		{"2025-08-08/..", []string{"2025-08-08", "2030-01-01"}, []string{"2025-08-07"}},
		{"2025-01-01/2025-12-31", []string{"2025-01-01", "2025-12-31"}, []string{"2024-12-31", "2026-01-01"}},
	} {
		iv, err := parseDatetime(tc.in)
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		for _, d := range tc.meets {
			if !iv.overlapsDay(day(d)) {
				t.Errorf("%q does not meet %s", tc.in, d)
			}
		}
		for _, d := range tc.not {
			if iv.overlapsDay(day(d)) {
				t.Errorf("%q meets %s", tc.in, d)
			}
		}
	}
	for _, bad := range []string{"", "/", "2025-13-01", "yesterday", "2025-08-09/2025-08-01"} {
		if _, err := parseDatetime(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func FuzzParseBBox(f *testing.F) {
	for _, s := range []string{"33,44.3,35,45", "30,40,-170,60", "1,2,3", "1,2,3,4,5,6", "a,b,c,d", "-180,-90,180,90", "1e308,0,1,1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		boxes, err := parseBBox(s)
		if err != nil {
			return
		}
		for _, b := range boxes {
			if b.Min[0] > b.Max[0] || b.Min[1] > b.Max[1] || b.Min[0] < -180 || b.Max[0] > 180 || b.Min[1] < -90 || b.Max[1] > 90 {
				t.Errorf("%q: box %v", s, b)
			}
		}
	})
}

func FuzzParseDatetime(f *testing.F) {
	for _, s := range []string{"2025-08-08", "2025-08-08T00:00:00Z", "../2025-08-08", "2025-08-08/..", "2025-01-01/2025-12-31", "/", "2025-08-09/2025-08-01", "2025-08-08T01:00:00+02:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		iv, err := parseDatetime(s)
		if err != nil {
			return
		}
		if !iv.openStart && !iv.openEnd && iv.start.After(iv.end) {
			t.Errorf("%q: interval %v to %v ends before it starts", s, iv.start, iv.end)
		}
	})
}

func TestCheckParams(t *testing.T) {
	for _, tc := range []struct {
		query string
		known []string
		ok    bool
	}{
		{"", nil, true},
		{"f=json", nil, true},
		{"limit=1", nil, false},
		{"limit=1&bbox=1,2,3,4", []string{"bbox", "limit"}, true},
		{"limit=1&limit=2", []string{"limit"}, false},
	} {
		q, _ := url.ParseQuery(tc.query)
		err := CheckParams(q, tc.known...)
		if (err == nil) != tc.ok {
			t.Errorf("%q with %v: %v", tc.query, tc.known, err)
		}
		var e *Error
		if err != nil && (!errors.As(err, &e) || e.NotFound) {
			t.Errorf("%q: %v is not a bad request", tc.query, err)
		}
	}
}

// TestIntersects checks the geometry test of bbox on shapes whose bounding
// boxes meet the box: only the geometry decides.
func TestIntersects(t *testing.T) {
	square := func(x0, y0, x1, y1 float64) orb.Ring {
		return orb.Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
	}
	withHole := orb.Polygon{square(0, 0, 10, 10), square(3, 3, 7, 7)}
	// An L: its bounding box holds (8,8), the shape does not.
	ell := orb.Polygon{{{0, 0}, {10, 0}, {10, 2}, {2, 2}, {2, 10}, {0, 10}, {0, 0}}}
	box := func(x0, y0, x1, y1 float64) orb.Bound {
		return orb.Bound{Min: orb.Point{x0, y0}, Max: orb.Point{x1, y1}}
	}
	for _, tc := range []struct {
		name string
		g    orb.Geometry
		b    orb.Bound
		want bool
	}{
		{"box inside the hole", withHole, box(4, 4, 6, 6), false},
		{"box over the hole's edge", withHole, box(6, 6, 8, 8), true},
		{"box inside the ring", withHole, box(1, 1, 2, 2), true},
		{"box holding all", withHole, box(-1, -1, 11, 11), true},
		{"box touching an edge", withHole, box(10, 5, 11, 6), true},
		{"box in the L's crook", ell, box(5, 5, 9, 9), false},
		{"box on the L's arm", ell, box(5, 1, 9, 9), true},
		{"multipolygon, second part", orb.MultiPolygon{ell, {square(20, 20, 21, 21)}}, box(20.5, 20.5, 30, 30), true},
		{"point inside", orb.Point{1, 1}, box(0, 0, 2, 2), true},
		{"point on the edge", orb.Point{2, 1}, box(0, 0, 2, 2), true},
		{"point outside", orb.Point{3, 1}, box(0, 0, 2, 2), false},
		{"line crossing", orb.LineString{{-1, 1}, {3, 1}}, box(0, 0, 2, 2), true},
		{"line passing by", orb.LineString{{-1, 3}, {3, 5}}, box(0, 0, 2, 2), false},
	} {
		if got := Intersects(tc.g, tc.b); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
