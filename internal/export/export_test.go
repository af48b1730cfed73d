package export

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

func sample() *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	a := geojson.NewFeature(orb.MultiPolygon{{{{30, 46}, {31, 46}, {31, 47}, {30, 47}, {30, 46}}, {{30.2, 46.2}, {30.2, 46.4}, {30.4, 46.4}, {30.2, 46.2}}}})
	a.Properties = geojson.Properties{"region": "donetsk", "name": "A & B", "status": "controlled", "variants": []string{"x", "y"}, "area_km2": 123.4, "as_of": "2025-08-08", "within_claim": true}
	b := geojson.NewFeature(orb.MultiPolygon{{{{31, 46}, {32, 46}, {32, 47}, {31, 47}, {31, 46}}}})
	b.Properties = geojson.Properties{"region": "kharkiv", "claimed_region": "", "name": "B", "status": "boundary"}
	p := geojson.NewFeature(orb.Point{30.5, 46.5})
	p.Properties = geojson.Properties{"region": "donetsk", "name": "P", "status": "held-by-russia", "population": 1000.0}
	fc.Append(a)
	fc.Append(b)
	fc.Append(p)
	return fc
}

func TestFilter(t *testing.T) {
	filter := func(o Options) *geojson.FeatureCollection {
		t.Helper()
		fc, err := Filter(sample(), o)
		if err != nil {
			t.Fatal(err)
		}
		return fc
	}
	if n := len(filter(Options{Region: "donetsk", Decimals: 6}).Features); n != 2 {
		t.Errorf("region donetsk: %d features, want 2", n)
	}
	if n := len(filter(Options{Decimals: 6}).Features); n != 3 {
		t.Errorf("no filter: %d features, want 3", n)
	}
	s := filter(Options{SimplifyMetres: 500, Decimals: 6})
	if _, ok := s.Features[2].Geometry.(orb.Point); !ok {
		t.Error("simplify changed a point")
	}
	r := filter(Options{Decimals: 1})
	if p := r.Features[2].Geometry.(orb.Point); p != (orb.Point{30.5, 46.5}) {
		t.Errorf("rounded point %v", p)
	}
}

func TestKML(t *testing.T) {
	b, err := KML(sample(), KMLInfo{Name: "test", Description: "d"}, 6)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Fields []struct {
			Name string `xml:"name,attr"`
			Type string `xml:"type,attr"`
		} `xml:"Document>Schema>SimpleField"`
		Placemarks []struct {
			ID       string `xml:"id,attr"`
			Name     string `xml:"name"`
			When     string `xml:"TimeStamp>when"`
			StyleURL string `xml:"styleUrl"`
			Schema   struct {
				URL  string `xml:"schemaUrl,attr"`
				Data []struct {
					Name  string `xml:"name,attr"`
					Value string `xml:",chardata"`
				} `xml:"SimpleData"`
			} `xml:"ExtendedData>SchemaData"`
			Inner []string `xml:"MultiGeometry>Polygon>innerBoundaryIs>LinearRing>coordinates"`
			Point string   `xml:"Point>coordinates"`
		} `xml:"Document>Placemark"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	if len(doc.Placemarks) != 3 {
		t.Fatalf("%d placemarks", len(doc.Placemarks))
	}
	types := map[string]string{}
	for _, f := range doc.Fields {
		types[f.Name] = f.Type
	}
	for name, want := range map[string]string{"area_km2": "double", "population": "int", "within_claim": "bool", "name": "string", "variants": "string"} {
		if types[name] != want {
			t.Errorf("schema field %s has type %q, want %q (fields %v)", name, types[name], want, types)
		}
	}
	p := doc.Placemarks[0]
	if p.Name != "A & B" || p.StyleURL != "#controlled" || len(p.Inner) != 1 || p.Schema.URL != "#claimsmap" {
		t.Errorf("placemark 0 = %+v", p)
	}
	if !strings.HasPrefix(p.When, "2025-08-08") {
		t.Errorf("placemark 0 has TimeStamp %q, want its as_of", p.When)
	}
	found := false
	for _, d := range p.Schema.Data {
		if d.Name == "variants" && d.Value == "x; y" {
			found = true
		}
		// GDAL reads a bool field as an integer: "true" would be 0.
		if d.Name == "within_claim" && d.Value != "1" {
			t.Errorf("within_claim true written as %q, want 1", d.Value)
		}
	}
	if !found {
		t.Errorf("variants not joined in SchemaData: %+v", p.Schema.Data)
	}
	if got := doc.Placemarks[2].StyleURL; got != "#held-by-russia" {
		t.Errorf("a place held by Russia is styled %q, want #held-by-russia", got)
	}
	if !bytes.Contains(b, []byte(`<Style id="held-by-russia">`)) {
		t.Error("no style for places held by Russia")
	}
	if !strings.HasPrefix(strings.TrimSpace(doc.Placemarks[2].Point), "30.5,46.5") {
		t.Errorf("point coordinates %q", doc.Placemarks[2].Point)
	}
}
