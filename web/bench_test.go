package web

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
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
