package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/claimsmap/claimsmap/internal/defaultdata"
	"github.com/claimsmap/claimsmap/static"
)

// placesServer is a server on the default dataset with one more article
// naming Pokrovsk, for the passages of a place page.
func placesServer(t *testing.T, extra string) *Server {
	t.Helper()
	data := defaultdata.FS()
	if extra != "" {
		data = withArticle(t, "test-pokrovsk.txt", extra)
	}
	s, err := New(Config{Data: data, Static: static.FS()})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func getPage(t *testing.T, s *Server, path string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	return rec
}

func TestPlacesList(t *testing.T) {
	s := placesServer(t, "")
	for _, tc := range []struct {
		path   string
		status int
		want   []string
		not    []string
	}{
		{"/places", 200, []string{`<form class="share-form places-form" action="/places" method="get">`, "Places 1–50 of", `rel="next"`, `href="/places?page=2"`, `<option value="kharkiv">Kharkiv Oblast</option>`, `<option value="crimea">Crimea (claimed)</option>`}, []string{`rel="prev"`, `<option value="lviv">`}},
		{"/places?page=2", 200, []string{"Places 51–100 of", `href="/places"`, `rel="prev"`, "<title>Places, page 2 of "}, nil},
		{"/places?region=donetsk&sort=population", 200, []string{`<option value="donetsk" selected>`, `<option value="population" selected>`, `href="/places/donetsk"`, `href="/places/mariupol"`}, []string{"Lviv Oblast", "Kharkiv Oblast</td>"}},
		{"/places?region=crimea&sort=population", 200, []string{`href="/places/sevastopol"`, `href="/places/simferopol"`}, nil},
		{"/places?region=donetsk&holder=russia", 200, []string{`href="/places/bakhmut"`, `<option value="russia" selected>`}, []string{`class="holder ukraine"`, `href="/places/kramatorsk"`}},
		{"/places?region=sumy&holder=contested&date=2014-03-18", 200, []string{"No place matches these choices."}, nil},
		{"/places?region=donetsk&date=2022-03-30", 200, []string{`<option value="2022-03-25" selected>`, "25 March 2022", `href="/places/bakhmut?date=2022-03-25"`}, nil},
		{"/places?sort=region", 200, []string{`href="/places/alushta"`}, nil},
		{"/places?region=lviv", 400, []string{"region &#34;lviv&#34; is not a claimed region or a front-line oblast"}, nil},
		{"/places?holder=nobody", 400, []string{"holder &#34;nobody&#34; must be russia, contested or ukraine"}, nil},
		{"/places?sort=size", 400, []string{"sort &#34;size&#34; must be name, population or region"}, nil},
		{"/places?page=0", 400, []string{"page &#34;0&#34; is not a page number"}, nil},
		{"/places?page=x", 400, nil, nil},
		{"/places?page=9999", 404, []string{"There is no page 9999 of this list of places"}, nil},
		{"/places?date=yesterday", 400, nil, nil},
		{"/places?date=2001-01-01", 404, nil, nil},
		{"/places?colour=red", 400, []string{"Unknown parameter"}, nil},
		{"/places?region=donetsk&region=luhansk", 400, []string{"given 2 times"}, nil},
	} {
		t.Run(tc.path, func(t *testing.T) {
			rec := getPage(t, s, tc.path)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d: %.300s", rec.Code, tc.status, rec.Body.String())
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("Content-Type %q, want an HTML page", ct)
			}
			b := rec.Body.String()
			for _, w := range tc.want {
				if !strings.Contains(b, w) {
					t.Errorf("lacks %q", w)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(b, w) {
					t.Errorf("has %q", w)
				}
			}
			if tc.status == 200 && strings.Count(b, "<tr id=") > placesPerPage {
				t.Errorf("%d rows, over a page of %d", strings.Count(b, "<tr id="), placesPerPage)
			}
		})
	}
}

func TestPlacePage(t *testing.T) {
	var article strings.Builder
	article.WriteString("---\ntitle: Test report on Pokrovsk\ndate: 2025-08-09\nlicense: Test fixture written for claimsmap's tests\n---\nTest report on Pokrovsk\n\n")
	for range 23 { // 24 passages with the title's
		article.WriteString("Fighting continued near Pokrovsk, officials said.\n\n")
	}
	s := placesServer(t, article.String())
	for _, tc := range []struct {
		path   string
		status int
		want   []string
		not    []string
	}{
		{"/places/pokrovsk", 200, []string{
			"<h1>Pokrovsk</h1>", `<a href="/regions/donetsk">Donetsk</a>`, `<a href="/places">Places</a>`,
			`<figure class="map" id="place-map">`, `<desc id="place-map-desc">Pokrovsk, marked by a dot`, `<circle class="place `, ">Pokrovsk</text>", "Pokrovsk, marked by a dot",
			"Who held it", "18 March 2014 to", "Names and variants", "Krasnoarmiisk", `<span lang="uk">Красноармійськ</span>`, "Покровськ",
			"GeoNames id</dt><dd>704422", "CC BY 4.0, GeoNames",
			"Passages 1–10 of 24", `href="/places/pokrovsk?page=2"`, `href="/articles/test-pokrovsk#p2"`,
		}, []string{`rel="prev"`}},
		{"/places/pokrovsk?page=3", 200, []string{"Passages 21–24 of 24", `href="/places/pokrovsk?page=2"`}, []string{`rel="next"`}},
		{"/places/pokrovsk?date=2022-03-25", 200, []string{"on 25 March 2022", `href="/places/pokrovsk?date=2022-03-25&amp;page=2"`}, nil},
		{"/places/lviv", 200, []string{"<h1>Lviv</h1>", "Lviv Oblast", "No article in the dataset names Lviv."}, []string{"Claimed region"}},
		{"/places/sevastopol", 200, []string{`<a href="/regions/crimea">Crimea</a>`}, nil},
		{"/places/atlantis", 404, []string{"There is no place &#34;atlantis&#34; in the gazetteer"}, nil},
		{"/places/pokrovsk?page=4", 404, []string{"There is no page 4 of the passages that name Pokrovsk"}, nil},
		{"/places/pokrovsk?page=-1", 400, nil, nil},
		{"/places/pokrovsk?sort=name", 400, []string{"Unknown parameter"}, nil},
		{"/places/pokrovsk?date=1999-01-01", 404, nil, nil},
	} {
		t.Run(tc.path, func(t *testing.T) {
			rec := getPage(t, s, tc.path)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d: %.300s", rec.Code, tc.status, rec.Body.String())
			}
			b := rec.Body.String()
			for _, w := range tc.want {
				if !strings.Contains(b, w) {
					t.Errorf("lacks %q", w)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(b, w) {
					t.Errorf("has %q", w)
				}
			}
			if n := strings.Count(b, `<figure class="quote">`); n > passagesPerPage {
				t.Errorf("%d passages, over a page of %d", n, passagesPerPage)
			}
		})
	}
	// The article's mention links to the place's page.
	if b := getPage(t, s, "/articles/test-pokrovsk").Body.String(); !strings.Contains(b, `href="/places/pokrovsk"`) {
		t.Error("the article's mention of Pokrovsk does not link to /places/pokrovsk")
	}
}

func TestSearch(t *testing.T) {
	s := placesServer(t, "")
	// Every way of writing Pokrovsk reaches its page.
	for _, q := range []string{"Pokrovsk", "pokrovsk", "Покровськ", "Krasnoarmiisk", "Красноармейск", "POKROVSK"} {
		rec := getPage(t, s, "/search?q="+url.QueryEscape(q))
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/places/pokrovsk" {
			t.Errorf("/search?q=%s: %d to %q, want 303 to /places/pokrovsk", q, rec.Code, rec.Header().Get("Location"))
		}
	}
	for _, tc := range []struct {
		path   string
		status int
		want   []string
		not    []string
	}{
		{"/search", 200, []string{`<form class="share-form search-form" action="/search" method="get" role="search">`, `name="q"`}, []string{"Results for", "Nothing found"}},
		{"/search?q=", 200, []string{`name="q"`}, []string{"Nothing found"}},
		{"/search?q=Donetsk", 200, []string{"Results for “Donetsk”", `href="/regions/donetsk"`, `href="/places/donetsk"`}, nil},
		{"/search?q=Novoselivka", 200, []string{`href="/places/novoselivka"`, `href="/places/novoselivka-odesa"`}, nil},
		{"/search?q=Donbas", 200, []string{`href="/regions/`, "Donbas"}, nil},
		{"/search?q=Kharkiv", 200, []string{`href="/places?region=kharkiv"`, `href="/places/kharkiv"`}, nil},
		{"/search?q=Alaska", 200, []string{`href="/articles/alaska-summit-2025-08-08"`}, nil},
		{"/search?q=Qwxzv", 200, []string{"Nothing found for “Qwxzv”"}, nil},
		{"/search?q=" + strings.Repeat("x", 5000), 200, []string{"The query was cut to its first 100 characters."}, []string{strings.Repeat("x", 101)}},
		{"/search?q=%3Cscript%3E", 200, []string{"&lt;script&gt;"}, []string{"<script>"}},
		{"/search?q=a&f=xml", 400, []string{"must be json or html"}, nil},
		{"/search?query=a", 400, []string{"Unknown parameter"}, nil},
	} {
		t.Run(tc.path[:min(len(tc.path), 40)], func(t *testing.T) {
			rec := getPage(t, s, tc.path)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d: %.300s", rec.Code, tc.status, rec.Body.String())
			}
			b := rec.Body.String()
			for _, w := range tc.want {
				if !strings.Contains(b, w) {
					t.Errorf("lacks %q", w)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(b, w) {
					t.Errorf("has %q", w)
				}
			}
		})
	}
}

// TestGeoNamesAttributed: the about page credits GeoNames with its
// licence, and every page carries the search box.
func TestGeoNamesAttributed(t *testing.T) {
	s := placesServer(t, "")
	b := getPage(t, s, "/about").Body.String()
	for _, w := range []string{"gazetteer/geonames.csv", "GeoNames (geonames.org), cities500.txt of 2023-03-04", "CC BY 4.0, GeoNames (geonames.org)"} {
		if !strings.Contains(b, w) {
			t.Errorf("/about lacks %q", w)
		}
	}
	for _, p := range []string{"/", "/about", "/places", "/places/pokrovsk", "/regions/donetsk"} {
		if b := getPage(t, s, p).Body.String(); !strings.Contains(b, `<form class="site-search" action="/search" method="get" role="search">`) {
			t.Errorf("%s has no search box", p)
		}
	}
}

func TestSearchJSON(t *testing.T) {
	s := placesServer(t, "")
	for _, tc := range []struct {
		path   string
		header []string
	}{
		{"/search?q=Покровськ&f=json", nil},
		{"/search?q=Krasnoarmiisk", []string{"Accept", "application/json"}},
	} {
		rec := getPage(t, s, tc.path, tc.header...)
		if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/json" {
			t.Fatalf("%s: %d %s", tc.path, rec.Code, rec.Header().Get("Content-Type"))
		}
		var res searchResponse
		if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
			t.Fatal(err)
		}
		if len(res.Results) == 0 || res.Results[0].ID != "pokrovsk" || res.Results[0].Href != "/places/pokrovsk" || res.Results[0].Kind != "place" || res.Results[0].HeldBy == "" {
			t.Errorf("%s: results %+v, want Pokrovsk first", tc.path, res.Results)
		}
	}
	rec := getPage(t, s, "/search?f=json")
	if rec.Code != 200 || strings.TrimSpace(rec.Body.String()) != `{"query":"","clipped":false,"as_of":"2025-08-08","results":[],"more_places":false}` {
		t.Errorf("empty query: %d %s", rec.Code, rec.Body.String())
	}
	// The JSON's errors are JSON, asked for by f alone.
	for _, p := range []string{"/search?f=json&x=1", "/search?f=json&q=%ff", "/search?f=json&q=a&q=b"} {
		if rec := getPage(t, s, p); rec.Code != 400 || !strings.Contains(rec.Header().Get("Content-Type"), "problem+json") {
			t.Errorf("%s: %d %s, want a 400 in problem JSON", p, rec.Code, rec.Header().Get("Content-Type"))
		}
	}
	for _, p := range []string{"/layers?date=2022-03-25", "/tiles.pmtiles?x=1", "/healthz?x=1"} {
		if rec := getPage(t, s, p); rec.Code != 400 || !strings.Contains(rec.Body.String(), "takes no parameters") || strings.Contains(rec.Body.String(), "figures of every region") {
			t.Errorf("%s: %d %.200s, want a 400 saying it takes no parameters", p, rec.Code, rec.Body.String())
		}
	}
	// A page's 404 is HTML or problem JSON by Accept, and says so once.
	for _, accept := range []string{"text/html", "application/json"} {
		rec := getPage(t, s, "/regions/atlantis/nope", "Accept", accept)
		if v := rec.Header().Values("Vary"); rec.Code != 404 || len(v) != 1 || v[0] != "Accept" {
			t.Errorf("a 404 asked for as %s: %d, Vary %q, want one Accept", accept, rec.Code, v)
		}
	}
	if v := getPage(t, s, "/ogc/collections/nope", "Accept", "application/json").Header().Values("Vary"); len(v) != 1 {
		t.Errorf("an OGC 404: Vary %q, want Accept once", v)
	}
	rec = getPage(t, s, "/search?q=a&f=xml", "Accept", "application/json")
	if rec.Code != 400 || !strings.Contains(rec.Header().Get("Content-Type"), "problem+json") {
		t.Errorf("a bad f with Accept JSON: %d %s, want problem JSON", rec.Code, rec.Header().Get("Content-Type"))
	}
}

func FuzzSearchQuery(f *testing.F) {
	s, err := New(Config{Data: defaultdata.FS(), Static: static.FS()})
	if err != nil {
		f.Fatal(err)
	}
	for _, q := range []string{"q=Pokrovsk", "q=%D0%9F", "q=&f=json", "f=html&q=Kyïv", "q=%ff%fe", "page=2&q=x"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		req := httptest.NewRequest(http.MethodGet, "/search", nil)
		req.URL.RawQuery = raw
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%q: status %d", raw, rec.Code)
		}
	})
}

func BenchmarkPlacesPage(b *testing.B) {
	s, err := New(Config{Data: defaultdata.FS(), Static: static.FS()})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/places?sort=region&page=3", nil))
		if rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
}

func BenchmarkPlacePage(b *testing.B) {
	s, err := New(Config{Data: defaultdata.FS(), Static: static.FS()})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/places/pokrovsk", nil))
		if rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
}

func BenchmarkSearchPage(b *testing.B) {
	s, err := New(Config{Data: defaultdata.FS(), Static: static.FS()})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/search?q=Novoselivka", nil))
		if rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
}

func FuzzPlacesQuery(f *testing.F) {
	s, err := New(Config{Data: defaultdata.FS(), Static: static.FS()})
	if err != nil {
		f.Fatal(err)
	}
	for _, q := range []string{"region=donetsk&holder=russia&sort=population&page=2", "date=2022-03-30", "page=99999999999999999999", "sort=", "region=%00", "holder=russia&holder=ukraine"} {
		f.Add("/places", q)
		f.Add("/places/pokrovsk", q)
	}
	f.Fuzz(func(t *testing.T, path, raw string) {
		if path != "/places" && path != "/places/pokrovsk" {
			return
		}
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.URL.RawQuery = raw
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s?%s: status %d", path, raw, rec.Code)
		}
	})
}
