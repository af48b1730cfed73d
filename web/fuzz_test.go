package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzRequests sends arbitrary paths and queries to the whole server: any
// answer is fine but a server error. Bad input gets a 4xx, never a 500.
func FuzzRequests(f *testing.F) {
	for _, seed := range []string{
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
		"/share?region=crimea&size=large&theme=light&date=2025-08-08", "/stats.csv", "/static/x.css",
	} {
		f.Add(seed)
	}
	h := testServer(f).Handler()
	f.Fuzz(func(t *testing.T, target string) {
		if !strings.HasPrefix(target, "/") {
			target = "/" + target
		}
		_, err := url.ParseRequestURI(target)
		if err != nil || strings.ContainsAny(target, " \r\n\t") {
			return
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		if rec.Code >= 500 && rec.Code != http.StatusNotImplemented {
			t.Fatalf("%s: status %d: %.300s", target, rec.Code, rec.Body.String())
		}
	})
}
