package web

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/claimsmap/claimsmap/internal/datafs"
	"github.com/claimsmap/claimsmap/internal/dataset/datasettest"
	"github.com/claimsmap/claimsmap/static"
)

// TestReloadRefusesBadFolders: a running server asked to reload a folder
// broken in each of the ways the loader refuses keeps serving the dataset
// it had, byte for byte, and says why it refused. The folder is a
// symbolic link swapped to each broken copy, as a deploy would.
func TestReloadRefusesBadFolders(t *testing.T) {
	link := filepath.Join(t.TempDir(), "data")
	point := func(dir string) {
		t.Helper()
		tmp := link + ".new"
		os.Remove(tmp)
		if err := os.Symlink(dir, tmp); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, link); err != nil {
			t.Fatal(err)
		}
	}
	point(datasettest.CopyDefault(t))
	s, err := New(Config{Data: datafs.Dir(link), Static: static.FS()})
	if err != nil {
		t.Fatal(err)
	}
	type page struct{ etag, body string }
	fetch := func() map[string]page {
		got := map[string]page{}
		for _, p := range []string{"/", "/regions/donetsk", "/layers/controlled.geojson"} {
			rec := httptest.NewRecorder()
			s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p, nil))
			if rec.Code != http.StatusOK {
				t.Fatalf("GET %s: %d", p, rec.Code)
			}
			got[p] = page{rec.Header().Get("ETag"), rec.Body.String()}
		}
		return got
	}
	before := fetch()
	for _, b := range datasettest.Breakages() {
		t.Run(b.Name, func(t *testing.T) {
			dir := datasettest.CopyDefault(t)
			b.Break(t, dir)
			point(dir)
			// A reload that hangs is the bug under test; fail rather
			// than wait for the test binary's timeout.
			done := make(chan error, 1)
			go func() { done <- s.Reload() }()
			var err error
			select {
			case err = <-done:
			case <-time.After(2 * time.Minute):
				t.Fatal("Reload did not return")
			}
			if err == nil {
				t.Fatal("Reload succeeded")
			}
			for _, w := range b.Want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			after := fetch()
			for p, pg := range before {
				if after[p] != pg {
					t.Errorf("%s changed after a refused reload (ETag %s, was %s)", p, after[p].etag, pg.etag)
				}
			}
		})
	}
	// The same server still takes a good folder.
	dir := datasettest.CopyDefault(t)
	article := "---\ntitle: After\ndate: 2025-08-10\nlicense: test fixture\n---\nAfter\n\nFighting near Kupiansk.\n"
	if err := os.WriteFile(filepath.Join(dir, "articles", "after.txt"), []byte(article), 0o644); err != nil {
		t.Fatal(err)
	}
	point(dir)
	if err := s.Reload(); err != nil {
		t.Fatalf("Reload of a good folder: %v", err)
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/articles/after", nil))
	if rec.Code != http.StatusOK {
		t.Errorf("GET /articles/after after a good reload: %d", rec.Code)
	}
}
