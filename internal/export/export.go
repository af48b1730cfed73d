// Package export writes layers in the formats GIS tools read: GeoJSON
// (RFC 7946) and KML for Google Earth, and the figures as CSV and JSON.
package export

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"image/color"
	"math"
	"sort"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
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

// ErrPrecision says no geometry valid at the asked precision was found.
var ErrPrecision = errors.New("rounding to that precision makes polygons invalid")

// Filter returns the features of fc whose region matches, simplified and
// rounded as asked, every polygon valid. Simplification runs over the whole
// layer before filtering, so that the per-region files put together are
// the whole layer's file.
//
// Rounding to fewer decimals is snapping to a grid, and snapping can make a
// ring touch itself where two parts of it pass within a grid cell (overlay
// leaves such necks where the front line runs along a border). So below 6
// decimals the layer is first simplified at the grid's size, which removes
// bends finer than the grid; if that is not enough, at twice the size, and
// so on, and failing that Filter returns ErrPrecision.
func Filter(fc *geojson.FeatureCollection, o Options) (*geojson.FeatureCollection, error) {
	feats := fc.Features
	switch {
	case o.Decimals < dataset.Decimals:
		var ok bool
		if feats, ok = snap(feats, o.Decimals, o.SimplifyMetres); !ok {
			return nil, fmt.Errorf("%d decimals: %w", o.Decimals, ErrPrecision)
		}
	case o.SimplifyMetres > 0:
		feats = simplify(feats, o.SimplifyMetres)
	}
	out := geojson.NewFeatureCollection()
	for _, f := range feats {
		if o.Region == "" || f.Properties["region"] == o.Region || f.Properties["claimed_region"] == o.Region {
			out.Append(f)
		}
	}
	return out, nil
}

// polygons returns the multipolygons of feats and their indices.
func polygons(feats []*geojson.Feature) (polys []orb.MultiPolygon, idx []int) {
	for i, f := range feats {
		if mp, ok := f.Geometry.(orb.MultiPolygon); ok {
			polys = append(polys, mp)
			idx = append(idx, i)
		}
	}
	return polys, idx
}

// replace returns feats with the polygons at idx replaced; a polygon that
// collapsed keeps its original geometry rather than lose the feature.
func replace(feats []*geojson.Feature, idx []int, polys []orb.MultiPolygon) []*geojson.Feature {
	out := make([]*geojson.Feature, len(feats))
	copy(out, feats)
	for k, i := range idx {
		if len(polys[k]) == 0 {
			continue
		}
		c := *feats[i]
		c.Geometry = polys[k]
		out[i] = &c
	}
	return out
}

func simplify(feats []*geojson.Feature, metres float64) []*geojson.Feature {
	polys, idx := polygons(feats)
	// Arcs are simplified one by one, so a large tolerance can make a ring
	// cross itself or a neighbour; halve the tolerance until every polygon
	// is valid, for the whole layer at once so borders stay shared.
	for tol := metres; tol >= 1; tol /= 2 {
		if simple := geo.SimplifyLonLat(polys, tol); allValid(simple) {
			return replace(feats, idx, simple)
		}
	}
	return feats
}

// snap rounds feats to decimals, simplifying first as Filter explains.
func snap(feats []*geojson.Feature, decimals int, metres float64) ([]*geojson.Feature, bool) {
	polys, idx := polygons(feats)
	grid := 111320 * math.Pow10(-decimals) // metres per grid step, at most
	tol := math.Max(metres, grid)
	for range 8 {
		simple := geo.SimplifyLonLat(polys, tol)
		collapsed := false
		for i, mp := range simple {
			simple[i] = geo.Clean(dataset.Round(mp, decimals).(orb.MultiPolygon))
			collapsed = collapsed || (len(simple[i]) == 0 && len(polys[i]) > 0)
		}
		if collapsed {
			// A polygon smaller than the grid vanished; simplifying more
			// will not bring it back.
			return nil, false
		}
		if allValid(simple) {
			out := replace(feats, idx, simple)
			for i, f := range out {
				if pt, ok := f.Geometry.(orb.Point); ok {
					c := *f
					c.Geometry = dataset.Round(pt, decimals)
					out[i] = &c
				}
			}
			return out, true
		}
		tol *= 2
	}
	return nil, false
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
	{"boundary", color.NRGBA{0xff, 0xff, 0xff, 0x00}, color.NRGBA{0x55, 0x55, 0x55, 0xff}, 1, false},
	{"place", color.NRGBA{0, 0, 0, 0xff}, color.NRGBA{0, 0, 0, 0xff}, 1, false},
}

func styleFor(status string) string {
	switch {
	case status == "controlled" || status == "controlled-not-claimed":
		return "#controlled"
	case status == "claimed":
		return "#claimed"
	case status == "claimed-not-controlled":
		return "#claimed-not-controlled"
	case strings.HasPrefix(status, "held-by-"):
		return "#place"
	}
	return "#boundary"
}

// KML encodes fc as a KML 2.2 document: one placemark per feature, named
// after it, with the feature's id as its id, every property as
// ExtendedData and the site's styles.
func KML(fc *geojson.FeatureCollection, info KMLInfo, decimals int) ([]byte, error) {
	children := []kml.Element{kml.Name(info.Name), kml.Description(info.Description)}
	for _, s := range kmlStyles {
		children = append(children, kml.SharedStyle(s.id,
			kml.LineStyle(kml.Color(s.line), kml.Width(s.width)),
			kml.PolyStyle(kml.Color(s.fill), kml.Fill(s.filled), kml.Outline(true)),
		))
	}
	for i, f := range fc.Features {
		geom, err := kmlGeometry(Round(f.Geometry, decimals))
		if err != nil {
			return nil, fmt.Errorf("feature %d: %w", i, err)
		}
		name, _ := f.Properties["name"].(string)
		status, _ := f.Properties["status"].(string)
		id, _ := f.ID.(string)
		children = append(children, placemark{id, []kml.Element{
			kml.Name(name),
			kml.StyleURL(styleFor(status)),
			kml.ExtendedData(data(f.Properties)...),
			geom,
		}})
	}
	var b bytes.Buffer
	if err := kml.KML(kml.Document(children...)).WriteIndent(&b, "", " "); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
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

func data(p geojson.Properties) []kml.Element {
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []kml.Element
	for _, k := range keys {
		var v string
		switch x := p[k].(type) {
		case []string:
			v = strings.Join(x, "; ")
		case []any:
			parts := make([]string, len(x))
			for i, e := range x {
				parts[i] = fmt.Sprint(e)
			}
			v = strings.Join(parts, "; ")
		default:
			v = fmt.Sprint(x)
		}
		out = append(out, kml.Data(k, kml.Value(v)))
	}
	return out
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

func allValid(mps []orb.MultiPolygon) bool {
	for _, mp := range mps {
		if len(mp) > 0 && !geo.Valid(mp) {
			return false
		}
	}
	return true
}
