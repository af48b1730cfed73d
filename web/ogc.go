package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"github.com/claimsmap/claimsmap/internal/cache"
	"math"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/dataset"
	"github.com/claimsmap/claimsmap/internal/export"
	"github.com/claimsmap/claimsmap/web/view"
)

// This file serves the atlas's layers under /ogc as OGC API – Features,
// Part 1: Core (OGC 17-069r4), so that GIS clients (QGIS, GDAL, ArcGIS) can
// browse, filter and page through them without downloading whole files.

const (
	ogcJSONType    = "application/json"
	ogcOpenAPIType = "application/vnd.oai.openapi+json;version=3.0"
	ogcCRS84       = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
	ogcGregorian   = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"
	ogcConfBase    = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/"

	ogcDefaultLimit = 10
	ogcMaxLimit     = 1000
	// ogcMaxOrigins bounds the origins whose JSON documents are kept: the
	// Host header is the client's to choose, so for origins beyond these
	// documents are encoded per request.
	ogcMaxOrigins = 4
)

func ogcConformance() []string {
	return []string{
		ogcConfBase + "core", ogcConfBase + "geojson", ogcConfBase + "html", ogcConfBase + "oas30",
		ogcConfQueryables + "queryables", ogcConfQueryables + "queryables-query-parameters",
	}
}

// ogcAPI serves the atlas as OGC API – Features.
//
// The collections, with every feature encoded, are built with the routes,
// and so are the documents that do not depend on the query, but for the
// single features, whose number grows with every snapshot date: those are
// encoded the first time they are asked for, then kept. HTML pages link
// by path and serve every origin. JSON documents carry absolute links,
// which must work wherever a client reached the server (GDAL follows them,
// and behind a proxy or in a test the configured base URL is not where the
// server listens), so they are kept per origin.
type ogcAPI struct {
	s           *Server
	atlas       *atlas.Atlas
	collections []*ogcCollection
	byID        map[string]*ogcCollection
	// err is why building failed; every request answers it.
	err error
	// built is when the API was built: the timeStamp of every items
	// page, which is made from this atlas alone, so that a page encoded
	// twice is the same bytes with the same ETag.
	built time.Time

	mu   sync.Mutex
	docs map[string]map[ogcDocFormat]*response // by origin, "" for HTML

	// mapContext is drawn under the map of every HTML items page.
	mapContext ogcMapContext
}

// ogcDoc names a document that does not depend on the query.
type ogcDoc struct {
	kind       ogcKind
	collection string
	feature    string
}

type ogcDocFormat struct {
	ogcDoc
	format ogcFormat
}

type ogcKind int

const (
	ogcLandingDoc ogcKind = iota
	ogcConformanceDoc
	ogcAPIDoc
	ogcCollectionsDoc
	ogcCollectionDoc
	ogcItemsDoc // the first page, without filters
	ogcFeatureDoc
	ogcQueryablesDoc
)

// ogcCollection is one layer through time. The features of the latest
// date are made with the API; those of other dates on first request, into
// a bounded cache, so that neither start-up nor the first OGC request
// grows with the number of snapshots.
type ogcCollection struct {
	info  atlas.LayerInfo
	atlas *atlas.Atlas
	// dates are the layer's dates: every snapshot for a dated layer, the
	// latest alone for an undated one.
	dates  []string
	latest *ogcSet
	sets   *cache.Cache[*ogcSet]
	bound  orb.Bound // of the latest date's features
	// first and last are the earliest and latest as_of of a dated layer.
	first, last string
	// queryables are the properties features can be selected and sorted
	// by; propertyNames are all their properties' names, sorted.
	queryables    []ogcQueryable
	propertyNames []string
}

// ogcSet is a collection's features on one date.
type ogcSet struct {
	features []*ogcFeature
	index    map[string]int // by id
	bound    orb.Bound
}

// ogcMaxBuild bounds how many dates one request may have made: a date
// costs its View (tens to a hundred milliseconds). A query reaching
// further is asked to narrow its datetime.
const ogcMaxBuild = 16

// ogcDateSets bounds the dates whose features are kept per collection.
const ogcDateSets = 64

// ogcFeature is one feature, encoded once.
type ogcFeature struct {
	id         string
	day        time.Time // as_of of a dated layer, midnight UTC
	bound      orb.Bound
	geom       orb.Geometry // as served, rounded; bbox tests it
	geomType   string
	geometry   json.RawMessage
	properties json.RawMessage
	values     map[string]any     // properties decoded, for filters and sorting
	props      []view.OGCProperty // for the HTML pages, by name
	region     string             // claimed region, for a link to its page
}

// ogcLink is a link of a JSON document.
type ogcLink struct {
	Href  string `json:"href"`
	Rel   string `json:"rel"`
	Type  string `json:"type,omitempty"`
	Title string `json:"title,omitempty"`
}

// ogcRoutes registers OGC API – Features under /ogc.
// The API itself is built on its first request (site.ogc) and a reload
// replaces it with the site; a dataset it cannot serve is answered with
// the reason on every request.
func (s *Server) ogcRoutes(e *echo.Echo) {
	get := func(path string, h func(*ogcAPI, echo.Context, ogcFormat) error) {
		e.Match([]string{http.MethodGet, http.MethodHead}, path, func(c echo.Context) error {
			o := s.current().ogc()
			return o.negotiated(func(c echo.Context, f ogcFormat) error { return h(o, c, f) })(c)
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

func newOGCAPI(s *Server, a *atlas.Atlas) (*ogcAPI, error) {
	o := &ogcAPI{
		s: s, atlas: a, built: time.Now().UTC().Truncate(time.Second),
		byID: map[string]*ogcCollection{},
		docs: map[string]map[ogcDocFormat]*response{},
	}
	for _, l := range atlas.Layers() {
		c, err := newOGCCollection(a, l)
		if err != nil {
			return nil, fmt.Errorf("collection %s: %w", l.Name, err)
		}
		o.collections = append(o.collections, c)
		o.byID[l.Name] = c
	}
	ds := []ogcDoc{{kind: ogcLandingDoc}, {kind: ogcConformanceDoc}, {kind: ogcAPIDoc}, {kind: ogcCollectionsDoc}}
	// The items pages are made on request: the first page of a dated
	// layer reads its oldest dates, which nothing else may need.
	for _, c := range o.collections {
		ds = append(ds, ogcDoc{kind: ogcCollectionDoc, collection: c.info.Name})
	}
	base := strings.TrimRight(s.cfg.BaseURL, "/")
	for _, d := range ds {
		if _, err := o.doc("", ogcHTML, d); err != nil {
			return nil, err
		}
		if _, err := o.doc(base, ogcJSON, d); err != nil {
			return nil, err
		}
	}
	return o, nil
}

func newOGCCollection(a *atlas.Atlas, l atlas.LayerInfo) (*ogcCollection, error) {
	c := &ogcCollection{info: l, atlas: a, dates: []string{a.Snapshot}, sets: cache.New[*ogcSet](ogcDateSets)}
	if l.Dated {
		c.dates = a.Dates
		c.first, c.last = c.dates[0], c.dates[len(c.dates)-1]
	}
	var err error
	if c.latest, err = c.build(a.Snapshot); err != nil {
		return nil, err
	}
	c.bound = c.latest.bound
	c.queryables, c.propertyNames = ogcQueryablesOf(c.latest.features)
	return c, nil
}

// built reports whether the features of date are made already.
func (c *ogcCollection) built(date string) bool {
	return date == c.atlas.Snapshot || c.sets.Contains(date)
}

// set returns the features of date, making them on first request.
func (c *ogcCollection) set(date string) (*ogcSet, error) {
	if date == c.atlas.Snapshot {
		return c.latest, nil
	}
	return c.sets.Get(date, func() (*ogcSet, error) { return c.build(date) })
}

func (c *ogcCollection) build(date string) (*ogcSet, error) {
	a, l := c.atlas, c.info
	set := &ogcSet{index: map[string]int{}}
	v, err := a.At(date)
	if err != nil {
		return nil, err
	}
	// The features as the downloads give them: polygons snap-rounded to
	// the dataset's precision with the date's other layers, so that every
	// geometry served is valid.
	fc, err := layerFeatures(v, layerQuery{name: l.Name, decimals: dataset.Decimals})
	if err != nil {
		return nil, err
	}
	for i, f := range fc.Features {
		if f.Geometry == nil {
			continue // collapsed at this precision; none does at six decimals
		}
		// The id every format gives the feature (atlas.FeatureID).
		id, _ := f.ID.(string)
		if id == "" {
			return nil, fmt.Errorf("%s feature %d has no id", date, i)
		}
		of := &ogcFeature{id: id, geomType: f.Geometry.GeoJSONType()}
		if l.Dated {
			asOf, _ := f.Properties["as_of"].(string)
			day, err := time.Parse(time.DateOnly, asOf)
			if err != nil {
				return nil, fmt.Errorf("feature %s: as_of %q: %w", id, asOf, err)
			}
			of.day = day
		}
		if _, dup := set.index[of.id]; dup {
			return nil, fmt.Errorf("two features with id %q", of.id)
		}
		g := export.Round(f.Geometry, dataset.Decimals)
		of.geom, of.bound = g, g.Bound()
		if of.geometry, err = json.Marshal(geojson.NewGeometry(g)); err != nil {
			return nil, fmt.Errorf("feature %s: %w", of.id, err)
		}
		if of.properties, err = json.Marshal(f.Properties); err != nil {
			return nil, fmt.Errorf("feature %s: %w", of.id, err)
		}
		if err := json.Unmarshal(of.properties, &of.values); err != nil {
			return nil, fmt.Errorf("feature %s: %w", of.id, err)
		}
		if of.props, err = ogcDisplayProperties(of.properties); err != nil {
			return nil, fmt.Errorf("feature %s: %w", of.id, err)
		}
		if r, _ := f.Properties["region"].(string); r != "" {
			if _, ok := a.Region(r); ok {
				of.region = r
			}
		}
		if len(set.features) == 0 {
			set.bound = of.bound
		} else {
			set.bound = set.bound.Union(of.bound)
		}
		set.index[of.id] = len(set.features)
		set.features = append(set.features, of)
	}
	return set, nil
}

// featureByID finds a feature by its id: a dated layer's ids end with
// their date (atlas.FeatureID), which says which date to make.
func (c *ogcCollection) featureByID(id string) (*ogcFeature, bool) {
	date := c.atlas.Snapshot
	if c.info.Dated {
		if len(id) < len(time.DateOnly) {
			return nil, false
		}
		date = id[len(id)-len(time.DateOnly):]
		if !slices.Contains(c.dates, date) {
			return nil, false
		}
	}
	set, err := c.set(date)
	if err != nil {
		return nil, false
	}
	i, ok := set.index[id]
	if !ok {
		return nil, false
	}
	return set.features[i], true
}

// ogcDisplayProperties formats the properties for a table: arrays joined with
// commas, numbers as JSON writes them.
func ogcDisplayProperties(raw json.RawMessage) ([]view.OGCProperty, error) {
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	out := make([]view.OGCProperty, 0, len(m))
	for k, v := range m {
		out = append(out, view.OGCProperty{Name: k, Value: ogcDisplayValue(v)})
	}
	slices.SortFunc(out, func(a, b view.OGCProperty) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

func ogcDisplayValue(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = ogcDisplayValue(e)
		}
		return strings.Join(parts, ", ")
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// ogcFormat is the representation a client asked for.
type ogcFormat int

const (
	ogcJSON ogcFormat = iota
	ogcHTML
)

func (f ogcFormat) param() string {
	if f == ogcHTML {
		return "html"
	}
	return "json"
}

// ogcNegotiate reads the f parameter, which OGC API clients use to choose a
// format, and otherwise the Accept header. JSON wins unless HTML is
// preferred, so that curl and GIS clients get data and browsers get pages.
func ogcNegotiate(r *http.Request) (ogcFormat, error) {
	if vs, ok := r.URL.Query()["f"]; ok {
		switch {
		case len(vs) == 1 && vs[0] == "json":
			return ogcJSON, nil
		case len(vs) == 1 && vs[0] == "html":
			return ogcHTML, nil
		}
		return ogcJSON, echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("The format f=%s is not offered; use f=json or f=html.", strings.Join(vs, ",")))
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
		return ogcHTML, nil
	}
	return ogcJSON, nil
}

// negotiated wraps an OGC handler: it picks the format and, as responses
// differ by it, says so in Vary. The central error handler negotiates the
// same way (wantsJSON), so errors come in the format the answer would have
// had (f=json from a browser, or curl sending no Accept at all).
func (o *ogcAPI) negotiated(h func(echo.Context, ogcFormat) error) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Response().Header().Add("Vary", "Accept")
		f, err := ogcNegotiate(c.Request())
		if err != nil {
			return err
		}
		if o.err != nil {
			return o.err
		}
		return h(c, f)
	}
}

// ogcCheckParams refuses query parameters the endpoint does not know, and
// repeated ones, as OGC API – Features asks: a filter silently ignored
// would return wrong data.
func ogcCheckParams(q url.Values, known ...string) error {
	known = append(known, "f")
	names := make([]string, 0, len(q))
	for k := range q {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if !slices.Contains(known, k) {
			if len(known) == 1 {
				return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("Unknown query parameter %q: this address only takes f (json or html).", k))
			}
			return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("Unknown query parameter %q: this address takes %s.", k, strings.Join(known, ", ")))
		}
		if len(q[k]) > 1 {
			return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("Query parameter %q is given %d times; give it once.", k, len(q[k])))
		}
	}
	return nil
}

// serveDoc serves a document that does not depend on the query.
func (o *ogcAPI) serveDoc(c echo.Context, f ogcFormat, d ogcDoc) error {
	origin := ""
	if f == ogcJSON {
		origin = o.s.requestOrigin(c)
	}
	r, err := o.doc(origin, f, d)
	if err != nil {
		return err
	}
	return r.serve(c)
}

// doc returns a document, encoding it the first time.
func (o *ogcAPI) doc(origin string, f ogcFormat, d ogcDoc) (*response, error) {
	key := ogcDocFormat{d, f}
	o.mu.Lock()
	r := o.docs[origin][key]
	o.mu.Unlock()
	if r != nil {
		return r, nil
	}
	var err error
	if f == ogcHTML {
		r, err = o.renderPage(d)
	} else {
		r, err = o.encodeDoc(origin, d)
	}
	if err != nil {
		return nil, err
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

func (o *ogcAPI) encodeDoc(origin string, d ogcDoc) (*response, error) {
	u := ogcURLs{origin + "/ogc"}
	var v any
	ctype := ogcJSONType
	switch d.kind {
	case ogcLandingDoc:
		v = o.landingJSON(u)
	case ogcConformanceDoc:
		v = map[string][]string{"conformsTo": ogcConformance()}
	case ogcAPIDoc:
		v, ctype = o.openAPI(u), ogcOpenAPIType
	case ogcCollectionsDoc:
		cs := make([]ogcCollectionJSON, len(o.collections))
		for i, c := range o.collections {
			cs[i] = c.json(u)
		}
		v = struct {
			Links       []ogcLink           `json:"links"`
			Collections []ogcCollectionJSON `json:"collections"`
		}{u.selfAndAlternate("/collections", ogcJSONType, "the collections"), cs}
	case ogcCollectionDoc:
		v = o.byID[d.collection].json(u)
	case ogcItemsDoc:
		c := o.byID[d.collection]
		p, err := c.page(ogcItemsQuery{limit: ogcDefaultLimit})
		if err != nil {
			return nil, err
		}
		return newResponse(c.itemsJSON(u, p, o.built), geojsonType, cachePage), nil
	case ogcFeatureDoc:
		c := o.byID[d.collection]
		f, ok := c.featureByID(d.feature)
		if !ok {
			return nil, echo.ErrNotFound
		}
		v, ctype = c.featureJSON(u, f), geojsonType
	case ogcQueryablesDoc:
		v, ctype = o.byID[d.collection].queryablesJSON(u), ogcSchemaType
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encoding %+v: %w", d, err)
	}
	return newResponse(b, ctype, cachePage), nil
}

// ogcURLs builds absolute links under the API's root.
type ogcURLs struct{ root string }

func (u ogcURLs) link(path string, f ogcFormat, query url.Values) string {
	q := url.Values{}
	for k, v := range query {
		q[k] = v
	}
	q.Set("f", f.param())
	return u.root + path + "?" + q.Encode()
}

func (u ogcURLs) selfAndAlternate(path, typ, what string) []ogcLink {
	return []ogcLink{
		{Href: u.link(path, ogcJSON, nil), Rel: "self", Type: typ, Title: "This document: " + what},
		{Href: u.link(path, ogcHTML, nil), Rel: "alternate", Type: "text/html", Title: "This document as HTML"},
	}
}

func ogcCollectionPath(id string) string { return "/collections/" + url.PathEscape(id) }

func (o *ogcAPI) landingJSON(u ogcURLs) any {
	links := u.selfAndAlternate("", ogcJSONType, "the landing page")
	links = append(links,
		ogcLink{Href: u.link("/api", ogcJSON, nil), Rel: "service-desc", Type: ogcOpenAPIType, Title: "The API definition (OpenAPI 3.0)"},
		ogcLink{Href: u.link("/api", ogcHTML, nil), Rel: "service-doc", Type: "text/html", Title: "The API documentation"},
		ogcLink{Href: u.link("/conformance", ogcJSON, nil), Rel: "conformance", Type: ogcJSONType, Title: "The conformance classes implemented"},
		ogcLink{Href: u.link("/collections", ogcJSON, nil), Rel: "data", Type: ogcJSONType, Title: "The collections: the map's layers"},
		ogcLink{Href: strings.TrimSuffix(u.root, "/ogc") + "/about", Rel: "license", Type: "text/html", Title: "Sources, method and licences"},
		ogcLink{Href: strings.TrimSuffix(u.root, "/ogc") + "/tiles.json", Rel: "related", Type: ogcJSONType, Title: "The layers of the latest snapshot as vector tiles (TileJSON), one tile layer per collection"},
	)
	return struct {
		Title       string    `json:"title"`
		Description string    `json:"description"`
		Links       []ogcLink `json:"links"`
	}{ogcTitle, ogcDescription, links}
}

const (
	ogcTitle       = "claimsmap data API"
	ogcDescription = "What Russia claims in Ukraine and what its forces hold, as OGC API – Features: each layer of the map is a collection of GeoJSON features in longitude/latitude (CRS84). Control is an approximation compiled from public reporting."
)

type ogcCollectionJSON struct {
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	Extent      ogcExtent `json:"extent"`
	ItemType    string    `json:"itemType"`
	CRS         []string  `json:"crs"`
	Links       []ogcLink `json:"links"`
}

type ogcExtent struct {
	Spatial struct {
		BBox [][4]float64 `json:"bbox,omitempty"`
		CRS  string       `json:"crs"`
	} `json:"spatial"`
	Temporal *ogcTemporal `json:"temporal,omitempty"`
}

type ogcTemporal struct {
	Interval [][2]string `json:"interval"`
	TRS      string      `json:"trs"`
}

func (c *ogcCollection) json(u ogcURLs) ogcCollectionJSON {
	p := ogcCollectionPath(c.info.Name)
	site := strings.TrimSuffix(u.root, "/ogc")
	cj := ogcCollectionJSON{
		ID: c.info.Name, Title: c.info.Title, Description: c.info.Description,
		ItemType: "feature", CRS: []string{ogcCRS84},
		Links: append(u.selfAndAlternate(p, ogcJSONType, "the collection "+c.info.Title),
			ogcLink{Href: u.link(p+"/items", ogcJSON, nil), Rel: "items", Type: geojsonType, Title: "The features"},
			ogcLink{Href: u.link(p+"/items", ogcHTML, nil), Rel: "items", Type: "text/html", Title: "The features as HTML"},
			ogcLink{Href: u.root + p + "/queryables", Rel: ogcQueryablesRel, Type: ogcSchemaType, Title: "The properties the features can be selected and sorted by"},
			ogcLink{Href: site + "/about", Rel: "license", Type: "text/html", Title: "Sources, method and licences"},
			ogcLink{Href: site + "/layers/" + c.info.Name + ".geojson", Rel: "describedby", Type: geojsonType, Title: "The whole layer as one GeoJSON file"},
			ogcLink{Href: site + "/tiles.json", Rel: "related", Type: ogcJSONType, Title: "Vector tiles of the latest snapshot (TileJSON), where this collection is the layer " + c.info.Name},
		),
	}
	if len(c.latest.features) > 0 {
		cj.Extent.Spatial.BBox = [][4]float64{{c.bound.Min[0], c.bound.Min[1], c.bound.Max[0], c.bound.Max[1]}}
	}
	cj.Extent.Spatial.CRS = ogcCRS84
	if c.info.Dated {
		cj.Extent.Temporal = &ogcTemporal{Interval: [][2]string{{c.first + "T00:00:00Z", c.last + "T23:59:59Z"}}, TRS: ogcGregorian}
	}
	return cj
}

// ogcFeatureJSON is a feature as the API writes it: the id in the id
// member, as GeoJSON clients look for it there.
type ogcFeatureJSON struct {
	Type       string          `json:"type"`
	ID         string          `json:"id"`
	Geometry   json.RawMessage `json:"geometry"`
	Properties json.RawMessage `json:"properties"`
	Links      []ogcLink       `json:"links,omitempty"`
}

func (c *ogcCollection) featureJSON(u ogcURLs, f *ogcFeature) ogcFeatureJSON {
	p := ogcCollectionPath(c.info.Name)
	return ogcFeatureJSON{
		Type: "Feature", ID: f.id, Geometry: f.geometry, Properties: f.properties,
		Links: []ogcLink{
			{Href: u.link(p+"/items/"+url.PathEscape(f.id), ogcJSON, nil), Rel: "self", Type: geojsonType, Title: "This feature"},
			{Href: u.link(p+"/items/"+url.PathEscape(f.id), ogcHTML, nil), Rel: "alternate", Type: "text/html", Title: "This feature as HTML"},
			{Href: u.link(p, ogcJSON, nil), Rel: "collection", Type: ogcJSONType, Title: "The collection " + c.info.Title},
		},
	}
}

// ogcItemsQuery is a parsed items request.
type ogcItemsQuery struct {
	bbox     string // as given, for links
	boxes    []orb.Bound
	datetime string // as given, for links
	interval ogcInterval
	limit    int
	offset   int
	// Set by parseProperties (ogcquery.go).
	filters      []ogcFilter
	sortby       string // as given, for links
	sorts        []ogcSortKey
	properties   string   // as given, for links
	props        []string // nil for all
	skipGeometry bool
}

func (q ogcItemsQuery) isDefault() bool {
	return q.bbox == "" && q.datetime == "" && q.limit == ogcDefaultLimit && q.offset == 0 &&
		len(q.filters) == 0 && q.sortby == "" && q.props == nil && !q.skipGeometry
}

// values are the query's parameters for a link to another page of it.
func (q ogcItemsQuery) values(offset int) url.Values {
	v := url.Values{}
	if q.bbox != "" {
		v.Set("bbox", q.bbox)
	}
	if q.datetime != "" {
		v.Set("datetime", q.datetime)
	}
	if q.limit != ogcDefaultLimit {
		v.Set("limit", strconv.Itoa(q.limit))
	}
	if offset > 0 {
		v.Set("offset", strconv.Itoa(offset))
	}
	for _, f := range q.filters {
		v.Set(f.name, f.raw)
	}
	if q.sortby != "" {
		v.Set("sortby", q.sortby)
	}
	if q.props != nil {
		v.Set("properties", q.properties)
	}
	if q.skipGeometry {
		v.Set("skipGeometry", "true")
	}
	return v
}

func ogcParseItemsQuery(q url.Values) (ogcItemsQuery, error) {
	iq := ogcItemsQuery{limit: ogcDefaultLimit}
	bad := func(format string, a ...any) (ogcItemsQuery, error) {
		return ogcItemsQuery{}, echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf(format, a...))
	}
	if s := q.Get("limit"); q.Has("limit") {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return bad("limit=%s: give a whole number from 1 to %d.", s, ogcMaxLimit)
		}
		// OGC API – Features: a larger limit is served at the maximum.
		iq.limit = min(n, ogcMaxLimit)
	}
	if s := q.Get("offset"); q.Has("offset") {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return bad("offset=%s: give a whole number, 0 or more.", s)
		}
		iq.offset = n
	}
	if s := q.Get("bbox"); q.Has("bbox") {
		boxes, err := ogcParseBBox(s)
		if err != nil {
			return bad("bbox=%s: %v. Give minimum longitude, minimum latitude, maximum longitude, maximum latitude in degrees (CRS84), e.g. bbox=32.4,44.3,36.7,46.3.", s, err)
		}
		iq.bbox, iq.boxes = s, boxes
	}
	if s := q.Get("datetime"); q.Has("datetime") {
		iv, err := ogcParseDatetime(s)
		if err != nil {
			return bad("datetime=%s: %v. Give a date or an RFC 3339 date-time (2025-08-08, 2025-08-08T00:00:00Z) or an interval (2025-01-01/2025-12-31, ../2025-08-08, 2025-08-08/..).", s, err)
		}
		iq.datetime, iq.interval = s, iv
	}
	return iq, nil
}

// ogcParseBBox reads a bounding box of 4 numbers, or 6 with heights, which
// are ignored as the data has none. A box whose west edge lies east of its
// east edge crosses the antimeridian and is split in two.
func ogcParseBBox(s string) ([]orb.Bound, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 && len(parts) != 6 {
		return nil, fmt.Errorf("%d numbers where 4 are needed", len(parts))
	}
	v := make([]float64, len(parts))
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("%q is not a number", p)
		}
		v[i] = f
	}
	if len(v) == 6 {
		v = []float64{v[0], v[1], v[3], v[4]}
	}
	minX, minY, maxX, maxY := v[0], v[1], v[2], v[3]
	for _, x := range []float64{minX, maxX} {
		if x < -180 || x > 180 {
			return nil, fmt.Errorf("longitude %g is outside -180 to 180", x)
		}
	}
	for _, y := range []float64{minY, maxY} {
		if y < -90 || y > 90 {
			return nil, fmt.Errorf("latitude %g is outside -90 to 90", y)
		}
	}
	if minY > maxY {
		return nil, fmt.Errorf("the minimum latitude %g is north of the maximum %g", minY, maxY)
	}
	if minX > maxX {
		return []orb.Bound{
			{Min: orb.Point{minX, minY}, Max: orb.Point{180, maxY}},
			{Min: orb.Point{-180, minY}, Max: orb.Point{maxX, maxY}},
		}, nil
	}
	return []orb.Bound{{Min: orb.Point{minX, minY}, Max: orb.Point{maxX, maxY}}}, nil
}

// ogcInterval is a closed interval of time; an open end matches all time
// on its side.
type ogcInterval struct {
	start, end         time.Time
	openStart, openEnd bool
}

// ogcParseDatetime reads the datetime parameter. A date stands for its whole
// day in UTC: as an instant or the end of an interval it reaches to the
// day's last moment.
func ogcParseDatetime(s string) (ogcInterval, error) {
	a, b, isInterval := strings.Cut(s, "/")
	if !isInterval {
		t, day, err := ogcParseInstant(s)
		if err != nil {
			return ogcInterval{}, err
		}
		end := t
		if day {
			end = t.AddDate(0, 0, 1).Add(-time.Nanosecond)
		}
		return ogcInterval{start: t, end: end}, nil
	}
	var iv ogcInterval
	if a == ".." || a == "" {
		iv.openStart = true
	} else {
		t, _, err := ogcParseInstant(a)
		if err != nil {
			return ogcInterval{}, err
		}
		iv.start = t
	}
	if b == ".." || b == "" {
		iv.openEnd = true
	} else {
		t, day, err := ogcParseInstant(b)
		if err != nil {
			return ogcInterval{}, err
		}
		if day {
			t = t.AddDate(0, 0, 1).Add(-time.Nanosecond)
		}
		iv.end = t
	}
	if a == "" && b == "" {
		return ogcInterval{}, fmt.Errorf("an interval needs at least one end")
	}
	if !iv.openStart && !iv.openEnd && iv.start.After(iv.end) {
		return ogcInterval{}, fmt.Errorf("the interval ends before it starts")
	}
	return iv, nil
}

func ogcParseInstant(s string) (t time.Time, day bool, err error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, true, nil
	}
	t, err = time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("%q is neither a date nor an RFC 3339 date-time", s)
	}
	return t.UTC(), false, nil
}

// overlapsDay reports whether the interval meets the day starting at d.
func (iv ogcInterval) overlapsDay(d time.Time) bool {
	next := d.AddDate(0, 0, 1)
	return (iv.openStart || iv.start.Before(next)) && (iv.openEnd || !iv.end.Before(d))
}

// ogcItemsPage is one page of an items query.
type ogcItemsPage struct {
	q ogcItemsQuery
	// matched counts the features that match; when known is false the
	// dates were not all read (the page was full first), and matched is
	// a lower bound, more than the page reaches.
	matched  int
	known    bool
	features []*ogcFeature
}

// datesFor lists the dates whose features a query may match, oldest
// first.
func (c *ogcCollection) datesFor(q ogcItemsQuery) []string {
	if !c.info.Dated || q.datetime == "" {
		return c.dates
	}
	var out []string
	for _, d := range c.dates {
		day, _ := time.Parse(time.DateOnly, d)
		if q.interval.overlapsDay(day) {
			out = append(out, d)
		}
	}
	return out
}

// page reads the query's dates, oldest first. When at most ogcMaxBuild
// of them are not made yet it reads them all and counts the matches;
// otherwise it reads until the page is full (making at most ogcMaxBuild
// dates) and leaves the count open, as OGC API – Features allows.
func (c *ogcCollection) page(q ogcItemsQuery) (ogcItemsPage, error) {
	dates := c.datesFor(q)
	unmade := 0
	for _, d := range dates {
		if !c.built(d) {
			unmade++
		}
	}
	lazy := unmade > ogcMaxBuild
	var matched []*ogcFeature
	made := 0
	p := ogcItemsPage{q: q, known: true}
	for _, d := range dates {
		if lazy && len(matched) > q.offset+q.limit {
			p.known = false
			break
		}
		if !c.built(d) {
			if made++; made > ogcMaxBuild || lazy && len(q.sorts) > 0 {
				return p, echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf(
					"This query reaches over more snapshot dates than one request may read (%d dates from %s to %s, at most %d not read before): narrow it with datetime=START/END, or download one date's layer whole at /layers/%s.geojson?date=DATE.",
					len(dates), dates[0], dates[len(dates)-1], ogcMaxBuild, c.info.Name))
			}
		}
		set, err := c.set(d)
		if err != nil {
			return p, err
		}
		for _, f := range set.features {
			if q.boxes != nil && !slices.ContainsFunc(q.boxes, f.meets) {
				continue
			}
			if !q.matchesProperties(f) {
				continue
			}
			matched = append(matched, f)
		}
	}
	q.sort(matched)
	p.matched = len(matched)
	if q.offset < len(matched) {
		p.features = matched[q.offset:min(q.offset+q.limit, len(matched))]
	}
	return p, nil
}

// meets reports whether the feature's geometry meets the box b, edges
// included: OGC API – Features selects by the geometry, not its bounding
// box (Luhansk's box reaches far into Donetsk, the oblast does not).
func (f *ogcFeature) meets(b orb.Bound) bool {
	return f.bound.Intersects(b) && ogcIntersects(f.geom, b)
}

// ogcIntersects reports whether g meets the box b. A polygon meets a box
// when one of its edges does, or when it holds the box whole (then it
// holds the box's corner); a box inside a hole meets neither.
func ogcIntersects(g orb.Geometry, b orb.Bound) bool {
	switch g := g.(type) {
	case orb.Point:
		return b.Contains(g)
	case orb.MultiPoint:
		return slices.ContainsFunc(g, b.Contains)
	case orb.LineString:
		return ogcPathMeets(g, b)
	case orb.MultiLineString:
		return slices.ContainsFunc(g, func(l orb.LineString) bool { return ogcPathMeets(l, b) })
	case orb.Ring:
		return ogcIntersects(orb.Polygon{g}, b)
	case orb.Polygon:
		for _, r := range g {
			if ogcPathMeets(orb.LineString(r), b) {
				return true
			}
		}
		return len(g) > 0 && planar.PolygonContains(g, b.Min)
	case orb.MultiPolygon:
		return slices.ContainsFunc(g, func(p orb.Polygon) bool { return ogcIntersects(p, b) })
	case orb.Collection:
		return slices.ContainsFunc(g, func(g orb.Geometry) bool { return ogcIntersects(g, b) })
	case orb.Bound:
		return g.Intersects(b)
	}
	return false
}

// ogcPathMeets reports whether a segment of l meets b.
func ogcPathMeets(l orb.LineString, b orb.Bound) bool {
	if len(l) == 1 {
		return b.Contains(l[0])
	}
	for i := 1; i < len(l); i++ {
		if ogcSegmentMeets(l[i-1], l[i], b) {
			return true
		}
	}
	return false
}

// ogcSegmentMeets clips the segment pq to b (Liang–Barsky) and reports
// whether anything is left.
func ogcSegmentMeets(p, q orb.Point, b orb.Bound) bool {
	t0, t1 := 0.0, 1.0
	dx, dy := q[0]-p[0], q[1]-p[1]
	for _, e := range [4][2]float64{
		{-dx, p[0] - b.Min[0]}, {dx, b.Max[0] - p[0]},
		{-dy, p[1] - b.Min[1]}, {dy, b.Max[1] - p[1]},
	} {
		d, dist := e[0], e[1]
		switch {
		case d == 0:
			if dist < 0 {
				return false // parallel to this edge and outside it
			}
		case d < 0:
			t0 = max(t0, dist/d)
		default:
			t1 = min(t1, dist/d)
		}
		if t0 > t1 {
			return false
		}
	}
	return true
}

func (p ogcItemsPage) next() (int, bool) {
	// Past the end there is no next page, whatever the offset (and a huge
	// one must not wrap round to the first page).
	if p.q.offset >= p.matched {
		return 0, false
	}
	n := p.q.offset + p.q.limit
	return n, n < p.matched
}

// numberMatched is the count of matches when it is known.
func (p ogcItemsPage) numberMatched() *int {
	if !p.known {
		return nil
	}
	return &p.matched
}

func (p ogcItemsPage) prev() (int, bool) { return max(0, p.q.offset-p.q.limit), p.q.offset > 0 }

// summary says in words which features the page shows.
func (p ogcItemsPage) summary() string {
	var b strings.Builder
	switch {
	case p.matched == 0:
		b.WriteString("No features match")
	case len(p.features) == 0:
		fmt.Fprintf(&b, "No features past the %d that match", p.matched)
	case !p.known:
		fmt.Fprintf(&b, "Features %d to %d of more", p.q.offset+1, p.q.offset+len(p.features))
	default:
		fmt.Fprintf(&b, "Features %d to %d of %d", p.q.offset+1, p.q.offset+len(p.features), p.matched)
	}
	if p.q.bbox != "" {
		b.WriteString(", within the box " + p.q.bbox)
	}
	if p.q.datetime != "" {
		b.WriteString(", dated " + p.q.datetime)
	}
	for _, f := range p.q.filters {
		b.WriteString(", with " + f.name + " " + f.raw)
	}
	if p.q.sortby != "" {
		b.WriteString(", sorted by " + p.q.sortby)
	}
	b.WriteString(".")
	return b.String()
}

func (c *ogcCollection) itemsJSON(u ogcURLs, p ogcItemsPage, now time.Time) []byte {
	path := ogcCollectionPath(c.info.Name) + "/items"
	links := []ogcLink{
		{Href: u.link(path, ogcJSON, p.q.values(p.q.offset)), Rel: "self", Type: geojsonType, Title: "This page"},
		{Href: u.link(path, ogcHTML, p.q.values(p.q.offset)), Rel: "alternate", Type: "text/html", Title: "This page as HTML"},
	}
	if n, ok := p.next(); ok {
		links = append(links, ogcLink{Href: u.link(path, ogcJSON, p.q.values(n)), Rel: "next", Type: geojsonType, Title: "The next page"})
	}
	if n, ok := p.prev(); ok {
		links = append(links, ogcLink{Href: u.link(path, ogcJSON, p.q.values(n)), Rel: "prev", Type: geojsonType, Title: "The previous page"})
	}
	links = append(links, ogcLink{Href: u.link(ogcCollectionPath(c.info.Name), ogcJSON, nil), Rel: "collection", Type: ogcJSONType, Title: "The collection " + c.info.Title})
	fs := make([]ogcFeatureJSON, len(p.features))
	for i, f := range p.features {
		fs[i] = p.q.featureJSON(f)
	}
	b, err := json.Marshal(struct {
		Type           string           `json:"type"`
		NumberMatched  *int             `json:"numberMatched,omitempty"`
		NumberReturned int              `json:"numberReturned"`
		TimeStamp      string           `json:"timeStamp"`
		Links          []ogcLink        `json:"links"`
		Features       []ogcFeatureJSON `json:"features"`
	}{"FeatureCollection", p.numberMatched(), len(p.features), now.UTC().Format(time.RFC3339), links, fs})
	if err != nil {
		// Every part was encoded or checked when the collection was built.
		panic(fmt.Sprintf("encoding items of %s: %v", c.info.Name, err))
	}
	return b
}

// Handlers.

func (o *ogcAPI) landing(c echo.Context, f ogcFormat) error {
	if err := ogcCheckParams(c.QueryParams()); err != nil {
		return err
	}
	return o.serveDoc(c, f, ogcDoc{kind: ogcLandingDoc})
}

func (o *ogcAPI) conformance(c echo.Context, f ogcFormat) error {
	if err := ogcCheckParams(c.QueryParams()); err != nil {
		return err
	}
	return o.serveDoc(c, f, ogcDoc{kind: ogcConformanceDoc})
}

func (o *ogcAPI) api(c echo.Context, f ogcFormat) error {
	if err := ogcCheckParams(c.QueryParams()); err != nil {
		return err
	}
	return o.serveDoc(c, f, ogcDoc{kind: ogcAPIDoc})
}

func (o *ogcAPI) collectionList(c echo.Context, f ogcFormat) error {
	if err := ogcCheckParams(c.QueryParams()); err != nil {
		return err
	}
	return o.serveDoc(c, f, ogcDoc{kind: ogcCollectionsDoc})
}

func (o *ogcAPI) lookup(id string) (*ogcCollection, error) {
	col, ok := o.byID[id]
	if !ok {
		names := make([]string, len(o.collections))
		for i, c := range o.collections {
			names[i] = c.info.Name
		}
		return nil, echo.NewHTTPError(http.StatusNotFound, fmt.Sprintf("There is no collection %q; the collections are %s.", id, strings.Join(names, ", ")))
	}
	return col, nil
}

func (o *ogcAPI) collection(c echo.Context, f ogcFormat) error {
	col, err := o.lookup(c.Param("id"))
	if err != nil {
		return err
	}
	if err := ogcCheckParams(c.QueryParams()); err != nil {
		return err
	}
	return o.serveDoc(c, f, ogcDoc{kind: ogcCollectionDoc, collection: col.info.Name})
}

func (o *ogcAPI) items(c echo.Context, f ogcFormat) error {
	col, err := o.lookup(c.Param("id"))
	if err != nil {
		return err
	}
	q := c.QueryParams()
	if err := ogcCheckParams(q, append(slices.Clone(ogcItemsParams), col.queryableNames()...)...); err != nil {
		return err
	}
	iq, err := ogcParseItemsQuery(q)
	if err != nil {
		return err
	}
	if err := col.parseProperties(q, &iq); err != nil {
		return err
	}
	if col.info.Dated && iq.datetime != "" && !strings.Contains(iq.datetime, "/") {
		// An instant asks for the state on that date: the latest snapshot
		// on or before it, as everywhere on the site.
		if d, err := o.atlas.SnapshotOn(iq.interval.end.UTC().Format(time.DateOnly)); err == nil {
			day, _ := time.Parse(time.DateOnly, d)
			iq.interval = ogcInterval{start: day, end: day.AddDate(0, 0, 1).Add(-time.Nanosecond)}
		}
	}
	if iq.isDefault() {
		return o.serveDoc(c, f, ogcDoc{kind: ogcItemsDoc, collection: col.info.Name})
	}
	// A filtered or later page is encoded for its request: there are too
	// many to keep. It is served like the kept ones, compressed (a page
	// of 1,000 polygons is most of a megabyte) and with an ETag, so that
	// a client polling the same query gets 304.
	p, err := col.page(iq)
	if err != nil {
		return err
	}
	if f == ogcHTML {
		var b bytes.Buffer
		if err := view.OGCItemsPage(o.itemsView(col, p)).Render(c.Request().Context(), &b); err != nil {
			return fmt.Errorf("rendering items of %s: %w", col.info.Name, err)
		}
		return serveOnce(c, b.Bytes(), htmlType, cachePage)
	}
	return serveOnce(c, col.itemsJSON(ogcURLs{o.s.requestOrigin(c) + "/ogc"}, p, o.built), geojsonType, cachePage)
}

func (o *ogcAPI) feature(c echo.Context, f ogcFormat) error {
	col, err := o.lookup(c.Param("id"))
	if err != nil {
		return err
	}
	id := c.Param("featureId")
	if _, ok := col.featureByID(id); !ok {
		if len(col.latest.features) == 0 {
			return echo.NewHTTPError(http.StatusNotFound, fmt.Sprintf("Collection %s has no features.", clip(col.info.Name)))
		}
		example := col.latest.features[0].id
		id = clip(id)
		return echo.NewHTTPError(http.StatusNotFound, fmt.Sprintf("Collection %s has no feature %q; its ids look like %q and are listed at /ogc/collections/%s/items.", col.info.Name, id, example, col.info.Name))
	}
	if err := ogcCheckParams(c.QueryParams()); err != nil {
		return err
	}
	return o.serveDoc(c, f, ogcDoc{kind: ogcFeatureDoc, collection: col.info.Name, feature: id})
}

// HTML pages. They link with paths, not absolute URLs, so one rendering
// serves every origin.

func (o *ogcAPI) renderPage(d ogcDoc) (*response, error) {
	var items *ogcItemsPage
	var f *ogcFeature
	switch d.kind {
	case ogcItemsDoc:
		p, err := o.byID[d.collection].page(ogcItemsQuery{limit: ogcDefaultLimit})
		if err != nil {
			return nil, err
		}
		items = &p
	case ogcFeatureDoc:
		var ok bool
		if f, ok = o.byID[d.collection].featureByID(d.feature); !ok {
			return nil, echo.ErrNotFound
		}
	}
	var b bytes.Buffer
	if err := o.page(d, items, f).Render(context.Background(), &b); err != nil {
		return nil, fmt.Errorf("rendering %+v: %w", d, err)
	}
	return newResponse(b.Bytes(), htmlType, cachePage), nil
}

// page is the HTML page of d; items is the first page of an items
// document, f the feature of a feature document.
func (o *ogcAPI) page(d ogcDoc, items *ogcItemsPage, f *ogcFeature) templ.Component {
	s := o.s
	cols := make([]view.OGCCollection, len(o.collections))
	for i, c := range o.collections {
		cols[i] = o.collectionView(c)
	}
	switch d.kind {
	case ogcLandingDoc:
		return view.OGCLandingPage(view.OGCLanding{
			Page: s.pageMeta("/ogc", ogcTitle, ogcDescription), Description: ogcDescription, Collections: cols,
		})
	case ogcConformanceDoc:
		return view.OGCConformancePage(view.OGCConformance{
			Page:    s.pageMeta("/ogc/conformance", "Conformance · "+ogcTitle, "The OGC API – Features conformance classes this API implements."),
			Classes: ogcConformance(),
		})
	case ogcAPIDoc:
		return view.OGCAPIPage(o.apiView())
	case ogcCollectionsDoc:
		return view.OGCCollectionsPage(view.OGCCollections{
			Page: s.pageMeta("/ogc/collections", "Collections · "+ogcTitle, "The map's layers as collections of features."), Collections: cols,
		})
	}
	c := o.byID[d.collection]
	cv := o.collectionView(c)
	switch d.kind {
	case ogcCollectionDoc:
		return view.OGCCollectionPage(view.OGCCollectionView{
			Page: s.pageMeta(cv.Href, c.info.Title+" · "+ogcTitle, c.info.Description), Collection: cv,
		})
	case ogcItemsDoc:
		return view.OGCItemsPage(o.itemsView(c, *items))
	}
	p := cv.ItemsHref + "/" + url.PathEscape(f.id)
	v := view.OGCFeature{
		Page:       s.pageMeta(p, f.id+" · "+c.info.Title+" · "+ogcTitle, ""),
		Collection: cv, ID: f.id, Where: f.geomType + " within the box " + ogcFormatBound(f.bound) + " (longitude, latitude)",
		Properties: f.props, JSONHref: p + "?f=json",
	}
	if f.bound.Min == f.bound.Max {
		v.Where = fmt.Sprintf("%s at %g, %g (longitude, latitude)", f.geomType, f.bound.Min[0], f.bound.Min[1])
	}
	if f.region != "" {
		v.RegionHref = "/regions/" + f.region
	}
	return view.OGCFeaturePage(v)
}

func (o *ogcAPI) collectionView(c *ogcCollection) view.OGCCollection {
	p := "/ogc" + ogcCollectionPath(c.info.Name)
	v := view.OGCCollection{
		ID: c.info.Name, Title: c.info.Title, Description: c.info.Description,
		Href: p, JSONHref: p + "?f=json", ItemsHref: p + "/items", ItemsJSONHref: p + "/items?f=json",
		DownloadHref: "/layers/" + c.info.Name + ".geojson", Geometry: c.info.Geometry,
		BBox: ogcFormatBound(c.bound), Count: len(c.latest.features), Dates: len(c.dates),
	}
	if c.info.Dated {
		v.Interval = atlas.FormatDate(c.first)
		if c.last != c.first {
			v.Interval += " to " + atlas.FormatDate(c.last)
		}
	}
	return v
}

func (o *ogcAPI) itemsView(c *ogcCollection, p ogcItemsPage) view.OGCItems {
	cv := o.collectionView(c)
	path := cv.ItemsHref
	link := func(offset int) string {
		v := p.q.values(offset)
		if len(v) == 0 {
			return path
		}
		return path + "?" + v.Encode()
	}
	asJSON := p.q.values(p.q.offset)
	asJSON.Set("f", "json")
	v := view.OGCItems{
		Page:       o.s.pageMeta(path, "Features of "+c.info.Title+" · "+ogcTitle, c.info.Description),
		Collection: cv, Summary: p.summary(), JSONHref: path + "?" + asJSON.Encode(),
		Map: o.itemsMap(c, p.features),
	}
	if n, ok := p.next(); ok {
		v.Next = link(n)
	}
	if n, ok := p.prev(); ok {
		v.Prev = link(n)
	}
	cols := map[string]bool{}
	for _, f := range p.features {
		for _, pr := range f.props {
			if p.q.props == nil || slices.Contains(p.q.props, pr.Name) {
				cols[pr.Name] = true
			}
		}
	}
	for k := range cols {
		v.Columns = append(v.Columns, k)
	}
	sort.Strings(v.Columns)
	for _, f := range p.features {
		row := view.OGCItemRow{ID: f.id, Href: path + "/" + url.PathEscape(f.id), Values: make([]string, len(v.Columns))}
		for _, pr := range f.props {
			if i := slices.Index(v.Columns, pr.Name); i >= 0 {
				row.Values[i] = pr.Value
			}
		}
		v.Rows = append(v.Rows, row)
	}
	return v
}

func ogcFormatBound(b orb.Bound) string {
	n := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	return n(b.Min[0]) + "," + n(b.Min[1]) + "," + n(b.Max[0]) + "," + n(b.Max[1])
}

// The API definition. One list of operations makes both the OpenAPI
// document and its HTML page.

type ogcOperation struct {
	path, id, summary string
	params            []string // names in ogcParams
	types             []string // media types of a 200 answer
}

func ogcOperations() []ogcOperation {
	page := []string{ogcJSONType, "text/html"}
	return []ogcOperation{
		{"/", "getLandingPage", "The landing page: links to the API definition, the conformance classes and the collections.", []string{"f"}, page},
		{"/conformance", "getConformanceDeclaration", "The conformance classes this API implements.", []string{"f"}, page},
		{"/api", "getAPIDefinition", "This API definition, as OpenAPI 3.0 or as HTML.", []string{"f"}, []string{ogcOpenAPIType, "text/html"}},
		{"/collections", "getCollections", "The collections: one per layer of the map, with extent and links.", []string{"f"}, page},
		{"/collections/{collectionId}", "describeCollection", "One collection: its extent in space and time and its links.", []string{"collectionId", "f"}, page},
		{"/collections/{collectionId}/items", "getFeatures", "The features of a collection, filtered and a page at a time. Each queryable property of the collection (see its queryables) is a parameter too: ?region=donetsk&status=controlled selects the features whose properties equal those values.", []string{"collectionId", "bbox", "datetime", "limit", "offset", "sortby", "properties", "skipGeometry", "f"}, []string{geojsonType, "text/html"}},
		{"/collections/{collectionId}/items/{featureId}", "getFeature", "One feature by its id.", []string{"collectionId", "featureId", "f"}, []string{geojsonType, "text/html"}},
		{"/collections/{collectionId}/queryables", "getQueryables", "The properties the features of a collection can be selected and sorted by, as a JSON Schema.", []string{"collectionId"}, []string{ogcSchemaType}},
	}
}

type ogcParam struct {
	in, description string
	schema          map[string]any
}

func (o *ogcAPI) params() map[string]ogcParam {
	ids := make([]string, len(o.collections))
	for i, c := range o.collections {
		ids[i] = c.info.Name
	}
	return map[string]ogcParam{
		"collectionId": {"path", "The collection: " + strings.Join(ids, ", ") + ".", map[string]any{"type": "string", "enum": ids}},
		"featureId":    {"path", "The feature's id, the same as in the GeoJSON and KML downloads and the vector tiles: the region (or place), the status (or place) and, in dated layers, the date, e.g. crimea-claimed-2025-08-08, donetsk-boundary, bakhmut-place-2025-08-08.", map[string]any{"type": "string"}},
		"bbox": {"query", "Only features whose geometry meets this box, edges included: minimum longitude, minimum latitude, maximum longitude, maximum latitude in degrees (CRS84).",
			map[string]any{"type": "array", "minItems": 4, "maxItems": 6, "items": map[string]any{"type": "number"}}},
		"datetime": {"query", "Only features of dated layers whose date (as_of) meets this date, date-time or interval (2025-08-08, 2025-08-08T00:00:00Z, 2025-01-01/2025-12-31, ../2025-08-08, 2025-08-08/..). Undated layers match any.",
			map[string]any{"type": "string"}},
		"limit":  {"query", fmt.Sprintf("How many features per page, 1 to %d.", ogcMaxLimit), map[string]any{"type": "integer", "minimum": 1, "maximum": ogcMaxLimit, "default": ogcDefaultLimit}},
		"offset": {"query", "How many matching features to skip; the next and prev links set it.", map[string]any{"type": "integer", "minimum": 0, "default": 0}},
		"sortby": {"query", "Queryable properties to order the features by, each with + (ascending, the default) or - (descending) before it, e.g. -area_km2,name. Features without the property come last.",
			map[string]any{"type": "array", "items": map[string]any{"type": "string", "pattern": "^[+-]?[a-z0-9_]+$"}}},
		"properties": {"query", "The properties to give each feature, separated by commas; empty for none. Without it every property is given.",
			map[string]any{"type": "array", "items": map[string]any{"type": "string"}}},
		"skipGeometry": {"query", "true to leave out the geometry (null), for a lighter list of features.", map[string]any{"type": "boolean", "default": false}},
		"f":            {"query", "The format, json or html; without it the Accept header decides.", map[string]any{"type": "string", "enum": []string{"json", "html"}}},
	}
}

func (o *ogcAPI) openAPI(u ogcURLs) map[string]any {
	type obj = map[string]any
	params := obj{}
	for name, p := range o.params() {
		po := obj{"name": name, "in": p.in, "description": p.description, "required": p.in == "path", "schema": p.schema}
		if name == "bbox" || name == "sortby" || name == "properties" {
			po["style"], po["explode"] = "form", false
		}
		params[name] = po
	}
	problem := obj{"application/problem+json": obj{"schema": obj{"$ref": "#/components/schemas/problem"}}}
	paths := obj{}
	for _, op := range ogcOperations() {
		var refs []obj
		for _, p := range op.params {
			refs = append(refs, obj{"$ref": "#/components/parameters/" + p})
		}
		content := obj{}
		for _, t := range op.types {
			schema := obj{"type": "object"}
			if t == "text/html" {
				schema = obj{"type": "string"}
			}
			content[t] = obj{"schema": schema}
		}
		responses := obj{
			"200": obj{"description": "Success.", "content": content},
			"400": obj{"description": "A query parameter is unknown or malformed.", "content": problem},
		}
		if strings.Contains(op.path, "{") {
			responses["404"] = obj{"description": "No such collection or feature.", "content": problem}
		}
		paths[op.path] = obj{"get": obj{"operationId": op.id, "summary": op.summary, "parameters": refs, "responses": responses}}
		if op.id == "getFeatures" {
			// Each collection's items again, with its queryables as
			// parameters: GDAL (and so QGIS) reads them here to send
			// equality filters to the server instead of reading all.
			for _, c := range o.collections {
				var ps []obj
				for _, p := range op.params {
					if p != "collectionId" {
						ps = append(ps, obj{"$ref": "#/components/parameters/" + p})
					}
				}
				for _, q := range c.queryables {
					ps = append(ps, obj{"name": q.name, "in": "query", "required": false, "schema": obj{"type": q.typ},
						"description": "Only features whose " + q.name + " equals this."})
				}
				paths[strings.Replace(op.path, "{collectionId}", c.info.Name, 1)] = obj{"get": obj{
					"operationId": op.id + "_" + strings.ReplaceAll(c.info.Name, "-", "_"),
					"summary":     "The features of " + c.info.Title + ", filtered and a page at a time.",
					"parameters":  ps, "responses": responses,
				}}
			}
		}
	}
	site := strings.TrimSuffix(u.root, "/ogc")
	return obj{
		"openapi": "3.0.3",
		"info": obj{
			"title": ogcTitle, "description": ogcDescription, "version": o.atlas.Version,
			"contact": obj{"name": "claimsmap", "url": site + "/about"},
			"license": obj{"name": "Sources and licences of the data", "url": site + "/about"},
		},
		"servers": []obj{{"url": u.root, "description": "This server"}},
		"paths":   paths,
		"components": obj{
			"parameters": params,
			"schemas": obj{"problem": obj{
				"type": "object", "description": "An RFC 9457 problem document.",
				"properties": obj{
					"type": obj{"type": "string"}, "title": obj{"type": "string"}, "status": obj{"type": "integer"},
					"detail": obj{"type": "string"}, "instance": obj{"type": "string"},
				},
			}},
		},
	}
}

func (o *ogcAPI) apiView() view.OGCAPI {
	params := o.params()
	v := view.OGCAPI{Page: o.s.pageMeta("/ogc/api", "API definition · "+ogcTitle, "The operations of the claimsmap data API and their parameters.")}
	for _, op := range ogcOperations() {
		ov := view.OGCOperation{Path: strings.TrimSuffix("/ogc"+op.path, "/"), Summary: op.summary}
		for _, p := range op.params {
			ov.Params = append(ov.Params, view.OGCParam{Name: p, In: params[p].in, Description: params[p].description})
		}
		v.Operations = append(v.Operations, ov)
	}
	return v
}
