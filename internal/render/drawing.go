package render

import (
	"image/color"
	"math"
	"strconv"
	"time"

	"github.com/paulmach/orb"
)

// Drawing is an image built from shapes, circles, boxes and text in
// pixels, y down, on a width×height canvas, for pictures other than the
// maps Render lays out (the history chart, the changes map). It is written
// by the same PNG, PDF and SVG writers as the maps, in the same Go fonts,
// so every image of the site looks alike.
//
// Items are painted in the order they are added. A Drawing is not safe
// for concurrent use; build one per image.
type Drawing struct {
	// Title and Desc are the text alternative: the SVG's <title> and
	// <desc>, the PDF's title and subject.
	Title, Desc string
	sc          scene
	hatches     map[*Hatch]*hatch
	f           *fonts
	err         error // the fonts' failure, reported by the writers
}

// NewDrawing returns an empty drawing of w×h pixels painted with bg (nil
// or transparent for none: the PNG keeps the alpha).
func NewDrawing(w, h float64, bg color.Color) *Drawing {
	d := &Drawing{sc: scene{w: w, h: h, lang: "en", bg: toRGBA(bg)}, hatches: map[*Hatch]*hatch{}}
	d.sc.groups = []group{{class: "drawing"}}
	return d
}

// Style is how a shape, circle or box is painted: filled (with a colour,
// or a hatch instead), then stroked with round joins. A nil colour is
// none; colours may be translucent.
type Style struct {
	Fill  color.Color
	Hatch *Hatch
	// Stroke is drawn Width pixels wide, dashed by Dash (dash and gap
	// lengths in pixels) where given, with butt caps or RoundCaps.
	Stroke    color.Color
	Width     float64
	Dash      []float64
	RoundCaps bool
}

// Hatch is a fill of diagonal stripes running up to the right, as the
// site's hatch pattern: stripes Stripe pixels wide every Spacing pixels,
// in Line over Background, centred where (x+y)/√2 is Offset plus a
// multiple of Spacing. Give the same *Hatch to every shape that shares
// it: the SVG writes one pattern for it.
type Hatch struct {
	Spacing, Stripe, Offset float64
	Line, Background        color.Color
}

// Text is how a line of text is set: Size pixels in the Go fonts' Face,
// placed by Anchor on its point, in Fill, over a Halo of HaloWidth pixels
// (none if nil) so that it reads over a map.
type Text struct {
	Size      float64
	Face      Face
	Anchor    Anchor
	Fill      color.Color
	Halo      color.Color
	HaloWidth float64
}

// Face is one of the Go fonts.
type Face int

// The faces.
const (
	Regular Face = iota
	Bold
	Italic
)

// Anchor is where a text's point is on its baseline: at its start, its
// middle or its end.
type Anchor int

// The anchors.
const (
	Start Anchor = iota
	Middle
	End
)

// Group starts a group of the given class for the items that follow: an
// SVG <g class>, so that a stylesheet or a reader of the SVG can tell the
// parts apart. It changes nothing in the PNG or PDF.
func (d *Drawing) Group(class string) {
	if last := &d.sc.groups[len(d.sc.groups)-1]; len(last.items) == 0 {
		last.class = class
		return
	}
	d.sc.groups = append(d.sc.groups, group{class: class})
}

func (d *Drawing) add(it item) {
	g := &d.sc.groups[len(d.sc.groups)-1]
	g.items = append(g.items, it)
}

// Shape adds an area or a line in pixels: an orb.Ring, Polygon or
// MultiPolygon is an area, filled even-odd (holes stay empty whichever
// way their rings turn) and stroked; an orb.LineString or MultiLineString
// is a line, stroked only. Other geometries draw nothing.
func (d *Drawing) Shape(g orb.Geometry, s Style) {
	d.add(shape{geom: g, fill: toRGBA(s.Fill), hatch: d.hatch(s.Hatch), stroke: toRGBA(s.Stroke), width: s.Width, dash: s.Dash, round: s.RoundCaps})
}

// Circle adds a circle of radius r centred on c; the style's dash and caps
// do not apply.
func (d *Drawing) Circle(c orb.Point, r float64, s Style) {
	d.add(circle{x: c[0], y: c[1], r: r, fill: toRGBA(s.Fill), stroke: toRGBA(s.Stroke), width: s.Width})
}

// Rect adds the box b with corners rounded to radius rx; the style's
// hatch, dash and caps do not apply.
func (d *Drawing) Rect(b orb.Bound, rx float64, s Style) {
	d.add(rect{x: b.Min[0], y: b.Min[1], w: b.Max[0] - b.Min[0], h: b.Max[1] - b.Min[1], rx: rx, fill: toRGBA(s.Fill), stroke: toRGBA(s.Stroke), width: s.Width})
}

// Text adds one line of text with its baseline through at.
func (d *Drawing) Text(at orb.Point, s string, t Text) {
	if s == "" {
		return
	}
	d.add(label{x: at[0], y: at[1], text: s, size: t.Size, face: t.Face, anchor: t.Anchor, fill: toRGBA(t.Fill), halo: toRGBA(t.Halo), haloWidth: t.HaloWidth})
}

// TextWidth is the advance of s set in face at size pixels, for laying
// out boxes around text. The Go fonts have no kerning, so it is exact.
func (d *Drawing) TextWidth(s string, size float64, face Face) float64 {
	if d.fonts() == nil {
		return 0
	}
	return d.f.width(face, size, s)
}

// fonts loads the fonts on first use; a failure is kept for the writers
// to report.
func (d *Drawing) fonts() *fonts {
	if d.f == nil && d.err == nil {
		d.f, d.err = loadFonts()
	}
	return d.f
}

// hatch is the scene's hatch for h, one per *Hatch, with an SVG id of its
// own.
func (d *Drawing) hatch(h *Hatch) *hatch {
	if h == nil {
		return nil
	}
	if sh, ok := d.hatches[h]; ok {
		return sh
	}
	sh := &hatch{id: "hatch-" + strconv.Itoa(len(d.hatches)+1), spacing: h.Spacing, stripe: h.Stripe, offset: h.Offset, line: toRGBA(h.Line), bg: toRGBA(h.Background)}
	d.hatches[h] = sh
	return sh
}

// PNG draws the drawing at scale device pixels per pixel: 1 for ordinary
// screens, 2 for high-density ones. No side may come to more than MaxSide
// pixels (ErrInvalid).
func (d *Drawing) PNG(scale float64) ([]byte, error) {
	if scale <= 0 || math.IsInf(scale, 0) || math.IsNaN(scale) {
		return nil, invalid("scale %g: must be above 0", scale)
	}
	if w, h := d.sc.w*scale, d.sc.h*scale; !(w >= 1 && h >= 1 && w <= MaxSide && h <= MaxSide) {
		return nil, invalid("%g×%g px at scale %g: each side must be from 1 to %d px", d.sc.w, d.sc.h, scale, MaxSide)
	}
	if d.fonts() == nil {
		return nil, d.err
	}
	return encodePNG(&d.sc, d.f, scale)
}

// PDF writes the drawing as a one-page PDF of its own size at 96 pixels
// to the inch, its text kept as text in the embedded Go fonts. The
// document is dated when, so that the same drawing gives the same bytes.
func (d *Drawing) PDF(when time.Time) ([]byte, error) {
	if d.fonts() == nil {
		return nil, d.err
	}
	d.sc.title, d.sc.desc = d.Title, d.Desc
	return writePDF(&d.sc, d.f, pdfLayout{w: d.sc.w * mmPerPx, h: d.sc.h * mmPerPx}, when)
}

// SVG writes the drawing as a standalone SVG document, its text outlined
// in the Go fonts (and kept, transparent, for search and copy), with
// role="img" and its Title and Desc.
func (d *Drawing) SVG() ([]byte, error) {
	d.sc.title, d.sc.desc = d.Title, d.Desc
	if d.fonts() == nil {
		return nil, d.err
	}
	return writeSVG(&d.sc, d.f)
}

// toRGBA is c as the premultiplied colour the writers take; nil is
// transparent, none.
func toRGBA(c color.Color) color.RGBA {
	if c == nil {
		return color.RGBA{}
	}
	return color.RGBAModel.Convert(c).(color.RGBA)
}

// straight is c's colour without its alpha, and the alpha from 0 to 1,
// as SVG and PDF take them.
func straight(c color.RGBA) (color.RGBA, float64) {
	if c.A == 0xff || c.A == 0 {
		return c, float64(c.A) / 0xff
	}
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	return color.RGBA{n.R, n.G, n.B, 0xff}, float64(c.A) / 0xff
}
