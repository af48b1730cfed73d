// Package ogc is the core of claimsmap's OGC API – Features (Part 1: Core,
// OGC 17-069r4, with the queryables of Part 3): the atlas's layers as
// collections, their features on every snapshot date made on first
// request, the items query (bbox by geometry, datetime, property filters,
// sortby, properties, skipGeometry) and the JSON documents of the API.
//
// It knows nothing of HTTP servers: it takes query values and returns
// values, documents and errors (Error says which are the client's), and
// web adapts it to routes, formats and caches, as go-pmtiles keeps its
// tile core apart from its handler.
package ogc

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/cache"
	"github.com/claimsmap/claimsmap/internal/dataset"
	"github.com/claimsmap/claimsmap/internal/export"
	"github.com/claimsmap/claimsmap/internal/quote"
)

// Media types, identifiers and limits of the API.
const (
	JSONType    = "application/json"
	GeoJSONType = "application/geo+json"
	OpenAPIType = "application/vnd.oai.openapi+json;version=3.0"
	SchemaType  = "application/schema+json"
	CRS84       = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
	Gregorian   = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"

	confBase       = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/"
	confQueryables = "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/"
	// QueryablesRel is the relation of a collection's queryables link.
	QueryablesRel = "http://www.opengis.net/def/rel/ogc/1.0/queryables"

	// DefaultLimit is how many features a page holds unless limit says.
	DefaultLimit = 10
	// MaxLimit is the largest page; a larger limit is served at it.
	MaxLimit = 1000

	// Title and Description describe the API on its landing page.
	Title       = "claimsmap data API"
	Description = "What Russia claims in Ukraine and what its forces hold, as OGC API – Features: each layer of the map is a collection of GeoJSON features in longitude/latitude (CRS84). Control is an approximation compiled from public reporting."
)

// MaxBuild bounds how many dates one request may have made: a date costs
// its View (tens to a hundred milliseconds). A query reaching further is
// asked to narrow its datetime.
const MaxBuild = 16

// dateSets bounds the dates whose features are kept per collection.
const dateSets = 64

// Conformance lists the conformance classes the API implements.
func Conformance() []string {
	return []string{
		confBase + "core", confBase + "geojson", confBase + "html", confBase + "oas30",
		confQueryables + "queryables", confQueryables + "queryables-query-parameters",
	}
}

// Error is a request the API cannot answer as asked, with the reason in
// words the client can act on: NotFound when there is nothing at the
// address, otherwise a malformed or too costly query.
type Error struct {
	NotFound bool
	Detail   string
}

func (e *Error) Error() string { return e.Detail }

func badRequest(format string, a ...any) error {
	return &Error{Detail: fmt.Sprintf(format, a...)}
}

func notFound(format string, a ...any) error {
	return &Error{NotFound: true, Detail: fmt.Sprintf(format, a...)}
}

// clip shortens what a client sent before it is quoted in an error.
func clip(s string) string { return quote.Clip(s, 40) }

// FeaturesFunc gives a layer's features on a view as the downloads give
// them: with their ids (atlas.FeatureID) and, for polygons, snap-rounded
// to the dataset's precision with the date's other layers, so that every
// geometry served is valid.
type FeaturesFunc func(v *atlas.View, layer string) (*geojson.FeatureCollection, error)

// API is the atlas as OGC API – Features.
type API struct {
	Atlas *atlas.Atlas
	// Built is when the API was made: the timeStamp of every items page,
	// which is made from this atlas alone, so that a page encoded twice is
	// the same bytes.
	Built       time.Time
	collections []*Collection
	byID        map[string]*Collection
}

// New makes the API of a: the latest date's features of every layer now,
// those of other dates on first request.
func New(a *atlas.Atlas, features FeaturesFunc) (*API, error) {
	o := &API{Atlas: a, Built: time.Now().UTC().Truncate(time.Second), byID: map[string]*Collection{}}
	for _, l := range atlas.Layers() {
		c, err := newCollection(a, l, features)
		if err != nil {
			return nil, fmt.Errorf("collection %s: %w", l.Name, err)
		}
		o.collections = append(o.collections, c)
		o.byID[l.Name] = c
	}
	// Other dates' features are not made to measure them: they lie in
	// Ukraine's divisions (the dataset checks it), so a dated collection's
	// extent takes in the boundaries', a box that holds every date.
	if b, ok := o.byID[atlas.LayerBoundaries]; ok {
		for _, c := range o.collections {
			if c.Info.Dated {
				c.Bound = c.Bound.Union(b.Bound)
			}
		}
	}
	return o, nil
}

// Collections lists the collections in the order the site shows layers.
func (o *API) Collections() []*Collection { return o.collections }

// Lookup finds a collection by id.
func (o *API) Lookup(id string) (*Collection, error) {
	col, ok := o.byID[id]
	if !ok {
		names := make([]string, len(o.collections))
		for i, c := range o.collections {
			names[i] = c.Info.Name
		}
		return nil, notFound("There is no collection %q; the collections are %s.", clip(id), strings.Join(names, ", "))
	}
	return col, nil
}

// Collection is one layer through time. The features of the latest date
// are made with the API; those of other dates on first request, into a
// bounded cache, so that neither start-up nor the first request grows
// with the number of snapshots.
type Collection struct {
	Info     atlas.LayerInfo
	atlas    *atlas.Atlas
	features FeaturesFunc
	// dates are the layer's dates: every snapshot for a dated layer, the
	// latest alone for an undated one.
	dates  []string
	latest *set
	sets   *cache.Cache[*set]
	// Bound holds the features: of the latest date, and for a dated
	// layer of every date (the boundaries' box with them; see New).
	Bound orb.Bound
	// First and Last are the earliest and latest as_of of a dated layer.
	First, Last string
	// queryables are the properties features can be selected and sorted
	// by; propertyNames are all their properties' names, sorted.
	queryables    []queryable
	propertyNames []string
}

// set is a collection's features on one date.
type set struct {
	features []*Feature
	index    map[string]int // by id
	bound    orb.Bound
}

// Feature is one feature, encoded once.
type Feature struct {
	ID       string
	Bound    orb.Bound
	Geom     orb.Geometry // as served, rounded; bbox tests it
	GeomType string
	geometry json.RawMessage
	// properties is the properties' JSON; Values the same decoded, for
	// filters and sorting.
	properties json.RawMessage
	Values     map[string]any
	// Region is the claimed region the feature is of, or "".
	Region string
}

func newCollection(a *atlas.Atlas, l atlas.LayerInfo, features FeaturesFunc) (*Collection, error) {
	c := &Collection{Info: l, atlas: a, features: features, dates: []string{a.Snapshot}, sets: cache.New[*set](dateSets)}
	if l.Dated {
		c.dates = a.Dates
		c.First, c.Last = c.dates[0], c.dates[len(c.dates)-1]
	}
	var err error
	if c.latest, err = c.build(a.Snapshot); err != nil {
		return nil, err
	}
	c.Bound = c.latest.bound
	c.queryables, c.propertyNames = queryablesOf(c.latest.features)
	return c, nil
}

// Dates are the collection's dates: every snapshot of a dated layer, the
// latest alone for an undated one.
func (c *Collection) Dates() []string { return c.dates }

// Latest is the latest date's features.
func (c *Collection) Latest() []*Feature { return c.latest.features }

// built reports whether the features of date are made already.
func (c *Collection) built(date string) bool {
	return date == c.atlas.Snapshot || c.sets.Contains(date)
}

// set returns the features of date, making them on first request.
func (c *Collection) set(date string) (*set, error) {
	if date == c.atlas.Snapshot {
		return c.latest, nil
	}
	return c.sets.Get(date, func() (*set, error) { return c.build(date) })
}

func (c *Collection) build(date string) (*set, error) {
	a, l := c.atlas, c.Info
	s := &set{index: map[string]int{}}
	v, err := a.At(date)
	if err != nil {
		return nil, err
	}
	fc, err := c.features(v, l.Name)
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
		of := &Feature{ID: id, GeomType: f.Geometry.GeoJSONType()}
		if l.Dated {
			asOf, _ := f.Properties["as_of"].(string)
			if _, err := time.Parse(time.DateOnly, asOf); err != nil {
				return nil, fmt.Errorf("feature %s: as_of %q: %w", id, asOf, err)
			}
		}
		if _, dup := s.index[of.ID]; dup {
			return nil, fmt.Errorf("two features with id %q", of.ID)
		}
		g := export.Round(f.Geometry, dataset.Decimals)
		of.Geom, of.Bound = g, g.Bound()
		if of.geometry, err = json.Marshal(geojson.NewGeometry(g)); err != nil {
			return nil, fmt.Errorf("feature %s: %w", of.ID, err)
		}
		if of.properties, err = json.Marshal(f.Properties); err != nil {
			return nil, fmt.Errorf("feature %s: %w", of.ID, err)
		}
		if err := json.Unmarshal(of.properties, &of.Values); err != nil {
			return nil, fmt.Errorf("feature %s: %w", of.ID, err)
		}
		if r, _ := f.Properties["region"].(string); r != "" {
			if _, ok := a.Region(r); ok {
				of.Region = r
			}
		}
		if len(s.features) == 0 {
			s.bound = of.Bound
		} else {
			s.bound = s.bound.Union(of.Bound)
		}
		s.index[of.ID] = len(s.features)
		s.features = append(s.features, of)
	}
	return s, nil
}

// featureByID finds a feature by its id: a dated layer's ids end with
// their date (atlas.FeatureID), which says which date to make.
func (c *Collection) featureByID(id string) (*Feature, bool) {
	date := c.atlas.Snapshot
	if c.Info.Dated {
		if len(id) < len(time.DateOnly) {
			return nil, false
		}
		date = id[len(id)-len(time.DateOnly):]
		if !slices.Contains(c.dates, date) {
			return nil, false
		}
	}
	s, err := c.set(date)
	if err != nil {
		return nil, false
	}
	i, ok := s.index[id]
	if !ok {
		return nil, false
	}
	return s.features[i], true
}

// Feature finds a feature by its id, or says what the ids look like.
func (c *Collection) Feature(id string) (*Feature, error) {
	if f, ok := c.featureByID(id); ok {
		return f, nil
	}
	if len(c.latest.features) == 0 {
		return nil, notFound("Collection %s has no features.", c.Info.Name)
	}
	return nil, notFound("Collection %s has no feature %q; its ids look like %q and are listed at /ogc/collections/%s/items.",
		c.Info.Name, clip(id), c.latest.features[0].ID, c.Info.Name)
}

// FormatBound writes a box as the bbox parameter takes it.
func FormatBound(b orb.Bound) string {
	n := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	return n(b.Min[0]) + "," + n(b.Min[1]) + "," + n(b.Max[0]) + "," + n(b.Max[1])
}
