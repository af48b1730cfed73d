package atlas

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/paulmach/orb/geojson"

	"github.com/claimsmap/claimsmap/geo"
)

// summarise describes a GeoJSON layer in a few reviewable lines per
// feature.
func summarise(t *testing.T, b []byte) string {
	t.Helper()
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		t.Fatal(err)
	}
	var s strings.Builder
	fmt.Fprintf(&s, "%d features, %d bytes\n", len(fc.Features), len(b))
	for i, f := range fc.Features {
		mp := geo.Multi(f.Geometry)
		verts := 0
		for _, p := range mp {
			for _, r := range p {
				verts += len(r)
			}
		}
		bb := f.Geometry.Bound()
		fmt.Fprintf(&s, "feature %d: %s, %d polygons, %d vertices, %.1f km², bbox %.4f,%.4f %.4f,%.4f\n",
			i, f.Geometry.GeoJSONType(), len(mp), verts, geo.Area(mp), bb.Min[0], bb.Min[1], bb.Max[0], bb.Max[1])
		keys := make([]string, 0, len(f.Properties))
		for k := range f.Properties {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&s, "  %s: %v\n", k, f.Properties[k])
		}
	}
	return s.String()
}
