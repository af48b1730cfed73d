package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/tiles"
)

func TestTiles(t *testing.T) {
	r := get(t, "/tiles.json")
	var tj struct {
		TileJSON     string    `json:"tilejson"`
		Tiles        []string  `json:"tiles"`
		Bounds       []float64 `json:"bounds"`
		VectorLayers []struct {
			ID string `json:"id"`
		} `json:"vector_layers"`
	}
	if err := json.Unmarshal([]byte(body(t, r)), &tj); err != nil {
		t.Fatal(err)
	}
	if tj.TileJSON != "3.0.0" || len(tj.Tiles) != 1 || !strings.HasSuffix(tj.Tiles[0], "/tiles/{z}/{x}/{y}.mvt") || len(tj.VectorLayers) != 7 {
		t.Errorf("tiles.json = %+v", tj)
	}
	// The z=6 tile over Donetsk.
	r = get(t, "/tiles/6/38/22.mvt")
	if r.StatusCode != 200 || r.Header.Get("Content-Type") != "application/vnd.mapbox-vector-tile" || r.Header.Get("ETag") == "" {
		t.Fatalf("tile: status %d, type %q", r.StatusCode, r.Header.Get("Content-Type"))
	}
	layers, err := mvt.Unmarshal([]byte(body(t, r)))
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]int{}
	for _, l := range layers {
		names[l.Name] = len(l.Features)
	}
	if names["claimed"] == 0 || names["controlled"] == 0 {
		t.Errorf("tile 6/38/22 layers: %v", names)
	}
	if r := get(t, "/tiles/6/0/0.mvt"); r.StatusCode != 204 {
		t.Errorf("empty tile: status %d, want 204", r.StatusCode)
	}
	for path, status := range map[string]int{"/tiles/13/0/0.mvt": 404, "/tiles/2/9/0.mvt": 404, "/tiles/a/0/0.mvt": 400, "/tiles/1/0/0.png": 404} {
		if r := get(t, path); r.StatusCode != status {
			t.Errorf("%s: status %d, want %d", path, r.StatusCode, status)
		}
	}
}

// claimedIDs returns the ids of the claimed layer's features in a tile.
func claimedIDs(t *testing.T, data string) []string {
	t.Helper()
	layers, err := mvt.Unmarshal([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, l := range layers {
		if l.Name != atlas.LayerClaimed {
			continue
		}
		for _, f := range l.Features {
			id, _ := f.Properties[tiles.IDProperty].(string)
			ids = append(ids, id)
		}
	}
	return ids
}

func TestTilesByDate(t *testing.T) {
	a := testServer(t).current().atlas
	for _, c := range []struct {
		query, snapshot, tiles string
	}{
		{"", a.Snapshot, "/tiles/{z}/{x}/{y}.mvt"},
		{"?date=2014-03-18", "2014-03-18", "/tiles/2014-03-18/{z}/{x}/{y}.mvt"},
		{"?date=2022-04-01", "2022-03-25", "/tiles/2022-03-25/{z}/{x}/{y}.mvt"},
		{"?date=" + a.Snapshot, a.Snapshot, "/tiles/" + a.Snapshot + "/{z}/{x}/{y}.mvt"},
	} {
		r := get(t, "/tiles.json"+c.query)
		var tj struct {
			Tiles       []string `json:"tiles"`
			Description string   `json:"description"`
		}
		if err := json.Unmarshal([]byte(body(t, r)), &tj); err != nil {
			t.Fatalf("%s: %v", c.query, err)
		}
		if r.StatusCode != 200 || len(tj.Tiles) != 1 || !strings.HasSuffix(tj.Tiles[0], c.tiles) || !strings.Contains(tj.Description, c.snapshot) || r.Header.Get(snapshotHeader) != c.snapshot {
			t.Errorf("/tiles.json%s: status %d, snapshot %q, %+v; want tiles at %s", c.query, r.StatusCode, r.Header.Get(snapshotHeader), tj, c.tiles)
		}
	}

	latest := get(t, "/tiles/6/38/22.mvt")
	dated := get(t, "/tiles/"+a.Snapshot+"/6/38/22.mvt")
	if lb, db := body(t, latest), body(t, dated); lb != db || latest.Header.Get(snapshotHeader) != a.Snapshot || dated.Header.Get(snapshotHeader) != a.Snapshot {
		t.Errorf("the latest snapshot's tile differs between /tiles/6/38/22.mvt and /tiles/%s/6/38/22.mvt", a.Snapshot)
	} else if !slices.ContainsFunc(claimedIDs(t, lb), func(id string) bool { return strings.HasPrefix(id, "donetsk") }) {
		t.Errorf("latest tile over Donetsk: claimed ids %v, want Donetsk's", claimedIDs(t, lb))
	}
	// In 2014 Russia claimed Crimea alone: no claimed Donetsk in the tile.
	old := get(t, "/tiles/2014-03-18/6/38/22.mvt")
	if old.StatusCode != 200 || old.Header.Get(snapshotHeader) != "2014-03-18" {
		t.Fatalf("2014 tile: status %d, snapshot %q", old.StatusCode, old.Header.Get(snapshotHeader))
	}
	if ids := claimedIDs(t, body(t, old)); slices.ContainsFunc(ids, func(id string) bool { return strings.HasPrefix(id, "donetsk") }) {
		t.Errorf("2014 tile over Donetsk: claimed ids %v, want no Donetsk", ids)
	}

	r := get(t, "/tiles/2022-04-01/6/38/22.mvt")
	if r.StatusCode != http.StatusFound || r.Header.Get("Location") != "/tiles/2022-03-25/6/38/22.mvt" {
		t.Errorf("a date between snapshots: status %d, Location %q; want 302 to the snapshot's tile", r.StatusCode, r.Header.Get("Location"))
	}

	for path, status := range map[string]int{
		"/tiles.json?date=2024-02-30":        400,
		"/tiles.json?date=yesterday":         400,
		"/tiles.json?date=2001-01-01":        404,
		"/tiles.json?zoom=3":                 400,
		"/tiles/2024-13-01/6/38/22.mvt":      400,
		"/tiles/2001-01-01/6/38/22.mvt":      404,
		"/tiles/2014-03-18/13/0/0.mvt":       404,
		"/tiles/2014-03-18/a/0/0.mvt":        400,
		"/tiles/6/38/22.mvt?date=2014-03-18": 400,
	} {
		r := get(t, path)
		if r.StatusCode != status || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/problem+json") {
			t.Errorf("%s: status %d, type %q; want %d with problem JSON", path, r.StatusCode, r.Header.Get("Content-Type"), status)
		}
	}
}

func TestTileArchive(t *testing.T) {
	r := get(t, "/tiles.pmtiles", "Range", "bytes=0-16383")
	if r.StatusCode != http.StatusPartialContent || r.Header.Get("Content-Type") != pmtilesType || r.Header.Get("Content-Encoding") != "" {
		t.Fatalf("first 16 KiB: status %d, type %q, encoding %q", r.StatusCode, r.Header.Get("Content-Type"), r.Header.Get("Content-Encoding"))
	}
	if head := body(t, r); len(head) != 16384 || !strings.HasPrefix(head, "PMTiles\x03") {
		t.Errorf("first 16 KiB: %d bytes starting %q", len(head), head[:min(8, len(head))])
	}
	r = get(t, "/tiles.pmtiles", "Accept-Encoding", "gzip")
	if r.StatusCode != 200 || r.Header.Get("Content-Encoding") != "" || r.Header.Get("ETag") == "" {
		t.Fatalf("whole archive: status %d, encoding %q", r.StatusCode, r.Header.Get("Content-Encoding"))
	}
	a, err := tiles.ReadArchive([]byte(body(t, r)))
	if err != nil {
		t.Fatal(err)
	}
	if a.Header.MaxZoom != servedArchiveMaxZoom || a.Header.TileType != 1 {
		t.Errorf("header %+v", a.Header)
	}
	for _, tile := range [][3]uint32{{6, 38, 22}, {0, 0, 0}, {10, 618, 355}} {
		want := body(t, get(t, fmt.Sprintf("/tiles/%d/%d/%d.mvt", tile[0], tile[1], tile[2])))
		gz := a.Tile(maptile.Zoom(tile[0]), tile[1], tile[2])
		if gz == nil {
			t.Errorf("tile %v not in the archive", tile)
			continue
		}
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("tile %v: the archive's %d bytes differ from the server's %d", tile, len(got), len(want))
		}
	}
	if r := get(t, "/tiles.pmtiles?date=2014-03-18"); r.StatusCode != 400 {
		t.Errorf("/tiles.pmtiles?date=: status %d, want 400", r.StatusCode)
	}
}

// holdWorker keeps s's only worker busy until the returned function is
// called, so that the next run waits in the queue.
func holdWorker(t *testing.T, s *Server) (release func()) {
	t.Helper()
	if s.pool.Workers() != 1 {
		t.Fatalf("holdWorker wants a pool of one worker, not %d", s.pool.Workers())
	}
	held, done, freed := make(chan struct{}), make(chan struct{}), make(chan struct{})
	go func() {
		defer close(freed)
		s.runs.Do(context.Background(), "hold", func(ctx context.Context) (*response, error) {
			close(held)
			<-done
			return nil, nil
		})
	}()
	<-held
	var once sync.Once
	return func() { once.Do(func() { close(done); <-freed }) }
}

// waitUntil polls cond for up to five seconds.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
	}
}

// TestTileSetOfADateIsOneRun: the first requests for the tiles of a date
// other than the latest share one run on the worker pool, which takes one
// place in its queue and is charged to the first request only, and the
// date is made once; then its tiles come from the cache even when the
// workers are full.
func TestTileSetOfADateIsOneRun(t *testing.T) {
	// An allowance of one run: a request charged after the first is 429.
	s := limitedServer(t, Config{Limits: Limits{Workers: 1, Queue: 2, Rate: 0.01, Burst: 1}})
	st := s.current()
	const date = "2014-03-18"
	key := "tiles|" + st.atlas.Version + "|" + date
	release := holdWorker(t, s)
	defer release()

	paths := []string{"/tiles.json?date=" + date}
	for x := 36; x < 40; x++ {
		for y := 21; y < 24; y++ {
			paths = append(paths, fmt.Sprintf("/tiles/%s/6/%d/%d.mvt", date, x, y))
		}
	}
	codes := make([]int, len(paths))
	var wg sync.WaitGroup
	wg.Go(func() { codes[0] = serveReq(s, paths[0]).Code })
	waitUntil(t, "the first request to start the run", func() bool { return s.tileRuns.Waiting(key) == 1 })
	for i, p := range paths[1:] {
		wg.Go(func() { codes[i+1] = serveReq(s, p).Code })
	}
	waitUntil(t, fmt.Sprintf("the %d requests to wait for one run of %s", len(paths), key), func() bool {
		return s.tileRuns.Waiting(key) == len(paths)
	})
	if q := s.pool.Queued(); q != 1 {
		t.Errorf("%d runs queued for %d requests of one date, want 1", q, len(paths))
	}
	if n := st.tileDates.built.Load(); n != 0 {
		t.Errorf("%d tile sets made while the only worker is held, want 0", n)
	}
	release()
	wg.Wait()
	for i, code := range codes {
		if code != http.StatusOK && code != http.StatusNoContent {
			t.Errorf("%s: status %d", paths[i], code)
		}
	}
	if n := st.tileDates.built.Load(); n != 1 {
		t.Errorf("the tile set of %s made %d times, want once", date, n)
	}

	// Made once, the date's tiles of a zoom already simplified need no
	// worker.
	free := occupy(t, s)
	defer free()
	if rec := serveReq(s, "/tiles/"+date+"/6/37/24.mvt"); rec.Code != http.StatusOK && rec.Code != http.StatusNoContent {
		t.Errorf("a tile of a date already made, with every worker busy: %d", rec.Code)
	}
	if n := st.tileDates.built.Load(); n != 1 {
		t.Errorf("the tile set of %s made %d times, want once", date, n)
	}
}

// TestTileSetOfADateBusy: with the workers and their queue full, the
// first tiles of another date are refused with 503 and Retry-After, as a
// new image is; the latest's tiles, made at start, are served.
func TestTileSetOfADateBusy(t *testing.T) {
	s := limitedServer(t, Config{Limits: Limits{Workers: 1, Queue: 1, Rate: -1}})
	// Zoom 6 of the latest snapshot is simplified before the pool fills:
	// its tiles then cost only their clipping.
	if rec := serveReq(s, "/tiles/6/37/22.mvt"); rec.Code != http.StatusOK {
		t.Fatalf("a first tile of zoom 6: %d", rec.Code)
	}
	release := occupy(t, s)
	defer release()
	// The first tile of a zoom not yet simplified is expensive work.
	for _, p := range []string{"/tiles/2014-03-18/6/38/22.mvt", "/tiles.json?date=2014-03-18", "/tiles/9/307/178.mvt"} {
		rec := serveReq(s, p)
		if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
			t.Errorf("%s with every worker busy: %d, Retry-After %q; want 503 with Retry-After", p, rec.Code, rec.Header().Get("Retry-After"))
		}
	}
	if rec := serveReq(s, "/tiles/6/38/22.mvt"); rec.Code != http.StatusOK {
		t.Errorf("the latest tile with every worker busy: %d", rec.Code)
	}
	release()
	if rec := serveReq(s, "/tiles/2014-03-18/6/38/22.mvt"); rec.Code != http.StatusOK {
		t.Errorf("the 2014 tile once the workers are free: %d", rec.Code)
	}
	if n := s.current().tileDates.built.Load(); n != 1 {
		t.Errorf("%d tile sets made, want 1", n)
	}
}

// TestTileSetOfADateCancelled: when the only request waiting for a date's
// tile set goes away, the run is dropped without making anything; the
// next request makes it.
func TestTileSetOfADateCancelled(t *testing.T) {
	s := limitedServer(t, Config{Limits: Limits{Workers: 1, Queue: 1, Rate: -1}})
	st := s.current()
	const date = "2014-03-18"
	key := "tiles|" + st.atlas.Version + "|" + date
	release := holdWorker(t, s)
	defer release()

	ctx, cancel := context.WithCancel(context.Background())
	req := httptest.NewRequest(http.MethodGet, "/tiles/"+date+"/6/38/22.mvt", nil).WithContext(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.Handler().ServeHTTP(httptest.NewRecorder(), req)
	}()
	waitUntil(t, "the request to wait for the tile set", func() bool { return s.tileRuns.Waiting(key) == 1 })
	cancel()
	<-done
	waitUntil(t, "the abandoned run to leave the queue", func() bool { return s.pool.Queued() == 0 })
	if n := s.tileRuns.Waiting(key); n != 0 {
		t.Errorf("%d still waiting for the abandoned run", n)
	}
	release()
	if n := st.tileDates.built.Load(); n != 0 {
		t.Errorf("%d tile sets made for a request that went away, want 0", n)
	}
	if rec := serveReq(s, "/tiles/"+date+"/6/38/22.mvt"); rec.Code != http.StatusOK {
		t.Errorf("the next request: %d", rec.Code)
	}
	if n := st.tileDates.built.Load(); n != 1 {
		t.Errorf("%d tile sets made, want 1", n)
	}
}

// TestTileArchiveOneRunForAll: requests for /tiles.pmtiles that come while
// it is being made wait for the one run each in their own right, so that
// the first leaving does not cancel it for the others.
func TestTileArchiveOneRunForAll(t *testing.T) {
	s := limitedServer(t, Config{Limits: Limits{Workers: 1, Queue: 1, Rate: -1}})
	key := "pmtiles|" + s.current().atlas.Version
	release := holdWorker(t, s)
	defer release()

	ctx, cancel := context.WithCancel(context.Background())
	first := httptest.NewRequest(http.MethodGet, "/tiles.pmtiles", nil).WithContext(ctx)
	firstDone := make(chan struct{})
	go func() {
		defer close(firstDone)
		s.Handler().ServeHTTP(httptest.NewRecorder(), first)
	}()
	waitUntil(t, "the first request to start the run", func() bool { return s.runs.Waiting(key) == 1 })
	second := make(chan *httptest.ResponseRecorder, 1)
	go func() { second <- serveReq(s, "/tiles.pmtiles") }()
	waitUntil(t, "the second request to join the run", func() bool { return s.runs.Waiting(key) == 2 })
	cancel()
	<-firstDone
	release()
	rec := <-second
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Body.String(), "PMTiles\x03") {
		t.Fatalf("the second request after the first left: status %d, %.40q", rec.Code, rec.Body.String())
	}
	// Made, it needs no worker.
	free := occupy(t, s)
	defer free()
	if rec := serveReq(s, "/tiles.pmtiles"); rec.Code != http.StatusOK {
		t.Errorf("the archive once made, with every worker busy: %d", rec.Code)
	}
}
