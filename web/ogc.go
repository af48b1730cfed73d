package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb/geojson"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/dataset"
	"github.com/claimsmap/claimsmap/internal/ogc"
	"github.com/claimsmap/claimsmap/web/view"
)

// This file serves the atlas's layers under /ogc as OGC API – Features:
// the routes, content negotiation and caching of the core in
// internal/ogc, which answers in values, documents and errors. The HTML
// pages are in ogcpages.go, the items page's map in ogcmap.go.

const (
	// ogcMaxOrigins bounds the origins whose JSON documents are kept: the
	// Host header is the client's to choose, so for origins beyond these
	// documents are encoded per request.
	ogcMaxOrigins = 4
)

// ogcAPI serves the atlas as OGC API – Features.
//
// The collections, with the latest date's features encoded, are built
// with the routes, and so are the documents that do not depend on the
// query, but for the single features, whose number grows with every
// snapshot date: those are encoded when asked for, and the most recent
// kept. HTML pages link by path and serve every origin. JSON
// documents carry absolute links, which must work wherever a client
// reached the server (GDAL follows them, and behind a proxy or in a test
// the configured base URL is not where the server listens), so they are
// kept per origin.
type ogcAPI struct {
	s    *Server
	core *ogc.API
	// err is why building failed; every request answers it.
	err error

	mu   sync.Mutex
	docs map[string]map[ogcDocFormat]*response // by origin, "" for HTML
	// features keeps the single features' documents, which grow with the
	// places and the snapshots (23,016 features on the default data's
	// eight dates), the most recently asked for.
	features *lru.Cache[ogcFeatureKey, *response]

	// mapContext is drawn under the map of every HTML items page.
	mapContext ogcMapContext
}

type ogcDocFormat struct {
	ogc.Doc
	format ogc.Format
}

type ogcFeatureKey struct {
	origin string
	ogcDocFormat
}

// ogcFeatureDocs bounds the single features' documents kept: a few
// kilobytes each.
const ogcFeatureDocs = 2048

// ogcRoutes registers OGC API – Features under /ogc.
// The API itself is built on its first request (site.ogc) and a reload
// replaces it with the site; a dataset it cannot serve is answered with
// the reason on every request.
func (s *Server) ogcRoutes(e *echo.Echo) {
	get := func(path string, h func(*ogcAPI, echo.Context, ogc.Format) error) {
		e.Match([]string{http.MethodGet, http.MethodHead}, path, func(c echo.Context) error {
			o := s.current().ogc()
			return o.negotiated(func(c echo.Context, f ogc.Format) error { return h(o, c, f) })(c)
		})
	}
	get("/ogc", (*ogcAPI).landing)
	get("/ogc/conformance", (*ogcAPI).conformance)
	get("/ogc/api", (*ogcAPI).api)
	get("/ogc/collections", (*ogcAPI).collectionList)
	get("/ogc/collections/:id", (*ogcAPI).collection)
	get("/ogc/collections/:id/items", (*ogcAPI).items)
	get("/ogc/collections/:id/items/:featureId", (*ogcAPI).feature)
	get("/ogc/collections/:id/queryables", (*ogcAPI).queryables)
}

// ogcFeatures gives the OGC API a layer as the downloads give it at the
// dataset's precision: polygons snap-rounded with the date's other
// layers, so that every geometry served is valid.
func ogcFeatures(v *atlas.View, layer string) (*geojson.FeatureCollection, error) {
	return layerFeatures(v, layerQuery{name: layer, decimals: dataset.Decimals})
}

func newOGCAPI(s *Server, a *atlas.Atlas) (*ogcAPI, error) {
	core, err := ogc.New(a, ogcFeatures)
	if err != nil {
		return nil, err
	}
	o := &ogcAPI{s: s, core: core, docs: map[string]map[ogcDocFormat]*response{}}
	o.features, _ = lru.New[ogcFeatureKey, *response](ogcFeatureDocs)
	ds := []ogc.Doc{{Kind: ogc.LandingDoc}, {Kind: ogc.ConformanceDoc}, {Kind: ogc.APIDoc}, {Kind: ogc.CollectionsDoc}}
	// The items pages are made on request: the first page of a dated
	// layer reads its oldest dates, which nothing else may need.
	for _, c := range core.Collections() {
		ds = append(ds, ogc.Doc{Kind: ogc.CollectionDoc, Collection: c.Info.Name})
	}
	base := strings.TrimRight(s.cfg.BaseURL, "/")
	for _, d := range ds {
		if _, err := o.doc("", ogc.HTML, d); err != nil {
			return nil, err
		}
		if _, err := o.doc(base, ogc.JSON, d); err != nil {
			return nil, err
		}
	}
	return o, nil
}

// ogcNegotiate reads the f parameter, which OGC API clients use to choose a
// format, and otherwise the Accept header. JSON wins unless HTML is
// preferred, so that curl and GIS clients get data and browsers get pages.
func ogcNegotiate(r *http.Request) (ogc.Format, error) {
	if vs, ok := r.URL.Query()["f"]; ok {
		switch {
		case len(vs) == 1 && vs[0] == "json":
			return ogc.JSON, nil
		case len(vs) == 1 && vs[0] == "html":
			return ogc.HTML, nil
		}
		return ogc.JSON, echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("The format f=%s is not offered; use f=json or f=html.", strings.Join(vs, ",")))
	}
	var htmlQ, jsonQ float64
	qualities(r.Header.Get("Accept"), func(typ string, q float64) {
		switch {
		case typ == "text/html" || typ == "application/xhtml+xml":
			htmlQ = max(htmlQ, q)
		case strings.HasSuffix(typ, "json"):
			jsonQ = max(jsonQ, q)
		}
	})
	if htmlQ > jsonQ {
		return ogc.HTML, nil
	}
	return ogc.JSON, nil
}

// negotiated wraps an OGC handler: it picks the format and, as responses
// differ by it, says so in Vary. The central error handler negotiates the
// same way (wantsJSON), so errors come in the format the answer would have
// had (f=json from a browser, or curl sending no Accept at all). The
// core's errors become 404 or 400 with their reason.
func (o *ogcAPI) negotiated(h func(echo.Context, ogc.Format) error) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Response().Header().Add("Vary", "Accept")
		f, err := ogcNegotiate(c.Request())
		if err != nil {
			return err
		}
		if o.err != nil {
			return o.err
		}
		return ogcHTTPError(h(c, f))
	}
}

// ogcHTTPError gives a core error its status.
func ogcHTTPError(err error) error {
	var e *ogc.Error
	if !errors.As(err, &e) {
		return err
	}
	if e.NotFound {
		return echo.NewHTTPError(http.StatusNotFound, e.Detail)
	}
	return echo.NewHTTPError(http.StatusBadRequest, e.Detail)
}

// serveDoc serves a document that does not depend on the query.
func (o *ogcAPI) serveDoc(c echo.Context, f ogc.Format, d ogc.Doc) error {
	origin := ""
	if f == ogc.JSON {
		origin = o.s.requestOrigin(c)
	}
	r, err := o.doc(origin, f, d)
	if err != nil {
		return err
	}
	return r.serve(c)
}

// doc returns a document, encoding it the first time.
func (o *ogcAPI) doc(origin string, f ogc.Format, d ogc.Doc) (*response, error) {
	key := ogcDocFormat{d, f}
	if d.Kind == ogc.FeatureDoc {
		if r, ok := o.features.Get(ogcFeatureKey{origin, key}); ok {
			return r, nil
		}
	}
	o.mu.Lock()
	r := o.docs[origin][key]
	o.mu.Unlock()
	if r != nil {
		return r, nil
	}
	if f == ogc.HTML {
		var err error
		if r, err = o.renderPage(d); err != nil {
			return nil, err
		}
	} else {
		b, typ, err := o.core.JSON(origin+"/ogc", d)
		if err != nil {
			return nil, err
		}
		r = newResponse(b, typ, cachePage)
	}
	if d.Kind == ogc.FeatureDoc {
		o.features.Add(ogcFeatureKey{origin, key}, r)
		return r, nil
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	m := o.docs[origin]
	if m == nil {
		if len(o.docs) > ogcMaxOrigins {
			return r, nil
		}
		m = map[ogcDocFormat]*response{}
		o.docs[origin] = m
	}
	if prev := m[key]; prev != nil {
		return prev, nil
	}
	m[key] = r
	return r, nil
}

// Handlers.

func (o *ogcAPI) landing(c echo.Context, f ogc.Format) error {
	if err := ogc.CheckParams(c.QueryParams()); err != nil {
		return err
	}
	return o.serveDoc(c, f, ogc.Doc{Kind: ogc.LandingDoc})
}

func (o *ogcAPI) conformance(c echo.Context, f ogc.Format) error {
	if err := ogc.CheckParams(c.QueryParams()); err != nil {
		return err
	}
	return o.serveDoc(c, f, ogc.Doc{Kind: ogc.ConformanceDoc})
}

func (o *ogcAPI) api(c echo.Context, f ogc.Format) error {
	if err := ogc.CheckParams(c.QueryParams()); err != nil {
		return err
	}
	return o.serveDoc(c, f, ogc.Doc{Kind: ogc.APIDoc})
}

func (o *ogcAPI) collectionList(c echo.Context, f ogc.Format) error {
	if err := ogc.CheckParams(c.QueryParams()); err != nil {
		return err
	}
	return o.serveDoc(c, f, ogc.Doc{Kind: ogc.CollectionsDoc})
}

func (o *ogcAPI) collection(c echo.Context, f ogc.Format) error {
	col, err := o.core.Lookup(c.Param("id"))
	if err != nil {
		return err
	}
	if err := ogc.CheckParams(c.QueryParams()); err != nil {
		return err
	}
	return o.serveDoc(c, f, ogc.Doc{Kind: ogc.CollectionDoc, Collection: col.Info.Name})
}

func (o *ogcAPI) items(c echo.Context, f ogc.Format) error {
	col, err := o.core.Lookup(c.Param("id"))
	if err != nil {
		return err
	}
	iq, err := o.core.ParseItems(col, c.QueryParams())
	if err != nil {
		return err
	}
	if iq.IsDefault() {
		return o.serveDoc(c, f, ogc.Doc{Kind: ogc.ItemsDoc, Collection: col.Info.Name})
	}
	// A filtered or later page is made for its request: there are too
	// many to keep. Selecting, sorting and encoding up to 1,000 features
	// takes up to a second, so it runs on the pool, charged to the client,
	// one run for all who ask the same at once. It is served like the kept
	// ones, compressed (a page of 1,000 polygons is most of a megabyte)
	// and with an ETag, so that a client polling the same query gets 304.
	origin := o.s.requestOrigin(c)
	key := fmt.Sprintf("ogc-items|%p|%s|%d|%s|%s", o, col.Info.Name, f, origin, c.Request().URL.RawQuery)
	r, err := o.s.expensive(c, key, func(ctx context.Context) (*response, error) {
		p, err := col.Page(iq)
		if err != nil {
			return nil, err
		}
		if f == ogc.HTML {
			var b bytes.Buffer
			if err := view.OGCItemsPage(o.itemsView(col, p)).Render(ctx, &b); err != nil {
				return nil, fmt.Errorf("rendering items of %s: %w", col.Info.Name, err)
			}
			return oneOff(c, b.Bytes(), htmlType, cachePage), nil
		}
		return oneOff(c, col.ItemsJSON(origin+"/ogc", p, o.core.Built), geojsonType, cachePage), nil
	})
	if err != nil {
		return err
	}
	return r.serve(c)
}

func (o *ogcAPI) feature(c echo.Context, f ogc.Format) error {
	col, err := o.core.Lookup(c.Param("id"))
	if err != nil {
		return err
	}
	id := c.Param("featureId")
	if _, err := col.Feature(id); err != nil {
		return err
	}
	if err := ogc.CheckParams(c.QueryParams()); err != nil {
		return err
	}
	return o.serveDoc(c, f, ogc.Doc{Kind: ogc.FeatureDoc, Collection: col.Info.Name, Feature: id})
}

func (o *ogcAPI) queryables(c echo.Context, f ogc.Format) error {
	col, err := o.core.Lookup(c.Param("id"))
	if err != nil {
		return err
	}
	if err := ogc.CheckParams(c.QueryParams()); err != nil {
		return err
	}
	if c.QueryParam("f") == "html" {
		return echo.NewHTTPError(http.StatusBadRequest, "The queryables are a JSON Schema, served as JSON only: use f=json.")
	}
	return o.serveDoc(c, ogc.JSON, ogc.Doc{Kind: ogc.QueryablesDoc, Collection: col.Info.Name})
}
