package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/paulmach/orb"

	"github.com/claimsmap/claimsmap/internal/dataset"
)

// Feature is one feature of an imported file: its territory, valid in the
// OGC simple features sense, and what was done to make it so.
type Feature struct {
	// Index is the feature's position in the file's features array.
	Index    int
	Geometry orb.MultiPolygon
	// Repairs says, one line each, which parts were not valid as published
	// and how they were repaired; empty when the feature was valid.
	Repairs []string
}

// Parse reads a GeoJSON FeatureCollection of polygons and multipolygons as
// published by archives of occupied territory, checks it and repairs what
// can be repaired without guessing. It accepts an old-style crs member
// naming WGS84 longitude/latitude (CRS84 or EPSG:4326) and ignores
// properties, ids and bounding boxes. It refuses anything else, naming the
// feature, polygon, ring and position at fault: a file that is not JSON or
// not a FeatureCollection, another crs, a geometry that is missing, empty
// or not areal, a ring that is not closed or has fewer than 4 positions, a
// position that is not longitude/latitude. Self-intersections are repaired
// by the even-odd rule (see repairPolygon) or, where the repair does not
// give a valid polygon, refused.
func Parse(b []byte) ([]Feature, error) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")) // a byte order mark, as some exporters write
	if !json.Valid(b) {
		var v any
		err := json.Unmarshal(b, &v)
		return nil, fmt.Errorf("not JSON: %w", dataset.JSONError(b, err))
	}
	var fc struct {
		Type     *string           `json:"type"`
		CRS      json.RawMessage   `json:"crs"`
		Features []json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		return nil, fmt.Errorf("not a GeoJSON object: %w", dataset.JSONError(b, err))
	}
	switch {
	case fc.Type == nil:
		return nil, errors.New(`not GeoJSON: no "type" member; want a FeatureCollection`)
	case *fc.Type != "FeatureCollection":
		return nil, fmt.Errorf("the file is a GeoJSON %q; want a FeatureCollection of Polygon and MultiPolygon features", *fc.Type)
	}
	if err := checkCRS(fc.CRS); err != nil {
		return nil, err
	}
	if len(fc.Features) == 0 {
		return nil, errors.New("the FeatureCollection has no features")
	}
	out := make([]Feature, 0, len(fc.Features))
	for i, raw := range fc.Features {
		f, err := parseFeature(raw)
		if err != nil {
			return nil, fmt.Errorf("feature %d: %w", i, err)
		}
		f.Index = i
		out = append(out, f)
	}
	return out, nil
}

func parseFeature(raw json.RawMessage) (Feature, error) {
	var f Feature
	var ft struct {
		Type     *string         `json:"type"`
		CRS      json.RawMessage `json:"crs"`
		Geometry json.RawMessage `json:"geometry"`
	}
	if err := json.Unmarshal(raw, &ft); err != nil {
		return f, fmt.Errorf("not a GeoJSON Feature object: %w", err)
	}
	switch {
	case ft.Type == nil:
		return f, errors.New(`no "type" member; want a Feature`)
	case *ft.Type != "Feature":
		return f, fmt.Errorf("type %q; want a Feature", *ft.Type)
	}
	if err := checkCRS(ft.CRS); err != nil {
		return f, err
	}
	if isNull(ft.Geometry) {
		return f, errors.New("geometry is missing or null (empty); a feature of occupied territory needs a Polygon or MultiPolygon")
	}
	var g struct {
		Type        *string         `json:"type"`
		CRS         json.RawMessage `json:"crs"`
		Coordinates json.RawMessage `json:"coordinates"`
	}
	if err := json.Unmarshal(ft.Geometry, &g); err != nil {
		return f, fmt.Errorf("geometry: not a GeoJSON geometry object: %w", err)
	}
	if g.Type == nil {
		return f, errors.New(`geometry: no "type" member; want Polygon or MultiPolygon`)
	}
	if err := checkCRS(g.CRS); err != nil {
		return f, fmt.Errorf("geometry: %w", err)
	}
	var polys [][][][]float64
	switch *g.Type {
	case "Polygon":
		var p [][][]float64
		if err := decodeCoordinates(g.Coordinates, &p); err != nil {
			return f, fmt.Errorf("Polygon: %w", err)
		}
		if len(p) > 0 {
			polys = [][][][]float64{p}
		}
	case "MultiPolygon":
		if err := decodeCoordinates(g.Coordinates, &polys); err != nil {
			return f, fmt.Errorf("MultiPolygon: %w", err)
		}
	default:
		return f, fmt.Errorf("geometry is a %s; only Polygon and MultiPolygon describe territory", *g.Type)
	}
	if len(polys) == 0 {
		return f, fmt.Errorf("%s geometry is empty (no coordinates)", *g.Type)
	}
	mp := make(orb.MultiPolygon, 0, len(polys))
	for i, p := range polys {
		where := ""
		if *g.Type == "MultiPolygon" {
			where = fmt.Sprintf("polygon %d: ", i)
		}
		poly, err := checkPolygon(p)
		if err != nil {
			return f, fmt.Errorf("%s%w", where, err)
		}
		mp = append(mp, poly)
	}
	var err error
	f.Geometry, f.Repairs, err = makeValid(mp, *g.Type == "MultiPolygon")
	return f, err
}

// decodeCoordinates decodes a coordinates member, refusing a missing or
// null one.
func decodeCoordinates(raw json.RawMessage, v any) error {
	if isNull(raw) {
		return errors.New("coordinates are missing or null (empty geometry)")
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("coordinates: %w", err)
	}
	return nil
}

func isNull(raw json.RawMessage) bool {
	return len(raw) == 0 || string(bytes.TrimSpace(raw)) == "null"
}

// checkPolygon checks one polygon's rings and positions.
func checkPolygon(p [][][]float64) (orb.Polygon, error) {
	if len(p) == 0 {
		return nil, errors.New("polygon has no rings (empty geometry)")
	}
	poly := make(orb.Polygon, 0, len(p))
	for j, r := range p {
		if len(r) < 4 {
			return nil, fmt.Errorf("ring %d: %d positions; a ring needs at least 4 (the first repeated as the last)", j, len(r))
		}
		ring := make(orb.Ring, 0, len(r))
		for k, pos := range r {
			if len(pos) < 2 {
				return nil, fmt.Errorf("ring %d, position %d: %v has %d numbers; a position is [longitude, latitude]", j, k, pos, len(pos))
			}
			pt := orb.Point{pos[0], pos[1]}
			if pt[0] < -180 || pt[0] > 180 {
				return nil, fmt.Errorf("ring %d, position %d %v: longitude %g is outside -180 to 180", j, k, pt, pt[0])
			}
			if pt[1] < -90 || pt[1] > 90 {
				return nil, fmt.Errorf("ring %d, position %d %v: latitude %g is outside -90 to 90 (are the positions [latitude, longitude]? GeoJSON puts longitude first)", j, k, pt, pt[1])
			}
			ring = append(ring, pt)
		}
		if ring[0] != ring[len(ring)-1] {
			return nil, fmt.Errorf("ring %d: not closed: position 0 %v differs from the last, position %d %v", j, ring[0], len(ring)-1, ring[len(ring)-1])
		}
		poly = append(poly, ring)
	}
	return poly, nil
}

// crs84Names are the names of WGS84 longitude/latitude that files written
// to the 2008 GeoJSON specification put in their crs member. EPSG:4326
// strictly has latitude first, but GeoJSON files naming it are, in
// practice, longitude first like any other GeoJSON.
var crs84Names = []string{
	"urn:ogc:def:crs:ogc:1.3:crs84",
	"urn:ogc:def:crs:ogc::crs84",
	"urn:ogc:def:crs:ogc:2:84",
	"http://www.opengis.net/def/crs/ogc/1.3/crs84",
	"https://www.opengis.net/def/crs/ogc/1.3/crs84",
	"crs84",
	"ogc:crs84",
	"epsg:4326",
	"urn:ogc:def:crs:epsg::4326",
	"urn:ogc:def:crs:epsg:4326",
	"urn:ogc:def:crs:epsg:6.6:4326",
	"http://www.opengis.net/def/crs/epsg/0/4326",
	"https://www.opengis.net/def/crs/epsg/0/4326",
}

// checkCRS accepts an absent or null crs member and a named one naming
// WGS84 longitude/latitude; anything else would need reprojecting.
func checkCRS(raw json.RawMessage) error {
	if isNull(raw) {
		return nil
	}
	var c struct {
		Type       string `json:"type"`
		Properties struct {
			Name string `json:"name"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		return fmt.Errorf("crs: %w", err)
	}
	if c.Type != "name" {
		return fmt.Errorf("crs of type %q is not supported; want none, or a named CRS84 (urn:ogc:def:crs:OGC:1.3:CRS84)", c.Type)
	}
	name := strings.ToLower(strings.TrimSpace(c.Properties.Name))
	for _, n := range crs84Names {
		if name == n {
			return nil
		}
	}
	return fmt.Errorf("crs %q is not WGS84 longitude/latitude; reproject the file to it first (for example: ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson)", c.Properties.Name)
}
