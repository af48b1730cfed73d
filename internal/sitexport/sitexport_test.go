package sitexport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestPageFile(t *testing.T) {
	for _, tc := range []struct {
		url, contentType, want string
	}{
		{"/", "text/html; charset=utf-8", "index.html"},
		{"/?date=2024-12-31", "text/html", "date/2024-12-31/index.html"},
		{"/regions/donetsk?date=2024-12-31", "text/html", "date/2024-12-31/regions/donetsk/index.html"},
		{"/layers/controlled.kml?date=2024-12-31", "application/vnd.google-earth.kml+xml", "date/2024-12-31/layers/controlled.kml"},
		{"/layers/controlled.geojson?region=donetsk&date=2024-12-31", "application/geo+json", "date/2024-12-31/region/donetsk/layers/controlled.geojson"},
		{"/map/ukraine.png?width=1200&height=800", "image/png", "width/1200/height/800/map/ukraine.png"},
		{"/changes/donetsk?to=2025-08-08&from=2024-12-31", "text/html", "from/2024-12-31/to/2025-08-08/changes/donetsk/index.html"},
		{"/ogc/collections?f=json", "application/json", "ogc/collections.json"},
		{"/ogc/collections?f=html", "text/html", "ogc/collections/index.html"},
		{"/ogc/collections/controlled/queryables", "application/schema+json", "ogc/collections/controlled/queryables.json"},
		{"/regions/donetsk/named?page=2", "text/html", "page/2/regions/donetsk/named/index.html"},
	} {
		u, err := url.Parse(tc.url)
		if err != nil {
			t.Fatal(err)
		}
		p, ok := exportable(u)
		if !ok {
			t.Errorf("%s: not exportable", tc.url)
			continue
		}
		if got := p.file(tc.contentType); got != tc.want {
			t.Errorf("%s (%s): file %q, want %q", tc.url, tc.contentType, got, tc.want)
		}
	}
}

func TestExportableRefuses(t *testing.T) {
	for _, raw := range []string{
		"/layers/controlled.geojson?simplify=1000", // computed per request
		"/map/ukraine.png?theme=dark",
		"/share?region=donetsk",
		"/oembed?url=x",
		"/ogc/collections/controlled/items",
		"/ogc/collections/controlled/items/3",
		"/ogc/api",
		"/metrics",
		"/?date=2024-12-31&date=2023-12-31", // two values, one file
		"/?date=..",
		"/regions/a%2Fb",
		"/regions//x",
		"/tiles/{z}/{x}/{y}.mvt",
		"/ogc?f=xml",
	} {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		if p, ok := exportable(u); ok {
			t.Errorf("%s: exportable as %s, want refused", raw, p.file("text/html"))
		}
	}
}

func TestHref(t *testing.T) {
	for file, want := range map[string]string{
		"index.html":                       "/",
		"date/2024-12-31/index.html":       "/date/2024-12-31/",
		"layers/controlled.geojson":        "/layers/controlled.geojson",
		"date/2024-12-31/about/index.html": "/date/2024-12-31/about/",
	} {
		if got := href(file); got != want {
			t.Errorf("href(%q) = %q, want %q", file, got, want)
		}
	}
}

// A document whose links are all kept comes back byte for byte: raw
// text, entities, SVG's mixed-case attributes and void tags included.
func TestRewriteHTMLKeepsBytes(t *testing.T) {
	doc := `<!doctype html><html><head><meta charset=utf-8><link rel="stylesheet" href="/s.css"><script>if (a < b && c) { x = "</p>"; }</script><style>a>b{}</style></head>` +
		`<body><p title='x &amp; y'>A &lt; B &nbsp; é<br/><svg viewBox="0 0 1 1"><linearGradient gradientUnits="x"/><a href="/regions/x"><path d="M0 0"/></a></svg><!-- c --><img src=/i.png alt></body></html>`
	var seen []string
	got, err := rewriteHTML([]byte(doc), func(tag, attr, val string) (string, verdict) {
		seen = append(seen, tag+" "+attr+" "+val)
		return val, replace
	}, func(s string) string { return s })
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != doc {
		t.Errorf("rewritten without change:\n%s\nwant\n%s", got, doc)
	}
	want := []string{"link href /s.css", "a href /regions/x", "img src /i.png"}
	if !slices.Equal(seen, want) {
		t.Errorf("links seen %q, want %q", seen, want)
	}
}

func TestRewriteHTMLVerdicts(t *testing.T) {
	doc := `<a class="x" href="/a?date=1&amp;b=2">A</a><a href="/gone">G</a><link rel="alternate" href="/oembed?x"><form action="/share"><input name="q"><form></form></form><p>after</p><img src="/gone">`
	got, err := rewriteHTML([]byte(doc), func(tag, attr, val string) (string, verdict) {
		switch {
		case strings.HasPrefix(val, "/a?"):
			return "/date/1/a/?x=<&>", replace
		default:
			return val, drop
		}
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := `<a class="x" href="/date/1/a/?x=&lt;&amp;&gt;">A</a><a>G</a><p>after</p><img>`
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestRewriteJSON(t *testing.T) {
	doc := `{"n":1.50,"links":[{"href":"https://s.example/keep","rel":"self"},{"href":"https://s.example/gone","rel":"x"}],"s":"https://s.example/gone"}`
	got, err := rewriteJSON([]byte(doc), func(tag, attr, val string) (string, verdict) {
		switch val {
		case "https://s.example/keep":
			return "/keep.json", replace
		case "https://s.example/gone":
			return val, drop
		}
		return val, keep
	})
	if err != nil {
		t.Fatal(err)
	}
	// Numbers keep their spelling; a dropped link object leaves its
	// array; another dropped string stays as it was.
	want := `{"links":[{"href":"/keep.json","rel":"self"}],"n":1.50,"s":"https://s.example/gone"}`
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	same, err := rewriteJSON([]byte(doc), func(tag, attr, val string) (string, verdict) { return val, keep })
	if err != nil || string(same) != doc {
		t.Errorf("unchanged document rewritten: %s, %v", same, err)
	}
}

// site is a small site for the crawler: a home page linking a dated page,
// a redirect, a missing page, a file computed per request, a server-only
// form, and a TileJSON.
func site() http.Handler {
	mux := http.NewServeMux()
	html := func(w http.ResponseWriter, body string) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<!doctype html><title>t</title>"+body)
	}
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		if d := r.URL.Query().Get("date"); d != "" {
			html(w, `<p>on `+d+`</p><a href="/">latest</a>`)
			return
		}
		html(w, `<link rel="canonical" href="https://s.example/"><a href="/?date=2020-01-01">old</a> <a href="/about">about</a>`+
			` <a href="/old">old</a> <a href="/missing">missing</a> <a href="/data.geojson?simplify=9">small</a>`+
			` <form action="/search"><input name="q"></form> <a href="https://elsewhere.example/x">out</a>`+
			`<textarea>&lt;iframe src=&#34;https://s.example/?date=2020-01-01&#34;&gt;</textarea><input value="https://s.example/about.">`+
			`<p>https://s.example/data.geojson?simplify=9&amp;amp;x=1, https://s.example/missing</p><script>var u = "https://s.example/?date=2020-01-01";</script>`)
	})
	mux.HandleFunc("/about", func(w http.ResponseWriter, r *http.Request) {
		html(w, `<a href="https://s.example/data.geojson#f">data</a> <a href="/tiles.json">tiles</a>`)
	})
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/about", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/data.geojson", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/geo+json")
		io.WriteString(w, `{"type":"FeatureCollection","features":[]}`)
	})
	mux.HandleFunc("/tiles.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"tiles":["https://s.example/tiles/{z}/{x}/{y}.mvt"],"minzoom":0,"maxzoom":12,"bounds":[30,45,31,46],"vector_layers":[{"id":"a","maxzoom":12}]}`)
	})
	mux.HandleFunc("/tiles/{z}/{x}/{y}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("z") == "1" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.Header().Set("Content-Type", "application/vnd.mapbox-vector-tile")
		io.WriteString(w, "tile "+r.URL.Path)
	})
	return mux
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestExport(t *testing.T) {
	for _, live := range []string{"", "https://live.example"} {
		t.Run("live="+live, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			sum, err := Export(context.Background(), out, Options{Handler: site(), Origin: "https://s.example", Live: live, RewriteText: true, MaxZoom: 2, Workers: 3})
			if err != nil {
				t.Fatal(err)
			}
			// /, /?date, /about, data.geojson, tiles.json, tiles 0/0/0 and 2/2/1.
			if sum.Files != 7 || sum.Pages != 3 || sum.Tiles != 2 || sum.EmptyTiles != 1 {
				t.Errorf("summary %+v", sum)
			}
			if want := []string{"/missing (404)"}; !slices.Equal(sum.Failed, want) {
				t.Errorf("failed %q, want %q", sum.Failed, want)
			}
			home := read(t, filepath.Join(out, "index.html"))
			for _, want := range []string{`<link rel="canonical" href="/">`, `href="/date/2020-01-01/"`, `href="/about/">about`, `href="/about/">old`, `href="https://elsewhere.example/x"`} {
				if !strings.Contains(home, want) {
					t.Errorf("home page lacks %s:\n%s", want, home)
				}
			}
			for _, want := range []string{
				`<textarea>&lt;iframe src=&#34;https://s.example/date/2020-01-01/&#34;&gt;</textarea>`,
				`<input value="https://s.example/about/.">`,
				`<script>var u = "https://s.example/?date=2020-01-01";</script>`,
			} {
				if !strings.Contains(home, want) {
					t.Errorf("home page lacks %s:\n%s", want, home)
				}
			}
			if live == "" {
				for _, want := range []string{`<a>missing</a>`, `<a>small</a>`, `<p>https://s.example/data.geojson?simplify=9&amp;amp;x=1, https://s.example/missing</p>`} {
					if !strings.Contains(home, want) {
						t.Errorf("home page lacks %s:\n%s", want, home)
					}
				}
				if strings.Contains(home, "<form") || strings.Contains(home, `simplify=9"`) {
					t.Errorf("home page keeps a link only a server can answer:\n%s", home)
				}
			} else {
				for _, want := range []string{`href="https://live.example/missing"`, `<p>https://live.example/data.geojson?simplify=9&amp;amp;x=1, https://live.example/missing</p>`, `href="https://live.example/data.geojson?simplify=9"`, `<form action="https://live.example/search">`} {
					if !strings.Contains(home, want) {
						t.Errorf("home page lacks %s:\n%s", want, home)
					}
				}
			}
			if got := read(t, filepath.Join(out, "about", "index.html")); !strings.Contains(got, `href="/data.geojson#f"`) || !strings.Contains(got, `href="/tiles.json"`) {
				t.Errorf("about page: %s", got)
			}
			tj := read(t, filepath.Join(out, "tiles.json"))
			if want := `{"bounds":[30,45,31,46],"maxzoom":2,"minzoom":0,"tiles":["https://s.example/tiles/{z}/{x}/{y}.mvt"],"vector_layers":[{"id":"a","maxzoom":2}]}`; tj != want {
				t.Errorf("tiles.json\n%s\nwant\n%s", tj, want)
			}
			if got := read(t, filepath.Join(out, "tiles", "2", "2", "1.mvt")); got != "tile /tiles/2/2/1.mvt" {
				t.Errorf("tile: %q", got)
			}
			if _, err := os.Stat(filepath.Join(out, Marker)); err != nil {
				t.Error(err)
			}
			if left := leftovers(t, filepath.Dir(out)); len(left) > 0 {
				t.Errorf("temporary folders left: %q", left)
			}
		})
	}
}

func leftovers(t *testing.T, dir string) []string {
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") {
			left = append(left, e.Name())
		}
	}
	return left
}

// snapshot lists a folder's files with their contents.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		m[strings.TrimPrefix(p, dir)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestExportFailureLeavesOutAlone(t *testing.T) {
	parent := t.TempDir()
	earlier := filepath.Join(parent, "earlier")
	if _, err := Export(context.Background(), earlier, Options{Handler: site(), Origin: "https://s.example", MaxZoom: -1}); err != nil {
		t.Fatal(err)
	}
	notExport := filepath.Join(parent, "mine")
	if err := os.MkdirAll(notExport, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(notExport, "thesis.txt"), []byte("do not delete"), 0o644); err != nil {
		t.Fatal(err)
	}
	aFile := filepath.Join(parent, "file")
	if err := os.WriteFile(aFile, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, out string
		o         Options
		want      string
		wantErr   error
	}{
		{"too many files", earlier, Options{MaxFiles: 2}, "more than 2 files", ErrTooManyFiles},
		{"not an earlier export", notExport, Options{}, "holds no earlier export", nil},
		{"parent is a file", filepath.Join(aFile, "out"), Options{}, "not a directory", nil},
		{"out is a file", aFile, Options{}, "not a folder", nil},
		{"cancelled", earlier, Options{}, "context canceled", context.Canceled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := snapshot(t, parent)
			ctx, cancel := context.WithCancel(context.Background())
			if tc.wantErr == context.Canceled {
				cancel()
			}
			defer cancel()
			tc.o.Handler, tc.o.Origin, tc.o.MaxZoom = site(), "https://s.example", 2
			_, err := Export(ctx, tc.out, tc.o)
			if err == nil || !strings.Contains(err.Error(), tc.want) || tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Fatalf("error %v, want one saying %q", err, tc.want)
			}
			after := snapshot(t, parent)
			if fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("the folder changed:\nbefore %v\nafter  %v", before, after)
			}
			if left := leftovers(t, parent); len(left) > 0 {
				t.Errorf("temporary folders left: %q", left)
			}
		})
	}
	// And a good export replaces the earlier one.
	if _, err := Export(context.Background(), earlier, Options{Handler: site(), Origin: "https://s.example", MaxZoom: 0}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(earlier, "tiles", "0", "0", "0.mvt")); err != nil {
		t.Errorf("the earlier export was not replaced: %v", err)
	}
}

func TestExportLatestOnly(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	sum, err := Export(context.Background(), out, Options{Handler: site(), Origin: "https://s.example", MaxZoom: -1, LatestOnly: []string{"/"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "date")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the other date was exported: %v", err)
	}
	if home := read(t, filepath.Join(out, "index.html")); !strings.Contains(home, "<a>old</a>") || sum.Pages != 2 {
		t.Errorf("%d pages; home page:\n%s", sum.Pages, home)
	}
}

func TestExportServesLinks(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	if _, err := Export(context.Background(), out, Options{Handler: site(), Origin: "https://s.example", MaxZoom: 2}); err != nil {
		t.Fatal(err)
	}
	// Without the export's own address, the tile template is
	// root-relative.
	if tj := read(t, filepath.Join(out, "tiles.json")); !strings.Contains(tj, `"tiles":["/tiles/{z}/{x}/{y}.mvt"]`) {
		t.Errorf("tiles.json: %s", tj)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()
	for _, p := range []string{"/", "/about/", "/date/2020-01-01/", "/data.geojson", "/tiles/2/2/1.mvt"} {
		r, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		if r.StatusCode != http.StatusOK {
			t.Errorf("%s: %s", p, r.Status)
		}
	}
}

// FuzzRewriteHTMLKeepsBytes checks that the tokenizer's raw tokens cover
// the whole input, whatever it is: a rewrite that changes no link must
// not change a byte.
func FuzzRewriteHTMLKeepsBytes(f *testing.F) {
	f.Add(`<!doctype html><a href="/x">x</a><script>a<b</script>`)
	f.Add(`<svg viewBox="0 0 1 1"><a href=/r><path d="M0 0"/></a></svg><textarea>&lt;i&gt;</textarea>`)
	f.Add(`<p title='a &amp; b'>t<!-- c --><br/><form action=/s><input value="https://s.example/?date=1"></form>`)
	f.Fuzz(func(t *testing.T, doc string) {
		got, err := rewriteHTML([]byte(doc), func(tag, attr, val string) (string, verdict) { return val, replace },
			func(s string) string { return s })
		if err != nil {
			return
		}
		if string(got) != doc {
			t.Errorf("changed:\n%q\nwant\n%q", got, doc)
		}
	})
}
