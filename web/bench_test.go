package web

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// controlledBytes is what /layers/controlled.geojson serves.
func controlledBytes(tb testing.TB) []byte {
	tb.Helper()
	rec := httptest.NewRecorder()
	testServer(tb).Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/layers/controlled.geojson", nil))
	return rec.Body.Bytes()
}

// staticServer serves b as a plain file with the standard library's file
// server: the baseline the layer downloads are measured against.
func staticServer(tb testing.TB, b []byte) http.Handler {
	tb.Helper()
	dir := tb.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "controlled.geojson"), b, 0o644); err != nil {
		tb.Fatal(err)
	}
	return http.FileServer(http.Dir(dir))
}

func benchHandler(b *testing.B, h http.Handler, path string, gzip bool) {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if gzip {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
}

func BenchmarkLayerControlled(b *testing.B) {
	benchHandler(b, testServer(b).Handler(), "/layers/controlled.geojson", false)
}

func BenchmarkLayerControlledGzip(b *testing.B) {
	benchHandler(b, testServer(b).Handler(), "/layers/controlled.geojson", true)
}

func BenchmarkStaticFileSameBytes(b *testing.B) {
	benchHandler(b, staticServer(b, controlledBytes(b)), "/controlled.geojson", false)
}

func BenchmarkLayerControlledSimplified(b *testing.B) {
	// A cached parameterised download: the first request encodes it.
	benchHandler(b, testServer(b).Handler(), "/layers/controlled.geojson?simplify=500&precision=4", false)
}

// TestLoadWrk measures requests per second for /layers/controlled.geojson
// and for the same bytes served as a plain static file, with wrk, on
// loopback, one after the other in the same run. It only runs when asked
// (CLAIMSMAP_LOADTEST=1, or `make loadtest`): load numbers are for notes,
// not for pass/fail in CI, where the machine's load varies.
func TestLoadWrk(t *testing.T) {
	if os.Getenv("CLAIMSMAP_LOADTEST") == "" {
		t.Skip("load test: set CLAIMSMAP_LOADTEST=1 (needs wrk: apt-get install wrk)")
	}
	wrk, err := exec.LookPath("wrk")
	if err != nil {
		t.Fatal("wrk not found: apt-get install wrk")
	}
	dur := "10s"
	if d := os.Getenv("CLAIMSMAP_LOADTEST_DURATION"); d != "" {
		dur = d
	}
	serve := func(h http.Handler) (string, func()) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		srv := &http.Server{Handler: h}
		go srv.Serve(l)
		return "http://" + l.Addr().String(), func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			srv.Shutdown(ctx)
		}
	}
	rps := func(url string) float64 {
		out, err := exec.Command(wrk, "-t2", "-c32", "-d"+dur, "--latency", url).CombinedOutput()
		if err != nil {
			t.Fatalf("wrk %s: %v\n%s", url, err, out)
		}
		t.Logf("wrk %s\n%s", url, out)
		m := regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`).FindSubmatch(out)
		if m == nil {
			t.Fatalf("no Requests/sec in wrk output")
		}
		v, _ := strconv.ParseFloat(string(m[1]), 64)
		return v
	}
	ours, stopOurs := serve(testServer(t).Handler())
	defer stopOurs()
	static, stopStatic := serve(staticServer(t, controlledBytes(t)))
	defer stopStatic()
	// Same bytes from both.
	a, _ := http.Get(ours + "/layers/controlled.geojson")
	ab, _ := io.ReadAll(a.Body)
	s, _ := http.Get(static + "/controlled.geojson")
	sb, _ := io.ReadAll(s.Body)
	if !bytes.Equal(ab, sb) {
		t.Fatal("the two servers do not serve the same bytes")
	}
	r1 := rps(ours + "/layers/controlled.geojson")
	r2 := rps(static + "/controlled.geojson")
	t.Logf("claimsmap %.0f req/s, static file %.0f req/s: ratio %.2f (target at least 0.90)", r1, r2, r1/r2)
	if r1/r2 < 0.9 {
		t.Errorf("claimsmap serves the layer at %.0f%% of the static file's rate, target 90%%", 100*r1/r2)
	}
}
