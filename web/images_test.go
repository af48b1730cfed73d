package web

import (
	"bytes"
	"image/png"
	"strings"
	"testing"
)

func TestImages(t *testing.T) {
	for _, tc := range []struct {
		path   string
		status int
		ctype  string
	}{
		{"/map/ukraine.svg", 200, "image/svg+xml"},
		{"/map/donetsk.png?width=600&height=400&scale=2", 200, "image/png"},
		{"/map/crimea.pdf?paper=letter", 200, "application/pdf"},
		{"/map/kherson.png?theme=dark", 200, "image/png"},
		{"/map/ukraine.png?width=5000", 400, "application/problem+json"},
		{"/map/ukraine.png?width=2500&scale=2", 400, "application/problem+json"},
		{"/map/ukraine.png?width=1300&scale=2", 400, "application/problem+json"},
		{"/map/ukraine.svg?width=2400&height=2400", 200, "image/svg+xml"},
		{"/map/ukraine.png?scale=3", 400, "application/problem+json"},
		{"/map/ukraine.png?width=big", 400, "application/problem+json"},
		{"/map/ukraine.png?zoom=2", 400, "application/problem+json"},
		{"/map/ukraine.png?width=400&height=1200", 400, "application/problem+json"},
		// 2.9:1, within the bounds, rounded up to 2000 × 800 rather than
		// to 2000 × 600, beyond them
		{"/map/ukraine.svg?width=1700&height=580", 200, "image/svg+xml"},
		{"/map/ukraine.svg?width=450&height=890", 200, "image/svg+xml"},
		{"/map/atlantis.png", 404, "application/problem+json"},
		{"/map/Donetsk.svg", 200, "image/svg+xml"},
		{"/map/ukraine.gif", 404, "application/problem+json"},
		{"/map/ukraine.png?date=1999-01-01", 404, "application/problem+json"},
	} {
		r := get(t, tc.path)
		b := body(t, r)
		if r.StatusCode != tc.status || !strings.HasPrefix(r.Header.Get("Content-Type"), tc.ctype) {
			t.Errorf("%s: status %d %q, want %d %q: %.200s", tc.path, r.StatusCode, r.Header.Get("Content-Type"), tc.status, tc.ctype, b)
			continue
		}
		if tc.status == 400 && strings.Contains(tc.path, "width=5000") && !strings.Contains(b, "2400") {
			t.Errorf("%s: the error does not state the 2400 px limit: %s", tc.path, b)
		}
		if tc.ctype == "image/png" && tc.status == 200 {
			img, err := png.Decode(bytes.NewReader([]byte(b)))
			if err != nil {
				t.Fatalf("%s: %v", tc.path, err)
			}
			if strings.Contains(tc.path, "scale=2") && (img.Bounds().Dx() != 1200 || img.Bounds().Dy() != 800) {
				t.Errorf("%s: %v, want 1200×800", tc.path, img.Bounds())
			}
		}
	}
	// The same request gives the same bytes, and a cached copy.
	a, b := body(t, get(t, "/map/luhansk.svg")), body(t, get(t, "/map/luhansk.svg"))
	if a != b {
		t.Error("two requests for the same image differ")
	}
}

// TestImageCacheKey: what a format ignores does not make a second cache
// entry of the same bytes (a PDF is light whatever the theme and its page
// fixes its size; only a PNG has a scale).
func TestImageCacheKey(t *testing.T) {
	s := testServer(t)
	for _, pair := range [][2]string{
		{"/map/donetsk.pdf", "/map/donetsk.pdf?theme=dark"},
		{"/map/donetsk.svg", "/map/donetsk.svg?scale=2"},
		{"/map/donetsk.pdf", "/map/donetsk.pdf?width=600&height=400"},
	} {
		a := serveReq(s, pair[0])
		before := s.current().images.Len()
		b := serveReq(s, pair[1])
		if a.Code != 200 || b.Code != 200 {
			t.Fatalf("%s: %d, %s: %d", pair[0], a.Code, pair[1], b.Code)
		}
		if !bytes.Equal(a.Body.Bytes(), b.Body.Bytes()) {
			t.Errorf("%s and %s differ", pair[0], pair[1])
		}
		if n := s.current().images.Len(); n != before {
			t.Errorf("%s cached again after %s (%d entries, was %d)", pair[1], pair[0], n, before)
		}
	}
}
