package web

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/claimsmap/claimsmap/internal/defaultdata"
	"github.com/claimsmap/claimsmap/static"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

var (
	srvOnce sync.Once
	srv     *Server
	srvErr  error
)

// testServer is the server on the embedded default dataset, built once: it
// is immutable, so tests share it.
func testServer(t testing.TB) *Server {
	t.Helper()
	srvOnce.Do(func() {
		// Loopback is a trusted proxy, so that GDAL and browsers reaching
		// an httptest server get links to it.
		_, loopback, _ := net.ParseCIDR("127.0.0.0/8")
		srv, srvErr = New(Config{
			BaseURL: "https://claimsmap.example", Data: defaultdata.FS(), Static: static.FS(),
			Logger:         slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError})),
			TrustedProxies: []*net.IPNet{loopback},
			// Tests of the limits have servers of their own; this one
			// serves many distinct downloads and GDAL's parallel reads.
			Limits: Limits{Rate: -1, Workers: 2, Queue: 64},
		})
	})
	if srvErr != nil {
		t.Fatal(srvErr)
	}
	return srv
}

func get(t *testing.T, path string, header ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	testServer(t).Handler().ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, r *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestPages(t *testing.T) {
	for _, tc := range []struct {
		path   string
		status int
		ctype  string
		want   []string
	}{
		{"/", 200, "text/html", []string{
			"In the news", `href="/articles/alaska-summit-2025-08-08#p5"`, "1 passage",
			"<svg", `href="/regions/donetsk"`, `aria-label="Donetsk: claimed by Russia since 30 September 2022`,
			"Boundaries: Natural Earth · Control: compiled from public reporting, as of 2025-08-08 (approximate)",
			"<table", "Held by Russian forces (approximate)", "<title id=\"map-title\">", "<desc id=\"map-desc\">",
			`/layers/controlled.geojson`, `rel="canonical" href="https://claimsmap.example/"`,
		}},
		{"/regions/donetsk", 200, "text/html", []string{"Donetsk Oblast", "Held by Russian forces", "km²", "30 September 2022", "ES-11/4", "Donetsk People&#39;s Republic"}},
		{"/regions/crimea", 200, "text/html", []string{"Crimea", "Sevastopol", "UA-40", "UA-43", "18 March 2014", "68/262"}},
		{"/regions/luhansk", 200, "text/html", []string{"Luhansk Oblast", "Lugansk"}},
		{"/regions/zaporizhzhia", 200, "text/html", []string{"Zaporizhzhia Oblast", "Zaporozhye"}},
		{"/regions/kherson", 200, "text/html", []string{"Kherson Oblast"}},
		{"/about", 200, "text/html", []string{"Natural Earth", "Albers", "approximation", "CC BY 4.0", "frontline-2025-08-08.csv"}},
		{"/articles/alaska-summit-2025-08-08", 200, "text/html", []string{
			"Trump, Putin to Meet in Alaska", "Rodney Mbua", `id="p5"`, `data-regions="crimea luhansk donetsk zaporizhzhia kherson"`,
			`<a class="mention" href="/regions/zaporizhzhia"`, "[measured: 19.0% on 8 August 2025]", `href="https://uzalendonews.co.ke/?p=154410"`,
		}},
		{"/regions/zaporizhzhia?date=2025-08-08", 200, "text/html", []string{"In the news", `<mark><a class="mention" href="/articles/alaska-summit-2025-08-08#p5"`, "About the disputed territory as a whole"}},
		{"/places", 200, "text/html", []string{"Settlements of the regions Russia claims"}},
		{"/articles/nope", 404, "text/html", []string{"no article"}},
		{"/regions/kharkiv", 404, "text/html", []string{"Page not found", "no claimed region", "Back to the map"}},
		{"/regions/%3Cscript%3E", 404, "text/html", []string{"&lt;script&gt;"}},
		{"/nowhere", 404, "text/html", []string{"Page not found"}},
		{"/layers/nothing.geojson", 404, "application/problem+json", []string{`"status":404`, "the layers are boundaries"}},
		{"/layers/controlled.geojson?date=1999-01-01", 404, "application/problem+json", []string{"No control data on or before 1999-01-01"}},
		{"/healthz", 200, "text/plain", []string{"ok"}},
	} {
		t.Run(tc.path, func(t *testing.T) {
			r := get(t, tc.path)
			b := body(t, r)
			if r.StatusCode != tc.status {
				t.Fatalf("status = %d, want %d; body: %.300s", r.StatusCode, tc.status, b)
			}
			if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, tc.ctype) {
				t.Errorf("Content-Type = %q, want %q", ct, tc.ctype)
			}
			for _, w := range tc.want {
				if !strings.Contains(b, w) {
					t.Errorf("body lacks %q", w)
				}
			}
			if strings.HasPrefix(tc.ctype, "text/html") && r.Header.Get("Content-Security-Policy") == "" {
				t.Error("no Content-Security-Policy")
			}
		})
	}
}

func TestLayers(t *testing.T) {
	for _, name := range []string{"boundaries", "claimed", "controlled", "claimed-not-controlled", "controlled-not-claimed"} {
		t.Run(name, func(t *testing.T) {
			r := get(t, "/layers/"+name+".geojson")
			if r.StatusCode != 200 {
				t.Fatalf("status %d", r.StatusCode)
			}
			if ct := r.Header.Get("Content-Type"); ct != "application/geo+json" {
				t.Errorf("Content-Type = %q", ct)
			}
			if cd := r.Header.Get("Content-Disposition"); !strings.Contains(cd, "claimsmap-"+name) {
				t.Errorf("Content-Disposition = %q", cd)
			}
			var fc struct {
				Type     string `json:"type"`
				Features []struct {
					Properties map[string]any `json:"properties"`
				} `json:"features"`
			}
			if err := json.Unmarshal([]byte(body(t, r)), &fc); err != nil {
				t.Fatal(err)
			}
			if fc.Type != "FeatureCollection" || len(fc.Features) == 0 {
				t.Fatalf("type %q with %d features", fc.Type, len(fc.Features))
			}
			if name == "boundaries" {
				return
			}
			for i, f := range fc.Features {
				for _, k := range []string{"region", "status", "as_of", "source", "area_km2"} {
					if _, ok := f.Properties[k]; !ok {
						t.Errorf("feature %d lacks property %q", i, k)
					}
				}
			}
		})
	}
}

func TestCaching(t *testing.T) {
	r := get(t, "/")
	etag := r.Header.Get("ETag")
	if !regexp.MustCompile(`^"[0-9a-f]+"$`).MatchString(etag) {
		t.Fatalf("ETag = %q, want a strong ETag", etag)
	}
	if r := get(t, "/", "If-None-Match", etag); r.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: status %d, want 304", r.StatusCode)
	}
	gz := get(t, "/", "Accept-Encoding", "gzip")
	if gz.Header.Get("Content-Encoding") != "gzip" {
		t.Fatal("no gzip for a client that accepts it")
	}
	zr, err := gzip.NewReader(gz.Body)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	if string(plain) != body(t, get(t, "/")) {
		t.Error("gzip body differs from the plain one")
	}
	if get(t, "/", "Accept-Encoding", "gzip;q=0").Header.Get("Content-Encoding") != "" {
		t.Error("gzip sent to a client that refuses it")
	}

	req := httptest.NewRequest(http.MethodHead, "/layers/claimed.geojson", nil)
	rec := httptest.NewRecorder()
	testServer(t).Handler().ServeHTTP(rec, req)
	if rec.Code != 200 || rec.Header().Get("ETag") == "" {
		t.Errorf("HEAD: status %d, ETag %q", rec.Code, rec.Header().Get("ETag"))
	}

	// Assets are linked at hashed URLs and cached for good.
	css := regexp.MustCompile(`/static/site\.[0-9a-f]+\.css`).FindString(body(t, get(t, "/")))
	if css == "" {
		t.Fatal("page links no hashed stylesheet")
	}
	a := get(t, css)
	if a.StatusCode != 200 || !strings.Contains(a.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("%s: status %d, Cache-Control %q", css, a.StatusCode, a.Header.Get("Cache-Control"))
	}
	if r := get(t, "/static/site.css"); r.StatusCode != 404 {
		t.Errorf("unhashed asset URL: status %d, want 404", r.StatusCode)
	}
}

func TestFramingForbidden(t *testing.T) {
	r := get(t, "/")
	if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("CSP = %q", csp)
	}
}

// TestMapGolden pins the whole map's SVG. Run with -update after a
// deliberate change to the data, the cartography or the template, and
// review the diff.
func TestMapGolden(t *testing.T) {
	b := body(t, get(t, "/"))
	i, j := strings.Index(b, "<svg"), strings.Index(b, "</svg>")
	if i < 0 || j < i {
		t.Fatal("no svg in the page")
	}
	golden(t, "index-map.svg", []byte(b[i:j+len("</svg>")]+"\n"))
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the golden file (%d bytes, want %d); run go test ./web -update and review the diff", p, len(got), len(want))
	}
}

// TestPageWeight keeps the map page within its budget: HTML, CSS and script
// together at most 150 KB gzipped.
func TestPageWeight(t *testing.T) {
	total := 0
	page := get(t, "/", "Accept-Encoding", "gzip")
	pb, _ := io.ReadAll(page.Body)
	total += len(pb)
	plain := body(t, get(t, "/"))
	for _, re := range []string{`/static/site\.[0-9a-f]+\.css`, `/static/map\.[0-9a-f]+\.js`} {
		u := regexp.MustCompile(re).FindString(plain)
		r := get(t, u, "Accept-Encoding", "gzip")
		b, _ := io.ReadAll(r.Body)
		total += len(b)
	}
	t.Logf("map page: %d bytes gzipped (HTML %d)", total, len(pb))
	if total > 150*1024 {
		t.Errorf("map page weighs %d bytes gzipped, budget 153600", total)
	}
}

func TestServeShutsDownGracefully(t *testing.T) {
	s := testServer(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, l) }()
	r, err := http.Get("http://" + l.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Serve returned %v after shutdown, want nil", err)
	}
}

func BenchmarkIndexGzip(b *testing.B) {
	benchHandler(b, testServer(b).Handler(), "/", true)
}

func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(Config{Data: defaultdata.FS(), Static: static.FS()}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestHTTPDetails(t *testing.T) {
	// The gzip form is another representation with its own strong ETag,
	// and a 304 answers either.
	plain, gz := get(t, "/layers/claimed.geojson"), get(t, "/layers/claimed.geojson", "Accept-Encoding", "gzip")
	if plain.Header.Get("ETag") == gz.Header.Get("ETag") {
		t.Error("gzip and identity responses share one strong ETag")
	}
	if r := get(t, "/layers/claimed.geojson", "If-None-Match", gz.Header.Get("ETag"), "Accept-Encoding", "gzip"); r.StatusCode != 304 {
		t.Errorf("If-None-Match with the gzip ETag: status %d", r.StatusCode)
	}
	if plain.Header.Get("Content-Length") == "" {
		t.Error("no Content-Length")
	}
	// Data may be fetched from any site; pages are not shared that way.
	for path, open := range map[string]bool{"/layers/controlled.geojson": true, "/tiles.json": true, "/ogc": true, "/stats.csv": true, "/": false, "/regions/donetsk": false} {
		if got := get(t, path).Header.Get("Access-Control-Allow-Origin") == "*"; got != open {
			t.Errorf("%s: CORS open %v, want %v", path, got, open)
		}
	}
	if r := get(t, "/layers/"); r.StatusCode != http.StatusMovedPermanently || r.Header.Get("Location") != "/layers" {
		t.Errorf("/layers/: status %d, Location %q", r.StatusCode, r.Header.Get("Location"))
	}
	for _, p := range []string{"/stats.json?date=2024-01-01", "/stats.csv?foo=1"} {
		if r := get(t, p); r.StatusCode != 400 {
			t.Errorf("%s: status %d, want 400", p, r.StatusCode)
		}
	}
}

func TestBaseURLMustBeAnOrigin(t *testing.T) {
	for _, u := range []string{"https://maps.example.org/claims", "not a url", "ftp://x.example"} {
		if _, err := New(Config{BaseURL: u, Data: defaultdata.FS(), Static: static.FS()}); err == nil {
			t.Errorf("base URL %q accepted", u)
		}
	}
}

func TestAcceptsGzip(t *testing.T) {
	for h, want := range map[string]bool{
		"": false, "gzip": true, "GZIP": true, "x-gzip": true, "gzip;q=0": false, "gzip; q=0.0": false,
		"*": true, "*;q=0, gzip": true, "gzip;q=0, *": false, "br, deflate": false, "gzip;q=0.5, br": true,
	} {
		if got := acceptsGzip(h); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", h, got, want)
		}
	}
}

func TestMalformedQueries(t *testing.T) {
	for _, p := range []string{
		"/ogc/collections/places/items?f=json&bbox=30,44,31%zz",
		"/layers/boundaries.geojson?simplify=5000;precision=2",
		"/layers/controlled.geojson?date=2025-01-01%",
		"/embed/ukraine?theme=dark&theme=light",
		"/layers/boundaries.geojson?simplify=0.5",
	} {
		if r := get(t, p); r.StatusCode != 400 {
			t.Errorf("%s: status %d, want 400", p, r.StatusCode)
		}
	}
	if r := get(t, "/map/.svg"); r.StatusCode != 404 {
		t.Errorf("/map/.svg: status %d, want 404", r.StatusCode)
	}
	// Paging past the end has no next page, however large the offset.
	b := body(t, get(t, "/ogc/collections/claimed/items?f=json&offset=9223372036854775800&limit=100"))
	if strings.Contains(b, `"rel":"next"`) {
		t.Error("a next link past the end")
	}
}
