package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/labstack/echo/v4"

	"github.com/a-h/templ"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/tiles"
	"github.com/claimsmap/claimsmap/web/view"
)

// site is everything served for one atlas, rendered ahead of requests.
type site struct {
	atlas *atlas.Atlas
	pages map[string]*response // by URL path
	// defaultLayers holds every layer's download with no parameters, for
	// every date; layers keeps the parameterised ones, bounded.
	defaultLayers map[string]*response
	layers        *layerCache
	// embeds holds rendered embed pages by embedQuery.key.
	embeds *embedCache
	// tileSet makes vector tiles; tiles keeps the encoded ones.
	tileSet *tiles.Set
	tiles   *tileCache
	// tileJSON holds the TileJSON per origin the site is reached at (its
	// tile URLs are absolute); a few origins at most, so a small cache.
	tileJSON *lru.Cache[string, *response]
	// images keeps rendered map images; they cost tens of milliseconds
	// each, so the cache is small and bounded.
	images *lru.Cache[string, *response]
	// ogc is the OGC API – Features of this atlas.
	ogc *ogcAPI
}

const htmlType = "text/html; charset=utf-8"

func (s *Server) render(a *atlas.Atlas) (*site, error) {
	st := &site{atlas: a, pages: map[string]*response{}, defaultLayers: map[string]*response{}, layers: newLayerCache(), embeds: newEmbedCache()}
	ts, err := buildTiles(a)
	if err != nil {
		return nil, fmt.Errorf("vector tiles: %w", err)
	}
	st.tileSet = ts
	st.tiles, _ = lru.New[string, *response](4096)
	st.tileJSON, _ = lru.New[string, *response](8)
	st.images, _ = lru.New[string, *response](64)
	if st.ogc, err = newOGCAPI(s, a); err != nil {
		return nil, fmt.Errorf("OGC API: %w", err)
	}
	add := func(path string, c templ.Component) error {
		var b bytes.Buffer
		if err := c.Render(context.Background(), &b); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		st.pages[path] = newResponse(b.Bytes(), htmlType, cachePage)
		return nil
	}
	idx, err := s.indexPage(a)
	if err != nil {
		return nil, err
	}
	if err := add("/", view.Index(*idx)); err != nil {
		return nil, err
	}
	if err := add("/about", view.About(*s.aboutPage(a))); err != nil {
		return nil, err
	}
	for _, r := range a.Regions {
		c, err := s.regionPage(a, r)
		if err != nil {
			return nil, err
		}
		if err := add("/regions/"+r.Slug, view.Region(*c)); err != nil {
			return nil, err
		}
	}
	if err := add("/places", view.Places(s.placesPage(a))); err != nil {
		return nil, err
	}
	for _, la := range a.Articles {
		v, err := s.articlePage(a, la)
		if err != nil {
			return nil, err
		}
		if err := add("/articles/"+la.Slug, view.Article(v)); err != nil {
			return nil, err
		}
	}
	if err := s.renderLayers(st); err != nil {
		return nil, err
	}
	if err := s.renderStats(st); err != nil {
		return nil, err
	}
	if err := add("/layers", view.LayersPage(s.layersPage(st))); err != nil {
		return nil, err
	}
	return st, nil
}

// renderPage renders a page that depends on the request's query.
func renderPage(c echo.Context, comp templ.Component) error {
	var b bytes.Buffer
	if err := comp.Render(c.Request().Context(), &b); err != nil {
		return err
	}
	return c.HTMLBlob(http.StatusOK, b.Bytes())
}
