package dataset

import (
	"bytes"
	"encoding/json"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// Decimals is the coordinate precision of every GeoJSON file claimsmap
// writes: 6 decimals of a degree is about 0.1 m, far below the accuracy of
// any layer, and the most RFC 7946 advises.
const Decimals = 6

// EncodeFeatureCollection writes fc as GeoJSON with coordinates rounded to
// the given number of decimals and one feature per line, so that a diff of
// a layer shows which features changed. Property keys are sorted, so the
// same collection always gives the same bytes.
func EncodeFeatureCollection(fc *geojson.FeatureCollection, decimals int) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"type":"FeatureCollection","features":[`)
	for i, f := range fc.Features {
		g := Round(orb.Clone(f.Geometry), decimals)
		c := *f
		c.Geometry = g
		fb, err := json.Marshal(&c)
		if err != nil {
			return nil, err
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

// Round rounds every coordinate of g in place to the given number of
// decimals and returns it.
func Round(g orb.Geometry, decimals int) orb.Geometry {
	f := math.Pow10(decimals)
	r := func(p orb.Point) orb.Point {
		return orb.Point{math.Round(p[0]*f) / f, math.Round(p[1]*f) / f}
	}
	switch g := g.(type) {
	case orb.Point:
		return r(g)
	case orb.LineString:
		for i := range g {
			g[i] = r(g[i])
		}
	case orb.Ring:
		Round(orb.LineString(g), decimals)
	case orb.Polygon:
		for _, ring := range g {
			Round(ring, decimals)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			Round(p, decimals)
		}
	case orb.MultiLineString:
		for _, l := range g {
			Round(l, decimals)
		}
	case orb.MultiPoint:
		for i := range g {
			g[i] = r(g[i])
		}
	case orb.Collection:
		for i := range g {
			g[i] = Round(g[i], decimals)
		}
	}
	return g
}
