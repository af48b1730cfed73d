package web

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHistoryImages(t *testing.T) {
	for _, tc := range []struct {
		path   string
		status int
		ctype  string
		want   []string
	}{
		{"/map/ukraine-history.svg", 200, "image/svg+xml", []string{`role="img"`, "<title id=\"history-ukraine-title\">Ground held by Russian forces in Ukraine, 2014 to 2025</title>", "18 March 2014 to 8 August 2025", "Boundaries: Natural Earth", ">2022<"}},
		{"/map/donetsk-history.svg?theme=dark", 200, "image/svg+xml", []string{"Donetsk Oblast", "#16181b"}},
		{"/map/crimea-history.png", 200, "image/png", nil},
		{"/map/kherson-history.png?scale=2", 200, "image/png", nil},
		{"/map/ukraine-history.svg?scale=2", 400, "application/problem+json", []string{"PNG only"}},
		{"/map/ukraine-history.png?scale=9", 400, "application/problem+json", []string{"use 1 or 2"}},
		{"/map/ukraine-history.png?scale=1.5", 400, "application/problem+json", []string{"use 1 or 2"}},
		{"/map/ukraine-history.png?theme=sepia", 400, "application/problem+json", []string{"light or dark"}},
		{"/map/ukraine-history.png?date=2022-01-01", 400, "application/problem+json", []string{"Unknown parameter"}},
		{"/map/kyiv-history.svg", 404, "application/problem+json", nil},
	} {
		r := get(t, tc.path)
		b := body(t, r)
		if r.StatusCode != tc.status || !strings.HasPrefix(r.Header.Get("Content-Type"), tc.ctype) {
			t.Errorf("%s: status %d %q, want %d %q: %.300s", tc.path, r.StatusCode, r.Header.Get("Content-Type"), tc.status, tc.ctype, b)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(b, w) {
				t.Errorf("%s: no %q", tc.path, w)
			}
		}
		switch {
		case tc.ctype == "image/png":
			img, err := png.Decode(strings.NewReader(b))
			if err != nil {
				t.Fatalf("%s: %v", tc.path, err)
			}
			if w := img.Bounds().Dx(); strings.Contains(tc.path, "scale=2") && w != 2000 || !strings.Contains(tc.path, "scale=2") && w != 1000 {
				t.Errorf("%s: %d px wide", tc.path, w)
			}
		case tc.ctype == "image/svg+xml":
			wellFormed(t, tc.path, b)
		}
	}
}

// TestHistoryPNGWorkers checks that a chart's PNG is made on the worker
// pool and kept: made once, it is served while every worker is busy; a
// new one is refused with 503; the SVG, cheap, never waits.
func TestHistoryPNGWorkers(t *testing.T) {
	s := limitedServer(t, Config{Limits: Limits{Workers: 1, Queue: 1, Rate: -1}})
	if rec := serveReq(s, "/map/luhansk-history.png"); rec.Code != 200 {
		t.Fatalf("PNG: %d %.300s", rec.Code, rec.Body)
	}
	release := occupy(t, s)
	defer release()
	for _, tc := range []struct {
		path   string
		status int
	}{
		{"/map/luhansk-history.png", 200},
		{"/map/luhansk-history.png?theme=dark", 503},
		{"/map/luhansk-history.svg?theme=dark", 200},
	} {
		if rec := serveReq(s, tc.path); rec.Code != tc.status {
			t.Errorf("%s with every worker busy: %d, want %d", tc.path, rec.Code, tc.status)
		}
	}
}

// TestHistorySVGGolden pins the standalone chart of all of Ukraine.
func TestHistorySVGGolden(t *testing.T) {
	r := get(t, "/map/ukraine-history.svg")
	goldenFile(t, "history-ukraine.svg", []byte(body(t, r)))
}

// TestHistoryOnPages checks the chart and its table on the map page and a
// region page, on the latest date and another.
func TestHistoryOnPages(t *testing.T) {
	for _, tc := range []struct {
		path string
		want []string
	}{
		{"/", []string{`aria-labelledby="history-ukraine-title history-ukraine-desc"`, "<details class=\"history-table\">", "The figures as a table",
			`href="/?date=2022-03-25"`, "160,317", "26.8%", `aria-current="date"><time datetime="2025-08-08"`, `href="/map/ukraine-history.png"`, `href="/changes"`}},
		{"/?date=2022-03-25", []string{`aria-current="date"><time datetime="2022-03-25"`}},
		{"/regions/kherson", []string{`id="history-kherson-title"`, "Kherson Oblast", "not yet claimed", `href="/regions/kherson?date=2022-11-12"`, `href="/map/kherson-history.svg"`, `href="/changes/kherson"`}},
	} {
		r := get(t, tc.path)
		b := body(t, r)
		if r.StatusCode != 200 {
			t.Fatalf("%s: %d", tc.path, r.StatusCode)
		}
		for _, w := range tc.want {
			if !strings.Contains(b, w) {
				t.Errorf("%s: no %q", tc.path, w)
			}
		}
	}
}

func wellFormed(t *testing.T, name, s string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		_, err := d.Token()
		if err != nil {
			if err.Error() != "EOF" {
				t.Errorf("%s: not well-formed XML: %v", name, err)
			}
			return
		}
	}
}

func goldenFile(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from testdata/%s; run go test -update and review the diff", name, name)
	}
}
