package tiles

import (
	"hash/fnv"
	"math"

	"github.com/paulmach/orb/geojson"
)

// IDProperty is the property that carries a feature's string id in a
// tile, as MVT ids can only be numbers.
const IDProperty = "id"

// idBits bounds hashed ids: JavaScript numbers, and so MapLibre's feature
// ids and feature state, are exact up to 2^53.
const idBits = 53

// FeatureID returns the MVT id of a feature with GeoJSON id id, and the
// string that goes into IDProperty ("" for none). A string id, the same
// in every format (atlas.FeatureID), is hashed: FNV-1a, 64 bits, cut to
// the low 53, so the same feature has the same tile id in every dataset
// version and on every server. A whole number from 0 to 2^53 is kept. Any
// other id, or none, gives the feature's position in its layer, which
// lasts only as long as the layer does.
func FeatureID(id any, position int) (uint64, string) {
	switch v := id.(type) {
	case string:
		h := fnv.New64a()
		h.Write([]byte(v))
		return h.Sum64() & (1<<idBits - 1), v
	case float64:
		if v >= 0 && v <= 1<<idBits && v == math.Trunc(v) {
			return uint64(v), ""
		}
	case int:
		if v >= 0 && v <= 1<<idBits {
			return uint64(v), ""
		}
	case uint64:
		if v <= 1<<idBits {
			return v, ""
		}
	}
	return uint64(position), ""
}

// sourceID is FeatureID for a source feature, adding the string id to its
// tile properties unless they already hold one.
func sourceID(f *geojson.Feature, position int, props map[string]any) uint64 {
	id, s := FeatureID(f.ID, position)
	if _, taken := props[IDProperty]; s != "" && !taken {
		props[IDProperty] = s
	}
	return id
}
