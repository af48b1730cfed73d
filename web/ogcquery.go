package web

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
)

// This file adds to the items of the OGC API what OGC API – Features
// Part 3 calls queryables (/collections/{id}/queryables, a JSON Schema of
// the properties features can be selected by) with one query parameter
// per queryable (?region=donetsk&status=controlled), and what the drafts
// of later parts and OGC API – Records add: sortby, properties and
// skipGeometry.

const (
	ogcSchemaType     = "application/schema+json"
	ogcQueryablesRel  = "http://www.opengis.net/def/rel/ogc/1.0/queryables"
	ogcConfQueryables = "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/"
)

// ogcItemsParams are the items parameters other than the queryables.
var ogcItemsParams = []string{"bbox", "datetime", "limit", "offset", "properties", "skipGeometry", "sortby"}

// ogcQueryable is a property features can be selected and sorted by: one
// whose values are all strings, all numbers or all booleans.
type ogcQueryable struct {
	name string
	typ  string // JSON Schema: string, integer, number or boolean
}

// ogcQueryablesOf lists, by name, the properties of fs that hold one
// scalar type. Properties holding lists or objects, or strings in one
// feature and numbers in another, cannot be compared to one query value.
func ogcQueryablesOf(fs []*ogcFeature) ([]ogcQueryable, []string) {
	types := map[string]string{}
	for _, f := range fs {
		for k, v := range f.values {
			if k == "f" || slices.Contains(ogcItemsParams, k) {
				types[k] = "" // the parameter means something else
				continue
			}
			t := ogcSchemaTypeOf(v)
			prev, seen := types[k]
			switch {
			case t == "null":
			case !seen || prev == t:
				types[k] = t
			case prev == "integer" && t == "number", prev == "number" && t == "integer":
				types[k] = "number"
			default:
				types[k] = "" // lists, objects or mixed: not queryable
			}
		}
	}
	var qs []ogcQueryable
	names := make([]string, 0, len(types))
	for k, t := range types {
		names = append(names, k)
		if t != "" && t != "null" {
			qs = append(qs, ogcQueryable{k, t})
		}
	}
	slices.SortFunc(qs, func(a, b ogcQueryable) int { return strings.Compare(a.name, b.name) })
	slices.Sort(names)
	return qs, names
}

// ogcSchemaTypeOf is the JSON Schema type of a value decoded from JSON.
func ogcSchemaTypeOf(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case bool:
		return "boolean"
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
			return "integer"
		}
		return "number"
	}
	return ""
}

func (c *ogcCollection) queryable(name string) (ogcQueryable, bool) {
	i := slices.IndexFunc(c.queryables, func(q ogcQueryable) bool { return q.name == name })
	if i < 0 {
		return ogcQueryable{}, false
	}
	return c.queryables[i], true
}

func (c *ogcCollection) queryableNames() []string {
	names := make([]string, len(c.queryables))
	for i, q := range c.queryables {
		names[i] = q.name
	}
	return names
}

// ogcFilter selects features whose property equals a value.
type ogcFilter struct {
	name, raw string // as given, for links
	value     any    // string, float64 or bool, as the property's type
}

func (f ogcFilter) matches(v any) bool {
	if n, ok := v.(float64); ok {
		return f.value == n
	}
	return v != nil && v == f.value
}

// ogcSortKey orders features by a property.
type ogcSortKey struct {
	name string
	desc bool
}

// parseProperties reads the query parameters that depend on the
// collection's properties into q: a filter per queryable, sortby,
// properties and skipGeometry.
func (c *ogcCollection) parseProperties(qs url.Values, q *ogcItemsQuery) error {
	bad := func(format string, a ...any) error {
		return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf(format, a...))
	}
	names := make([]string, 0, len(qs))
	for k := range qs {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		qd, ok := c.queryable(k)
		if !ok {
			continue
		}
		raw := qs.Get(k)
		f := ogcFilter{name: k, raw: raw, value: raw}
		switch qd.typ {
		case "integer", "number":
			n, err := strconv.ParseFloat(raw, 64)
			if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
				return bad("%s=%s: %s is a number in collection %s; give one, e.g. %s=1.", k, clip(raw), k, c.info.Name, k)
			}
			f.value = n
		case "boolean":
			// GDAL sends 1 and 0 for its boolean fields.
			b, ok := map[string]bool{"true": true, "false": false, "1": true, "0": false}[raw]
			if !ok {
				return bad("%s=%s: %s is true or false in collection %s.", k, clip(raw), k, c.info.Name)
			}
			f.value = b
		}
		q.filters = append(q.filters, f)
	}
	if s := qs.Get("sortby"); qs.Has("sortby") {
		for _, part := range strings.Split(s, ",") {
			part = strings.TrimSpace(part)
			key := ogcSortKey{name: strings.TrimLeft(part, "+-")}
			key.desc = strings.HasPrefix(part, "-")
			if part == "" || len(part)-len(key.name) > 1 {
				return bad("sortby=%s: give property names separated by commas, each with + (ascending, the default) or - (descending) before it, e.g. sortby=-area_km2,name.", clip(s))
			}
			if _, ok := c.queryable(key.name); !ok {
				return bad("sortby=%s: collection %s cannot be sorted by %q; it can by %s.", clip(s), c.info.Name, key.name, strings.Join(c.queryableNames(), ", "))
			}
			q.sorts = append(q.sorts, key)
		}
		q.sortby = s
	}
	if s := qs.Get("properties"); qs.Has("properties") {
		q.props = []string{}
		if s != "" {
			for _, p := range strings.Split(s, ",") {
				p = strings.TrimSpace(p)
				if _, ok := slices.BinarySearch(c.propertyNames, p); !ok {
					return bad("properties=%s: collection %s has no property %q; its properties are %s.", clip(s), c.info.Name, p, strings.Join(c.propertyNames, ", "))
				}
				q.props = append(q.props, p)
			}
		}
		q.properties = s
	}
	if s := qs.Get("skipGeometry"); qs.Has("skipGeometry") {
		switch s {
		case "true":
			q.skipGeometry = true
		case "false":
		default:
			return bad("skipGeometry=%s: give true or false.", clip(s))
		}
	}
	return nil
}

// matchesProperties reports whether f passes every property filter.
func (q ogcItemsQuery) matchesProperties(f *ogcFeature) bool {
	for _, flt := range q.filters {
		if !flt.matches(f.values[flt.name]) {
			return false
		}
	}
	return true
}

// sort orders fs by the sortby keys, stably: features without a value
// come last whichever the direction, and ties keep the collection's order
// (by date, then as the layer lists them).
func (q ogcItemsQuery) sort(fs []*ogcFeature) {
	if len(q.sorts) == 0 {
		return
	}
	slices.SortStableFunc(fs, func(a, b *ogcFeature) int {
		for _, k := range q.sorts {
			va, vb := a.values[k.name], b.values[k.name]
			switch {
			case va == nil && vb == nil:
				continue
			case va == nil:
				return 1
			case vb == nil:
				return -1
			}
			c := ogcCompare(va, vb)
			if k.desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return 0
	})
}

func ogcCompare(a, b any) int {
	switch a := a.(type) {
	case string:
		b, _ := b.(string)
		return strings.Compare(a, b)
	case float64:
		b, _ := b.(float64)
		return cmp.Compare(a, b)
	case bool:
		b, _ := b.(bool)
		switch {
		case a == b:
			return 0
		case !a:
			return -1
		}
		return 1
	}
	return 0
}

// featureJSON is f as an item of the page: its properties cut to those
// asked for, its geometry left out if asked.
func (q ogcItemsQuery) featureJSON(f *ogcFeature) ogcFeatureJSON {
	j := ogcFeatureJSON{Type: "Feature", ID: f.id, Geometry: f.geometry, Properties: f.properties}
	if q.skipGeometry {
		j.Geometry = json.RawMessage("null")
	}
	if q.props != nil {
		sub := make(map[string]any, len(q.props))
		for _, p := range q.props {
			if v, ok := f.values[p]; ok {
				sub[p] = v
			}
		}
		// Values decoded from JSON encode again.
		j.Properties, _ = json.Marshal(sub)
	}
	return j
}

// queryablesJSON is the collection's queryables as a JSON Schema.
func (c *ogcCollection) queryablesJSON(u ogcURLs) any {
	props := map[string]any{}
	for _, q := range c.queryables {
		props[q.name] = map[string]any{"title": q.name, "type": q.typ}
	}
	return map[string]any{
		"$schema":              "https://json-schema.org/draft/2020-12/schema",
		"$id":                  u.root + ogcCollectionPath(c.info.Name) + "/queryables",
		"type":                 "object",
		"title":                c.info.Title,
		"description":          "The properties the features of " + c.info.Title + " can be selected by, each as a query parameter of the items (?name=value, equal values only), and sorted by (sortby).",
		"properties":           props,
		"additionalProperties": false,
	}
}

func (o *ogcAPI) queryables(c echo.Context, f ogcFormat) error {
	col, err := o.lookup(c.Param("id"))
	if err != nil {
		return err
	}
	if err := ogcCheckParams(c.QueryParams()); err != nil {
		return err
	}
	if c.QueryParam("f") == "html" {
		return echo.NewHTTPError(http.StatusBadRequest, "The queryables are a JSON Schema, served as JSON only: use f=json.")
	}
	return o.serveDoc(c, ogcJSON, ogcDoc{kind: ogcQueryablesDoc, collection: col.info.Name})
}
