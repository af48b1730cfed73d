package web

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/claimsmap/claimsmap/internal/defaultdata"
	"github.com/claimsmap/claimsmap/static"
)

// TestMapViews: /views/ draws any view of the site's maps as SVG, refuses
// what it cannot draw with a clear 4xx, and shares one drawing between
// requests that differ below its precision.
func TestMapViews(t *testing.T) {
	for _, tc := range []struct {
		path   string
		status int
		want   string
	}{
		{"/views/donetsk.svg?zoom=4&center=37.8,48.0", 200, `data-zoom="4"`},
		{"/views/Donetsk.svg?zoom=4&center=37.8,48.0", 200, `data-map="donetsk"`},
		{"/views/ukraine.svg", 200, `data-zoom="1"`},
		{"/views/ukraine.svg?zoom=3&center=36,48&id=article-map", 200, `id="article-map-hatch"`},
		{"/views/ukraine.svg?zoom=2&date=2020-01-01", 200, `data-date="2015-02-18"`},
		{"/views/donetsk.svg?zoom=0", 400, "zoom"},
		{"/views/donetsk.svg?zoom=33", 400, "zoom"},
		{"/views/donetsk.svg?zoom=NaN", 400, "zoom"},
		{"/views/donetsk.svg?center=120,10", 400, "center"},
		{"/views/donetsk.svg?center=37", 400, "center"},
		{"/views/donetsk.svg?id=embed-map", 400, "id"},
		{"/views/donetsk.svg?id=article-map", 400, "Ukraine"},
		{"/views/donetsk.svg?width=5000", 400, "Unknown parameter"},
		{"/views/donetsk.svg?date=2001-01-01", 404, "snapshot"},
		{"/views/lviv.svg", 404, "No map"},
		{"/views/donetsk.png", 404, "SVG"},
		{"/views/" + strings.Repeat("x", 5000) + ".svg", 404, "No map"},
	} {
		r := get(t, tc.path)
		b := body(t, r)
		if r.StatusCode != tc.status || !strings.Contains(b, tc.want) {
			t.Errorf("%s: %d %.200q, want %d with %q", tc.path, r.StatusCode, b, tc.status, tc.want)
		}
		if len(b) > 2000 && tc.status != 200 {
			t.Errorf("%s: a %d-byte error", tc.path, len(b))
		}
		if tc.status == 200 {
			if ct := r.Header.Get("Content-Type"); ct != "image/svg+xml" {
				t.Errorf("%s: Content-Type %q", tc.path, ct)
			}
			if err := xml.Unmarshal([]byte(b), new(struct{})); err != nil {
				t.Errorf("%s: not XML: %v", tc.path, err)
			}
		}
	}
	// Centres closer than a ten-thousandth of a degree, and zooms between
	// the same two levels, are one view.
	a := body(t, get(t, "/views/donetsk.svg?zoom=4&center=37.80001,48.00001"))
	b := body(t, get(t, "/views/donetsk.svg?zoom=4.1&center=37.8,48.0"))
	if a != b {
		t.Error("views that round to the same zoom and centre differ")
	}
	// The whole map is one view whatever centre is asked for.
	fresh, err := New(Config{Data: defaultdata.FS(), Static: static.FS(), Limits: Limits{Rate: -1}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/views/ukraine.svg", "/views/ukraine.svg?zoom=1&center=30,50", "/views/ukraine.svg?center=31,49"} {
		if rec := serveReq(fresh, p); rec.Code != 200 {
			t.Fatalf("%s: %d", p, rec.Code)
		}
	}
	if n := fresh.current().views.Len(); n != 1 {
		t.Errorf("the whole map asked for with three centres is kept as %d views", n)
	}
}

// TestMapViewSize: a zoomed view stays under 100 KB gzipped, at the zoom
// with the most detail, on the dataset's most intricate ground.
func TestMapViewSize(t *testing.T) {
	for _, path := range []string{
		"/views/ukraine.svg",
		"/views/donetsk.svg",
		"/views/donetsk.svg?zoom=2.8284&center=37.8,48.3",
		"/views/donetsk.svg?zoom=32&center=37.75,48.59",
		"/views/zaporizhzhia.svg?zoom=8&center=35.6,47.5",
		"/views/kherson.svg?zoom=16&center=33.0,46.7",
	} {
		r := get(t, path)
		b := body(t, r)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", path, r.StatusCode)
		}
		var z bytes.Buffer
		w := gzip.NewWriter(&z)
		w.Write([]byte(b))
		w.Close()
		t.Logf("%s: %d bytes, %d gzipped", path, len(b), z.Len())
		if z.Len() > 100_000 {
			t.Errorf("%s is %d bytes gzipped, over 100 KB", path, z.Len())
		}
	}
}

// TestMapViewScaleBar: the scale bar's figure follows the zoom.
func TestMapViewScaleBar(t *testing.T) {
	km := regexp.MustCompile(`<g class="scale"[^>]*>.*?>(\d+) km</text>`)
	var last string
	for _, z := range []string{"1", "4", "16"} {
		b := body(t, get(t, "/views/donetsk.svg?center=37.8,48.0&zoom="+z))
		m := km.FindStringSubmatch(b)
		if m == nil {
			t.Fatalf("zoom %s: no scale bar", z)
		}
		if m[1] == last {
			t.Errorf("zoom %s: the scale bar still says %s km", z, m[1])
		}
		last = m[1]
	}
	// At the closest zoom the bar stays near a sixth of the map's width.
	bar := regexp.MustCompile(`<g class="scale"[^>]*>\s*<path d="M[\d.]+ [\d.]+v-?[\d.]+h([\d.]+)`)
	b := body(t, get(t, "/views/kherson.svg?zoom=32"))
	if m := bar.FindStringSubmatch(b); m == nil {
		t.Error("zoom 32: no scale bar path")
	} else if l, _ := strconv.ParseFloat(m[1], 64); l > 960/3 {
		t.Errorf("zoom 32: the scale bar is %g px long on a 960 px map", l)
	}
}

func BenchmarkMapViewCold(b *testing.B) {
	s := testServer(b)
	i := 0
	for b.Loop() {
		// A new centre each time: a view not drawn before.
		i++
		req, _ := http.NewRequest(http.MethodGet, "/views/donetsk.svg?zoom=8&center=37.6,"+strings.TrimRight(strings.TrimRight(formatFloat(47.5+float64(i%2000)*0.0005), "0"), "."), nil)
		rec := newRecorder()
		s.Handler().ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
}

func BenchmarkMapViewWarm(b *testing.B) {
	s := testServer(b)
	for b.Loop() {
		req, _ := http.NewRequest(http.MethodGet, "/views/donetsk.svg?zoom=8&center=37.6,48.3", nil)
		rec := newRecorder()
		s.Handler().ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
}

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'f', 4, 64) }

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }

// TestRegionAliases: region URLs are case-insensitive, variant spellings
// redirect to the region's own, and a division opens its region's map on
// it.
func TestRegionAliases(t *testing.T) {
	for _, tc := range []struct {
		path, want string
	}{
		{"/regions/Donetsk", "/regions/donetsk"},
		{"/regions/DONETSK?date=2024-01-01", "/regions/donetsk?date=2024-01-01"},
		{"/regions/Zaporozhye", "/regions/zaporizhzhia"},
		{"/regions/zaporozhye-oblast", "/regions/zaporizhzhia"},
		{"/regions/Zaporozhye/named?page=2", "/regions/zaporizhzhia/named?page=2"},
		{"/regions/sevastopol", "/regions/crimea#view=4/"},
		{"/regions/Sebastopol", "/regions/crimea#view=4/"},
	} {
		r := get(t, tc.path)
		if r.StatusCode != http.StatusMovedPermanently || !strings.HasPrefix(r.Header.Get("Location"), tc.want) {
			t.Errorf("%s: %d to %q, want a redirect to %q", tc.path, r.StatusCode, r.Header.Get("Location"), tc.want)
		}
	}
	for _, p := range []string{"/regions/lviv", "/regions/kharkiv", "/regions/donbas", "/regions/" + strings.Repeat("a", 300)} {
		if r := get(t, p); r.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, r.StatusCode)
		}
	}
}

// TestMapViewBusy: a view not drawn yet is expensive work: with the pool
// full it is refused with 503 and Retry-After, and a view already drawn is
// still served.
func TestMapViewBusy(t *testing.T) {
	s := limitedServer(t, Config{Limits: Limits{Workers: 1, Queue: 1, Rate: -1}})
	drawn := "/views/donetsk.svg?zoom=4&center=37.8,48.0"
	if rec := serveReq(s, drawn); rec.Code != http.StatusOK {
		t.Fatalf("%s: %d", drawn, rec.Code)
	}
	release := occupy(t, s)
	defer release()
	if rec := serveReq(s, "/views/donetsk.svg?zoom=8&center=37.6,48.3"); rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
		t.Errorf("a new view with every worker busy: %d, Retry-After %q; want 503 with Retry-After", rec.Code, rec.Header().Get("Retry-After"))
	}
	if rec := serveReq(s, drawn); rec.Code != http.StatusOK {
		t.Errorf("a view already drawn, with every worker busy: %d", rec.Code)
	}
}
