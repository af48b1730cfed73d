// Package tiles cuts the map's layers into Mapbox Vector Tiles.
//
// A Set holds the layers in WGS84. For each zoom it builds, once and on
// first use, a copy simplified to about one pixel of the tile, with the
// borders that the polygons of a layer share simplified once, so that
// neighbouring areas still meet without gaps or overlaps. Tile clips that
// copy to one tile plus a buffer, snap-rounds the polygons of each layer
// together to whole tile units (geo.SnapRound), so that every polygon is
// valid as MVT 2.1 requires, and encodes it. The package knows nothing
// of HTTP: a handler asks for the bytes and chooses the headers.
package tiles

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"
	"github.com/paulmach/orb/project"
	"github.com/paulmach/orb/simplify"

	"github.com/claimsmap/claimsmap/geo"
)

// Defaults suit a country the size of Ukraine: at zoom 12 a pixel of a
// 4096-unit tile is about 2.4 m at the equator and 1.6 m at 48°N, finer
// than the data, so deeper zooms would only repeat it (map clients
// overzoom the last level).
const (
	DefaultMinZoom maptile.Zoom = 0
	DefaultMaxZoom maptile.Zoom = 12
	DefaultExtent  uint32       = 4096
	DefaultBuffer  uint32       = 64
)

// maxZoom bounds Options.MaxZoom: tile coordinates are uint32 and tile
// pixels at extent 4096 are still exact in float64 well beyond it.
const maxZoom maptile.Zoom = 24

// worldMetres is the width of the Web Mercator world in metres.
const worldMetres = 2 * math.Pi * orb.EarthRadius

// ErrOutOfRange reports a tile outside the set: a zoom outside
// MinZoom..MaxZoom, or x or y outside 0..2^z-1.
var ErrOutOfRange = errors.New("tile out of range")

// Layer is one source layer: GeoJSON features in WGS84 lon/lat.
type Layer struct {
	Name string
	// Description is optional; it goes into TileJSON's vector_layers.
	Description string
	Features    *geojson.FeatureCollection
}

// Options configures a Set. The zero Options means DefaultOptions; a zero
// Extent alone means DefaultExtent.
type Options struct {
	MinZoom, MaxZoom maptile.Zoom
	// Extent is the tile's width in tile units (MVT's extent).
	Extent uint32
	// Buffer is how far, in tile units, geometry reaches past the tile's
	// edges, so that renderers draw no seams along them.
	Buffer uint32
}

// DefaultOptions returns zooms 0–12, extent 4096 and a buffer of 64.
func DefaultOptions() Options {
	return Options{MinZoom: DefaultMinZoom, MaxZoom: DefaultMaxZoom, Extent: DefaultExtent, Buffer: DefaultBuffer}
}

func (o Options) normalise() (Options, error) {
	if o == (Options{}) {
		return DefaultOptions(), nil
	}
	if o.Extent == 0 {
		o.Extent = DefaultExtent
	}
	switch {
	case o.MaxZoom < o.MinZoom:
		return o, fmt.Errorf("max zoom %d below min zoom %d", o.MaxZoom, o.MinZoom)
	case o.MaxZoom > maxZoom:
		return o, fmt.Errorf("max zoom %d above %d", o.MaxZoom, maxZoom)
	case o.Buffer > o.Extent:
		return o, fmt.Errorf("buffer %d larger than the extent %d", o.Buffer, o.Extent)
	}
	return o, nil
}

// Set is a set of layers cut into tiles on demand. It is immutable after
// New apart from its per-zoom caches, which are built on first use and
// safe for concurrent use, so one Set can serve all requests.
type Set struct {
	opt    Options
	layers []source
	bound  orb.Bound
	empty  bool // no features at all, so bound means nothing
	zooms  []zoomCache
}

// source is a layer as New keeps it: polygons and lines in Web Mercator
// metres, ready to simplify; points in WGS84, since they are never
// simplified.
type source struct {
	name, description string
	fields            map[string]string
	features          []sourceFeature
}

type geomKind int

const (
	polygonal geomKind = iota
	lineal
	punctual
)

type sourceFeature struct {
	id    uint64
	kind  geomKind
	props map[string]any
	polys orb.MultiPolygon    // polygonal, Web Mercator
	lines orb.MultiLineString // lineal, Web Mercator
	pts   orb.MultiPoint      // punctual, WGS84
}

type zoomCache struct {
	once   sync.Once
	layers [][]tileFeature // by layer
	ready  atomic.Bool     // layers are built
}

// tileFeature is a feature simplified for one zoom, back in WGS84 and cut
// into parts with their bounds, so that a tile clips only the parts it
// touches.
type tileFeature struct {
	id    uint64
	props map[string]any
	bound orb.Bound
	parts []part
}

// part is one polygon, line or point of a feature.
type part struct {
	bound orb.Bound
	geom  orb.Geometry // orb.Polygon, orb.LineString or orb.Point
}

// New checks and copies the layers; the caller may change them afterwards.
// Layer names must be distinct and non-empty. Features without geometry,
// or with empty geometry, are skipped; geometry collections are refused.
func New(layers []Layer, opt Options) (*Set, error) {
	opt, err := opt.normalise()
	if err != nil {
		return nil, fmt.Errorf("tiles: options: %w", err)
	}
	s := &Set{opt: opt, empty: true}
	seen := make(map[string]bool, len(layers))
	for i, l := range layers {
		if l.Name == "" {
			return nil, fmt.Errorf("tiles: layer %d has no name", i)
		}
		if seen[l.Name] {
			return nil, fmt.Errorf("tiles: layer %q given twice", l.Name)
		}
		seen[l.Name] = true
		src, err := s.newSource(l)
		if err != nil {
			return nil, fmt.Errorf("tiles: layer %q: %w", l.Name, err)
		}
		s.layers = append(s.layers, src)
	}
	s.zooms = make([]zoomCache, opt.MaxZoom-opt.MinZoom+1)
	return s, nil
}

func (s *Set) newSource(l Layer) (source, error) {
	src := source{name: l.Name, description: l.Description, fields: map[string]string{}}
	if l.Features == nil {
		return src, nil
	}
	for i, f := range l.Features.Features {
		if f == nil || f.Geometry == nil || f.Geometry.Bound().IsEmpty() {
			continue
		}
		sf := sourceFeature{props: tileProperties(f.Properties)}
		sf.id = sourceID(f, i, sf.props)
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			sf.kind, sf.polys = polygonal, toMercator(orb.MultiPolygon{g}).(orb.MultiPolygon)
		case orb.MultiPolygon:
			sf.kind, sf.polys = polygonal, toMercator(g).(orb.MultiPolygon)
		case orb.LineString:
			sf.kind, sf.lines = lineal, toMercator(orb.MultiLineString{g}).(orb.MultiLineString)
		case orb.MultiLineString:
			sf.kind, sf.lines = lineal, toMercator(g).(orb.MultiLineString)
		case orb.Point:
			sf.kind, sf.pts = punctual, orb.MultiPoint{g}
		case orb.MultiPoint:
			sf.kind, sf.pts = punctual, g.Clone()
		default:
			return src, fmt.Errorf("feature %d: %s geometry is not supported", i, f.Geometry.GeoJSONType())
		}
		b := f.Geometry.Bound()
		if s.empty {
			s.bound, s.empty = b, false
		} else {
			s.bound = s.bound.Union(b)
		}
		for k, v := range sf.props {
			src.fields[k] = mergeFieldType(src.fields[k], v)
		}
		src.features = append(src.features, sf)
	}
	return src, nil
}

// toMercator returns a copy of g in Web Mercator metres.
func toMercator(g orb.Geometry) orb.Geometry {
	return project.Geometry(orb.Clone(g), project.WGS84.ToMercator)
}

// Bounds returns the lon/lat bounds of all features, or of the Web
// Mercator world when there are none.
func (s *Set) Bounds() orb.Bound {
	if s.empty {
		return orb.Bound{Min: orb.Point{-180, -85.0511287798066}, Max: orb.Point{180, 85.0511287798066}}
	}
	return s.bound
}

// Tile returns tile z/x/y (XYZ scheme, y down from the north) as an
// uncompressed Mapbox Vector Tile. A tile without features is (nil, nil),
// which a server would typically answer with 204 No Content. Layers
// without features in the tile are left out of it. A tile outside the set
// is ErrOutOfRange.
func (s *Set) Tile(z maptile.Zoom, x, y uint32) ([]byte, error) {
	if !s.inSet(z, x, y) {
		return nil, fmt.Errorf("tile %d/%d/%d: %w (zooms %d–%d)", z, x, y, ErrOutOfRange, s.opt.MinZoom, s.opt.MaxZoom)
	}
	t := maptile.New(x, y, z)
	box := s.box(t)
	// Far from the data there is nothing to build the zoom for.
	if s.empty || !box.Intersects(s.bound) {
		return nil, nil
	}

	zoom := s.zoom(z)
	lo, hi := -float64(s.opt.Buffer), float64(s.opt.Extent+s.opt.Buffer)
	// One layer at a time through mvt.NewLayer rather than mvt.NewLayers,
	// whose map would give the layers a random order and the same tile
	// different bytes (and ETags) from one request to the next.
	var layers mvt.Layers
	for i, src := range s.layers {
		var (
			feats []*geojson.Feature
			polys []orb.MultiPolygon // of the polygonal features, in order
			owner []int              // index in feats of each of polys
		)
		for _, f := range zoom[i] {
			if !f.bound.Intersects(box) {
				continue
			}
			g := clipParts(box, f.parts)
			if g == nil {
				continue
			}
			g = s.toTile(g, t)
			if mp, ok := g.(orb.MultiPolygon); ok {
				polys, owner = append(polys, mp), append(owner, len(feats))
			} else if g = tidy(roundGeometry(g), lo, hi); g == nil {
				continue
			}
			feats = append(feats, &geojson.Feature{Type: "Feature", ID: f.id, Properties: f.props, Geometry: g})
		}
		// Polygons are snap-rounded to whole tile units together, so that
		// they come out valid, as MVT 2.1 requires, with their shared
		// borders still shared; a polygon with nothing left goes.
		for k, mp := range geo.SnapRound(polys) {
			if g := tidy(mp, lo, hi); g != nil {
				feats[owner[k]].Geometry = g
			} else {
				feats[owner[k]] = nil
			}
		}
		feats = slices.DeleteFunc(feats, func(f *geojson.Feature) bool { return f == nil })
		if len(feats) == 0 {
			continue
		}
		layers = append(layers, &mvt.Layer{Name: src.name, Version: 2, Extent: s.opt.Extent, Features: feats})
	}
	if len(layers) == 0 {
		return nil, nil
	}
	b, err := mvt.Marshal(layers)
	if err != nil {
		return nil, fmt.Errorf("tile %d/%d/%d: encoding: %w", z, x, y, err)
	}
	return b, nil
}

// zoom returns the features simplified for zoom z, building them on first
// use; concurrent callers wait for the one build.
func (s *Set) zoom(z maptile.Zoom) [][]tileFeature {
	c := &s.zooms[z-s.opt.MinZoom]
	c.once.Do(func() {
		c.layers = s.build(z)
		c.ready.Store(true)
	})
	return c.layers
}

// TileReady reports whether tile z/x/y costs only its clipping: its
// zoom's features are simplified, or it is outside the set or far from
// the data, with nothing to build. The first tile of a zoom simplifies
// every layer for it, which a server may want to run as expensive work
// (PrepareZoom) rather than in the request.
func (s *Set) TileReady(z maptile.Zoom, x, y uint32) bool {
	if !s.inSet(z, x, y) || s.empty || !s.box(maptile.New(x, y, z)).Intersects(s.bound) {
		return true
	}
	return s.zooms[z-s.opt.MinZoom].ready.Load()
}

// inSet reports whether z/x/y is a tile of the set's zooms.
func (s *Set) inSet(z maptile.Zoom, x, y uint32) bool {
	return z >= s.opt.MinZoom && z <= s.opt.MaxZoom && uint64(x) < 1<<z && uint64(y) < 1<<z
}

// box is tile t's bound with its buffer, in WGS84.
func (s *Set) box(t maptile.Tile) orb.Bound {
	return t.Bound(float64(s.opt.Buffer) / float64(s.opt.Extent))
}

// PrepareZoom simplifies zoom z's features if that is not done yet.
func (s *Set) PrepareZoom(z maptile.Zoom) {
	if z >= s.opt.MinZoom && z <= s.opt.MaxZoom && !s.empty {
		s.zoom(z)
	}
}

// tolerance is the simplification tolerance at zoom z in Web Mercator
// metres: one tile unit.
func (s *Set) tolerance(z maptile.Zoom) float64 {
	return worldMetres / float64(uint64(1)<<z) / float64(s.opt.Extent)
}

// build simplifies every layer for zoom z. The polygons of a layer are
// simplified together so that the borders they share stay shared.
func (s *Set) build(z maptile.Zoom) [][]tileFeature {
	tol := s.tolerance(z)
	out := make([][]tileFeature, len(s.layers))
	for li, src := range s.layers {
		var polys []orb.MultiPolygon
		for _, f := range src.features {
			if f.kind == polygonal {
				polys = append(polys, f.polys)
			}
		}
		simplified := geo.SimplifyShared(polys, tol)

		features := make([]tileFeature, 0, len(src.features))
		k := 0
		for _, f := range src.features {
			var parts []part
			switch f.kind {
			case polygonal:
				mp := simplified[k]
				k++
				project.MultiPolygon(mp, project.Mercator.ToWGS84)
				for _, p := range mp {
					parts = append(parts, part{bound: p.Bound(), geom: p})
				}
			case lineal:
				mls := simplify.DouglasPeucker(tol).MultiLineString(f.lines.Clone())
				project.MultiLineString(mls, project.Mercator.ToWGS84)
				for _, ls := range mls {
					if len(ls) > 1 {
						parts = append(parts, part{bound: ls.Bound(), geom: ls})
					}
				}
			case punctual:
				for _, p := range f.pts {
					parts = append(parts, part{bound: p.Bound(), geom: p})
				}
			}
			if len(parts) == 0 {
				continue
			}
			b := parts[0].bound
			for _, p := range parts[1:] {
				b = b.Union(p.bound)
			}
			features = append(features, tileFeature{id: f.id, props: f.props, bound: b, parts: parts})
		}
		out[li] = features
	}
	return out
}

// clipParts returns the parts clipped to box as one geometry in a new
// copy (clipping and projecting work in place, and the parts are shared by
// every tile of the zoom), or nil if nothing is left.
func clipParts(box orb.Bound, parts []part) orb.Geometry {
	var (
		mp  orb.MultiPolygon
		mls orb.MultiLineString
		pts orb.MultiPoint
	)
	for _, p := range parts {
		if !p.bound.Intersects(box) {
			continue
		}
		inside := box.Contains(p.bound.Min) && box.Contains(p.bound.Max)
		switch g := p.geom.(type) {
		case orb.Polygon:
			c := g.Clone()
			if !inside {
				c = clip.Polygon(box, c)
			}
			if c != nil {
				mp = append(mp, c)
			}
		case orb.LineString:
			c := g.Clone()
			if inside {
				mls = append(mls, c)
			} else {
				mls = append(mls, clip.LineString(box, c)...)
			}
		case orb.Point:
			if inside {
				pts = append(pts, g)
			}
		}
	}
	switch {
	case len(mp) > 0:
		return mp // even one polygon: Tile snap-rounds multipolygons
	case len(mls) == 1:
		return mls[0]
	case len(mls) > 1:
		return mls
	case len(pts) == 1:
		return pts[0]
	case len(pts) > 1:
		return pts
	}
	return nil
}

// toTile projects g, in WGS84, in place to the float coordinates of tile
// t: 0 to Extent across the tile, y down.
func (s *Set) toTile(g orb.Geometry, t maptile.Tile) orb.Geometry {
	ext := float64(s.opt.Extent)
	return project.Geometry(g, func(p orb.Point) orb.Point {
		f := maptile.Fraction(p, t.Z)
		return orb.Point{(f[0] - float64(t.X)) * ext, (f[1] - float64(t.Y)) * ext}
	})
}

// roundGeometry rounds lines and points, in place, to whole tile units.
func roundGeometry(g orb.Geometry) orb.Geometry {
	round := func(p orb.Point) orb.Point { return orb.Point{math.Floor(p[0] + 0.5), math.Floor(p[1] + 0.5)} }
	return project.Geometry(g, round)
}
