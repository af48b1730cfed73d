package tiles

import (
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/dataset"
	"github.com/claimsmap/claimsmap/internal/defaultdata"
)

// border is the wiggly line from (31, 46) north to (31, 47) that the two
// test squares share: a zigzag of 0.03° (about 3.3 km, eleven tile units
// at zoom 5) with a jitter of 0.0003° (33 m, a tenth of a unit) on every
// vertex between its corners, so that simplification at zoom 5 keeps the
// zigzag (every fifth vertex) and drops the jitter.
func border() []orb.Point {
	const n = 40
	pts := make([]orb.Point, 0, n+1)
	for i := 0; i <= n; i++ {
		d := 0.0
		switch m := i % 10; {
		case m <= 5:
			d = 0.03 * float64(m) / 5
		default:
			d = 0.03 * float64(10-m) / 5
		}
		if i%5 != 0 {
			if i%2 == 0 {
				d += 0.0003
			} else {
				d -= 0.0003
			}
		}
		pts = append(pts, orb.Point{31 + d, 46 + float64(i)/n})
	}
	return pts
}

// testLayers returns two squares of 1°, west and east of the wiggly
// border, with counter-clockwise exteriors as GeoJSON has them, and a
// town in the eastern one.
func testLayers() []Layer {
	b := border()
	west := orb.Ring{{30, 46}}
	west = append(west, b...)
	west = append(west, orb.Point{30, 47}, orb.Point{30, 46})
	east := orb.Ring{{31, 46}, {32, 46}, {32, 47}}
	for i := len(b) - 1; i >= 0; i-- {
		east = append(east, b[i])
	}

	areas := geojson.NewFeatureCollection()
	w := geojson.NewFeature(orb.Polygon{west})
	w.Properties = geojson.Properties{
		"name": "West", "population": 1200, "area_km2": 7700.5, "held": true,
		"variants": []string{"W", "Zakhid"}, "code": "A",
		"nested": map[string]any{"a": 1}, "missing": nil,
	}
	areas.Append(w)
	e := geojson.NewFeature(orb.MultiPolygon{{east}})
	e.Properties = geojson.Properties{
		"name": "East", "population": 800, "area_km2": 7700.5, "held": false,
		"variants": []any{"E", 2.5}, "code": 2,
	}
	areas.Append(e)

	places := geojson.NewFeatureCollection()
	town := geojson.NewFeature(orb.Point{31.5, 46.5})
	town.Properties = geojson.Properties{"name": "Town", "population": 15000}
	places.Append(town)

	return []Layer{
		{Name: "areas", Description: "Two squares", Features: areas},
		{Name: "places", Features: places},
	}
}

func testSet(t testing.TB) *Set {
	t.Helper()
	s, err := New(testLayers(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func decode(t testing.TB, data []byte) map[string]*mvt.Layer {
	t.Helper()
	ls, err := mvt.Unmarshal(data)
	if err != nil {
		t.Fatalf("decoding: %v", err)
	}
	out := map[string]*mvt.Layer{}
	for _, l := range ls {
		out[l.Name] = l
	}
	return out
}

func layerNames(t testing.TB, data []byte) []string {
	t.Helper()
	ls, err := mvt.Unmarshal(data)
	if err != nil {
		t.Fatalf("decoding: %v", err)
	}
	var names []string
	for _, l := range ls {
		names = append(names, l.Name)
	}
	return names
}

func TestTileContents(t *testing.T) {
	s := testSet(t)
	tile := maptile.At(orb.Point{31, 46.5}, 5)
	if b := tile.Bound(); !b.Contains(orb.Point{30, 46}) || !b.Contains(orb.Point{32, 47}) {
		t.Fatalf("test data not inside tile %v", tile)
	}
	data, err := s.Tile(tile.Z, tile.X, tile.Y)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := layerNames(t, data), []string{"areas", "places"}; !slices.Equal(got, want) {
		t.Fatalf("layers %v, want %v in the order given", got, want)
	}
	ls := decode(t, data)

	areas := ls["areas"]
	if areas.Version != 2 || areas.Extent != DefaultExtent {
		t.Errorf("areas: version %d extent %d, want 2 and %d", areas.Version, areas.Extent, DefaultExtent)
	}
	if len(areas.Features) != 2 {
		t.Fatalf("areas: %d features, want 2", len(areas.Features))
	}
	wantProps := []geojson.Properties{
		{"name": "West", "population": 1200.0, "area_km2": 7700.5, "held": true, "variants": "W; Zakhid", "code": "A"},
		{"name": "East", "population": 800.0, "area_km2": 7700.5, "held": false, "variants": "E; 2.5", "code": 2.0},
	}
	for i, f := range areas.Features {
		if f.ID != float64(i) {
			t.Errorf("areas feature %d: id %v, want its index", i, f.ID)
		}
		if f.Geometry.GeoJSONType() != "Polygon" {
			t.Errorf("areas feature %d: %s, want Polygon", i, f.Geometry.GeoJSONType())
		}
		if !mapsEqual(f.Properties, wantProps[i]) {
			t.Errorf("areas feature %d: properties %v, want %v", i, f.Properties, wantProps[i])
		}
		// Exteriors must have positive area in tile coordinates (y down).
		if p, ok := f.Geometry.(orb.Polygon); ok && signedArea(p[0]) <= 0 {
			t.Errorf("areas feature %d: exterior ring has area %v, want positive", i, signedArea(p[0]))
		}
	}

	places := ls["places"]
	if places == nil || len(places.Features) != 1 {
		t.Fatalf("places: want one feature, got %v", places)
	}
	p, ok := places.Features[0].Geometry.(orb.Point)
	if !ok {
		t.Fatalf("places: %s, want Point", places.Features[0].Geometry.GeoJSONType())
	}
	// Back to lon/lat, within a tile unit (0.003° at zoom 5).
	places.ProjectToWGS84(tile)
	if q := places.Features[0].Geometry.(orb.Point); math.Abs(q[0]-31.5) > 0.003 || math.Abs(q[1]-46.5) > 0.003 {
		t.Errorf("town at %v (tile %v), want near 31.5, 46.5", q, p)
	}
	if got := places.Features[0].Properties["name"]; got != "Town" {
		t.Errorf("town name %v", got)
	}
}

func mapsEqual(a, b map[string]any) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestSharedBorder checks that the two squares still share every vertex
// of their border after simplification at a low zoom, and that the
// simplification did something.
func TestSharedBorder(t *testing.T) {
	s := testSet(t)
	tile := maptile.At(orb.Point{31, 46.5}, 5)
	data, err := s.Tile(tile.Z, tile.X, tile.Y)
	if err != nil {
		t.Fatal(err)
	}
	areas := decode(t, data)["areas"]
	if areas == nil || len(areas.Features) != 2 {
		t.Fatal("want two areas")
	}

	// The border lies near x of 31°; the squares' other sides are 1°
	// (364 units) away.
	bx := math.Floor((211.0/360*32 - float64(tile.X)) * float64(DefaultExtent))
	near := func(g orb.Geometry) map[orb.Point]bool {
		out := map[orb.Point]bool{}
		for _, p := range g.(orb.Polygon)[0] {
			if math.Abs(p[0]-bx) <= 20 {
				out[p] = true
			}
		}
		return out
	}
	west, east := near(areas.Features[0].Geometry), near(areas.Features[1].Geometry)
	for p := range west {
		if !east[p] {
			t.Errorf("west vertex %v not in the east square", p)
		}
	}
	for p := range east {
		if !west[p] {
			t.Errorf("east vertex %v not in the west square", p)
		}
	}
	// Corners and zigzag kept (9), jitter dropped (32).
	if n := len(west); n != 9 {
		t.Errorf("%d border vertices at zoom 5, want 9 of %d", n, len(border()))
	}

	// At the deepest zoom nothing is dropped: the tile holds all 41.
	deep := maptile.At(orb.Point{31, 46.5}, 12)
	data, err = s.Tile(deep.Z, deep.X, deep.Y)
	if err != nil || data == nil {
		t.Fatalf("zoom 12: %v, %d bytes", err, len(data))
	}
}

// TestTileBuffer checks that geometry reaches into the buffer and no
// further on every tile over the data at zoom 8, where the squares span
// several tiles.
func TestTileBuffer(t *testing.T) {
	s := testSet(t)
	const z = 8
	lo, hi := -float64(DefaultBuffer), float64(DefaultExtent+DefaultBuffer)
	nw, se := maptile.At(orb.Point{30, 47}, z), maptile.At(orb.Point{32, 46}, z)
	var tiles, onEdge int
	for x := nw.X; x <= se.X; x++ {
		for y := nw.Y; y <= se.Y; y++ {
			data, err := s.Tile(z, x, y)
			if err != nil {
				t.Fatal(err)
			}
			if data == nil {
				continue
			}
			tiles++
			for name, l := range decode(t, data) {
				for _, f := range l.Features {
					for _, p := range points(f.Geometry) {
						if p[0] < lo || p[0] > hi || p[1] < lo || p[1] > hi {
							t.Errorf("tile %d/%d/%d layer %s: point %v outside [%v, %v]", z, x, y, name, p, lo, hi)
						}
						if p[0] == lo || p[0] == hi || p[1] == lo || p[1] == hi {
							onEdge++
						}
					}
				}
			}
		}
	}
	if tiles < 4 {
		t.Errorf("%d tiles with data at zoom %d, want the squares to span at least 4", tiles, z)
	}
	if onEdge == 0 {
		t.Error("no vertex on the buffer's edge: nothing was clipped")
	}
}

func points(g orb.Geometry) []orb.Point {
	switch g := g.(type) {
	case orb.Point:
		return []orb.Point{g}
	case orb.MultiPoint:
		return g
	case orb.LineString:
		return g
	case orb.MultiLineString:
		var out []orb.Point
		for _, ls := range g {
			out = append(out, ls...)
		}
		return out
	case orb.Polygon:
		var out []orb.Point
		for _, r := range g {
			out = append(out, r...)
		}
		return out
	case orb.MultiPolygon:
		var out []orb.Point
		for _, p := range g {
			out = append(out, points(p)...)
		}
		return out
	}
	return nil
}

func TestTileEmptyAndOutOfRange(t *testing.T) {
	s := testSet(t)
	tests := []struct {
		name    string
		z       maptile.Zoom
		x, y    uint32
		wantErr bool
	}{
		{"far from the data", 5, 0, 0, false},
		{"next to the data beyond the buffer", 8, maptile.At(orb.Point{32, 46.5}, 8).X + 2, maptile.At(orb.Point{32, 46.5}, 8).Y, false},
		{"zoom above max", 13, 0, 0, true},
		{"x past the edge", 3, 8, 0, true},
		{"y past the edge", 3, 0, 8, true},
		{"x = 2^z at max zoom", 12, 1 << 12, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := s.Tile(tt.z, tt.x, tt.y)
			if tt.wantErr {
				if !errors.Is(err, ErrOutOfRange) {
					t.Errorf("error %v, want ErrOutOfRange", err)
				}
				return
			}
			if err != nil || data != nil {
				t.Errorf("got %d bytes, error %v; want nil, nil", len(data), err)
			}
		})
	}

	s2, err := New(testLayers(), Options{MinZoom: 4, MaxZoom: 6})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s2.Tile(3, 0, 0); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("zoom 3 below min 4: error %v, want ErrOutOfRange", err)
	}
}

func TestNewErrors(t *testing.T) {
	collection := geojson.NewFeatureCollection()
	collection.Append(geojson.NewFeature(orb.Collection{orb.Point{1, 2}}))
	tests := []struct {
		name   string
		layers []Layer
		opt    Options
		want   string
	}{
		{"no name", []Layer{{Features: geojson.NewFeatureCollection()}}, Options{}, "layer 0 has no name"},
		{"twice", []Layer{{Name: "a"}, {Name: "a"}}, Options{}, `layer "a" given twice`},
		{"collection", []Layer{{Name: "c", Features: collection}}, Options{}, `layer "c": feature 0: GeometryCollection geometry is not supported`},
		{"zooms reversed", nil, Options{MinZoom: 5, MaxZoom: 4}, "max zoom 4 below min zoom 5"},
		{"zoom too deep", nil, Options{MaxZoom: 30}, "max zoom 30 above 24"},
		{"buffer too wide", nil, Options{MaxZoom: 3, Extent: 256, Buffer: 512}, "buffer 512 larger than the extent 256"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.layers, tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestTileJSON(t *testing.T) {
	s := testSet(t)
	tj := s.TileJSON("https://example.org/tiles/{z}/{x}/{y}.mvt", "Test", "Two squares and a town", "© test", "1.0.0")

	if tj.TileJSON != "3.0.0" || tj.Scheme != "xyz" || tj.Name != "Test" || tj.Version != "1.0.0" || tj.Attribution != "© test" {
		t.Errorf("header fields: %+v", tj)
	}
	if !slices.Equal(tj.Tiles, []string{"https://example.org/tiles/{z}/{x}/{y}.mvt"}) {
		t.Errorf("tiles %v", tj.Tiles)
	}
	if tj.MinZoom != 0 || tj.MaxZoom != 12 {
		t.Errorf("zooms %d–%d, want 0–12", tj.MinZoom, tj.MaxZoom)
	}
	if want := [4]float64{30, 46, 32, 47}; tj.Bounds != want {
		t.Errorf("bounds %v, want %v", tj.Bounds, want)
	}
	// 2° wide: two tiles at zoom 8 (1.4° each), more at 9.
	if want := [3]float64{31, 46.5, 8}; tj.Center != want {
		t.Errorf("center %v, want %v", tj.Center, want)
	}

	if len(tj.VectorLayers) != 2 {
		t.Fatalf("%d vector layers, want 2", len(tj.VectorLayers))
	}
	tests := []struct {
		layer  int
		id     string
		desc   string
		fields map[string]string
	}{
		{0, "areas", "Two squares", map[string]string{
			"name": FieldString, "population": FieldNumber, "area_km2": FieldNumber, "held": FieldBoolean,
			"variants": FieldString, "code": FieldMixed,
		}},
		{1, "places", "", map[string]string{"name": FieldString, "population": FieldNumber}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			vl := tj.VectorLayers[tt.layer]
			if vl.ID != tt.id || vl.Description != tt.desc || vl.MinZoom != 0 || vl.MaxZoom != 12 {
				t.Errorf("layer %+v", vl)
			}
			if !mapsEqualString(vl.Fields, tt.fields) {
				t.Errorf("fields %v, want %v", vl.Fields, tt.fields)
			}
		})
	}

	b, err := json.Marshal(tj)
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"tilejson", "scheme", "tiles", "minzoom", "maxzoom", "bounds", "center", "vector_layers"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("JSON has no %q: %s", k, b)
		}
	}
}

func mapsEqualString(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestTileValue(t *testing.T) {
	tests := []struct {
		name string
		in   any
		want any
		ok   bool
	}{
		{"string", "x", "x", true},
		{"int", 3, 3, true},
		{"float", 2.5, 2.5, true},
		{"bool", true, true, true},
		{"json number", json.Number("12"), int64(12), true},
		{"strings", []string{"a", "b"}, "a; b", true},
		{"mixed list", []any{"a", 1, 1.5, false}, "a; 1; 1.5; false", true},
		{"empty list", []string{}, "", true},
		{"nil", nil, nil, false},
		{"object", map[string]any{"a": 1}, nil, false},
		{"list of objects", []any{map[string]any{"a": 1}}, nil, false},
		{"struct", struct{ A int }{1}, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tileValue(tt.in)
			if ok != tt.ok || (ok && got != tt.want) {
				t.Errorf("tileValue(%#v) = %#v, %v; want %#v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestTileConcurrent(t *testing.T) {
	s := testSet(t)
	tile := maptile.At(orb.Point{31, 46.5}, 7)
	want, err := s.Tile(tile.Z, tile.X, tile.Y)
	if err != nil {
		t.Fatal(err)
	}
	s = testSet(t) // cold again, so the goroutines race to build the zoom
	var wg sync.WaitGroup
	got := make([][]byte, 8)
	for i := range got {
		wg.Go(func() { got[i], _ = s.Tile(tile.Z, tile.X, tile.Y) })
	}
	wg.Wait()
	for i, g := range got {
		if string(g) != string(want) {
			t.Errorf("goroutine %d: %d bytes differ from the %d of a single call", i, len(g), len(want))
		}
	}
}

// realLayers builds the layers of the default dataset at its snapshot
// date, once for all tests and benchmarks of the package.
var realLayers = sync.OnceValues(func() ([]Layer, error) {
	d, err := dataset.Load(defaultdata.FS())
	if err != nil {
		return nil, err
	}
	a, err := atlas.New(d)
	if err != nil {
		return nil, err
	}
	var out []Layer
	for _, l := range atlas.Layers() {
		fc, err := a.Latest().LayerFeatures(l.Name)
		if err != nil {
			return nil, err
		}
		out = append(out, Layer{Name: l.Name, Description: l.Description, Features: fc})
	}
	return out, nil
})

func realSet(t testing.TB) *Set {
	t.Helper()
	layers, err := realLayers()
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(layers, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// donetsk is the centre of Donetsk city.
var donetsk = orb.Point{37.80, 48.02}

func TestRealLayers(t *testing.T) {
	s := realSet(t)
	layers, _ := realLayers()
	empty := map[string]bool{}
	for _, l := range layers {
		empty[l.Name] = len(l.Features.Features) == 0
	}
	all := []string{}
	for _, l := range atlas.Layers() {
		all = append(all, l.Name)
	}
	tests := []struct {
		name string
		tile maptile.Tile
		want []string
	}{
		{"world", maptile.New(0, 0, 0), all},
		{"Donetsk at zoom 6", maptile.At(donetsk, 6), []string{atlas.LayerClaimed, atlas.LayerControlled}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := s.Tile(tt.tile.Z, tt.tile.X, tt.tile.Y)
			if err != nil {
				t.Fatal(err)
			}
			ls := decode(t, data)
			for _, name := range tt.want {
				if empty[name] {
					continue // nothing to draw on this date (no grey zone)
				}
				if l := ls[name]; l == nil || len(l.Features) == 0 {
					t.Errorf("tile %v: no features in layer %s (layers %v)", tt.tile, name, layerNames(t, data))
				}
			}
			t.Logf("tile %d/%d/%d: %d bytes, layers %v", tt.tile.Z, tt.tile.X, tt.tile.Y, len(data), layerNames(t, data))
		})
	}

	b := s.Bounds()
	if !b.Contains(donetsk) || b.Min[0] < 20 || b.Max[0] > 42 || b.Min[1] < 43 || b.Max[1] > 53 {
		t.Errorf("bounds %v, want Ukraine's", b)
	}
}

func BenchmarkTileCold(b *testing.B) {
	layers, err := realLayers()
	if err != nil {
		b.Fatal(err)
	}
	tile := maptile.At(donetsk, 7)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		s, err := New(layers, Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := s.Tile(tile.Z, tile.X, tile.Y); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTileWarm(b *testing.B) {
	s := realSet(b)
	tile := maptile.At(donetsk, 7)
	if _, err := s.Tile(tile.Z, tile.X, tile.Y); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var n int
	for b.Loop() {
		data, err := s.Tile(tile.Z, tile.X, tile.Y)
		if err != nil {
			b.Fatal(err)
		}
		n = len(data)
	}
	b.ReportMetric(float64(n), "bytes/tile")
}

func TestEmptyGeometrySkipped(t *testing.T) {
	fc := geojson.NewFeatureCollection()
	fc.Append(geojson.NewFeature(orb.MultiPolygon{}))
	fc.Append(&geojson.Feature{Type: "Feature"})
	fc.Append(geojson.NewFeature(orb.Point{35, 48}))
	s, err := New([]Layer{{Name: "l", Features: fc}, {Name: "none"}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := (orb.Bound{Min: orb.Point{35, 48}, Max: orb.Point{35, 48}}); s.Bounds() != want {
		t.Errorf("bounds %v, want %v", s.Bounds(), want)
	}
	tile := maptile.At(orb.Point{35, 48}, 3)
	data, err := s.Tile(tile.Z, tile.X, tile.Y)
	if err != nil {
		t.Fatal(err)
	}
	l := decode(t, data)["l"]
	if l == nil || len(l.Features) != 1 || l.Features[0].ID != 2.0 {
		t.Errorf("want the point alone, with id 2 (its index), got %v", l)
	}
}

func TestFeatureID(t *testing.T) {
	const max53 = 1<<53 - 1
	a, as := FeatureID("donetsk-controlled-2025-08-08", 3)
	b, _ := FeatureID("donetsk-controlled-2025-08-08", 7)
	c, _ := FeatureID("donetsk-controlled-2024-12-31", 3)
	if a != b || as != "donetsk-controlled-2025-08-08" {
		t.Errorf("a string id must give one tile id whatever the position: %d, %d (%q)", a, b, as)
	}
	if a == c || a > max53 || c > max53 {
		t.Errorf("ids %d and %d: want distinct, below 2^53", a, c)
	}
	for _, tc := range []struct {
		id   any
		want uint64
	}{
		{nil, 5}, {12.0, 12}, {12, 12}, {uint64(12), 12}, {-1.0, 5}, {1.5, 5}, {1e300, 5}, {true, 5},
	} {
		if got, s := FeatureID(tc.id, 5); got != tc.want || s != "" {
			t.Errorf("FeatureID(%v, 5) = %d, %q; want %d, \"\"", tc.id, got, s, tc.want)
		}
	}
	// The string id travels as a property, and the tile id is its hash.
	fc := geojson.NewFeatureCollection()
	f := geojson.NewFeature(orb.Point{35, 48})
	f.ID = "bakhmut-place-2025-08-08"
	f.Properties = geojson.Properties{"name": "Bakhmut"}
	fc.Append(f)
	s, err := New([]Layer{{Name: "places", Features: fc}}, Options{MaxZoom: 3})
	if err != nil {
		t.Fatal(err)
	}
	tile := maptile.At(orb.Point{35, 48}, 3)
	data, err := s.Tile(tile.Z, tile.X, tile.Y)
	if err != nil {
		t.Fatal(err)
	}
	got := decode(t, data)["places"].Features[0]
	want, _ := FeatureID(f.ID, 0)
	if got.ID != float64(want) || got.Properties[IDProperty] != f.ID {
		t.Errorf("tile feature id %v, property %v; want %d and %q", got.ID, got.Properties[IDProperty], want, f.ID)
	}
	if f.Properties[IDProperty] != nil {
		t.Error("New changed the caller's properties")
	}
}

// TestTileReady: a tile near the data is ready once its zoom is
// simplified, by PrepareZoom or by a first tile; tiles outside the set or
// far from the data are always ready, and PrepareZoom changes no tile.
func TestTileReady(t *testing.T) {
	s := testSet(t)
	at := maptile.At(orb.Point{32, 46.5}, 8)
	if s.TileReady(8, at.X, at.Y) {
		t.Fatal("a tile of the data is ready before its zoom is simplified")
	}
	for _, c := range []struct {
		z    maptile.Zoom
		x, y uint32
	}{{5, 0, 0}, {13, 0, 0}, {3, 8, 0}} {
		if !s.TileReady(c.z, c.x, c.y) {
			t.Errorf("tile %d/%d/%d, far from the data or outside the set, is not ready", c.z, c.x, c.y)
		}
	}
	fresh := testSet(t)
	want, err := fresh.Tile(8, at.X, at.Y)
	if err != nil {
		t.Fatal(err)
	}
	if !fresh.TileReady(8, at.X, at.Y) {
		t.Error("a first tile did not leave its zoom ready")
	}
	s.PrepareZoom(8)
	if !s.TileReady(8, at.X, at.Y) || s.TileReady(9, at.X*2, at.Y*2) {
		t.Error("PrepareZoom(8) did not make zoom 8 ready, or made zoom 9 ready too")
	}
	if got, err := s.Tile(8, at.X, at.Y); err != nil || string(got) != string(want) {
		t.Errorf("the tile after PrepareZoom differs from one made without (%v)", err)
	}
}
