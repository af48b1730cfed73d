package web

import (
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/claimsmap/claimsmap/internal/defaultdata"
	"github.com/claimsmap/claimsmap/internal/synthetic"
	"github.com/claimsmap/claimsmap/static"
)

var (
	bigOnce sync.Once
	bigSrv  *Server
	bigErr  error
)

// bigServer serves a synthetic dataset of 24 snapshots and 120 articles,
// for what must not grow with the data.
func bigServer(t *testing.T) *Server {
	t.Helper()
	bigOnce.Do(func() {
		dir, err := os.MkdirTemp("", "claimsmap-big")
		if err != nil {
			bigErr = err
			return
		}
		if bigErr = synthetic.Write(dir, defaultdata.FS(), 24, 120); bigErr != nil {
			return
		}
		bigSrv, bigErr = New(Config{BaseURL: "https://claimsmap.example", Data: os.DirFS(dir), Static: static.FS()})
	})
	if bigErr != nil {
		t.Fatal(bigErr)
	}
	return bigSrv
}

func TestLongListsArePaged(t *testing.T) {
	s := bigServer(t)
	region := serveReq(s, "/regions/donetsk").Body.String()
	if n := strings.Count(region, `<figure class="quote">`); n > 2*passagesOnRegion {
		t.Errorf("the region page quotes %d passages: it grows with the articles", n)
	}
	if !strings.Contains(region, `href="/regions/donetsk/named"`) {
		t.Error("the region page does not link its whole list of passages")
	}
	for _, tc := range []struct {
		path   string
		status int
		want   string
	}{
		{"/regions/donetsk/named", 200, `href="/regions/donetsk/named?page=2" rel="next"`},
		{"/regions/donetsk/named?page=2", 200, `rel="prev"`},
		{"/regions/donetsk/territorial?date=2024-06-01", 200, "Passages about the disputed territory"},
		{"/regions/donetsk/named?page=999", 400, "give a page from 1 to"},
		{"/regions/donetsk/named?page=x", 400, "give a page from 1 to"},
		{"/regions/atlantis/named", 404, ""},
		{"/articles", 200, `href="/articles?page=2" rel="next"`},
		{"/articles?page=5", 200, "Page 5 of 5"},
		{"/articles?page=0", 400, "give a page from 1 to 5"},
		{"/about", 200, "All 120 articles"},
	} {
		rec := serveReq(s, tc.path)
		if rec.Code != tc.status || !strings.Contains(rec.Body.String(), tc.want) {
			t.Errorf("%s: %d, want %d with %q", tc.path, rec.Code, tc.status, tc.want)
		}
		if n := strings.Count(rec.Body.String(), `<figure class="quote">`); n > passagesPerPage {
			t.Errorf("%s: %d quotes on one page", tc.path, n)
		}
	}
	if n := strings.Count(serveReq(s, "/about").Body.String(), "Article: "); n != articlesOnAbout {
		t.Errorf("/about lists %d articles, want the newest %d", n, articlesOnAbout)
	}
}

// BenchmarkStartSynthetic measures New on a dataset of 200 snapshots and
// 1,000 articles: start-up must not grow with the data.
func BenchmarkStartSynthetic(b *testing.B) {
	dir := b.TempDir()
	if err := synthetic.Write(dir, defaultdata.FS(), 200, 1000); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := New(Config{Data: os.DirFS(dir), Static: static.FS()}); err != nil {
			b.Fatal(err)
		}
	}
}
