package web

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimsmap/claimsmap/internal/defaultdata"
	"github.com/claimsmap/claimsmap/static"
)

// limitedServer is a server of its own, for tests that fill its workers or
// spend its clients' allowance.
func limitedServer(t *testing.T, cfg Config) *Server {
	t.Helper()
	cfg.BaseURL, cfg.Data, cfg.Static = "https://claimsmap.example", defaultdata.FS(), static.FS()
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func serveReq(s *Server, path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec
}

// occupy holds every worker of s's pool (and its queue) until the returned
// function is called.
func occupy(t *testing.T, s *Server) (release func()) {
	t.Helper()
	ch := make(chan struct{})
	var wg sync.WaitGroup
	for i := range s.pool.Workers() + s.cfg.Limits.Queue {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.runs.Do(context.Background(), fmt.Sprint("hold", i), func(ctx context.Context) (*response, error) {
				select {
				case <-ch:
				case <-ctx.Done():
				}
				return nil, nil
			})
		}()
	}
	deadline := time.Now().Add(5 * time.Second)
	for s.pool.Running() < s.pool.Workers() || s.pool.Queued() < s.cfg.Limits.Queue {
		if time.Now().After(deadline) {
			t.Fatal("the pool did not fill")
		}
		time.Sleep(time.Millisecond)
	}
	var once sync.Once
	return func() { once.Do(func() { close(ch); wg.Wait() }) }
}

func TestImageSizesQuantised(t *testing.T) {
	s := limitedServer(t, Config{})
	a, b := serveReq(s, "/map/crimea.svg?width=610&height=420"), serveReq(s, "/map/crimea.svg?width=790&height=590")
	if a.Code != 200 || b.Code != 200 {
		t.Fatalf("status %d, %d", a.Code, b.Code)
	}
	if a.Header().Get("ETag") != b.Header().Get("ETag") {
		t.Error("width 610 and 790 give different images: sizes are not quantised to a few widths")
	}
	if !strings.Contains(a.Body.String(), `width="800"`) {
		t.Errorf("width 610 should be served at the next size up, 800: %.300s", a.Body.String())
	}
}

func TestBusyIs503(t *testing.T) {
	s := limitedServer(t, Config{Limits: Limits{Workers: 1, Queue: 1}})
	// A tile served once, its zoom simplified, is a cached answer.
	if rec := serveReq(s, "/tiles/5/19/11.mvt"); rec.Code != 200 {
		t.Fatalf("a first tile: %d", rec.Code)
	}
	release := occupy(t, s)
	defer release()
	rec := serveReq(s, "/map/luhansk.png?width=800")
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
		t.Fatalf("image with every worker busy: %d, Retry-After %q, want 503 with Retry-After: %s", rec.Code, rec.Header().Get("Retry-After"), rec.Body)
	}
	// Cheap, cached answers never wait behind renders.
	for _, p := range []string{"/", "/regions/donetsk", "/layers/controlled.geojson", "/tiles/5/19/11.mvt", "/healthz"} {
		if rec := serveReq(s, p); rec.Code != 200 {
			t.Errorf("%s with every worker busy: %d", p, rec.Code)
		}
	}
	release()
	if rec := serveReq(s, "/map/luhansk.png?width=800"); rec.Code != 200 {
		t.Fatalf("image once the workers are free: %d", rec.Code)
	}
}

func TestClientRateLimit(t *testing.T) {
	s := limitedServer(t, Config{Limits: Limits{Rate: 0.01, Burst: 2}})
	codes := []int{}
	for _, w := range []int{400, 600, 800} {
		codes = append(codes, serveReq(s, fmt.Sprintf("/map/kherson.svg?width=%d", w)).Code)
	}
	if fmt.Sprint(codes) != "[200 200 429]" {
		t.Fatalf("three new images with a burst of two: %v, want [200 200 429]", codes)
	}
	rec := serveReq(s, "/map/kherson.svg?width=800")
	if ra := rec.Header().Get("Retry-After"); rec.Code != 429 || ra != "100" {
		t.Errorf("429 has Retry-After %q, want 100 (one run per 100 s)", ra)
	}
	// An image already made is not charged.
	if rec := serveReq(s, "/map/kherson.svg?width=400"); rec.Code != 200 {
		t.Errorf("cached image after the allowance is spent: %d", rec.Code)
	}
	// Another client has its own allowance; X-Forwarded-For from a peer that
	// is not a trusted proxy does not make one.
	req := httptest.NewRequest(http.MethodGet, "/map/kherson.svg?width=1000", nil)
	req.Header.Set("X-Forwarded-For", "203.0.113.9")
	rec = httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	if rec.Code != 429 {
		t.Errorf("X-Forwarded-For from an untrusted peer escaped the limit: %d", rec.Code)
	}
	req = httptest.NewRequest(http.MethodGet, "/map/kherson.svg?width=1000", nil)
	req.RemoteAddr = "198.51.100.7:5000"
	rec = httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Errorf("another client: %d", rec.Code)
	}
}

func TestTrustedProxyClient(t *testing.T) {
	_, proxy, _ := net.ParseCIDR("10.0.0.0/8")
	s := limitedServer(t, Config{Limits: Limits{Rate: 0.01, Burst: 1}, TrustedProxies: []*net.IPNet{proxy}})
	for i, client := range []string{"203.0.113.1", "203.0.113.2"} {
		req := httptest.NewRequest(http.MethodGet, fmt.Sprintf("/map/crimea.svg?width=%d", 400+200*i), nil)
		req.RemoteAddr = "10.1.2.3:4000"
		req.Header.Set("X-Forwarded-For", client)
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		if rec.Code != 200 {
			t.Errorf("client %s behind the trusted proxy: %d (each client has its own allowance)", client, rec.Code)
		}
	}
}

// TestShutdownFinishesRenders starts renders, shuts down while they run,
// and expects every one answered and a clean exit.
func TestShutdownFinishesRenders(t *testing.T) {
	s := limitedServer(t, Config{Limits: Limits{Workers: 1, Queue: 16}, ShutdownGrace: time.Minute})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, l) }()
	const n = 8
	var wg sync.WaitGroup
	codes := make([]int, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := http.Get(fmt.Sprintf("http://%s/map/ukraine.png?width=%d&theme=%s", l.Addr(), []int{400, 600, 800, 1000}[i%4], []string{"light", "dark"}[i/4]))
			if err != nil {
				t.Error(err)
				return
			}
			io.Copy(io.Discard, r.Body)
			r.Body.Close()
			codes[i] = r.StatusCode
		}()
	}
	deadline := time.Now().Add(10 * time.Second)
	for s.pool.Running()+s.pool.Queued() < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d renders running or queued, want %d", s.pool.Running()+s.pool.Queued(), n)
		}
		time.Sleep(time.Millisecond)
	}
	stop()
	wg.Wait()
	if err := <-done; err != nil {
		t.Errorf("Serve after shutdown: %v", err)
	}
	for i, c := range codes {
		if c != 200 {
			t.Errorf("request %d in flight at shutdown: %d", i, c)
		}
	}
}

// TestShutdownCancelsAfterGrace holds a render past a short grace period:
// shutdown cancels it and returns without error.
func TestShutdownCancelsAfterGrace(t *testing.T) {
	s := limitedServer(t, Config{Limits: Limits{Workers: 1, Queue: 1}, ShutdownGrace: 100 * time.Millisecond})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, l) }()
	cancelled := make(chan struct{})
	go s.runs.Do(context.Background(), "forever", func(ctx context.Context) (*response, error) {
		<-ctx.Done()
		close(cancelled)
		return nil, ctx.Err()
	})
	for s.pool.Running() == 0 {
		time.Sleep(time.Millisecond)
	}
	stop()
	select {
	case <-cancelled:
	case <-time.After(10 * time.Second):
		t.Fatal("the render was not cancelled after the grace period")
	}
	if err := <-done; err != nil {
		t.Errorf("Serve: %v", err)
	}
}

func TestOperations(t *testing.T) {
	s := limitedServer(t, Config{})
	if rec := serveReq(s, "/readyz"); rec.Code != 200 || !strings.Contains(rec.Body.String(), "2025-08-08") {
		t.Errorf("/readyz: %d %s", rec.Code, rec.Body)
	}
	serveReq(s, "/map/crimea.svg")
	serveReq(s, "/map/crimea.svg")
	rec := serveReq(s, "/metrics")
	for _, want := range []string{
		`claimsmap_http_requests_total{code="200",method="GET",route="/map/:file"} 2`,
		`claimsmap_cache_requests_total{cache="image",result="hit"} 1`,
		`claimsmap_render_runs_total{outcome="done"} 1`,
		"claimsmap_render_queue_depth 0",
		`claimsmap_dataset_info{snapshot="2025-08-08"`,
		"claimsmap_latest_snapshot_age_seconds",
		`claimsmap_http_request_duration_seconds_bucket{route="/map/:file"`,
	} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	serveReq(s, "/no/such/page/"+strings.Repeat("x", 50))
	if strings.Contains(serveReq(s, "/metrics").Body.String(), "xxxxx") {
		t.Error("an unmatched path became a metrics label")
	}
	s.draining.Store(true)
	if rec := serveReq(s, "/readyz"); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("/readyz while shutting down: %d", rec.Code)
	}
	if rec := serveReq(s, "/"); rec.Header().Get("Strict-Transport-Security") == "" {
		t.Error("no HSTS with an https base URL")
	}
}

func TestErrorTexts(t *testing.T) {
	s := limitedServer(t, Config{})
	if rec := serveReq(s, "/no/such/page"); rec.Code != 404 || !strings.Contains(rec.Body.String(), "There is nothing at this address") {
		t.Errorf("404 page without its friendly text: %d %.400s", rec.Code, rec.Body)
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", nil))
	if rec.Code != 405 || !strings.Contains(rec.Body.String(), "only answers GET and HEAD") {
		t.Errorf("405 page without its friendly text: %d %.400s", rec.Code, rec.Body)
	}
	long := strings.Repeat("x", 100_000)
	for _, p := range []string{"/regions/" + long, "/map/" + long + ".png", "/layers/controlled.geojson?simplify=" + long, "/?date=" + long} {
		rec := serveReq(s, p)
		if rec.Code/100 != 4 || rec.Body.Len() > 8000 {
			t.Errorf("%.40s…: %d with a %d-byte body: the input is echoed whole", p, rec.Code, rec.Body.Len())
		}
	}
}
