package web

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/claimsmap/claimsmap/geo"
	sf "github.com/peterstace/simplefeatures/geom"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/defaultdata"
	"github.com/claimsmap/claimsmap/internal/ogc"
	"github.com/claimsmap/claimsmap/static"
)

// ogcDo sends a request to the test server; header holds name, value
// pairs, where Host and RemoteAddr set the request's fields.
func ogcDo(t *testing.T, method, target string, header ...string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		switch header[i] {
		case "Host":
			req.Host = header[i+1]
			continue
		case "RemoteAddr":
			req.RemoteAddr = header[i+1]
			continue
		}
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	testServer(t).Handler().ServeHTTP(rec, req)
	return rec.Result(), rec.Body.String()
}

// getOGCJSON gets target as JSON, fails unless it answers 200 with the
// content type, and decodes the body into v.
func getOGCJSON(t *testing.T, target, contentType string, v any) {
	t.Helper()
	r, b := ogcDo(t, http.MethodGet, target, "Accept", "application/json")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d; body: %.300s", target, r.StatusCode, b)
	}
	if ct := r.Header.Get("Content-Type"); ct != contentType {
		t.Fatalf("GET %s: Content-Type %q, want %q", target, ct, contentType)
	}
	if err := json.Unmarshal([]byte(b), v); err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
}

type testLink struct {
	Href, Rel, Type string
}

// find returns the href of the first link with rel (and type, if given),
// as a path and query on the test server.
func findLink(t *testing.T, links []testLink, rel, typ string) (string, bool) {
	t.Helper()
	for _, l := range links {
		if l.Rel == rel && (typ == "" || l.Type == typ) {
			u, err := url.Parse(l.Href)
			if err != nil || !u.IsAbs() {
				t.Fatalf("link %s: href %q is not an absolute URL", rel, l.Href)
			}
			return u.RequestURI(), true
		}
	}
	return "", false
}

type testFeatureCollection struct {
	Type           string
	NumberMatched  *int
	NumberReturned *int
	TimeStamp      string
	Links          []testLink
	Features       []struct {
		Type       string
		ID         string
		Geometry   map[string]any
		Properties map[string]any
	}
}

// ogcFeatureCounts is how many features each collection holds: a layer's
// features on every date for dated layers.
func ogcFeatureCounts(t *testing.T) map[string]int {
	t.Helper()
	a := testServer(t).current().atlas
	counts := map[string]int{}
	for _, l := range atlas.Layers() {
		dates := []string{a.Snapshot}
		if l.Dated {
			dates = a.Dates
		}
		for _, d := range dates {
			v, err := a.At(d)
			if err != nil {
				t.Fatal(err)
			}
			fc, err := v.LayerFeatures(l.Name)
			if err != nil {
				t.Fatal(err)
			}
			counts[l.Name] += len(fc.Features)
		}
	}
	return counts
}

func TestOGCLanding(t *testing.T) {
	var landing struct {
		Title string
		Links []testLink
	}
	getOGCJSON(t, "/ogc", "application/json", &landing)
	if landing.Title == "" {
		t.Error("landing page has no title")
	}
	for _, want := range []struct{ rel, typ string }{
		{"self", "application/json"},
		{"alternate", "text/html"},
		{"service-desc", "application/vnd.oai.openapi+json;version=3.0"},
		{"service-doc", "text/html"},
		{"conformance", "application/json"},
		{"data", "application/json"},
	} {
		if _, ok := findLink(t, landing.Links, want.rel, want.typ); !ok {
			t.Errorf("landing page has no %s link of type %s", want.rel, want.typ)
		}
	}
	for _, l := range landing.Links {
		if !strings.HasPrefix(l.Href, "https://claimsmap.example/") {
			t.Errorf("link %s = %q, want it absolute on the base URL", l.Rel, l.Href)
		}
	}

	// The links work.
	data, _ := findLink(t, landing.Links, "data", "")
	var cs struct{ Collections []any }
	getOGCJSON(t, data, "application/json", &cs)
	if len(cs.Collections) != len(atlas.Layers()) {
		t.Errorf("%s: %d collections, want %d", data, len(cs.Collections), len(atlas.Layers()))
	}
	desc, _ := findLink(t, landing.Links, "service-desc", "")
	var api struct {
		OpenAPI string
		Servers []struct{ URL string }
		Paths   map[string]struct {
			Get struct {
				Parameters []struct {
					Ref string `json:"$ref"`
				}
			}
		}
		Components struct {
			Parameters map[string]struct{ Name, In string }
		}
	}
	getOGCJSON(t, desc, "application/vnd.oai.openapi+json;version=3.0", &api)
	if !strings.HasPrefix(api.OpenAPI, "3.0.") {
		t.Errorf("openapi = %q, want 3.0.x", api.OpenAPI)
	}
	if len(api.Servers) != 1 || api.Servers[0].URL != "https://claimsmap.example/ogc" {
		t.Errorf("servers = %+v", api.Servers)
	}
	for _, p := range []string{"/", "/conformance", "/collections", "/collections/{collectionId}", "/collections/{collectionId}/items", "/collections/{collectionId}/items/{featureId}"} {
		op, ok := api.Paths[p]
		if !ok {
			t.Errorf("the API definition lacks %s", p)
			continue
		}
		for _, ref := range op.Get.Parameters {
			name := strings.TrimPrefix(ref.Ref, "#/components/parameters/")
			if _, ok := api.Components.Parameters[name]; !ok {
				t.Errorf("%s: parameter %s is not defined", p, ref.Ref)
			}
		}
	}
	conf, _ := findLink(t, landing.Links, "conformance", "")
	var c struct{ ConformsTo []string }
	getOGCJSON(t, conf, "application/json", &c)
	for _, class := range []string{"core", "geojson", "html", "oas30"} {
		if !slices.Contains(c.ConformsTo, "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/"+class) {
			t.Errorf("conformsTo lacks %s: %v", class, c.ConformsTo)
		}
	}
}

// TestOGCLinksFollowTheRequest checks that absolute links name the base
// URL, or the origin a trusted proxy (the test server trusts loopback)
// says the client reached; no other client's headers move them.
func TestOGCLinksFollowTheRequest(t *testing.T) {
	for _, tc := range []struct {
		name   string
		header []string
		want   string
	}{
		{"untrusted host", []string{"Host", "127.0.0.1:8123"}, "https://claimsmap.example/ogc/"},
		{"untrusted forwarded headers", []string{"Host", "evil.example", "X-Forwarded-Proto", "http", "X-Forwarded-Host", "evil.example"}, "https://claimsmap.example/ogc/"},
		{"untrusted private address", []string{"Host", "evil.example", "X-Forwarded-Proto", "http", "RemoteAddr", "10.0.0.1:40000"}, "https://claimsmap.example/ogc/"},
		{"trusted proxy, host", []string{"Host", "127.0.0.1:8123", "RemoteAddr", "127.0.0.1:40000"}, "http://127.0.0.1:8123/ogc/"},
		{"trusted TLS proxy", []string{"Host", "claims.example.org", "X-Forwarded-Proto", "https", "RemoteAddr", "127.0.0.1:40000"}, "https://claims.example.org/ogc/"},
		{"trusted proxy, forwarded host", []string{"Host", "127.0.0.1:8080", "X-Forwarded-Host", "maps.example.org", "X-Forwarded-Proto", "https", "RemoteAddr", "127.0.0.1:40000"}, "https://maps.example.org/ogc/"},
		{"trusted proxy, odd host", []string{"Host", `evil"<host>`, "RemoteAddr", "127.0.0.1:40000"}, "https://claimsmap.example/ogc/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, b := ogcDo(t, http.MethodGet, "/ogc/collections/claimed?f=json", tc.header...)
			if r.StatusCode != 200 {
				t.Fatalf("status %d", r.StatusCode)
			}
			var c struct{ Links []testLink }
			if err := json.Unmarshal([]byte(b), &c); err != nil {
				t.Fatal(err)
			}
			for _, l := range c.Links {
				if strings.Contains(l.Href, "/ogc/") && !strings.HasPrefix(l.Href, tc.want) {
					t.Errorf("link %s = %q, want it under %s", l.Rel, l.Href, tc.want)
				}
			}
		})
	}
}

func TestOGCCollections(t *testing.T) {
	var cs struct {
		Links       []testLink
		Collections []struct {
			ID, Title, Description, ItemType string
			CRS                              []string
			Extent                           struct {
				Spatial struct {
					BBox [][]float64
					CRS  string
				}
				Temporal *struct {
					Interval [][]string
				}
			}
			Links []testLink
		}
	}
	getOGCJSON(t, "/ogc/collections", "application/json", &cs)
	if len(cs.Collections) != len(atlas.Layers()) {
		t.Fatalf("%d collections, want %d", len(cs.Collections), len(atlas.Layers()))
	}
	a := testServer(t).current().atlas
	for i, l := range atlas.Layers() {
		c := cs.Collections[i]
		if c.ID != l.Name || c.Title == "" || c.Description == "" || c.ItemType != "feature" {
			t.Errorf("collection %d = %s %q %q %q, want %s", i, c.ID, c.Title, c.Description, c.ItemType, l.Name)
		}
		if !slices.Contains(c.CRS, "http://www.opengis.net/def/crs/OGC/1.3/CRS84") {
			t.Errorf("%s: crs %v", c.ID, c.CRS)
		}
		if b := c.Extent.Spatial.BBox; len(b) != 1 || len(b[0]) != 4 || b[0][0] < 22 || b[0][2] > 41 || b[0][1] < 44 || b[0][3] > 53 || b[0][0] >= b[0][2] {
			t.Errorf("%s: bbox %v, want one box within Ukraine", c.ID, b)
		}
		if l.Dated {
			if c.Extent.Temporal == nil || len(c.Extent.Temporal.Interval) != 1 || !strings.HasPrefix(c.Extent.Temporal.Interval[0][0], a.Dates[0]) {
				t.Errorf("%s: temporal extent %+v, want from %s", c.ID, c.Extent.Temporal, a.Dates[0])
			}
		} else if c.Extent.Temporal != nil {
			t.Errorf("%s: undated layer with a temporal extent", c.ID)
		}
		for _, want := range []struct{ rel, typ, path string }{
			{"self", "application/json", "/ogc/collections/" + l.Name},
			{"alternate", "text/html", "/ogc/collections/" + l.Name},
			{"items", "application/geo+json", "/ogc/collections/" + l.Name + "/items"},
			{"license", "", "/about"},
			{"describedby", "", "/layers/" + l.Name + ".geojson"},
		} {
			href, ok := findLink(t, c.Links, want.rel, want.typ)
			if !ok || !strings.HasPrefix(href, want.path) {
				t.Errorf("%s: %s link %q, want %s", c.ID, want.rel, href, want.path)
			}
		}
		// The single collection's document is the same.
		var one struct{ ID string }
		getOGCJSON(t, "/ogc/collections/"+l.Name, "application/json", &one)
		if one.ID != l.Name {
			t.Errorf("/ogc/collections/%s: id %q", l.Name, one.ID)
		}
	}
}

// TestOGCItemsPaging walks every collection two features at a time by the
// next links, as a client would.
func TestOGCItemsPaging(t *testing.T) {
	for name, want := range ogcFeatureCounts(t) {
		t.Run(name, func(t *testing.T) {
			target := "/ogc/collections/" + name + "/items?limit=2"
			seen := map[string]bool{}
			total, pages := 0, 0
			for target != "" {
				var fc testFeatureCollection
				getOGCJSON(t, target, "application/geo+json", &fc)
				pages++
				if fc.Type != "FeatureCollection" || fc.NumberMatched == nil || fc.NumberReturned == nil || fc.TimeStamp == "" {
					t.Fatalf("%s: type %q, numberMatched %v, numberReturned %v, timeStamp %q", target, fc.Type, fc.NumberMatched, fc.NumberReturned, fc.TimeStamp)
				}
				if *fc.NumberMatched != want {
					t.Fatalf("%s: numberMatched %d, want %d", target, *fc.NumberMatched, want)
				}
				if *fc.NumberReturned != len(fc.Features) {
					t.Fatalf("%s: numberReturned %d but %d features", target, *fc.NumberReturned, len(fc.Features))
				}
				if left := want - total; len(fc.Features) != min(2, left) {
					t.Fatalf("%s: %d features with %d left, want %d", target, len(fc.Features), left, min(2, left))
				}
				for _, f := range fc.Features {
					if f.Type != "Feature" || f.ID == "" || f.Geometry == nil || f.Properties == nil {
						t.Fatalf("%s: feature %+v", target, f)
					}
					if seen[f.ID] {
						t.Fatalf("%s: feature %s seen twice", target, f.ID)
					}
					seen[f.ID] = true
				}
				total += len(fc.Features)
				if _, ok := findLink(t, fc.Links, "self", "application/geo+json"); !ok {
					t.Errorf("%s: no self link", target)
				}
				if _, ok := findLink(t, fc.Links, "alternate", "text/html"); !ok {
					t.Errorf("%s: no alternate link", target)
				}
				if _, ok := findLink(t, fc.Links, "prev", ""); ok != (pages > 1) {
					t.Errorf("%s: prev link present %v on page %d", target, ok, pages)
				}
				target, _ = findLink(t, fc.Links, "next", "application/geo+json")
				if pages > max(want, 1) {
					t.Fatal("the next links do not end")
				}
			}
			if total != want {
				t.Errorf("the pages hold %d features, want %d", total, want)
			}
		})
	}
}

func TestOGCItemsFilters(t *testing.T) {
	a := testServer(t).current().atlas
	counts := ogcFeatureCounts(t)
	// on counts the controlled features of the snapshot on or before a date.
	on := func(date string) int {
		v, err := a.At(date)
		if err != nil {
			t.Fatal(err)
		}
		fc, _ := v.LayerFeatures(atlas.LayerControlled)
		return len(fc.Features)
	}
	prev := a.Dates[len(a.Dates)-2]
	for _, tc := range []struct {
		target string
		want   int      // numberMatched; -1 not to check
		has    []string // ids among the features
		hasNot []string
	}{
		// Around Crimea's southern coast, clear of the mainland oblasts.
		{"/ogc/collections/claimed/items?bbox=33.0,44.3,35.0,45.0", -1, []string{"crimea-claimed-" + a.Snapshot}, []string{"luhansk-claimed-" + a.Snapshot, "donetsk-claimed-" + a.Snapshot}},
		{"/ogc/collections/claimed/items?bbox=33,44.3,-100,35,45,100", -1, []string{"crimea-claimed-" + a.Snapshot}, []string{"luhansk-claimed-" + a.Snapshot}},
		{"/ogc/collections/controlled/items?bbox=33,44.3,35,45", -1, []string{"crimea-controlled-" + a.Snapshot}, []string{"luhansk-controlled-" + a.Snapshot}},
		{"/ogc/collections/claimed/items?bbox=0,0,1,1", 0, nil, nil},
		{"/ogc/collections/claimed/items?bbox=30,40,-170,60&datetime=" + a.Snapshot, 5, []string{"crimea-claimed-" + a.Snapshot}, nil}, // across the antimeridian
		// An instant selects the latest snapshot on or before it.
		{"/ogc/collections/controlled/items?limit=1000&datetime=" + a.Snapshot, on(a.Snapshot), []string{"crimea-controlled-" + a.Snapshot}, nil},
		{"/ogc/collections/controlled/items?datetime=" + a.Snapshot + "T12:00:00Z", on(a.Snapshot), nil, nil},
		{"/ogc/collections/controlled/items?datetime=" + a.Snapshot + "T01:00:00%2B02:00", on(prev), nil, []string{"crimea-controlled-" + a.Snapshot}}, // the day before in UTC
		{"/ogc/collections/controlled/items?datetime=2020-01-01", on("2020-01-01"), nil, nil},
		{"/ogc/collections/controlled/items?datetime=1999-01-01", 0, nil, nil},
		{"/ogc/collections/controlled/items?datetime=../1999-01-01", 0, nil, nil},
		{"/ogc/collections/controlled/items?datetime=1999-01-01/..", counts["controlled"], nil, nil},
		{"/ogc/collections/controlled/items?datetime=1999-01-01T00:00:00Z/" + a.Snapshot, counts["controlled"], nil, nil},
		{"/ogc/collections/places/items?datetime=" + a.Snapshot + "&bbox=33,44.3,35,45", -1, []string{"simferopol-place-" + a.Snapshot}, nil},
		// The claim follows the date: only Crimea before 2022-09-30.
		{"/ogc/collections/claimed/items?datetime=2020-01-01", 1, []string{"crimea-claimed-2015-02-18"}, nil},
		{"/ogc/collections/claimed/items?datetime=" + a.Snapshot, 5, nil, nil},
		{"/ogc/collections/claimed/items?offset=99", counts["claimed"], nil, nil},
	} {
		t.Run(tc.target, func(t *testing.T) {
			var fc testFeatureCollection
			getOGCJSON(t, tc.target, "application/geo+json", &fc)
			if fc.Features == nil {
				t.Error("features is not an array")
			}
			if tc.want >= 0 && *fc.NumberMatched != tc.want {
				t.Errorf("numberMatched %d, want %d", *fc.NumberMatched, tc.want)
			}
			var ids []string
			for _, f := range fc.Features {
				ids = append(ids, f.ID)
			}
			for _, id := range tc.has {
				if !slices.Contains(ids, id) {
					t.Errorf("features %v lack %s", ids, id)
				}
			}
			for _, id := range tc.hasNot {
				if slices.Contains(ids, id) {
					t.Errorf("features %v include %s", ids, id)
				}
			}
			// The filters carry over to the self link.
			self, _ := findLink(t, fc.Links, "self", "")
			want, _ := url.Parse(tc.target)
			got, _ := url.Parse(self)
			for k := range want.Query() {
				if got.Query().Get(k) != want.Query().Get(k) {
					t.Errorf("self link %s: %s=%q, want %q", self, k, got.Query().Get(k), want.Query().Get(k))
				}
			}
		})
	}
}

func TestOGCFeature(t *testing.T) {
	a := testServer(t).current().atlas
	for _, tc := range []struct{ collection, id, region string }{
		{"claimed", "crimea-claimed-" + a.Snapshot, "crimea"},
		{"boundaries", "kharkiv-boundary", "kharkiv"},
		{"controlled", "donetsk-controlled-" + a.Snapshot, "donetsk"},
		{"places", "simferopol-place-" + a.Snapshot, "crimea"},
	} {
		t.Run(tc.id, func(t *testing.T) {
			var f struct {
				Type, ID   string
				Geometry   struct{ Type string }
				Properties map[string]any
				Links      []testLink
			}
			getOGCJSON(t, "/ogc/collections/"+tc.collection+"/items/"+tc.id, "application/geo+json", &f)
			if f.Type != "Feature" || f.ID != tc.id || f.Geometry.Type == "" || f.Properties["region"] != tc.region {
				t.Errorf("feature %s %q, geometry %q, region %v", f.Type, f.ID, f.Geometry.Type, f.Properties["region"])
			}
			for _, rel := range []string{"self", "alternate", "collection"} {
				if _, ok := findLink(t, f.Links, rel, ""); !ok {
					t.Errorf("no %s link", rel)
				}
			}
		})
	}
}

func TestOGCErrors(t *testing.T) {
	for _, tc := range []struct {
		target string
		header []string
		status int
		ctype  string
		want   string
	}{
		{"/ogc/collections/nope", nil, 404, "application/problem+json", "the collections are boundaries"},
		{"/ogc/collections/nope/items", nil, 404, "application/problem+json", "no collection"},
		{"/ogc/collections/claimed/items/nope", nil, 404, "application/problem+json", `no feature \"nope\"`},
		{"/ogc/collections/controlled/items/crimea", nil, 404, "application/problem+json", "crimea-controlled-"},
		{"/ogc/collections/nope?f=html", nil, 404, "text/html", "no collection"},
		{"/ogc/collections/nope", []string{"Accept", "text/html,*/*;q=0.8"}, 404, "text/html", "Page not found"},
		// f=json wins over a browser's Accept, for errors too.
		{"/ogc/collections/nope?f=json", []string{"Accept", "text/html,*/*;q=0.8"}, 404, "application/problem+json", `"status":404`},
		{"/ogc/collections/claimed/items?foo=1", nil, 400, "application/problem+json", `Unknown query parameter \"foo\"`},
		{"/ogc/collections?foo=1", nil, 400, "application/problem+json", "only takes f"},
		{"/ogc?f=xml", nil, 400, "application/problem+json", "f=json or f=html"},
		{"/ogc/collections/claimed/items?limit=0", nil, 400, "application/problem+json", "limit=0"},
		{"/ogc/collections/claimed/items?limit=0", nil, 400, "application/problem+json", "1 to 1000"},
		{"/ogc/collections/claimed/items?limit=ten", nil, 400, "application/problem+json", "limit"},
		{"/ogc/collections/claimed/items?limit=2&limit=3", nil, 400, "application/problem+json", "given 2 times"},
		{"/ogc/collections/claimed/items?offset=-1", nil, 400, "application/problem+json", "offset"},
		{"/ogc/collections/claimed/items?bbox=1,2,3", nil, 400, "application/problem+json", "bbox"},
		{"/ogc/collections/claimed/items?bbox=a,b,c,d", nil, 400, "application/problem+json", "not a number"},
		{"/ogc/collections/claimed/items?bbox=30,50,40,45", nil, 400, "application/problem+json", "north of"},
		{"/ogc/collections/claimed/items?bbox=30,44,200,45", nil, 400, "application/problem+json", "longitude"},
		{"/ogc/collections/claimed/items?bbox=30,44,NaN,45", nil, 400, "application/problem+json", "not a number"},
		{"/ogc/collections/claimed/items?datetime=yesterday", nil, 400, "application/problem+json", "datetime"},
		{"/ogc/collections/claimed/items?datetime=2025-08-09/2025-08-01", nil, 400, "application/problem+json", "ends before it starts"},
		{"/ogc/collections/claimed/items?datetime=/", nil, 400, "application/problem+json", "datetime"},
		{"/ogc/collections/claimed/items?bbox=1,2,3&f=html", nil, 400, "text/html", "bbox"},
	} {
		t.Run(tc.target, func(t *testing.T) {
			header := tc.header
			if header == nil {
				header = []string{"Accept", "application/json"}
			}
			r, b := ogcDo(t, http.MethodGet, tc.target, header...)
			if r.StatusCode != tc.status {
				t.Fatalf("status %d, want %d; body %.300s", r.StatusCode, tc.status, b)
			}
			if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, tc.ctype) {
				t.Errorf("Content-Type %q, want %q", ct, tc.ctype)
			}
			if !strings.Contains(b, tc.want) {
				t.Errorf("body lacks %q: %.400s", tc.want, b)
			}
		})
	}
}

func TestOGCHTML(t *testing.T) {
	a := testServer(t).current().atlas
	browser := []string{"Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
	for _, tc := range []struct {
		target string
		header []string
		want   []string
	}{
		{"/ogc?f=html", nil, []string{`href="/"`, `href="/ogc/collections/claimed"`, `href="/ogc/collections/claimed?f=json"`, `href="/ogc/api"`}},
		{"/ogc", browser, []string{`href="/"`, "Data API", `href="/ogc/collections?f=json"`}},
		{"/ogc/conformance", browser, []string{"conf/core", "conf/geojson", "conf/html", "conf/oas30"}},
		{"/ogc/api", browser, []string{"GET /ogc/collections/{collectionId}/items", "bbox", "datetime", `href="/ogc/api?f=json"`}},
		{"/ogc/collections", browser, []string{`href="/ogc/collections/places"`, `href="/ogc/collections/places?f=json"`, `href="/layers/places.geojson"`}},
		{"/ogc/collections/controlled", browser, []string{"Controlled", `href="/ogc/collections/controlled/items"`, `href="/ogc/collections/controlled?f=json"`, "8 August 2025"}},
		{"/ogc/collections/claimed/items", browser, []string{"<table", `href="/ogc/collections/claimed/items/crimea-claimed-2014-03-18"`, "claimed_since", "Features 1 to 10 of", `href="/"`}},
		{"/ogc/collections/places/items?f=html&limit=2&offset=2", nil, []string{"Features 3 to 4 of", `rel="next"`, `href="/ogc/collections/places/items?limit=2&amp;offset=4"`, `href="/ogc/collections/places/items?limit=2"`}},
		{"/ogc/collections/claimed/items?bbox=33,44.3,35,45&f=html", nil, []string{"within the box 33,44.3,35,45.", "/ogc/collections/claimed/items/crimea-"}},
		{"/ogc/collections/controlled/items/crimea-controlled-" + a.Snapshot + "?f=html", nil, []string{"crimea-controlled-" + a.Snapshot, "as_of", `href="/regions/crimea"`, `href="/ogc/collections/controlled/items/crimea-controlled-` + a.Snapshot + `?f=json"`}},
	} {
		t.Run(tc.target, func(t *testing.T) {
			r, b := ogcDo(t, http.MethodGet, tc.target, tc.header...)
			if r.StatusCode != 200 {
				t.Fatalf("status %d; body %.300s", r.StatusCode, b)
			}
			if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("Content-Type %q", ct)
			}
			for _, w := range tc.want {
				if !strings.Contains(b, w) {
					t.Errorf("page lacks %q", w)
				}
			}
		})
	}
}

func TestOGCNegotiation(t *testing.T) {
	for _, tc := range []struct {
		target, accept, want string
	}{
		{"/ogc", "", "application/json"},
		{"/ogc", "*/*", "application/json"},
		{"/ogc", "application/geo+json", "application/json"},
		{"/ogc", "text/html", "text/html"},
		{"/ogc", "application/json;q=0.5, text/html", "text/html"},
		{"/ogc", "text/html;q=0.5, application/json", "application/json"},
		{"/ogc?f=json", "text/html", "application/json"},
		{"/ogc/collections/claimed/items", "", "application/geo+json"},
		{"/ogc/collections/claimed/items?limit=1", "application/json", "application/geo+json"},
		{"/ogc/collections/claimed/items/crimea-claimed-2025-08-08", "", "application/geo+json"},
		{"/ogc/api", "application/vnd.oai.openapi+json;version=3.0", "application/vnd.oai.openapi+json;version=3.0"},
	} {
		t.Run(tc.target+" "+tc.accept, func(t *testing.T) {
			r, _ := ogcDo(t, http.MethodGet, tc.target, "Accept", tc.accept)
			if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, tc.want) {
				t.Errorf("Content-Type %q, want %q", ct, tc.want)
			}
			if !slices.Contains(r.Header.Values("Vary"), "Accept") {
				t.Errorf("Vary %v lacks Accept", r.Header.Values("Vary"))
			}
		})
	}
}

func TestOGCHeadAndCaching(t *testing.T) {
	// A real server, as the recorder keeps what a handler writes for HEAD.
	ts := httptest.NewServer(testServer(t).Handler())
	defer ts.Close()
	for _, target := range []string{"/ogc", "/ogc/collections", "/ogc/collections/claimed/items", "/ogc/collections/claimed/items?limit=2", "/ogc/collections/claimed/items/crimea-claimed-2025-08-08?f=html"} {
		t.Run(target, func(t *testing.T) {
			get, err := http.Get(ts.URL + target)
			if err != nil {
				t.Fatal(err)
			}
			get.Body.Close()
			// Go's client asks GET for gzip on its own, and HEAD not: ask
			// the same of both, as the gzip form has its own ETag.
			req, _ := http.NewRequest(http.MethodHead, ts.URL+target, nil)
			req.Header.Set("Accept-Encoding", "gzip")
			head, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(head.Body)
			head.Body.Close()
			if head.StatusCode != 200 || len(b) != 0 {
				t.Errorf("HEAD: status %d, %d bytes of body", head.StatusCode, len(b))
			}
			if head.Header.Get("Content-Type") != get.Header.Get("Content-Type") || head.Header.Get("ETag") != get.Header.Get("ETag") {
				t.Errorf("HEAD Content-Type %q, ETag %q; GET %q, %q", head.Header.Get("Content-Type"), head.Header.Get("ETag"), get.Header.Get("Content-Type"), get.Header.Get("ETag"))
			}
		})
	}
	// Documents that do not depend on the query are encoded once.
	r, _ := ogcDo(t, http.MethodGet, "/ogc/collections/claimed/items", "Accept", "application/json")
	etag := r.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag on the first page of items")
	}
	if r, _ := ogcDo(t, http.MethodGet, "/ogc/collections/claimed/items", "Accept", "application/json", "If-None-Match", etag); r.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: status %d, want 304", r.StatusCode)
	}
	if r, _ := ogcDo(t, http.MethodGet, "/ogc/collections/claimed/items", "Accept", "application/json", "Accept-Encoding", "gzip"); r.Header.Get("Content-Encoding") != "gzip" {
		t.Error("no gzip for the first page of items")
	}
	// Pages encoded per request are served the same way: compressed, and
	// the same bytes for the same query, so a conditional GET gets 304.
	for _, target := range []string{
		"/ogc/collections/controlled/items?limit=1000",
		"/ogc/collections/claimed/items?bbox=37,47.5,38,48.5&f=json",
		"/ogc/collections/places/items?offset=10&f=html",
	} {
		t.Run(target, func(t *testing.T) {
			plain, pb := ogcDo(t, http.MethodGet, target)
			gz, gb := ogcDo(t, http.MethodGet, target, "Accept-Encoding", "gzip")
			if plain.StatusCode != 200 || gz.Header.Get("Content-Encoding") != "gzip" || len(gb) >= len(pb) {
				t.Fatalf("status %d; gzip: Content-Encoding %q, %d bytes for %d plain", plain.StatusCode, gz.Header.Get("Content-Encoding"), len(gb), len(pb))
			}
			zr, err := gzip.NewReader(strings.NewReader(gb))
			if err != nil {
				t.Fatal(err)
			}
			if unz, _ := io.ReadAll(zr); string(unz) != pb {
				t.Error("the gzip body is not the plain one compressed")
			}
			for _, r := range []*http.Response{plain, gz} {
				etag := r.Header.Get("ETag")
				if etag == "" {
					t.Fatal("no ETag")
				}
				again, _ := ogcDo(t, http.MethodGet, target, "If-None-Match", etag, "Accept-Encoding", r.Header.Get("Content-Encoding"))
				if again.StatusCode != http.StatusNotModified {
					t.Errorf("If-None-Match %s: status %d, want 304", etag, again.StatusCode)
				}
			}
			if ct := plain.Header.Get("Cache-Control"); ct == "" {
				t.Error("no Cache-Control")
			}
			t.Logf("%d bytes, %d gzipped", len(pb), len(gb))
		})
	}
}

func TestOGCNegotiate(t *testing.T) {
	for _, tc := range []struct {
		accept string
		want   ogc.Format
	}{
		{"", ogc.JSON},
		{"*/*", ogc.JSON},
		{"application/json", ogc.JSON},
		{"application/geo+json, application/json", ogc.JSON},
		{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", ogc.HTML},
		{"application/json, text/html", ogc.JSON},
		{"application/json;q=0.9, text/html", ogc.HTML},
		{"TEXT/HTML", ogc.HTML},
	} {
		r := httptest.NewRequest(http.MethodGet, "/ogc", nil)
		r.Header.Set("Accept", tc.accept)
		if got, err := ogcNegotiate(r); err != nil || got != tc.want {
			t.Errorf("Accept %q: %v, %v; want %v", tc.accept, got, err, tc.want)
		}
	}
}

// TestOGCBBoxMeetsGeometries checks bbox against the geometries the API
// serves, with simplefeatures' Intersects as the oracle: a feature is
// returned, and counted in numberMatched, exactly when its geometry meets
// the box. Luhansk's bounding box covers 37,47.5,38,48.5 but the oblast
// does not.
func TestOGCBBoxMeetsGeometries(t *testing.T) {
	a := testServer(t).current().atlas
	type item struct {
		ID       string
		Geometry json.RawMessage
	}
	type page struct {
		NumberMatched int
		Features      []item
	}
	boxes := []orb.Bound{
		{Min: orb.Point{37, 47.5}, Max: orb.Point{38, 48.5}},     // issue 11: not Luhansk
		{Min: orb.Point{37.5, 48}, Max: orb.Point{37.51, 48.01}}, // inside Donetsk, meeting no border
		{Min: orb.Point{35, 46}, Max: orb.Point{36, 46.1}},       // Sea of Azov and the Arabat spit
		{Min: orb.Point{33, 44.3}, Max: orb.Point{35, 45}},
	}
	rnd := rand.New(rand.NewPCG(11, 11))
	for range 24 {
		x, y := 30+rnd.Float64()*11, 44+rnd.Float64()*7
		w, h := rnd.Float64()*rnd.Float64()*3, rnd.Float64()*rnd.Float64()*2
		boxes = append(boxes, orb.Bound{Min: orb.Point{x, y}, Max: orb.Point{x + w, y + h}})
	}
	for _, col := range []string{atlas.LayerClaimed, atlas.LayerControlled, atlas.LayerClaimedNotControlled, atlas.LayerBoundaries, atlas.LayerPlaces} {
		l, _ := atlas.LayerByName(col)
		q := "?limit=1000"
		if l.Dated {
			q += "&datetime=" + a.Snapshot
		}
		// Every feature, page by page: the gazetteer has thousands of places.
		var all page
		for off := 0; off == 0 || off < all.NumberMatched; off += ogc.MaxLimit {
			var pg page
			getOGCJSON(t, "/ogc/collections/"+col+"/items"+q+"&offset="+strconv.Itoa(off), "application/geo+json", &pg)
			all.NumberMatched, all.Features = pg.NumberMatched, append(all.Features, pg.Features...)
		}
		if all.NumberMatched != len(all.Features) {
			t.Fatalf("%s: %d features over the pages, numberMatched %d", col, len(all.Features), all.NumberMatched)
		}
		geoms := map[string]sf.Geometry{}
		for _, f := range all.Features {
			g, err := sf.UnmarshalGeoJSON(f.Geometry, sf.NoValidate{})
			if err != nil {
				t.Fatalf("%s %s: %v", col, f.ID, err)
			}
			geoms[f.ID] = g
		}
		for _, b := range boxes {
			box := sf.NewEnvelope(sf.XY{X: b.Min[0], Y: b.Min[1]}, sf.XY{X: b.Max[0], Y: b.Max[1]}).AsGeometry()
			var want []string
			for _, f := range all.Features {
				if sf.Intersects(geoms[f.ID], box) {
					want = append(want, f.ID)
				}
			}
			bbox := ogc.FormatBound(b)
			var got page
			getOGCJSON(t, "/ogc/collections/"+col+"/items"+q+"&bbox="+bbox, "application/geo+json", &got)
			var ids []string
			for _, f := range got.Features {
				ids = append(ids, f.ID)
			}
			if !slices.Equal(ids, want) || got.NumberMatched != len(want) {
				t.Errorf("%s bbox=%s: features %v (numberMatched %d), want %v", col, bbox, ids, got.NumberMatched, want)
			}
		}
	}
	// The box from the issue, by name: it lies in Donetsk and touches
	// Zaporizhzhia's north-east, and Luhansk's bounding box covers it.
	var fc testFeatureCollection
	getOGCJSON(t, "/ogc/collections/claimed/items?bbox=37,47.5,38,48.5&datetime="+a.Snapshot, "application/geo+json", &fc)
	var ids []string
	for _, f := range fc.Features {
		ids = append(ids, f.ID)
	}
	if want := []string{"donetsk-claimed-" + a.Snapshot, "zaporizhzhia-claimed-" + a.Snapshot}; !slices.Equal(ids, want) || *fc.NumberMatched != 2 {
		t.Errorf("bbox=37,47.5,38,48.5: features %v, numberMatched %d; want %v", ids, *fc.NumberMatched, want)
	}
}

// ogcIDs returns the ids of the features of one items page.
func ogcIDs(t *testing.T, target string) []string {
	t.Helper()
	var fc testFeatureCollection
	getOGCJSON(t, target, "application/geo+json", &fc)
	ids := make([]string, len(fc.Features))
	for i, f := range fc.Features {
		ids[i] = f.ID
	}
	return ids
}

// TestOGCQueryables checks /queryables (OGC API – Features Part 3) and
// the items parameters made from it: a filter per queryable property,
// sortby, properties and skipGeometry, each with a 400 for a bad value.
func TestOGCQueryables(t *testing.T) {
	a := testServer(t).current().atlas
	r, b := ogcDo(t, http.MethodGet, "/ogc/collections/controlled/queryables")
	if r.StatusCode != 200 || r.Header.Get("Content-Type") != "application/schema+json" {
		t.Fatalf("queryables: status %d, type %q: %.300s", r.StatusCode, r.Header.Get("Content-Type"), b)
	}
	var qs struct {
		Schema     string `json:"$schema"`
		ID         string `json:"$id"`
		Type       string
		Properties map[string]struct{ Type string }
	}
	if err := json.Unmarshal([]byte(b), &qs); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(qs.Schema, "https://json-schema.org/") || !strings.HasSuffix(qs.ID, "/ogc/collections/controlled/queryables") || qs.Type != "object" {
		t.Errorf("queryables $schema %q, $id %q, type %q", qs.Schema, qs.ID, qs.Type)
	}
	for name, typ := range map[string]string{"region": "string", "status": "string", "area_km2": "number", "within_claim": "boolean", "as_of": "string"} {
		if qs.Properties[name].Type != typ {
			t.Errorf("queryable %s: type %q, want %q", name, qs.Properties[name].Type, typ)
		}
	}
	var places struct{ Properties map[string]any }
	getOGCJSON(t, "/ogc/collections/places/queryables", "application/schema+json", &places)
	if _, ok := places.Properties["variants"]; ok || places.Properties["population"] == nil {
		t.Errorf("places queryables %v: want population, and not variants (a list)", places.Properties)
	}
	var col struct{ Links []testLink }
	getOGCJSON(t, "/ogc/collections/controlled", "application/json", &col)
	if href, ok := findLink(t, col.Links, "http://www.opengis.net/def/rel/ogc/1.0/queryables", "application/schema+json"); !ok || href != "/ogc/collections/controlled/queryables" {
		t.Errorf("collection links to queryables at %q (%v)", href, ok)
	}
	if href, ok := findLink(t, col.Links, "related", "application/json"); !ok || href != "/tiles.json" {
		t.Errorf("collection links to the tiles at %q (%v)", href, ok)
	}

	// The API definition lists each collection's queryables as parameters
	// of its items, where GDAL looks for them.
	var api struct {
		Paths map[string]struct {
			Get struct {
				Parameters []struct{ Name, In string }
			}
		}
	}
	getOGCJSON(t, "/ogc/api?f=json", "application/vnd.oai.openapi+json;version=3.0", &api)
	var inQuery []string
	for _, p := range api.Paths["/collections/controlled/items"].Get.Parameters {
		if p.In == "query" {
			inQuery = append(inQuery, p.Name)
		}
	}
	for _, name := range []string{"region", "status", "within_claim"} {
		if !slices.Contains(inQuery, name) {
			t.Errorf("the API definition's /collections/controlled/items takes %v, not %s", inQuery, name)
		}
	}

	// count counts the features of a collection on every date for which
	// keep holds.
	count := func(layer string, keep func(p map[string]any) bool) int {
		n := 0
		for _, d := range a.Dates {
			v, _ := a.At(d)
			fc, _ := v.LayerFeatures(layer)
			for _, f := range fc.Features {
				if keep(f.Properties) {
					n++
				}
			}
		}
		return n
	}
	type item struct {
		ID         string
		Geometry   json.RawMessage
		Properties map[string]any
	}
	type page struct {
		NumberMatched int
		Links         []testLink
		Features      []item
	}
	items := func(target string) page {
		t.Helper()
		var p page
		getOGCJSON(t, target, "application/geo+json", &p)
		return p
	}
	for _, tc := range []struct {
		target string
		want   int
		check  func(item) bool
	}{
		{"/ogc/collections/controlled/items?region=donetsk&limit=1000", count("controlled", func(p map[string]any) bool { return p["region"] == "donetsk" }),
			func(f item) bool { return f.Properties["region"] == "donetsk" }},
		{"/ogc/collections/controlled/items?region=donetsk&status=controlled&datetime=" + a.Snapshot, 1,
			func(f item) bool { return f.ID == "donetsk-controlled-"+a.Snapshot }},
		{"/ogc/collections/controlled/items?within_claim=false&limit=1000", count("controlled", func(p map[string]any) bool { return p["within_claim"] == false }),
			func(f item) bool { return f.Properties["within_claim"] == false }},
		{"/ogc/collections/controlled/items?within_claim=0&limit=1000", count("controlled", func(p map[string]any) bool { return p["within_claim"] == false }),
			func(f item) bool { return f.Properties["within_claim"] == false }},
		{"/ogc/collections/places/items?held_by=russia&region=donetsk&limit=1000", count("places", func(p map[string]any) bool { return p["held_by"] == "russia" && p["region"] == "donetsk" }),
			func(f item) bool { return f.Properties["held_by"] == "russia" }},
		{"/ogc/collections/claimed/items?region=atlantis", 0, nil},
		{"/ogc/collections/boundaries/items?official_area_km2=26517", count("boundaries", func(p map[string]any) bool { return p["official_area_km2"] == 26517.0 }) / len(a.Dates),
			func(f item) bool { return f.Properties["official_area_km2"] == 26517.0 }},
	} {
		t.Run(tc.target, func(t *testing.T) {
			p := items(tc.target)
			if p.NumberMatched != tc.want {
				t.Errorf("numberMatched %d, want %d", p.NumberMatched, tc.want)
			}
			for _, f := range p.Features {
				if tc.check != nil && !tc.check(f) {
					t.Errorf("feature %s does not match: %v", f.ID, f.Properties)
				}
			}
		})
	}

	// sortby orders, and the links carry every parameter.
	p := items("/ogc/collections/controlled/items?datetime=" + a.Snapshot + "&sortby=-area_km2&limit=3&region=donetsk")
	if next, ok := findLink(t, p.Links, "self", ""); !ok || !strings.Contains(next, "sortby=-area_km2") || !strings.Contains(next, "region=donetsk") {
		t.Errorf("self link %q lacks sortby or region", next)
	}
	p = items("/ogc/collections/controlled/items?datetime=" + a.Snapshot + "&sortby=-area_km2&limit=1000")
	for i := 1; i < len(p.Features); i++ {
		if p.Features[i-1].Properties["area_km2"].(float64) < p.Features[i].Properties["area_km2"].(float64) {
			t.Errorf("sortby=-area_km2: %s before %s", p.Features[i-1].ID, p.Features[i].ID)
		}
	}
	p = items("/ogc/collections/places/items?datetime=" + a.Snapshot + "&sortby=region,-population&limit=1000")
	for i := 1; i < len(p.Features); i++ {
		x, y := p.Features[i-1].Properties, p.Features[i].Properties
		if x["region"].(string) > y["region"].(string) || (x["region"] == y["region"] && x["population"].(float64) < y["population"].(float64)) {
			t.Errorf("sortby=region,-population: %s before %s", p.Features[i-1].ID, p.Features[i].ID)
		}
	}
	if next, ok := findLink(t, items("/ogc/collections/places/items?sortby=name&limit=2").Links, "next", ""); !ok || !strings.Contains(next, "sortby=name") {
		t.Errorf("next link %q lacks sortby", next)
	}

	// properties and skipGeometry.
	p = items("/ogc/collections/controlled/items?properties=name,region&skipGeometry=true&limit=5")
	for _, f := range p.Features {
		if len(f.Properties) != 2 || f.Properties["name"] == nil || f.Properties["region"] == nil || string(f.Geometry) != "null" {
			t.Errorf("feature %s: properties %v, geometry %s; want name and region, no geometry", f.ID, f.Properties, f.Geometry)
		}
	}
	if next, ok := findLink(t, p.Links, "next", ""); !ok || !strings.Contains(next, "properties=name%2Cregion") || !strings.Contains(next, "skipGeometry=true") {
		t.Errorf("next link %q lacks properties or skipGeometry", next)
	}
	for _, f := range items("/ogc/collections/places/items?properties=&limit=2").Features {
		if len(f.Properties) != 0 {
			t.Errorf("properties= : feature %s has %v", f.ID, f.Properties)
		}
	}
	_, html := ogcDo(t, http.MethodGet, "/ogc/collections/places/items?properties=name,population&f=html")
	if !strings.Contains(html, "population") || strings.Contains(html, "held_by") {
		t.Error("the HTML table shows other columns than properties= asks for")
	}

	for target, want := range map[string]string{
		"/ogc/collections/controlled/items?within_claim=maybe": "true or false",
		"/ogc/collections/controlled/items?area_km2=big":       "is a number",
		"/ogc/collections/places/items?variants=Kiev":          `Unknown query parameter \"variants\"`,
		"/ogc/collections/places/items?sortby=variants":        "cannot be sorted by",
		"/ogc/collections/places/items?sortby=%2B-name":        "separated by commas",
		"/ogc/collections/places/items?sortby=":                "separated by commas",
		"/ogc/collections/places/items?properties=nope":        `no property \"nope\"`,
		"/ogc/collections/places/items?skipGeometry=yes":       "true or false",
		"/ogc/collections/places/items?region=a&region=b":      "given 2 times",
		"/ogc/collections/places/queryables?f=html":            "JSON only",
		"/ogc/collections/places/queryables?region=donetsk":    "only takes f",
		"/ogc/collections/controlled/items?foo=1":              "region",
	} {
		r, b := ogcDo(t, http.MethodGet, target)
		ctype := "application/problem+json"
		if strings.HasSuffix(target, "f=html") {
			ctype = "text/html; charset=UTF-8" // errors come in the format asked for
		}
		if r.StatusCode != http.StatusBadRequest || r.Header.Get("Content-Type") != ctype || !strings.Contains(b, want) {
			t.Errorf("%s: status %d, %s; want a 400 problem saying %q", target, r.StatusCode, b, want)
		}
	}
}

// TestOGCItemsValid: every polygon the OGC API serves is valid, as the
// downloads are (rounding an overlay to six decimals once made Kherson's
// claimed-not-controlled ring touch itself).
func TestOGCItemsValid(t *testing.T) {
	for _, name := range []string{"controlled", "claimed", "claimed-not-controlled", "controlled-not-claimed", "contested", "boundaries"} {
		r, b := ogcDo(t, http.MethodGet, "/ogc/collections/"+name+"/items?f=json&limit=1000")
		if r.StatusCode != 200 {
			t.Fatalf("%s: %d", name, r.StatusCode)
		}
		fc, err := geojson.UnmarshalFeatureCollection([]byte(b))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fc.Features {
			if mp, ok := f.Geometry.(orb.MultiPolygon); ok && !geo.Valid(mp) {
				t.Errorf("%s: %v is not a valid multipolygon", name, f.ID)
			}
		}
	}
}

// TestOGCFeatureDocsBounded: single features' documents, which grow with
// places and snapshots, are kept in a bounded cache, not beside the fixed
// documents.
func TestOGCFeatureDocsBounded(t *testing.T) {
	s, err := New(Config{BaseURL: "https://claimsmap.example", Data: defaultdata.FS(), Static: static.FS(), Limits: Limits{Rate: -1}})
	if err != nil {
		t.Fatal(err)
	}
	o := s.current().ogc()
	col, err := o.core.Lookup("places")
	if err != nil {
		t.Fatal(err)
	}
	fixed := func() int {
		o.mu.Lock()
		defer o.mu.Unlock()
		n := 0
		for _, m := range o.docs {
			n += len(m)
		}
		return n
	}
	before := fixed()
	const n = 40
	for _, f := range col.Latest()[:n] {
		if rec := serveReq(s, "/ogc/collections/places/items/"+f.ID); rec.Code != 200 {
			t.Fatalf("%s: %d", f.ID, rec.Code)
		}
	}
	if got := fixed(); got != before {
		t.Errorf("the fixed documents went from %d to %d", before, got)
	}
	if got := o.features.Len(); got != n {
		t.Errorf("%d feature documents kept, want %d (at most %d)", got, n, ogcFeatureDocs)
	}
}
