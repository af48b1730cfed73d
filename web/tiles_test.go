package web

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/paulmach/orb/encoding/mvt"
)

func TestTiles(t *testing.T) {
	r := get(t, "/tiles.json")
	var tj struct {
		TileJSON     string    `json:"tilejson"`
		Tiles        []string  `json:"tiles"`
		Bounds       []float64 `json:"bounds"`
		VectorLayers []struct {
			ID string `json:"id"`
		} `json:"vector_layers"`
	}
	if err := json.Unmarshal([]byte(body(t, r)), &tj); err != nil {
		t.Fatal(err)
	}
	if tj.TileJSON != "3.0.0" || len(tj.Tiles) != 1 || !strings.HasSuffix(tj.Tiles[0], "/tiles/{z}/{x}/{y}.mvt") || len(tj.VectorLayers) != 7 {
		t.Errorf("tiles.json = %+v", tj)
	}
	// The z=6 tile over Donetsk.
	r = get(t, "/tiles/6/38/22.mvt")
	if r.StatusCode != 200 || r.Header.Get("Content-Type") != "application/vnd.mapbox-vector-tile" || r.Header.Get("ETag") == "" {
		t.Fatalf("tile: status %d, type %q", r.StatusCode, r.Header.Get("Content-Type"))
	}
	layers, err := mvt.Unmarshal([]byte(body(t, r)))
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]int{}
	for _, l := range layers {
		names[l.Name] = len(l.Features)
	}
	if names["claimed"] == 0 || names["controlled"] == 0 {
		t.Errorf("tile 6/38/22 layers: %v", names)
	}
	if r := get(t, "/tiles/6/0/0.mvt"); r.StatusCode != 204 {
		t.Errorf("empty tile: status %d, want 204", r.StatusCode)
	}
	for path, status := range map[string]int{"/tiles/13/0/0.mvt": 404, "/tiles/2/9/0.mvt": 404, "/tiles/a/0/0.mvt": 400, "/tiles/1/0/0.png": 404} {
		if r := get(t, path); r.StatusCode != status {
			t.Errorf("%s: status %d, want %d", path, r.StatusCode, status)
		}
	}
}
