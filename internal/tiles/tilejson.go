package tiles

import (
	"maps"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// TileJSONVersion is the version of the TileJSON specification that
// TileJSON follows.
const TileJSONVersion = "3.0.0"

// TileJSON describes a Set for map clients, following TileJSON 3.0.0
// (https://github.com/mapbox/tilejson-spec/tree/master/3.0.0).
type TileJSON struct {
	TileJSON     string        `json:"tilejson"`
	Name         string        `json:"name,omitempty"`
	Description  string        `json:"description,omitempty"`
	Version      string        `json:"version,omitempty"`
	Attribution  string        `json:"attribution,omitempty"`
	Scheme       string        `json:"scheme"`
	Tiles        []string      `json:"tiles"`
	MinZoom      maptile.Zoom  `json:"minzoom"`
	MaxZoom      maptile.Zoom  `json:"maxzoom"`
	Bounds       [4]float64    `json:"bounds"` // west, south, east, north
	Center       [3]float64    `json:"center"` // longitude, latitude, zoom
	VectorLayers []VectorLayer `json:"vector_layers"`
}

// VectorLayer describes one layer of the tiles.
type VectorLayer struct {
	ID          string       `json:"id"`
	Description string       `json:"description,omitempty"`
	MinZoom     maptile.Zoom `json:"minzoom"`
	MaxZoom     maptile.Zoom `json:"maxzoom"`
	// Fields maps each property to its type: FieldString, FieldNumber,
	// FieldBoolean or, when features disagree, FieldMixed.
	Fields map[string]string `json:"fields"`
}

// TileJSON describes the set for a client that fetches tiles from tileURL,
// a template with {z}, {x} and {y}, such as
// "https://example.org/tiles/{z}/{x}/{y}.mvt". Version is the tileset's
// version (semver), not TileJSON's.
func (s *Set) TileJSON(tileURL, name, description, attribution, version string) TileJSON {
	b := s.Bounds()
	tj := TileJSON{
		TileJSON:    TileJSONVersion,
		Name:        name,
		Description: description,
		Version:     version,
		Attribution: attribution,
		Scheme:      "xyz",
		Tiles:       []string{tileURL},
		MinZoom:     s.opt.MinZoom,
		MaxZoom:     s.opt.MaxZoom,
		Bounds:      [4]float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]},
	}
	c := b.Center()
	tj.Center = [3]float64{c[0], c[1], float64(s.centerZoom(b))}
	tj.VectorLayers = make([]VectorLayer, 0, len(s.layers))
	for _, l := range s.layers {
		tj.VectorLayers = append(tj.VectorLayers, VectorLayer{
			ID:          l.name,
			Description: l.description,
			MinZoom:     s.opt.MinZoom,
			MaxZoom:     s.opt.MaxZoom,
			Fields:      maps.Clone(l.fields),
		})
	}
	return tj
}

// centerZoom is the deepest zoom at which b spans at most two tiles each
// way: the whole data on a screen of about a thousand pixels.
func (s *Set) centerZoom(b orb.Bound) maptile.Zoom {
	z := s.opt.MinZoom
	for z < s.opt.MaxZoom {
		lo, hi := maptile.Fraction(orb.Point{b.Min[0], b.Min[1]}, z+1), maptile.Fraction(orb.Point{b.Max[0], b.Max[1]}, z+1)
		if hi[0]-lo[0] > 2 || lo[1]-hi[1] > 2 {
			break
		}
		z++
	}
	return z
}
