package render

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"github.com/claimsmap/claimsmap/geo"
	"github.com/claimsmap/claimsmap/internal/cartography"
)

// writeSVG writes the scene as a standalone SVG document: shapes are path
// data rounded to cartography.Decimals, text is outlined in the Go fonts
// (svgGlyphs) so that it looks the same in every reader, the hatch is one
// pattern rather than stripes, and the document carries a <title> and
// <desc> for assistive technology (role="img").
func writeSVG(sc *scene, f *fonts) ([]byte, error) {
	var head, b bytes.Buffer
	b.Grow(96 << 10)
	w := func(s ...string) {
		for _, x := range s {
			b.WriteString(x)
		}
	}
	glyphs := newSVGGlyphs(f)
	hw := func(s ...string) {
		for _, x := range s {
			head.WriteString(x)
		}
	}
	hw(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="`, num(sc.w), `" height="`, num(sc.h), `" viewBox="0 0 `, num(sc.w), " ", num(sc.h),
		`" role="img" aria-labelledby="cm-title cm-desc" lang="`, sc.lang, `" font-family="`, esc(svgFamily), `" fill-rule="evenodd" stroke-linejoin="round">`, "\n")
	hw(`<title id="cm-title">`, esc(sc.title), "</title>\n")
	hw(`<desc id="cm-desc">`, esc(sc.desc), "</desc>\n")

	// One pattern per hatch, in order of first use.
	var hatches []*hatch
	seen := map[string]bool{}
	for _, g := range sc.groups {
		for _, it := range g.items {
			if s, ok := it.(shape); ok && s.hatch != nil && !seen[s.hatch.id] {
				seen[s.hatch.id] = true
				hatches = append(hatches, s.hatch)
			}
		}
	}
	defs := func() {
		if len(hatches) == 0 && glyphs.defs.Len() == 0 {
			return
		}
		hw("<defs>\n")
		for _, h := range hatches {
			// rotate(45) turns the pattern's x axis to run across the
			// stripes, along (x+y)/√2, as hatch.stripes does.
			c := math.Mod(h.offset, h.spacing) - h.stripe/2
			hw(`<pattern id="`, h.id, `" patternUnits="userSpaceOnUse" width="`, num(h.spacing), `" height="`, num(h.spacing), `" patternTransform="rotate(45)">`,
				`<rect width="`, num(h.spacing), `" height="`, num(h.spacing), `"`, fillAttr(h.bg), `/>`,
				`<rect x="`, num(c), `" width="`, num(h.stripe), `" height="`, num(h.spacing), `"`, fillAttr(h.line), `/>`,
				"</pattern>\n")
		}
		hw(glyphs.defs.String())
		hw("</defs>\n")
	}
	w(`<rect width="`, num(sc.w), `" height="`, num(sc.h), `"`, fillAttr(sc.bg), `/>`, "\n")

	for _, g := range sc.groups {
		w(`<g class="`, g.class, `"`)
		if g.x != 0 || g.y != 0 {
			w(` transform="translate(`, num(g.x), " ", num(g.y), `)"`)
		}
		if g.decorative {
			w(` aria-hidden="true"`)
		}
		w(">\n")
		for _, it := range g.items {
			switch it := it.(type) {
			case shape:
				w(`<path d="`, geo.SVGPath(it.geom, cartography.Decimals), `"`)
				switch {
				case it.hatch != nil:
					w(` fill="url(#`, it.hatch.id, `)"`)
				default:
					w(fillAttr(it.fill))
				}
				w(strokeAttrs(it.stroke, it.width, it.dash, it.round), "/>\n")
			case circle:
				w(`<circle cx="`, num(it.x), `" cy="`, num(it.y), `" r="`, num(it.r), `"`, fillAttr(it.fill), strokeAttrs(it.stroke, it.width, nil, false), "/>\n")
			case rect:
				w(`<rect`)
				if it.x != 0 {
					w(` x="`, num(it.x), `"`)
				}
				if it.y != 0 {
					w(` y="`, num(it.y), `"`)
				}
				w(` width="`, num(it.w), `" height="`, num(it.h), `"`)
				if it.rx > 0 {
					w(` rx="`, num(it.rx), `"`)
				}
				w(fillAttr(it.fill), strokeAttrs(it.stroke, it.width, nil, false), "/>\n")
			case label:
				if err := glyphs.label(w, it); err != nil {
					return nil, fmt.Errorf("outlining %q: %w", it.text, err)
				}
			}
		}
		w("</g>\n")
	}
	w("</svg>\n")
	defs()
	head.Write(b.Bytes())
	return head.Bytes(), nil
}

// textOpen writes a label's <text> start tag up to its paint: position,
// size, face and anchor.
func textOpen(w func(...string), it label) {
	w(`<text x="`, num(it.x), `" y="`, num(it.y), `" font-size="`, num(it.size), `"`)
	switch it.face {
	case Bold:
		w(` font-weight="bold"`)
	case Italic:
		w(` font-style="italic"`)
	}
	switch it.anchor {
	case Middle:
		w(` text-anchor="middle"`)
	case End:
		w(` text-anchor="end"`)
	}
}

func fillAttr(c color.RGBA) string {
	if c.A == 0 {
		return ` fill="none"`
	}
	return ` fill="` + cssColor(c) + `"` + opacityAttr("fill-opacity", c)
}

// opacityAttr is the attribute name="alpha" of a translucent colour, ""
// for an opaque one.
func opacityAttr(name string, c color.RGBA) string {
	if _, a := straight(c); a < 1 {
		return ` ` + name + `="` + strconv.FormatFloat(a, 'f', 3, 64) + `"`
	}
	return ""
}

func strokeAttrs(c color.RGBA, width float64, dash []float64, round bool) string {
	if c.A == 0 || width <= 0 {
		return ""
	}
	s := ` stroke="` + cssColor(c) + `"` + opacityAttr("stroke-opacity", c) + ` stroke-width="` + num(width) + `"`
	if len(dash) > 0 {
		var ds []string
		for _, d := range dash {
			ds = append(ds, num(d))
		}
		s += ` stroke-dasharray="` + strings.Join(ds, " ") + `"`
	}
	if round {
		s += ` stroke-linecap="round"`
	}
	return s
}

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;")

func esc(s string) string { return escaper.Replace(s) }
