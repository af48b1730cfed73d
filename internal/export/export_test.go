package export

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

func sample() *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	a := geojson.NewFeature(orb.MultiPolygon{{{{30, 46}, {31, 46}, {31, 47}, {30, 47}, {30, 46}}, {{30.2, 46.2}, {30.2, 46.4}, {30.4, 46.4}, {30.2, 46.2}}}})
	a.Properties = geojson.Properties{"region": "donetsk", "name": "A & B", "status": "controlled", "variants": []string{"x", "y"}}
	b := geojson.NewFeature(orb.MultiPolygon{{{{31, 46}, {32, 46}, {32, 47}, {31, 47}, {31, 46}}}})
	b.Properties = geojson.Properties{"region": "kharkiv", "claimed_region": "", "name": "B", "status": "boundary"}
	p := geojson.NewFeature(orb.Point{30.5, 46.5})
	p.Properties = geojson.Properties{"region": "donetsk", "name": "P", "status": "held-by-russia"}
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
		Placemarks []struct {
			Name     string `xml:"name"`
			StyleURL string `xml:"styleUrl"`
			Data     []struct {
				Name  string `xml:"name,attr"`
				Value string `xml:"value"`
			} `xml:"ExtendedData>Data"`
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
	p := doc.Placemarks[0]
	if p.Name != "A & B" || p.StyleURL != "#controlled" || len(p.Inner) != 1 {
		t.Errorf("placemark 0 = %+v", p)
	}
	found := false
	for _, d := range p.Data {
		if d.Name == "variants" && d.Value == "x; y" {
			found = true
		}
	}
	if !found {
		t.Errorf("variants not joined in ExtendedData: %+v", p.Data)
	}
	if !strings.HasPrefix(strings.TrimSpace(doc.Placemarks[2].Point), "30.5,46.5") {
		t.Errorf("point coordinates %q", doc.Placemarks[2].Point)
	}
}
