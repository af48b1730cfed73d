// Package export writes layers in the formats GIS tools read: GeoJSON
// (RFC 7946) and KML for Google Earth, and the figures as CSV and JSON.
package export

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"image/color"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/project"
	kml "github.com/twpayne/go-kml/v3"

	"github.com/claimsmap/claimsmap/geo"
	"github.com/claimsmap/claimsmap/internal/dataset"
)

// Options shape a layer file.
type Options struct {
	// Region keeps only features whose region (or claimed_region) is this
	// slug; empty keeps all.
	Region string
	// Decimals rounds coordinates; 0 to 6.
	Decimals int
	// SimplifyMetres simplifies polygons with shared borders kept shared;
	// 0 leaves them as they are.
	SimplifyMetres float64
}

// Filter returns the features of fc whose region matches, simplified and
// rounded as asked, every polygon valid: FilterLayers for one layer.
func Filter(fc *geojson.FeatureCollection, o Options) (*geojson.FeatureCollection, error) {
	out, err := FilterLayers([]*geojson.FeatureCollection{fc}, o)
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// FilterLayers returns the features of each layer whose region matches,
// simplified and rounded as asked. Layers drawn over the same ground (a
// date's boundaries, claim, control and the layers derived from them) are
// meant to be passed together: their polygons are simplified together,
// every border shared within or between layers once (geo.SimplifyShared),
// and then snap-rounded together to the grid of o.Decimals
// (geo.SnapRound), so controlled, contested and claimed-not-controlled
// still add up to the claim, without gaps or overlaps, at every tolerance
// and every precision. Snap rounding also makes every polygon valid: where
// simplification made an arc cross another, or rounding would make a ring
// touch itself, the crossing becomes a vertex on the grid and a face
// thinner than a grid step collapses. A polygon that collapses whole (an
// islet at one decimal) leaves its feature with no geometry, so that
// every precision has the same features with the same ids.
//
// Simplification and rounding run over the whole layers before filtering
// by region, so that the per-region files put together are the whole
// layer's file. Even with neither asked for, polygons are snap-rounded to
// the dataset's precision, so that what is written is valid.
func FilterLayers(layers []*geojson.FeatureCollection, o Options) ([]*geojson.FeatureCollection, error) {
	if o.Decimals < 0 || o.Decimals > dataset.Decimals {
		return nil, fmt.Errorf("decimals %d: give 0 to %d", o.Decimals, dataset.Decimals)
	}
	type ref struct{ layer, feature int }
	var (
		polys []orb.MultiPolygon
		refs  []ref
	)
	feats := make([][]*geojson.Feature, len(layers))
	for li, fc := range layers {
		feats[li] = slices.Clone(fc.Features)
		for fi, f := range fc.Features {
			switch g := f.Geometry.(type) {
			case orb.MultiPolygon:
				polys, refs = append(polys, g), append(refs, ref{li, fi})
			case orb.Polygon:
				polys, refs = append(polys, orb.MultiPolygon{g}), append(refs, ref{li, fi})
			}
		}
	}
	// Polygons are snap-rounded at every precision, the dataset's own
	// included: rounding an overlay's result to six decimals can make a
	// ring touch itself.
	{
		if o.SimplifyMetres > 0 {
			polys = geo.SimplifyLonLat(polys, o.SimplifyMetres)
		}
		polys = snapRound(polys, o.Decimals)
		for k, r := range refs {
			c := *feats[r.layer][r.feature]
			c.Geometry = polys[k]
			if len(polys[k]) == 0 {
				c.Geometry = nil
			}
			feats[r.layer][r.feature] = &c
		}
	}
	if o.Decimals < dataset.Decimals {
		for _, fs := range feats {
			for i, f := range fs {
				switch f.Geometry.(type) {
				case orb.Point, orb.MultiPoint, orb.LineString, orb.MultiLineString:
					c := *f
					c.Geometry = Round(f.Geometry, o.Decimals)
					fs[i] = &c
				}
			}
		}
	}
	out := make([]*geojson.FeatureCollection, len(layers))
	for li, fs := range feats {
		out[li] = geojson.NewFeatureCollection()
		for _, f := range fs {
			if o.Region == "" || f.Properties["region"] == o.Region || f.Properties["claimed_region"] == o.Region {
				out[li].Append(f)
			}
		}
	}
	return out, nil
}

// snapRound snap-rounds lon/lat polygons to a grid of 10^-decimals
// degrees, keeping RFC 7946's counter-clockwise exteriors.
func snapRound(polys []orb.MultiPolygon, decimals int) []orb.MultiPolygon {
	scale := math.Pow10(decimals)
	scaled := make([]orb.MultiPolygon, len(polys))
	for i, mp := range polys {
		scaled[i] = project.MultiPolygon(mp.Clone(), func(p orb.Point) orb.Point { return orb.Point{p[0] * scale, p[1] * scale} })
	}
	out := geo.SnapRound(scaled)
	for i, mp := range out {
		// Divided, not multiplied by 10^-decimals: 37123/1000 is the
		// float nearest 37.123, which encodes as 37.123.
		out[i] = project.MultiPolygon(mp, func(p orb.Point) orb.Point { return orb.Point{p[0] / scale, p[1] / scale} })
	}
	return out
}

// GeoJSONInfo describes the layer in the GeoJSON file.
type GeoJSONInfo struct {
	// Name becomes the collection's "name" member, which GDAL, and so
	// QGIS, take as the layer's name; empty for none.
	Name string
}

// GeoJSON encodes fc as RFC 7946 GeoJSON with coordinates rounded to
// decimals places (Round), one feature per line, each with its id.
func GeoJSON(fc *geojson.FeatureCollection, info GeoJSONInfo, decimals int) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"type":"FeatureCollection",`)
	if info.Name != "" {
		name, err := json.Marshal(info.Name)
		if err != nil {
			return nil, err
		}
		b.WriteString(`"name":`)
		b.Write(name)
		b.WriteByte(',')
	}
	b.WriteString(`"features":[`)
	for i, f := range fc.Features {
		c := *f
		c.Geometry = Round(f.Geometry, decimals)
		fb, err := json.Marshal(&c)
		if err != nil {
			return nil, fmt.Errorf("feature %d: %w", i, err)
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n")
		b.Write(fb)
	}
	b.WriteString("\n]}\n")
	return b.Bytes(), nil
}

// KMLInfo describes the layer in the KML document.
type KMLInfo struct {
	Name        string
	Description string
}

// Styles by status: the site's colours, with alpha for Google Earth.
var kmlStyles = []struct {
	id     string
	fill   color.NRGBA
	line   color.NRGBA
	width  float64
	filled bool
}{
	{"controlled", color.NRGBA{0xc2, 0x4a, 0x00, 0xb0}, color.NRGBA{0x7a, 0x2e, 0x00, 0xff}, 1, true},
	{"claimed", color.NRGBA{0x0b, 0x4f, 0x8a, 0x30}, color.NRGBA{0x0b, 0x4f, 0x8a, 0xff}, 2.5, true},
	{"claimed-not-controlled", color.NRGBA{0x0b, 0x4f, 0x8a, 0x60}, color.NRGBA{0x0b, 0x4f, 0x8a, 0xff}, 1.5, true},
	{"contested", color.NRGBA{0x8a, 0x8a, 0x8a, 0xa0}, color.NRGBA{0x5a, 0x5a, 0x5a, 0xff}, 1, true},
	{"boundary", color.NRGBA{0xff, 0xff, 0xff, 0x00}, color.NRGBA{0x55, 0x55, 0x55, 0xff}, 1, false},
}

// Places are styled by who held them, in the map's colours.
var kmlPlaceStyles = []struct {
	id    string
	color color.NRGBA
}{
	{"held-by-russia", color.NRGBA{0xc2, 0x4a, 0x00, 0xff}},
	{"held-by-ukraine", color.NRGBA{0x0b, 0x4f, 0x8a, 0xff}},
	{"held-by-contested", color.NRGBA{0x70, 0x70, 0x70, 0xff}},
}

func styleFor(status string) string {
	switch {
	case status == "controlled" || status == "controlled-not-claimed":
		return "#controlled"
	case status == "claimed":
		return "#claimed"
	case status == "claimed-not-controlled":
		return "#claimed-not-controlled"
	case status == "contested":
		return "#contested"
	case strings.HasPrefix(status, "held-by-"):
		return "#" + status
	}
	return "#boundary"
}

// KML encodes fc as a KML 2.2 document: one placemark per feature, named
// after it, with the feature's id as its id, its date as a TimeStamp, its
// properties as typed SchemaData (GDAL and QGIS read numbers as numbers),
// and the site's styles, places by who held them.
func KML(fc *geojson.FeatureCollection, info KMLInfo, decimals int) ([]byte, error) {
	children := []kml.Element{kml.Name(info.Name), kml.Description(info.Description)}
	for _, s := range kmlStyles {
		children = append(children, kml.SharedStyle(s.id,
			kml.LineStyle(kml.Color(s.line), kml.Width(s.width)),
			kml.PolyStyle(kml.Color(s.fill), kml.Fill(s.filled), kml.Outline(true)),
		))
	}
	for _, s := range kmlPlaceStyles {
		children = append(children, kml.SharedStyle(s.id,
			kml.IconStyle(kml.Color(s.color), kml.Scale(0.8),
				kml.Icon(kml.Href("https://maps.google.com/mapfiles/kml/shapes/placemark_circle.png"))),
			kml.LabelStyle(kml.Scale(0.8)),
		))
	}
	fields := kmlFields(fc)
	schema := make([]kml.Element, len(fields))
	for i, f := range fields {
		schema[i] = kml.SimpleField(f.name, f.typ)
	}
	children = append(children, kml.Schema(kmlSchemaID, schema...))
	for i, f := range fc.Features {
		name, _ := f.Properties["name"].(string)
		status, _ := f.Properties["status"].(string)
		id, _ := f.ID.(string)
		elems := []kml.Element{kml.Name(name)}
		if asOf, ok := f.Properties["as_of"].(string); ok {
			if t, err := time.Parse(time.DateOnly, asOf); err == nil {
				elems = append(elems, kml.TimeStamp(kml.When(t)))
			}
		}
		elems = append(elems, kml.StyleURL(styleFor(status)), kml.ExtendedData(kml.SchemaData("#"+kmlSchemaID, schemaData(f.Properties, fields)...)))
		// A Placemark without geometry is valid KML: a feature whose
		// polygon collapsed at a coarse precision keeps its data.
		if f.Geometry != nil {
			geom, err := kmlGeometry(Round(f.Geometry, decimals))
			if err != nil {
				return nil, fmt.Errorf("feature %d: %w", i, err)
			}
			elems = append(elems, geom)
		}
		children = append(children, placemark{id, elems})
	}
	var b bytes.Buffer
	if err := kml.KML(kml.Document(children...)).WriteIndent(&b, "", " "); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// kmlSchemaID names the document's one schema.
const kmlSchemaID = "claimsmap"

type kmlField struct{ name, typ string }

// kmlFields lists every property of the features with its KML type: int
// or double where every value is a number (int where each is whole), bool
// where each is a boolean, else string (lists are joined with "; ").
func kmlFields(fc *geojson.FeatureCollection) []kmlField {
	types := map[string]string{}
	for _, f := range fc.Features {
		for k, v := range f.Properties {
			var t string
			switch x := v.(type) {
			case float64:
				t = "double"
				if x == math.Trunc(x) && math.Abs(x) < 1<<31 {
					t = "int"
				}
			case int, int64:
				t = "int"
			case bool:
				t = "bool"
			case nil:
				continue
			default:
				t = "string"
			}
			switch prev, seen := types[k]; {
			case !seen || prev == t:
				types[k] = t
			case prev == "int" && t == "double" || prev == "double" && t == "int":
				types[k] = "double"
			default:
				types[k] = "string"
			}
		}
	}
	out := make([]kmlField, 0, len(types))
	for k, t := range types {
		out = append(out, kmlField{k, t})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

func schemaData(p geojson.Properties, fields []kmlField) []kml.Element {
	var out []kml.Element
	for _, f := range fields {
		v, ok := p[f.name]
		if !ok || v == nil {
			continue
		}
		out = append(out, kml.SimpleData(f.name, kmlValue(v)))
	}
	return out
}

func kmlValue(v any) string {
	switch x := v.(type) {
	case []string:
		return strings.Join(x, "; ")
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = fmt.Sprint(e)
		}
		return strings.Join(parts, "; ")
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		// 1 and 0, which xsd:boolean allows as well as true and false:
		// GDAL (and so QGIS) reads a bool field as an integer and takes
		// "true" for 0.
		if x {
			return "1"
		}
		return "0"
	}
	return fmt.Sprint(v)
}

// placemark is a KML Placemark with an id attribute, which go-kml's
// Placemark does not write.
type placemark struct {
	id       string
	children []kml.Element
}

func (p placemark) MarshalXML(e *xml.Encoder, _ xml.StartElement) error {
	start := xml.StartElement{Name: xml.Name{Local: "Placemark"}}
	if p.id != "" {
		start.Attr = []xml.Attr{{Name: xml.Name{Local: "id"}, Value: p.id}}
	}
	if err := e.EncodeToken(start); err != nil {
		return err
	}
	for _, c := range p.children {
		if err := c.MarshalXML(e, xml.StartElement{}); err != nil {
			return err
		}
	}
	return e.EncodeToken(start.End())
}

func kmlGeometry(g orb.Geometry) (kml.Element, error) {
	ring := func(r orb.Ring) kml.Element {
		cs := make([]kml.Coordinate, len(r))
		for i, p := range r {
			cs[i] = kml.Coordinate{Lon: p[0], Lat: p[1]}
		}
		return kml.LinearRing(kml.Coordinates(cs...))
	}
	poly := func(p orb.Polygon) kml.Element {
		// KML wants outer boundaries counter-clockwise, as RFC 7946 does.
		els := []kml.Element{kml.OuterBoundaryIs(ring(p[0]))}
		for _, h := range p[1:] {
			els = append(els, kml.InnerBoundaryIs(ring(h)))
		}
		return kml.Polygon(els...)
	}
	switch g := g.(type) {
	case orb.Point:
		return kml.Point(kml.Coordinates(kml.Coordinate{Lon: g[0], Lat: g[1]})), nil
	case orb.Polygon:
		return poly(g), nil
	case orb.MultiPolygon:
		var ps []kml.Element
		for _, p := range g {
			ps = append(ps, poly(p))
		}
		return kml.MultiGeometry(ps...), nil
	}
	return nil, fmt.Errorf("geometry %T has no KML form here", g)
}
