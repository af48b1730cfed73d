package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/labstack/echo/v4"

	"github.com/a-h/templ"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/cache"
	"github.com/claimsmap/claimsmap/internal/tiles"
	"github.com/claimsmap/claimsmap/web/view"
)

// site is everything served for one atlas, rendered ahead of requests.
type site struct {
	atlas *atlas.Atlas
	pages map[string]*response // by URL path
	// defaultLayers holds every layer's plain download on the latest
	// date, made on first request; layers keeps the others, bounded.
	defaultLayers *cache.Cache[*response]
	// layersPage is /layers, made on first request.
	layersPage func() (*response, error)
	layers     *layerCache
	// embeds holds rendered embed pages by embedQuery.key.
	embeds *embedCache
	// tileSet makes vector tiles; tiles keeps the encoded ones.
	tileSet *tiles.Set
	tiles   *tileCache
	// tileDates holds the tile sets of other dates and the PMTiles
	// archive, made on first request (web/tiles.go).
	tileDates *tileState
	// tileJSON holds the TileJSON per origin the site is reached at (its
	// tile URLs are absolute); a few origins at most, so a small cache.
	tileJSON *lru.Cache[string, *response]
	// images keeps rendered map images; they cost tens of milliseconds
	// each, so the cache is small and bounded.
	images *lru.Cache[string, *response]
	// views keeps zoomed map views (web/mapview.go); small like images.
	views *lru.Cache[string, *response]
	// ogc is the OGC API – Features of this atlas, built on its first
	// request: its collections span every date, which start-up should not
	// pay for.
	ogc func() *ogcAPI
	// dated keeps pages rendered for a date other than their default.
	dated *cache.Cache[*response]
	// stats keeps /stats.csv and /stats.json, made on first request.
	stats *cache.Cache[*response]
	// derived keeps the history images (web/history.go).
	derived derivedResponses
	// changes keeps the changes pages, embeds and GeoJSON, made on the
	// pool (web/changes.go).
	changes *lru.Cache[string, *response]
	// placeMaps keeps the maps place pages mark their place on, by region
	// and date (web/places.go).
	placeMaps *cache.Cache[view.MapFigure]
}

const htmlType = "text/html; charset=utf-8"

func (s *Server) render(a *atlas.Atlas) (*site, error) {
	st := &site{atlas: a, pages: map[string]*response{}, defaultLayers: cache.New[*response](32), layers: newLayerCache(), embeds: newEmbedCache(), dated: cache.New[*response](256), stats: cache.New[*response](2), placeMaps: cache.New[view.MapFigure](32)}
	ts, err := buildTiles(a)
	if err != nil {
		return nil, fmt.Errorf("vector tiles: %w", err)
	}
	st.tileSet = ts
	st.tileDates = newTileState()
	st.tiles, _ = lru.New[string, *response](4096)
	st.tileJSON, _ = lru.New[string, *response](8)
	st.images, _ = lru.New[string, *response](64)
	st.views, _ = lru.New[string, *response](256)
	st.changes, _ = lru.New[string, *response](128)
	st.ogc = sync.OnceValue(func() *ogcAPI {
		o, err := newOGCAPI(s, a)
		if err != nil {
			s.log.Error("building the OGC API", "err", err)
			return &ogcAPI{err: fmt.Errorf("OGC API: %w", err)}
		}
		return o
	})
	add := func(path string, c templ.Component) error {
		var b bytes.Buffer
		if err := c.Render(context.Background(), &b); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		st.pages[path] = newResponse(b.Bytes(), htmlType, cachePage)
		return nil
	}
	// The map, about and region pages of the latest snapshot are rendered
	// now; articles' pages (each shows the snapshot of its own date) and
	// other dates' pages on first request, so that start-up grows neither
	// with the snapshots nor with the articles.
	for _, path := range s.pagePaths(a) {
		if def, _ := pageDate(a, path); def != a.Snapshot {
			continue
		}
		c, err := s.pageComponent(a.Latest(), path)
		if err != nil {
			return nil, err
		}
		if err := add(path, c); err != nil {
			return nil, err
		}
	}
	// /layers states each download's size, so it is made with the
	// downloads, on its first request.
	st.layersPage = sync.OnceValues(func() (*response, error) {
		v, err := s.layersPage(st)
		if err != nil {
			return nil, err
		}
		var b bytes.Buffer
		if err := view.LayersPage(v).Render(context.Background(), &b); err != nil {
			return nil, err
		}
		return newResponse(b.Bytes(), htmlType, cachePage), nil
	})
	return st, nil
}

// pagePaths lists the pages rendered at start: the map, about and the
// regions' pages, a fixed few.
func (s *Server) pagePaths(a *atlas.Atlas) []string {
	ps := []string{"/", "/about"}
	for _, r := range a.Regions {
		ps = append(ps, "/regions/"+r.Slug)
	}
	return ps
}

func articleOf(a *atlas.Atlas, path string) (*atlas.LinkedArticle, bool) {
	slug, ok := strings.CutPrefix(path, "/articles/")
	if !ok {
		return nil, false
	}
	return a.Article(slug)
}

// pageComponent builds the page at path on the view's date.
func (s *Server) pageComponent(v *atlas.View, path string) (templ.Component, error) {
	switch {
	case path == "/":
		idx, err := s.indexPage(v)
		if err != nil {
			return nil, err
		}
		return view.Index(*idx), nil
	case path == "/about":
		return view.About(*s.aboutPage(v)), nil
	case strings.HasPrefix(path, "/regions/"):
		r, ok := v.Region(strings.TrimPrefix(path, "/regions/"))
		if !ok {
			return nil, echo.ErrNotFound
		}
		p, err := s.regionPage(v, r)
		if err != nil {
			return nil, err
		}
		return view.Region(*p), nil
	case strings.HasPrefix(path, "/articles/"):
		la, ok := articleOf(v.Atlas, path)
		if !ok {
			return nil, echo.ErrNotFound
		}
		p, err := s.articlePage(v, la)
		if err != nil {
			return nil, err
		}
		return view.Article(p), nil
	}
	return nil, echo.ErrNotFound
}

// datedPage serves a page on a snapshot other than the latest: rendered
// on first request, once for concurrent requests, and kept in a bounded
// cache.
func (s *Server) datedPage(c echo.Context, st *site, date, path string) error {
	r, err := st.dated.Get(path+"|"+date, func() (*response, error) {
		v, err := st.atlas.At(date)
		if err != nil {
			return nil, err
		}
		comp, err := s.pageComponent(v, path)
		if err != nil {
			return nil, err
		}
		var b bytes.Buffer
		if err := comp.Render(context.Background(), &b); err != nil {
			return nil, fmt.Errorf("%s on %s: %w", path, v.Date, err)
		}
		return newResponse(b.Bytes(), htmlType, cachePage), nil
	})
	if err != nil {
		return err
	}
	return r.serve(c)
}

// renderPage renders a page that depends on the request's query.
func renderPage(c echo.Context, comp templ.Component) error {
	var b bytes.Buffer
	if err := comp.Render(c.Request().Context(), &b); err != nil {
		return err
	}
	return c.HTMLBlob(http.StatusOK, b.Bytes())
}
