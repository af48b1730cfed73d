package export

import (
	"encoding/json"
	"encoding/xml"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

func TestRound(t *testing.T) {
	// 30.0000004 and 30.0000001 both round to 30 at 6 decimals.
	in := orb.MultiPolygon{
		{{{30, 46}, {30.0000004, 46.0000001}, {31, 46}, {31, 47}, {30, 47}, {30.0000001, 46}}},
		// A ring a grid step across vanishes, and with its exterior the polygon.
		{{{35, 45}, {35.0000001, 45}, {35.0000001, 45.0000001}, {35, 45}}},
	}
	got := Round(in, 6)
	want := orb.MultiPolygon{{{{30, 46}, {31, 46}, {31, 47}, {30, 47}, {30, 46}}}}
	if !orb.Equal(got, want) {
		t.Errorf("Round = %v, want %v", got, want)
	}
	if in[0][0][1] != (orb.Point{30.0000004, 46.0000001}) {
		t.Error("Round changed its input")
	}
	if p := Round(orb.Point{30.12345, 46.5}, 2); p != (orb.Point{30.12, 46.5}) {
		t.Errorf("Round(point) = %v", p)
	}
}

func TestGeoJSONNameAndIDs(t *testing.T) {
	fc := sample()
	fc.Features[0].ID = "donetsk-controlled-2025-08-08"
	b, err := GeoJSON(fc, GeoJSONInfo{Name: "claimsmap-controlled-2025-08-08"}, 6)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Type, Name string
		Features   []struct {
			ID any
		}
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	if doc.Type != "FeatureCollection" || doc.Name != "claimsmap-controlled-2025-08-08" || len(doc.Features) != 3 {
		t.Errorf("type %q, name %q, %d features", doc.Type, doc.Name, len(doc.Features))
	}
	if doc.Features[0].ID != "donetsk-controlled-2025-08-08" || doc.Features[1].ID != nil {
		t.Errorf("ids %v, %v; want the feature's id and none", doc.Features[0].ID, doc.Features[1].ID)
	}
	if _, err := geojson.UnmarshalFeatureCollection(b); err != nil {
		t.Error(err)
	}

	k, err := KML(fc, KMLInfo{Name: "n"}, 6)
	if err != nil {
		t.Fatal(err)
	}
	var kd struct {
		Placemarks []struct {
			ID   string `xml:"id,attr"`
			Name string `xml:"name"`
		} `xml:"Document>Placemark"`
	}
	if err := xml.Unmarshal(k, &kd); err != nil {
		t.Fatal(err)
	}
	if len(kd.Placemarks) != 3 || kd.Placemarks[0].ID != "donetsk-controlled-2025-08-08" || kd.Placemarks[0].Name != "A & B" || kd.Placemarks[1].ID != "" {
		t.Errorf("placemarks %+v", kd.Placemarks)
	}
}
