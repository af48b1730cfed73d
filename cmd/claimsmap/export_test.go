package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/claimsmap/claimsmap/internal/defaultdata"
	"github.com/claimsmap/claimsmap/internal/sitexport"
)

// TestExportDefaultDataset exports the embedded dataset, serves the
// folder with a plain file server, and follows every link.
func TestExportDefaultDataset(t *testing.T) {
	if testing.Short() {
		t.Skip("SKIPPED: exporting the whole default site takes tens of seconds; run without -short")
	}
	// Zoom 3 and the places' pages of the latest date only keep the test
	// quick (the 11,000 pages of the other dates take a minute and a
	// half); deeper tiles and other dates are made the same way.
	opts, err := exportOptions(defaultdata.FS(), exportConfig{siteURL: "https://static.example", maxZoom: 3, maxFiles: 20000, latestOnly: []string{"/places/"}})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "site")
	sum, err := sitexport.Export(context.Background(), out, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d files, %d pages, %d tiles, %.1f MB, %d links removed, in %s", sum.Files, sum.Pages, sum.Tiles, float64(sum.Bytes)/1e6, sum.Dropped, sum.Elapsed)
	if len(sum.Failed) > 0 {
		t.Errorf("the site links to URLs that fail: %q", sum.Failed)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()
	get := func(p string) (*http.Response, []byte) {
		t.Helper()
		r, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Body.Close()
		b, err := io.ReadAll(r.Body)
		if err != nil {
			t.Fatal(err)
		}
		return r, b
	}

	t.Run("every link resolves", func(t *testing.T) {
		links := map[string]string{} // link → a page it is on
		pages := 0
		err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
				return err
			}
			pages++
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			// The URLs readers copy (embed codes, image links) name the
			// export's own files: a query would be ignored by the host.
			for _, m := range copiedURL.FindAllString(html.UnescapeString(string(b)), -1) {
				m = strings.TrimRight(m, ".,;:!?")
				if strings.Contains(m, "?") {
					t.Errorf("%s: copied URL %s has a query, which a static host ignores", p, m)
				}
				links[strings.TrimPrefix(m, "https://static.example")] = strings.TrimPrefix(p, out)
			}
			for _, l := range htmlLinks(t, b) {
				if strings.Contains(l, "://static.example") {
					t.Errorf("%s: absolute link %s to the site: should be root-relative", p, l)
				}
				if strings.HasPrefix(l, "/") && !strings.HasPrefix(l, "//") {
					l, _, _ = strings.Cut(l, "#")
					links[l] = strings.TrimPrefix(p, out)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if pages < 100 || len(links) < 300 {
			t.Errorf("only %d pages and %d distinct links: the crawl missed most of the site", pages, len(links))
		}
		sorted := make([]string, 0, len(links))
		for l := range links {
			sorted = append(sorted, l)
		}
		sort.Strings(sorted)
		for _, l := range sorted {
			r, _ := get(l)
			if r.StatusCode != http.StatusOK {
				t.Errorf("%s, linked from %s: %s", l, links[l], r.Status)
			}
		}
	})

	t.Run("documents by extension", func(t *testing.T) {
		for _, tc := range []struct{ path, contentType, contains string }{
			{"/", "text/html", "<h1>"},
			{"/regions/donetsk/", "text/html", "Donetsk"},
			{"/date/2014-03-18/", "text/html", "18 March 2014"},
			{"/date/2022-11-12/regions/kherson/", "text/html", "12 November 2022"},
			{"/embed/donetsk/", "text/html", "Donetsk"},
			{"/places/kyiv/", "text/html", "Kyiv"},
			{"/date/2024-12-31/regions/donetsk/", "text/html", "https://static.example/date/2024-12-31/embed/donetsk/"},
			{"/date/2023-12-31/embed/ukraine/", "text/html", "31 December 2023"},
			{"/map/ukraine.png", "image/png", "\x89PNG"},
			{"/width/1200/height/800/map/ukraine.png", "image/png", "\x89PNG"},
			{"/date/2023-12-31/map/donetsk.svg", "image/svg+xml", "<svg"},
			{"/date/2023-12-31/map/donetsk.pdf", "application/pdf", "%PDF"},
			{"/date/2023-12-31/layers/controlled.geojson", "", `"FeatureCollection"`},
			{"/date/2023-12-31/layers/controlled.kml", "", "<kml"},
			{"/stats.csv", "text/csv", "donetsk"},
			{"/tiles.json", "application/json", `"tiles":["https://static.example/tiles/{z}/{x}/{y}.mvt"]`},
			{"/tiles/0/0/0.mvt", "", ""},
			{"/date/2023-12-31/tiles.json", "application/json", `"tiles":["https://static.example/tiles/2023-12-31/{z}/{x}/{y}.mvt"]`},
			{"/tiles/2023-12-31/3/4/2.mvt", "", ""},
			{"/tiles.pmtiles", "", "PMTiles"},
			{"/ogc.json", "application/json", `"links"`},
			{"/embed.js", "text/javascript", ""},
		} {
			r, b := get(tc.path)
			if r.StatusCode != http.StatusOK {
				t.Errorf("%s: %s", tc.path, r.Status)
				continue
			}
			if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, tc.contentType) {
				t.Errorf("%s: Content-Type %q, want %s", tc.path, ct, tc.contentType)
			}
			if len(b) == 0 || !bytes.Contains(b, []byte(tc.contains)) {
				t.Errorf("%s: %d bytes without %q", tc.path, len(b), tc.contains)
			}
		}
	})

	t.Run("JSON links resolve", func(t *testing.T) {
		for _, doc := range []string{"/ogc.json", "/ogc/collections.json", "/ogc/collections/controlled.json"} {
			_, b := get(doc)
			var d struct{ Links []struct{ Href string } }
			if err := json.Unmarshal(b, &d); err != nil {
				t.Fatalf("%s: %v", doc, err)
			}
			if len(d.Links) == 0 {
				t.Errorf("%s: no links", doc)
			}
			for _, l := range d.Links {
				if !strings.HasPrefix(l.Href, "/") {
					t.Errorf("%s: link %s is not to the export", doc, l.Href)
					continue
				}
				if r, _ := get(l.Href); r.StatusCode != http.StatusOK {
					t.Errorf("%s: link %s: %s", doc, l.Href, r.Status)
				}
			}
		}
	})

	t.Run("too many files leaves OUT alone", func(t *testing.T) {
		before, err := os.ReadFile(filepath.Join(out, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		o := opts
		o.MaxFiles = 30
		if _, err := sitexport.Export(context.Background(), out, o); !errors.Is(err, sitexport.ErrTooManyFiles) {
			t.Fatalf("export with --max-files 30: %v, want ErrTooManyFiles", err)
		}
		after, err := os.ReadFile(filepath.Join(out, "index.html"))
		if err != nil || !bytes.Equal(before, after) {
			t.Errorf("the earlier export changed: %v", err)
		}
		ents, _ := os.ReadDir(filepath.Dir(out))
		if len(ents) != 1 {
			t.Errorf("left beside OUT: %v", ents)
		}
	})
}

var copiedURL = regexp.MustCompile(`https://static\.example/[^\s"'<>()\[\]]*`)

// htmlLinks returns the href, src and action values of a document.
func htmlLinks(t *testing.T, b []byte) []string {
	t.Helper()
	var out []string
	z := html.NewTokenizer(bytes.NewReader(b))
	for {
		switch z.Next() {
		case html.ErrorToken:
			if !errors.Is(z.Err(), io.EOF) {
				t.Fatal(z.Err())
			}
			return out
		case html.StartTagToken, html.SelfClosingTagToken:
			_, more := z.TagName()
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				switch string(k) {
				case "href", "src", "action":
					out = append(out, string(v))
				}
			}
		}
	}
}

func TestParseExport(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{}, "one folder"},
		{[]string{"a", "b"}, "one folder"},
		{[]string{"--max-files", "0", "--site-url", "https://s.example", "out"}, "--max-files"},
		{[]string{"out"}, "--site-url"},
		{[]string{"--site-url", "https://s.example/maps", "out"}, "origin"},
		{[]string{"--base-url", "ftp://s.example", "out"}, "origin"},
		{[]string{"--site-url", "https://s.example", "--latest-only", "places", "out"}, "--latest-only"},
	} {
		if _, err := parseExport(tc.args, io.Discard); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want an error about %s", tc.args, err, tc.want)
		}
	}
	c, err := parseExport([]string{"--base-url", "https://maps.example.org/", "--latest-only", "/places/, /articles/", "out"}, io.Discard)
	if err != nil || c.baseURL != "https://maps.example.org" || c.out != "out" || c.maxZoom != 8 || fmt.Sprint(c.latestOnly) != "[/places/ /articles/]" {
		t.Errorf("%+v, %v", c, err)
	}
}
