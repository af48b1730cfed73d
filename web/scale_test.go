package web

import (
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/claimsmap/claimsmap/internal/datafs"
	"github.com/claimsmap/claimsmap/internal/dataset/datasettest"
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
		{"/regions/donetsk/named?page=999", 404, "There is no page 999"},
		{"/regions/donetsk/named?page=x", 400, "not a page number"},
		{"/regions/atlantis/named", 404, ""},
		{"/articles", 200, `href="/articles?page=2" rel="next"`},
		{"/articles?page=5", 200, "Page 5 of 5"},
		{"/articles?page=0", 400, "not a page number"},
		{"/articles?page=6", 404, "there are 5"},
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
// 1,000 articles (with its figures file): start-up must not grow with the
// data. live-MB is the heap in use once New returns, after a collection;
// the validation of the deferred layers that follows start is waited for
// outside the timer.
func BenchmarkStartSynthetic(b *testing.B) {
	dir := b.TempDir()
	if err := synthetic.Write(dir, defaultdata.FS(), 200, 1000); err != nil {
		b.Fatal(err)
	}
	var live uint64
	for b.Loop() {
		s, err := New(Config{Data: os.DirFS(dir), Static: static.FS()})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		live = max(live, ms.HeapAlloc)
		<-s.verified
		runtime.KeepAlive(s)
		b.StartTimer()
	}
	b.ReportMetric(float64(live)/(1<<20), "live-MB")
}

// TestDeferredLayers: a server starts on the latest snapshot and decodes
// the older layers the figures file lists when asked for. One of them
// broken after the figures were written: the server starts (it has
// validated the latest snapshot, and validates the rest after start), the
// broken date answers 503 saying so while the others are served, and a
// reload of the folder is refused whole, as check would refuse it,
// leaving the site served untouched.
func TestDeferredLayers(t *testing.T) {
	const older = "layers/controlled-2023-12-31.geojson"
	good := datasettest.CopyDefault(t)
	datasettest.WriteFigures(t, good)
	bad := datasettest.CopyDefault(t)
	datasettest.WriteFigures(t, bad)
	datasettest.SetGeometry(older, 0, datasettest.Bowtie)(t, bad)
	datasettest.Rehash(older)(t, bad)

	s, err := New(Config{Data: datafs.Dir(bad), Static: static.FS()})
	if err != nil {
		t.Fatalf("start on a folder whose older layer is broken: %v", err)
	}
	for path, want := range map[string]int{
		"/":                               200,
		"/?date=2022-11-12":               200,
		"/regions/crimea?date=2024-01-05": 503,
		"/map/ukraine-history.svg":        200,
	} {
		if rec := serveReq(s, path); rec.Code != want {
			t.Errorf("%s: %d, want %d", path, rec.Code, want)
		}
	}

	s, err = New(Config{Data: datafs.Dir(good), Static: static.FS()})
	if err != nil {
		t.Fatal(err)
	}
	before := serveReq(s, "/regions/crimea?date=2024-01-05")
	if before.Code != 200 {
		t.Fatalf("good folder: %d", before.Code)
	}
	s.cfg.Data = datafs.Dir(bad)
	const want = older + ": feature 0 (region crimea): polygon 0 ring 0 crosses or touches itself"
	if err := s.Reload(); err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("Reload: %v, want %q", err, want)
	}
	if after := serveReq(s, "/regions/crimea?date=2024-01-05"); after.Code != 200 || after.Body.String() != before.Body.String() {
		t.Errorf("the page changed after a refused reload: %d", after.Code)
	}
	s.cfg.Data = datafs.Dir(good)
	if err := s.Reload(); err != nil {
		t.Errorf("Reload of the good folder: %v", err)
	}
}

// TestStartRendersAFixedFew: start-up renders the map, about and region
// pages of the latest snapshot, and no article's page, even one of that
// date (the seed article is), so that it does not grow with the articles.
func TestStartRendersAFixedFew(t *testing.T) {
	s := testServer(t)
	st := s.current()
	if want := 2 + len(st.atlas.Regions); len(st.pages) != want {
		var paths []string
		for p := range st.pages {
			paths = append(paths, p)
		}
		t.Errorf("start rendered %d pages, want %d: %v", len(st.pages), want, paths)
	}
	if rec := serveReq(s, "/articles/alaska-summit-2025-08-08"); rec.Code != 200 {
		t.Errorf("the seed article's page, made on request: %d", rec.Code)
	}
}
