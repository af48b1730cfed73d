package ogc

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Format is the representation a client asked for.
type Format int

// The formats every address answers in.
const (
	JSON Format = iota
	HTML
)

// Param is the format's value of the f parameter.
func (f Format) Param() string {
	if f == HTML {
		return "html"
	}
	return "json"
}

// Doc names a document that does not depend on the query.
type Doc struct {
	Kind       Kind
	Collection string
	Feature    string
}

// Kind is a kind of document.
type Kind int

// The documents of the API.
const (
	LandingDoc Kind = iota
	ConformanceDoc
	APIDoc
	CollectionsDoc
	CollectionDoc
	ItemsDoc // the first page, without filters
	FeatureDoc
	QueryablesDoc
)

// JSON encodes the document d with its links under root (the API's
// absolute address, such as https://example.org/ogc), and says its media
// type.
func (o *API) JSON(root string, d Doc) (body []byte, mediaType string, err error) {
	u := URLs{root}
	var v any
	mediaType = JSONType
	switch d.Kind {
	case LandingDoc:
		v = o.landingJSON(u)
	case ConformanceDoc:
		v = map[string][]string{"conformsTo": Conformance()}
	case APIDoc:
		v, mediaType = o.openAPI(u), OpenAPIType
	case CollectionsDoc:
		cs := make([]collectionJSON, len(o.collections))
		for i, c := range o.collections {
			cs[i] = c.json(u)
		}
		v = struct {
			Links       []Link           `json:"links"`
			Collections []collectionJSON `json:"collections"`
		}{u.selfAndAlternate("/collections", JSONType, "the collections"), cs}
	default:
		c, err := o.Lookup(d.Collection)
		if err != nil {
			return nil, "", err
		}
		switch d.Kind {
		case CollectionDoc:
			v = c.json(u)
		case ItemsDoc:
			p, err := c.Page(DefaultQuery())
			if err != nil {
				return nil, "", err
			}
			return c.ItemsJSON(root, p, o.Built), GeoJSONType, nil
		case FeatureDoc:
			f, err := c.Feature(d.Feature)
			if err != nil {
				return nil, "", err
			}
			v, mediaType = c.featureJSON(u, f), GeoJSONType
		case QueryablesDoc:
			v, mediaType = c.queryablesJSON(u), SchemaType
		default:
			return nil, "", fmt.Errorf("no document of kind %d", d.Kind)
		}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, "", fmt.Errorf("encoding %+v: %w", d, err)
	}
	return b, mediaType, nil
}

// Link is a link of a JSON document.
type Link struct {
	Href  string `json:"href"`
	Rel   string `json:"rel"`
	Type  string `json:"type,omitempty"`
	Title string `json:"title,omitempty"`
}

// URLs builds absolute links under the API's root.
type URLs struct{ root string }

func (u URLs) link(path string, f Format, query url.Values) string {
	q := url.Values{}
	for k, v := range query {
		q[k] = v
	}
	q.Set("f", f.Param())
	return u.root + path + "?" + q.Encode()
}

func (u URLs) selfAndAlternate(path, typ, what string) []Link {
	return []Link{
		{Href: u.link(path, JSON, nil), Rel: "self", Type: typ, Title: "This document: " + what},
		{Href: u.link(path, HTML, nil), Rel: "alternate", Type: "text/html", Title: "This document as HTML"},
	}
}

// site is the address of the site the API is part of.
func (u URLs) site() string { return strings.TrimSuffix(u.root, "/ogc") }

// CollectionPath is a collection's path under the API's root.
func CollectionPath(id string) string { return "/collections/" + url.PathEscape(id) }

func (o *API) landingJSON(u URLs) any {
	links := u.selfAndAlternate("", JSONType, "the landing page")
	links = append(links,
		Link{Href: u.link("/api", JSON, nil), Rel: "service-desc", Type: OpenAPIType, Title: "The API definition (OpenAPI 3.0)"},
		Link{Href: u.link("/api", HTML, nil), Rel: "service-doc", Type: "text/html", Title: "The API documentation"},
		Link{Href: u.link("/conformance", JSON, nil), Rel: "conformance", Type: JSONType, Title: "The conformance classes implemented"},
		Link{Href: u.link("/collections", JSON, nil), Rel: "data", Type: JSONType, Title: "The collections: the map's layers"},
		Link{Href: u.site() + "/about", Rel: "license", Type: "text/html", Title: "Sources, method and licences"},
		Link{Href: u.site() + "/tiles.json", Rel: "related", Type: JSONType, Title: "The layers of the latest snapshot as vector tiles (TileJSON), one tile layer per collection"},
	)
	return struct {
		Title       string `json:"title"`
		Description string `json:"description"`
		Links       []Link `json:"links"`
	}{Title, Description, links}
}

type collectionJSON struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Extent      extent   `json:"extent"`
	ItemType    string   `json:"itemType"`
	CRS         []string `json:"crs"`
	Links       []Link   `json:"links"`
}

type extent struct {
	Spatial struct {
		BBox [][4]float64 `json:"bbox,omitempty"`
		CRS  string       `json:"crs"`
	} `json:"spatial"`
	Temporal *temporal `json:"temporal,omitempty"`
}

type temporal struct {
	Interval [][2]string `json:"interval"`
	TRS      string      `json:"trs"`
}

func (c *Collection) json(u URLs) collectionJSON {
	p := CollectionPath(c.Info.Name)
	site := u.site()
	cj := collectionJSON{
		ID: c.Info.Name, Title: c.Info.Title, Description: c.Info.Description,
		ItemType: "feature", CRS: []string{CRS84},
		Links: append(u.selfAndAlternate(p, JSONType, "the collection "+c.Info.Title),
			Link{Href: u.link(p+"/items", JSON, nil), Rel: "items", Type: GeoJSONType, Title: "The features"},
			Link{Href: u.link(p+"/items", HTML, nil), Rel: "items", Type: "text/html", Title: "The features as HTML"},
			Link{Href: u.root + p + "/queryables", Rel: QueryablesRel, Type: SchemaType, Title: "The properties the features can be selected and sorted by"},
			Link{Href: site + "/about", Rel: "license", Type: "text/html", Title: "Sources, method and licences"},
			Link{Href: site + "/layers/" + c.Info.Name + ".geojson", Rel: "describedby", Type: GeoJSONType, Title: "The whole layer as one GeoJSON file"},
			Link{Href: site + "/tiles.json", Rel: "related", Type: JSONType, Title: "Vector tiles of the latest snapshot (TileJSON), where this collection is the layer " + c.Info.Name},
		),
	}
	if len(c.latest.features) > 0 {
		cj.Extent.Spatial.BBox = [][4]float64{{c.Bound.Min[0], c.Bound.Min[1], c.Bound.Max[0], c.Bound.Max[1]}}
	}
	cj.Extent.Spatial.CRS = CRS84
	if c.Info.Dated {
		cj.Extent.Temporal = &temporal{Interval: [][2]string{{c.First + "T00:00:00Z", c.Last + "T23:59:59Z"}}, TRS: Gregorian}
	}
	return cj
}

// featureJSON is a feature as the API writes it: the id in the id
// member, as GeoJSON clients look for it there.
type featureJSON struct {
	Type       string          `json:"type"`
	ID         string          `json:"id"`
	Geometry   json.RawMessage `json:"geometry"`
	Properties json.RawMessage `json:"properties"`
	Links      []Link          `json:"links,omitempty"`
}

func (c *Collection) featureJSON(u URLs, f *Feature) featureJSON {
	p := CollectionPath(c.Info.Name)
	return featureJSON{
		Type: "Feature", ID: f.ID, Geometry: f.geometry, Properties: f.properties,
		Links: []Link{
			{Href: u.link(p+"/items/"+url.PathEscape(f.ID), JSON, nil), Rel: "self", Type: GeoJSONType, Title: "This feature"},
			{Href: u.link(p+"/items/"+url.PathEscape(f.ID), HTML, nil), Rel: "alternate", Type: "text/html", Title: "This feature as HTML"},
			{Href: u.link(p, JSON, nil), Rel: "collection", Type: JSONType, Title: "The collection " + c.Info.Title},
		},
	}
}

// item is f as an item of the page: its properties cut to those asked
// for, its geometry left out if asked.
func (q ItemsQuery) item(f *Feature) featureJSON {
	j := featureJSON{Type: "Feature", ID: f.ID, Geometry: f.geometry, Properties: f.properties}
	if q.skipGeometry {
		j.Geometry = json.RawMessage("null")
	}
	if q.props != nil {
		sub := make(map[string]any, len(q.props))
		for _, p := range q.props {
			if v, ok := f.Values[p]; ok {
				sub[p] = v
			}
		}
		// Values decoded from JSON encode again.
		j.Properties, _ = json.Marshal(sub)
	}
	return j
}

// ItemsJSON encodes a page of items as a GeoJSON FeatureCollection with
// links under root, stamped with now.
func (c *Collection) ItemsJSON(root string, p Page, now time.Time) []byte {
	u := URLs{root}
	path := CollectionPath(c.Info.Name) + "/items"
	q := p.Query
	links := []Link{
		{Href: u.link(path, JSON, q.Values(q.Offset)), Rel: "self", Type: GeoJSONType, Title: "This page"},
		{Href: u.link(path, HTML, q.Values(q.Offset)), Rel: "alternate", Type: "text/html", Title: "This page as HTML"},
	}
	if n, ok := p.Next(); ok {
		links = append(links, Link{Href: u.link(path, JSON, q.Values(n)), Rel: "next", Type: GeoJSONType, Title: "The next page"})
	}
	if n, ok := p.Prev(); ok {
		links = append(links, Link{Href: u.link(path, JSON, q.Values(n)), Rel: "prev", Type: GeoJSONType, Title: "The previous page"})
	}
	links = append(links, Link{Href: u.link(CollectionPath(c.Info.Name), JSON, nil), Rel: "collection", Type: JSONType, Title: "The collection " + c.Info.Title})
	fs := make([]featureJSON, len(p.Features))
	for i, f := range p.Features {
		fs[i] = q.item(f)
	}
	b, err := json.Marshal(struct {
		Type           string        `json:"type"`
		NumberMatched  *int          `json:"numberMatched,omitempty"`
		NumberReturned int           `json:"numberReturned"`
		TimeStamp      string        `json:"timeStamp"`
		Links          []Link        `json:"links"`
		Features       []featureJSON `json:"features"`
	}{"FeatureCollection", p.NumberMatched(), len(p.Features), now.UTC().Format(time.RFC3339), links, fs})
	if err != nil {
		// Every part was encoded or checked when the collection was built.
		panic(fmt.Sprintf("encoding items of %s: %v", c.Info.Name, err))
	}
	return b
}

// queryablesJSON is the collection's queryables as a JSON Schema.
func (c *Collection) queryablesJSON(u URLs) any {
	props := map[string]any{}
	for _, q := range c.queryables {
		props[q.name] = map[string]any{"title": q.name, "type": q.typ}
	}
	return map[string]any{
		"$schema":              "https://json-schema.org/draft/2020-12/schema",
		"$id":                  u.root + CollectionPath(c.Info.Name) + "/queryables",
		"type":                 "object",
		"title":                c.Info.Title,
		"description":          "The properties the features of " + c.Info.Title + " can be selected by, each as a query parameter of the items (?name=value, equal values only), and sorted by (sortby).",
		"properties":           props,
		"additionalProperties": false,
	}
}
