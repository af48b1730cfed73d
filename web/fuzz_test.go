package web

import (
	"bytes"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// fuzzSeeds start FuzzRequests off; TestFuzzReachesCostlyImages checks the
// image sizes among them get through the harness to the renderer.
var fuzzSeeds = []string{
	"/", "/regions/donetsk", "/regions/%00", "/articles/alaska-summit-2025-08-08#p5",
	"/layers/controlled.geojson?region=donetsk&date=2025-08-08&precision=3&simplify=800",
	"/layers/places.kml?precision=0", "/layers/boundaries.geojson?simplify=50000",
	"/embed/kherson?layers=claimed&theme=dark&passages=true", "/embed/ukraine?date=2025-08-08",
	"/map/donetsk.png?width=400&height=300&scale=2", "/map/ukraine.svg?theme=dark", "/map/crimea.pdf?paper=letter",
	// Sizes of every length: a costly one is refused or made at a
	// quantised size, never at the size asked.
	"/map/ukraine.png?width=2400&height=2400", "/map/ukraine.png?width=99999", "/map/ukraine.png?width=1199&height=801&scale=2",
	"/oembed?url=https%3A%2F%2Fclaimsmap.example%2Fembed%2Fkherson%3Ftheme%3Ddark&maxwidth=300&maxheight=200",
	"/ogc/collections/controlled/items?bbox=30,44,40,52&datetime=2025-08-01/..&limit=3&offset=2&f=json",
	"/ogc/collections/places/items/bakhmut-2025-08-08?f=html", "/tiles/7/77/44.mvt", "/tiles.json",
	"/tiles/2014-03-18/6/38/22.mvt",
	"/share?region=crimea&size=large&theme=light&date=2025-08-08", "/stats.csv", "/static/x.css",
	// Views: any zoom and centre, and the region aliases.
	"/views/donetsk.svg?zoom=4&center=37.8,48.0", "/views/ukraine.svg?zoom=32&center=45.9,56.9&id=article-map",
	"/views/Kherson.svg?zoom=1e308&center=-0,NaN", "/regions/Zaporozhye/named?page=2", "/regions/sevastopol",
}

// serveFuzzed sends target to h as FuzzRequests does. It returns nil for
// a target that is not a request line at all; every other target is
// served, however costly.
func serveFuzzed(h http.Handler, target string) *httptest.ResponseRecorder {
	if !strings.HasPrefix(target, "/") {
		target = "/" + target
	}
	if _, err := url.ParseRequestURI(target); err != nil || strings.ContainsAny(target, " \r\n\t") {
		return nil
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	return rec
}

// FuzzRequests sends arbitrary paths and queries to the whole server: any
// answer is fine but a server error. Bad input gets a 4xx, never a 500.
func FuzzRequests(f *testing.F) {
	for _, seed := range fuzzSeeds {
		f.Add(seed)
	}
	h := testServer(f).Handler()
	f.Fuzz(func(t *testing.T, target string) {
		rec := serveFuzzed(h, target)
		if rec != nil && rec.Code >= 500 && rec.Code != http.StatusNotImplemented {
			t.Fatalf("%s: status %d: %.300s", target, rec.Code, rec.Body.String())
		}
	})
}

// TestFuzzReachesCostlyImages guards FuzzRequests against a harness that
// keeps the fuzzer to cheap requests (it once dropped every image width
// of four digits): the seeds' four- and five-digit widths must reach the
// server through serveFuzzed, and between them be both rendered at a
// side of at least 1,000 pixels and refused with a 400.
func TestFuzzReachesCostlyImages(t *testing.T) {
	h := testServer(t).Handler()
	rendered, refused := 0, 0
	for _, seed := range fuzzSeeds {
		u, err := url.Parse(seed)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(u.Path, "/map/") || len(u.Query().Get("width")) < 4 {
			continue
		}
		rec := serveFuzzed(h, seed)
		if rec == nil {
			t.Errorf("%s: dropped by the fuzz harness, so the fuzzer never renders a large image", seed)
			continue
		}
		switch rec.Code {
		case http.StatusOK:
			cfg, err := png.DecodeConfig(bytes.NewReader(rec.Body.Bytes()))
			if err != nil {
				t.Fatalf("%s: %v", seed, err)
			}
			if cfg.Width < 1000 {
				t.Errorf("%s: made %d px wide, want the large image asked for", seed, cfg.Width)
			}
			rendered++
		case http.StatusBadRequest:
			refused++
		default:
			t.Errorf("%s: status %d, want 200 or 400", seed, rec.Code)
		}
	}
	if rendered == 0 || refused == 0 {
		t.Errorf("four-digit widths: %d rendered, %d refused; want both, so the fuzzer starts from the costly path and its limit", rendered, refused)
	}
}
