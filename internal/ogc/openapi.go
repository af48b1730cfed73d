package ogc

import (
	"fmt"
	"strings"
)

// The API definition. One list of operations makes both the OpenAPI
// document and its HTML page.

// Operation is one GET operation of the API.
type Operation struct {
	Path    string // under the API's root, "/" for the root itself
	ID      string
	Summary string
	Params  []string // names in Params
	types   []string // media types of a 200 answer
}

// Operations lists the API's operations.
func Operations() []Operation {
	page := []string{JSONType, "text/html"}
	return []Operation{
		{"/", "getLandingPage", "The landing page: links to the API definition, the conformance classes and the collections.", []string{"f"}, page},
		{"/conformance", "getConformanceDeclaration", "The conformance classes this API implements.", []string{"f"}, page},
		{"/api", "getAPIDefinition", "This API definition, as OpenAPI 3.0 or as HTML.", []string{"f"}, []string{OpenAPIType, "text/html"}},
		{"/collections", "getCollections", "The collections: one per layer of the map, with extent and links.", []string{"f"}, page},
		{"/collections/{collectionId}", "describeCollection", "One collection: its extent in space and time and its links.", []string{"collectionId", "f"}, page},
		{"/collections/{collectionId}/items", "getFeatures", "The features of a collection, filtered and a page at a time. Each queryable property of the collection (see its queryables) is a parameter too: ?region=donetsk&status=controlled selects the features whose properties equal those values.", []string{"collectionId", "bbox", "datetime", "limit", "offset", "sortby", "properties", "skipGeometry", "f"}, []string{GeoJSONType, "text/html"}},
		{"/collections/{collectionId}/items/{featureId}", "getFeature", "One feature by its id.", []string{"collectionId", "featureId", "f"}, []string{GeoJSONType, "text/html"}},
		{"/collections/{collectionId}/queryables", "getQueryables", "The properties the features of a collection can be selected and sorted by, as a JSON Schema.", []string{"collectionId"}, []string{SchemaType}},
	}
}

// Param is a parameter of the operations.
type Param struct {
	In          string // path or query
	Description string
	schema      map[string]any
}

// Params describes every parameter of the operations, by name.
func (o *API) Params() map[string]Param {
	ids := make([]string, len(o.collections))
	for i, c := range o.collections {
		ids[i] = c.Info.Name
	}
	return map[string]Param{
		"collectionId": {"path", "The collection: " + strings.Join(ids, ", ") + ".", map[string]any{"type": "string", "enum": ids}},
		"featureId":    {"path", "The feature's id, the same as in the GeoJSON and KML downloads and the vector tiles: the region (or place), the status (or place) and, in dated layers, the date, e.g. crimea-claimed-2025-08-08, donetsk-boundary, bakhmut-place-2025-08-08.", map[string]any{"type": "string"}},
		"bbox": {"query", "Only features whose geometry meets this box, edges included: minimum longitude, minimum latitude, maximum longitude, maximum latitude in degrees (CRS84).",
			map[string]any{"type": "array", "minItems": 4, "maxItems": 6, "items": map[string]any{"type": "number"}}},
		"datetime": {"query", "Only features of dated layers whose date (as_of) meets this date, date-time or interval (2025-08-08, 2025-08-08T00:00:00Z, 2025-01-01/2025-12-31, ../2025-08-08, 2025-08-08/..). Undated layers match any.",
			map[string]any{"type": "string"}},
		"limit":  {"query", fmt.Sprintf("How many features per page, 1 to %d.", MaxLimit), map[string]any{"type": "integer", "minimum": 1, "maximum": MaxLimit, "default": DefaultLimit}},
		"offset": {"query", "How many matching features to skip; the next and prev links set it.", map[string]any{"type": "integer", "minimum": 0, "default": 0}},
		"sortby": {"query", "Queryable properties to order the features by, each with + (ascending, the default) or - (descending) before it, e.g. -area_km2,name. Features without the property come last.",
			map[string]any{"type": "array", "items": map[string]any{"type": "string", "pattern": "^[+-]?[a-z0-9_]+$"}}},
		"properties": {"query", "The properties to give each feature, separated by commas; empty for none. Without it every property is given.",
			map[string]any{"type": "array", "items": map[string]any{"type": "string"}}},
		"skipGeometry": {"query", "true to leave out the geometry (null), for a lighter list of features.", map[string]any{"type": "boolean", "default": false}},
		"f":            {"query", "The format, json or html; without it the Accept header decides.", map[string]any{"type": "string", "enum": []string{"json", "html"}}},
	}
}

func (o *API) openAPI(u URLs) map[string]any {
	type obj = map[string]any
	params := obj{}
	for name, p := range o.Params() {
		po := obj{"name": name, "in": p.In, "description": p.Description, "required": p.In == "path", "schema": p.schema}
		if name == "bbox" || name == "sortby" || name == "properties" {
			po["style"], po["explode"] = "form", false
		}
		params[name] = po
	}
	problem := obj{"application/problem+json": obj{"schema": obj{"$ref": "#/components/schemas/problem"}}}
	paths := obj{}
	for _, op := range Operations() {
		var refs []obj
		for _, p := range op.Params {
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
		if strings.Contains(op.Path, "{") {
			responses["404"] = obj{"description": "No such collection or feature.", "content": problem}
		}
		paths[op.Path] = obj{"get": obj{"operationId": op.ID, "summary": op.Summary, "parameters": refs, "responses": responses}}
		if op.ID == "getFeatures" {
			// Each collection's items again, with its queryables as
			// parameters: GDAL (and so QGIS) reads them here to send
			// equality filters to the server instead of reading all.
			for _, c := range o.collections {
				var ps []obj
				for _, p := range op.Params {
					if p != "collectionId" {
						ps = append(ps, obj{"$ref": "#/components/parameters/" + p})
					}
				}
				for _, q := range c.queryables {
					ps = append(ps, obj{"name": q.name, "in": "query", "required": false, "schema": obj{"type": q.typ},
						"description": "Only features whose " + q.name + " equals this."})
				}
				paths[strings.Replace(op.Path, "{collectionId}", c.Info.Name, 1)] = obj{"get": obj{
					"operationId": op.ID + "_" + strings.ReplaceAll(c.Info.Name, "-", "_"),
					"summary":     "The features of " + c.Info.Title + ", filtered and a page at a time.",
					"parameters":  ps, "responses": responses,
				}}
			}
		}
	}
	site := u.site()
	return obj{
		"openapi": "3.0.3",
		"info": obj{
			"title": Title, "description": Description, "version": o.Atlas.Version,
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
