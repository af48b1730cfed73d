package render

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"

	"github.com/paulmach/orb"
	"github.com/srwiley/rasterx"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// encodePNG draws the scene at scale device pixels per scene pixel.
func encodePNG(sc *scene, f *fonts, scale float64) ([]byte, error) {
	w, h := int(sc.w*scale+0.5), int(sc.h*scale+0.5)
	r := newRaster(w, h, scale)
	draw.Draw(r.img, r.img.Bounds(), image.NewUniform(sc.bg), image.Point{}, draw.Src)
	for _, g := range sc.groups {
		for _, it := range g.items {
			if err := r.item(f, g.x, g.y, it); err != nil {
				return nil, err
			}
		}
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, r.img); err != nil {
		return nil, fmt.Errorf("encoding the PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// raster draws scene items onto an RGBA image. rasterx flattens curves
// and strokes (with joins, caps and dashes) into closed outlines; a
// vector.Rasterizer, sized to each outline's bounds, turns them into
// coverage with the non-zero rule. Map areas are meant even-odd, as the
// SVG fills them: their rings are oriented (holes against their outer
// ring) so that non-zero fills them the same.
type raster struct {
	img    *image.RGBA
	scale  float64
	sc     *boxScanner
	filler *rasterx.Filler
	dasher *rasterx.Dasher
}

func newRaster(w, h int, scale float64) *raster {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	sc := &boxScanner{img: img}
	return &raster{img: img, scale: scale, sc: sc,
		filler: rasterx.NewFiller(w, h, sc), dasher: rasterx.NewDasher(w, h, sc)}
}

// fx maps a scene point, offset by its group's origin, to device pixels.
func (r *raster) fx(ox, oy float64, p orb.Point) fixed.Point26_6 {
	return fixed.Point26_6{X: fixed.Int26_6(math.Round((p[0] + ox) * r.scale * 64)), Y: fixed.Int26_6(math.Round((p[1] + oy) * r.scale * 64))}
}

func (r *raster) item(f *fonts, ox, oy float64, it item) error {
	switch it := it.(type) {
	case shape:
		r.shape(ox, oy, it)
	case circle:
		add := func(a rasterx.Adder) {
			rasterx.AddCircle((it.x+ox)*r.scale, (it.y+oy)*r.scale, it.r*r.scale, a)
		}
		r.fill(it.fill, add)
		r.stroke(it.stroke, it.width, nil, false, add)
	case rect:
		add := func(a rasterx.Adder) {
			x0, y0 := (it.x+ox)*r.scale, (it.y+oy)*r.scale
			rasterx.AddRoundRect(x0, y0, x0+it.w*r.scale, y0+it.h*r.scale, it.rx*r.scale, it.rx*r.scale, 0, rasterx.RoundGap, a)
		}
		r.fill(it.fill, add)
		r.stroke(it.stroke, it.width, nil, false, add)
	case label:
		return r.label(f, ox, oy, it)
	}
	return nil
}

func (r *raster) shape(ox, oy float64, s shape) {
	polys := func(a rasterx.Adder) {
		eachRing(s.geom, func(ring []orb.Point, reverse bool) {
			n := len(ring)
			at := func(i int) orb.Point {
				if reverse {
					return ring[n-1-i]
				}
				return ring[i]
			}
			a.Start(r.fx(ox, oy, at(0)))
			for i := 1; i < n; i++ {
				a.Line(r.fx(ox, oy, at(i)))
			}
			a.Stop(true)
		})
	}
	switch {
	case s.hatch != nil:
		r.fill(s.hatch.bg, polys)
		quads := s.hatch.stripes(rings(s.geom))
		r.fill(s.hatch.line, func(a rasterx.Adder) {
			for _, q := range quads {
				a.Start(r.fx(ox, oy, q[0]))
				for _, c := range q[1:] {
					a.Line(r.fx(ox, oy, c))
				}
				a.Stop(true)
			}
		})
	default:
		r.fill(s.fill, polys)
	}
	r.stroke(s.stroke, s.width, s.dash, s.round, func(a rasterx.Adder) {
		eachPiece(s.geom, func(pts []orb.Point, closed bool) {
			a.Start(r.fx(ox, oy, pts[0]))
			for _, p := range pts[1:] {
				a.Line(r.fx(ox, oy, p))
			}
			a.Stop(closed)
		})
	})
}

func (r *raster) label(f *fonts, ox, oy float64, l label) error {
	x := l.x + ox
	switch l.anchor {
	case Middle:
		x -= f.width(l.face, l.size, l.text) / 2
	case End:
		x -= f.width(l.face, l.size, l.text)
	}
	segs, err := f.outline(l.face, l.size, l.text, x, l.y+oy)
	if err != nil {
		return err
	}
	glyphs := func(a rasterx.Adder) {
		open := false
		for _, s := range segs {
			switch s.op {
			case sfnt.SegmentOpMoveTo:
				if open {
					a.Stop(true)
				}
				a.Start(r.fx(0, 0, s.pts[0]))
				open = true
			case sfnt.SegmentOpLineTo:
				a.Line(r.fx(0, 0, s.pts[0]))
			case sfnt.SegmentOpQuadTo:
				a.QuadBezier(r.fx(0, 0, s.pts[0]), r.fx(0, 0, s.pts[1]))
			case sfnt.SegmentOpCubeTo:
				a.CubeBezier(r.fx(0, 0, s.pts[0]), r.fx(0, 0, s.pts[1]), r.fx(0, 0, s.pts[2]))
			}
		}
		if open {
			a.Stop(true)
		}
	}
	r.stroke(l.halo, l.haloWidth, nil, true, glyphs)
	r.fill(l.fill, glyphs)
	return nil
}

// fill fills what add draws with c, non-zero.
func (r *raster) fill(c color.RGBA, add func(rasterx.Adder)) {
	if c.A == 0 {
		return
	}
	r.sc.Clear()
	add(r.filler)
	r.sc.SetColor(c)
	r.sc.Draw()
}

// stroke strokes what add draws with c, width and dash in scene pixels,
// with round joins and butt or round caps.
func (r *raster) stroke(c color.RGBA, width float64, dash []float64, round bool, add func(rasterx.Adder)) {
	if c.A == 0 || width <= 0 {
		return
	}
	w := width * r.scale
	var dashes []float64
	for _, d := range dash {
		dashes = append(dashes, d*r.scale)
	}
	capper := rasterx.ButtCap
	if round {
		capper = rasterx.RoundCap
	}
	r.sc.Clear()
	r.dasher.SetStroke(fixed.Int26_6(w*64), 4*64, capper, nil, rasterx.RoundGap, rasterx.Round, dashes, 0)
	add(r.dasher)
	r.sc.SetColor(c)
	r.sc.Draw()
}

// eachRing calls f with each ring of an area, closing point left off,
// and whether to walk it backwards so that every outer ring turns one
// way and every hole the other.
func eachRing(g orb.Geometry, f func(ring []orb.Point, reverse bool)) {
	poly := func(p orb.Polygon) {
		for i, r := range p {
			if len(r) < 4 {
				continue
			}
			// Outer rings turn positive, holes negative.
			a := signedArea(r)
			f(r[:len(r)-1], (i == 0) == (a < 0))
		}
	}
	switch g := g.(type) {
	case orb.MultiPolygon:
		for _, p := range g {
			poly(p)
		}
	case orb.Polygon:
		poly(g)
	case orb.Ring:
		poly(orb.Polygon{g})
	}
}

// signedArea is twice the ring's signed area.
func signedArea(r orb.Ring) float64 {
	s := 0.0
	for i := 0; i+1 < len(r); i++ {
		s += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return s
}

// boxScanner is a rasterx.Scanner that collects outlines and draws them
// with a vector.Rasterizer covering only their bounds, so that drawing a
// small shape costs its own size rather than the image's.
type boxScanner struct {
	img   *image.RGBA
	z     vector.Rasterizer
	mask  image.Alpha // the coverage of the shape being drawn
	color color.Color
	// path is the edges, as runs each starting with a move.
	path   []fixed.Point26_6
	starts []int
	min    fixed.Point26_6
	max    fixed.Point26_6
}

var _ rasterx.Scanner = (*boxScanner)(nil)

func (s *boxScanner) Start(a fixed.Point26_6) {
	s.starts = append(s.starts, len(s.path))
	s.add(a)
}

func (s *boxScanner) Line(b fixed.Point26_6) { s.add(b) }

func (s *boxScanner) add(p fixed.Point26_6) {
	if len(s.path) == 0 {
		s.min, s.max = p, p
	}
	s.min.X, s.min.Y = min(s.min.X, p.X), min(s.min.Y, p.Y)
	s.max.X, s.max.Y = max(s.max.X, p.X), max(s.max.Y, p.Y)
	s.path = append(s.path, p)
}

func (s *boxScanner) Draw() {
	if len(s.path) == 0 {
		return
	}
	box := image.Rect(s.min.X.Floor(), s.min.Y.Floor(), s.max.X.Ceil()+1, s.max.Y.Ceil()+1).Intersect(s.img.Bounds())
	if box.Empty() {
		return
	}
	s.z.Reset(box.Dx(), box.Dy())
	dx, dy := float32(box.Min.X), float32(box.Min.Y)
	pt := func(p fixed.Point26_6) (float32, float32) { return float32(p.X)/64 - dx, float32(p.Y)/64 - dy }
	for i, st := range s.starts {
		end := len(s.path)
		if i+1 < len(s.starts) {
			end = s.starts[i+1]
		}
		// No ClosePath: rasterx hands over edges, which together close
		// but need not close run by run (a stroke's pieces start anew
		// at each join).
		s.z.MoveTo(pt(s.path[st]))
		for _, p := range s.path[st+1 : end] {
			s.z.LineTo(pt(p))
		}
	}
	// The coverage goes to an alpha mask (the rasterizer's fast path),
	// then onto the image, skipping what the shape does not cover: most
	// of a border's bounding box.
	w, h := box.Dx(), box.Dy()
	if cap(s.mask.Pix) < w*h {
		s.mask.Pix = make([]uint8, w*h)
	}
	s.mask.Pix, s.mask.Stride, s.mask.Rect = s.mask.Pix[:w*h], w, image.Rect(0, 0, w, h)
	s.z.DrawOp = draw.Src
	s.z.Draw(&s.mask, s.mask.Rect, image.Opaque, image.Point{})
	cr, cg, cb, ca := s.color.RGBA()
	for y := range h {
		row := s.img.Pix[s.img.PixOffset(box.Min.X, box.Min.Y+y):]
		for x, m := range s.mask.Pix[y*w : (y+1)*w] {
			if m == 0 {
				continue
			}
			px := row[4*x : 4*x+4 : 4*x+4]
			if m == 0xff && ca == 0xffff {
				px[0], px[1], px[2], px[3] = uint8(cr>>8), uint8(cg>>8), uint8(cb>>8), 0xff
				continue
			}
			// Source over, in 16 bits: the colour scaled by the
			// coverage, over what is there.
			ma := uint32(m) * 0x101
			a := 0xffff - ca*ma/0xffff
			px[0] = uint8((uint32(px[0])*0x101*a/0xffff + cr*ma/0xffff) >> 8)
			px[1] = uint8((uint32(px[1])*0x101*a/0xffff + cg*ma/0xffff) >> 8)
			px[2] = uint8((uint32(px[2])*0x101*a/0xffff + cb*ma/0xffff) >> 8)
			px[3] = uint8((uint32(px[3])*0x101*a/0xffff + ca*ma/0xffff) >> 8)
		}
	}
}

func (s *boxScanner) GetPathExtent() fixed.Rectangle26_6 {
	return fixed.Rectangle26_6{Min: s.min, Max: s.max}
}

func (s *boxScanner) SetBounds(int, int) {}

func (s *boxScanner) SetColor(c any) {
	if c, ok := c.(color.Color); ok {
		s.color = c
	}
}

// SetWinding is a no-op: the rasterizer fills non-zero, and the areas
// given to it are oriented for that.
func (s *boxScanner) SetWinding(bool) {}

func (s *boxScanner) Clear() {
	s.path, s.starts = s.path[:0], s.starts[:0]
}

func (s *boxScanner) SetClip(image.Rectangle) {}
