package geo

import (
	"fmt"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
	sf "github.com/peterstace/simplefeatures/geom"
)

// Intersection returns the part of a that lies inside b.
func Intersection(a, b orb.MultiPolygon) (orb.MultiPolygon, error) {
	return overlay("intersection", sf.Intersection, a, b)
}

// Difference returns the part of a that lies outside b.
func Difference(a, b orb.MultiPolygon) (orb.MultiPolygon, error) {
	return overlay("difference", sf.Difference, a, b)
}

// Union returns the area covered by a or b.
func Union(a, b orb.MultiPolygon) (orb.MultiPolygon, error) {
	return overlay("union", sf.Union, a, b)
}

// UnionAll dissolves every polygon in ps into one multipolygon.
func UnionAll(ps ...orb.MultiPolygon) (orb.MultiPolygon, error) {
	gs := make([]sf.Geometry, 0, len(ps))
	for i, p := range ps {
		g, err := toSF(p)
		if err != nil {
			return nil, fmt.Errorf("union: input %d: %w", i, err)
		}
		gs = append(gs, g)
	}
	u, err := sf.UnionMany(gs)
	if err != nil {
		return nil, fmt.Errorf("union: %w", err)
	}
	return fromSF(u)
}

// Multi returns g as a multipolygon: a polygon becomes a one-element
// multipolygon, anything that is not areal yields nil.
func Multi(g orb.Geometry) orb.MultiPolygon {
	switch g := g.(type) {
	case orb.Polygon:
		return orb.MultiPolygon{g}
	case orb.MultiPolygon:
		return g
	case orb.Collection:
		var mp orb.MultiPolygon
		for _, c := range g {
			mp = append(mp, Multi(c)...)
		}
		return mp
	}
	return nil
}

func overlay(name string, op func(a, b sf.Geometry) (sf.Geometry, error), a, b orb.MultiPolygon) (orb.MultiPolygon, error) {
	ga, err := toSF(a)
	if err != nil {
		return nil, fmt.Errorf("%s: first operand: %w", name, err)
	}
	gb, err := toSF(b)
	if err != nil {
		return nil, fmt.Errorf("%s: second operand: %w", name, err)
	}
	r, err := op(ga, gb)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return fromSF(r)
}

func toSF(mp orb.MultiPolygon) (sf.Geometry, error) {
	if len(mp) == 0 {
		return sf.MultiPolygon{}.AsGeometry(), nil
	}
	b, err := wkb.Marshal(mp)
	if err != nil {
		return sf.Geometry{}, err
	}
	return sf.UnmarshalWKB(b)
}

func fromSF(g sf.Geometry) (orb.MultiPolygon, error) {
	if g.IsEmpty() {
		return nil, nil
	}
	o, err := wkb.Unmarshal(g.AsBinary())
	if err != nil {
		return nil, err
	}
	return Multi(o), nil
}

// Valid reports whether mp is a valid multipolygon in the OGC simple
// features sense: simple rings, holes inside their shells, no overlaps.
func Valid(mp orb.MultiPolygon) bool {
	_, err := toSF(mp)
	return err == nil
}

// DropSlivers returns mp without the polygons smaller than minKm2 on the
// sphere: the slivers overlay leaves where two boundaries nearly agree.
func DropSlivers(mp orb.MultiPolygon, minKm2 float64) orb.MultiPolygon {
	var out orb.MultiPolygon
	for _, p := range mp {
		if Area(p) >= minKm2 {
			out = append(out, p)
		}
	}
	return out
}
