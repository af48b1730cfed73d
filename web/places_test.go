package web

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/claimsmap/claimsmap/internal/defaultdata"
	"github.com/claimsmap/claimsmap/static"
)

// withArticle returns the default dataset with one more article dropped in.
func withArticle(t *testing.T, name, text string) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(defaultdata.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(defaultdata.FS(), p)
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	m["articles/"+name] = &fstest.MapFile{Data: []byte(text)}
	return m
}

// TestPlacesOnRegionMap drops in an article that names front-line towns
// and checks they appear on the region's map, styled by who held them.
func TestPlacesOnRegionMap(t *testing.T) {
	data := withArticle(t, "test-front-line.txt", `---
title: Test report from the front
date: 2025-08-09
license: Test fixture written for claimsmap's tests
---
Test report from the front

Russian forces shelled Kramatorsk from positions near Bakhmut, officials said.
`)
	s, err := New(Config{Data: data, Static: static.FS()})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/regions/donetsk", nil))
	b := rec.Body.String()
	for _, w := range []string{
		`class="place russia"`, `class="place ukraine"`, ">Bakhmut</text>", ">Kramatorsk</text>",
		"Place held by Russian forces", "Place held by Ukraine",
		`<mark><a class="mention" href="/articles/test-front-line#p1"`,
	} {
		if !strings.Contains(b, w) {
			t.Errorf("/regions/donetsk lacks %q", w)
		}
	}
	rec = httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/places?region=donetsk&holder=russia&sort=population", nil))
	if b := rec.Body.String(); !strings.Contains(b, `id="bakhmut"`) || !strings.Contains(b, `<span class="holder russia">Russian forces</span>`) {
		t.Errorf("/places does not list Bakhmut as held by Russia")
	}
}

// TestReload swaps in a changed dataset whole, and keeps serving the old
// one when the new one is broken.
func TestReload(t *testing.T) {
	data := withArticle(t, "first.txt", "---\ntitle: First\ndate: 2025-08-09\nlicense: test fixture\n---\nFirst\n\nFighting near Bakhmut.\n")
	s, err := New(Config{Data: data, Static: static.FS()})
	if err != nil {
		t.Fatal(err)
	}
	status := func(path string) int {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec.Code
	}
	if status("/articles/first") != 200 || status("/articles/second") != 404 {
		t.Fatal("unexpected articles before reload")
	}
	m := data.(fstest.MapFS)
	m["articles/second.txt"] = &fstest.MapFile{Data: []byte("---\ntitle: Second\ndate: 2025-08-10\nlicense: test fixture\n---\nSecond\n\nFighting near Kupiansk.\n")}
	if err := s.Reload(); err != nil {
		t.Fatal(err)
	}
	if status("/articles/second") != 200 {
		t.Error("reload did not pick up the new article")
	}
	m["articles/broken.txt"] = &fstest.MapFile{Data: []byte("no front matter")}
	if err := s.Reload(); err == nil || !strings.Contains(err.Error(), "articles/broken.txt") {
		t.Errorf("reload of a broken dataset: %v", err)
	}
	if status("/articles/second") != 200 || status("/") != 200 {
		t.Error("a failed reload stopped serving the dataset that worked")
	}
}
