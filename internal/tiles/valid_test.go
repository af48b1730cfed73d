package tiles

import (
	"fmt"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/encoding/wkb"
	"github.com/paulmach/orb/maptile"
	sf "github.com/peterstace/simplefeatures/geom"
)

// invalidPolygons decodes a tile and returns, for each polygonal feature
// that simplefeatures (OGC Simple Features, the rules of MVT 2.1 and of
// GEOS under GDAL) finds invalid, a line saying why.
func invalidPolygons(t testing.TB, data []byte) (polygons int, invalid []string) {
	t.Helper()
	ls, err := mvt.Unmarshal(data)
	if err != nil {
		t.Fatalf("decoding: %v", err)
	}
	for _, l := range ls {
		for _, f := range l.Features {
			switch f.Geometry.(type) {
			case orb.Polygon, orb.MultiPolygon:
			default:
				continue
			}
			polygons++
			if err := validPolygonal(f.Geometry); err != nil {
				invalid = append(invalid, fmt.Sprintf("layer %s feature %v: %v", l.Name, f.ID, err))
			}
		}
	}
	return polygons, invalid
}

func validPolygonal(g orb.Geometry) error {
	b, err := wkb.Marshal(g)
	if err != nil {
		return err
	}
	_, err = sf.UnmarshalWKB(b)
	return err
}

// TestTilesValid decodes every tile from zoom 0 to 10 that touches the
// default dataset and checks that every polygon in it is valid: GDAL's
// MVT driver stopped on tile 8/154/89 with a TopologyException when the
// tiles rounded each vertex on its own.
func TestTilesValid(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes some four thousand tiles")
	}
	s := realSet(t)
	b := s.Bounds()
	var tilesSeen, polygons, bad int
	for z := maptile.Zoom(0); z <= 10; z++ {
		nw := maptile.At(orb.Point{b.Min[0], b.Max[1]}, z)
		se := maptile.At(orb.Point{b.Max[0], b.Min[1]}, z)
		for x := nw.X; x <= se.X; x++ {
			for y := nw.Y; y <= se.Y; y++ {
				data, err := s.Tile(z, x, y)
				if err != nil {
					t.Fatal(err)
				}
				if data == nil {
					continue
				}
				tilesSeen++
				n, invalid := invalidPolygons(t, data)
				polygons += n
				for _, msg := range invalid {
					if bad++; bad <= 20 {
						t.Errorf("tile %d/%d/%d: %s", z, x, y, msg)
					}
				}
			}
		}
	}
	t.Logf("%d tiles, %d polygonal features, %d invalid", tilesSeen, polygons, bad)
	if polygons < 500 {
		t.Errorf("only %d polygonal features in %d tiles: the test checked little", polygons, tilesSeen)
	}
}
