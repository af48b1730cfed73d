package render

import (
	"strconv"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
)

// svgGlyphs outlines an SVG's text in the Go fonts the PNG and PDF are
// set in, so that the image looks the same in every reader, whatever
// fonts it has: each glyph is a path defined once, in font units, and
// each label a group of uses of them along its baseline. The text itself
// stays in the document, transparent, for search, selection and copy.
type svgGlyphs struct {
	f    *fonts
	ids  map[glyphKey]string
	defs strings.Builder
}

type glyphKey struct {
	face Face
	g    sfnt.GlyphIndex
}

func newSVGGlyphs(f *fonts) *svgGlyphs {
	return &svgGlyphs{f: f, ids: map[glyphKey]string{}}
}

// id returns the id of glyph g's path, defining it on first use; "" for a
// glyph with no outline (a space).
func (gs *svgGlyphs) id(face Face, g sfnt.GlyphIndex) (string, error) {
	k := glyphKey{face, g}
	if id, ok := gs.ids[k]; ok {
		return id, nil
	}
	_, ppem := gs.f.units(face)
	segs, err := gs.f.f[face].LoadGlyph(&gs.f.buf, g, ppem, nil)
	if err != nil {
		return "", err
	}
	var d strings.Builder
	for _, s := range segs {
		switch s.Op {
		case sfnt.SegmentOpMoveTo:
			if d.Len() > 0 {
				d.WriteString("Z")
			}
			d.WriteString("M")
		case sfnt.SegmentOpLineTo:
			d.WriteString("L")
		case sfnt.SegmentOpQuadTo:
			d.WriteString("Q")
		case sfnt.SegmentOpCubeTo:
			d.WriteString("C")
		}
		for i, a := range s.Args[:argCount(s.Op)] {
			if i > 0 {
				d.WriteString(" ")
			}
			// Font units: ppem is the em in units, in 26.6 fixed point.
			d.WriteString(strconv.FormatFloat(float64(a.X)/64, 'f', -1, 64))
			d.WriteString(" ")
			d.WriteString(strconv.FormatFloat(float64(a.Y)/64, 'f', -1, 64))
		}
	}
	id := ""
	if d.Len() > 0 {
		d.WriteString("Z")
		id = "g" + strconv.Itoa(len(gs.ids)+1)
		gs.defs.WriteString(`<path id="` + id + `" d="` + d.String() + `"/>` + "\n")
	}
	gs.ids[k] = id
	return id, nil
}

// label writes it as outlines, and its text, transparent, over them.
func (gs *svgGlyphs) label(w func(...string), it label) error {
	f := gs.f.f[it.face]
	upem, ppem := gs.f.units(it.face)
	// One pass over the glyphs: where each goes along the baseline, in
	// font units, and the run's advance, which places it by its anchor.
	type use struct {
		id  string
		pen float64
	}
	var uses []use
	pen := 0.0
	for _, r := range it.text {
		g, err := f.GlyphIndex(&gs.f.buf, r)
		if err != nil {
			return err
		}
		id, err := gs.id(it.face, g)
		if err != nil {
			return err
		}
		if id != "" {
			uses = append(uses, use{id, pen})
		}
		adv, err := f.GlyphAdvance(&gs.f.buf, g, ppem, font.HintingNone)
		if err != nil {
			return err
		}
		pen += float64(adv) / 64
	}
	x := it.x
	switch width := pen * it.size / upem; it.anchor {
	case Middle:
		x -= width / 2
	case End:
		x -= width
	}
	scale := it.size / upem
	w(`<g transform="translate(`, num(x), " ", num(it.y), `) scale(`, strconv.FormatFloat(scale, 'g', 6, 64), `)"`, fillAttr(it.fill))
	if it.halo.A != 0 && it.haloWidth > 0 {
		w(` stroke="`, cssColor(it.halo), `"`, opacityAttr("stroke-opacity", it.halo), ` stroke-width="`, strconv.FormatFloat(it.haloWidth/scale, 'f', 1, 64), `" paint-order="stroke"`)
	}
	w(">")
	for _, u := range uses {
		w(`<use xlink:href="#`, u.id, `"`)
		if u.pen != 0 {
			w(` x="`, strconv.FormatFloat(u.pen, 'f', -1, 64), `"`)
		}
		w("/>")
	}
	w("</g>\n")
	// The text, for search and copy: transparent, in the Go fonts' metrics.
	textOpen(w, it)
	w(` fill-opacity="0">`, esc(it.text), "</text>\n")
	return nil
}
