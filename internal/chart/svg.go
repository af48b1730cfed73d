package chart

import (
	"bytes"
	"fmt"
	"html"
	"image/color"
	"strconv"
	"strings"
)

// family is the font list the SVG asks for: the Go fonts the PNG is set
// in where the reader has them, else the system's.
const family = "Go, system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"

// SVG writes the chart as an SVG element with role="img", a <title> and a
// <desc>. Every shape carries a class (for the site's stylesheet, which
// gives the inline chart the reader's light or dark colours) and its
// colours as attributes (for the SVG on its own). It can be inlined in
// HTML as it is.
func SVG(c *Chart) ([]byte, error) {
	sc, err := layout(c)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	w := func(s ...string) {
		for _, x := range s {
			b.WriteString(x)
		}
	}
	id := c.ID
	if id == "" {
		id = "chart"
	}
	w(`<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="`, num(sc.w), `" height="`, num(sc.h), `" viewBox="0 0 `, num(sc.w), " ", num(sc.h),
		`" role="img" aria-labelledby="`, id, `-title `, id, `-desc" font-family="`, esc(family), `">`, "\n")
	w(`<title id="`, id, `-title">`, esc(c.Title), "</title>\n")
	w(`<desc id="`, id, `-desc">`, esc(c.Desc), "</desc>\n")
	if c.Standalone {
		w(`<rect class="chart-bg" width="`, num(sc.w), `" height="`, num(sc.h), `" fill="`, css(sc.pal.bg), `"/>`, "\n")
	}
	for _, g := range sc.groups {
		w(`<g class="`, g.class, `"`)
		if g.hidden {
			w(` aria-hidden="true"`)
		}
		w(">\n")
		for _, it := range g.items {
			switch it := it.(type) {
			case poly:
				tag := "polyline"
				if it.closed {
					tag = "polygon"
				}
				w("<", tag)
				if it.class != "" {
					w(` class="`, it.class, `"`)
				}
				w(` points="`)
				for i, p := range it.pts {
					if i > 0 {
						w(" ")
					}
					w(num(p[0]), ",", num(p[1]))
				}
				w(`" fill="`, paint(it.fill), `"`)
				if it.fill.A != 0 && it.fill.A != 0xff {
					w(` fill-opacity="`, opacity(it.fill.A), `"`)
				}
				if it.stroke.A != 0 {
					w(` stroke="`, css(it.stroke), `" stroke-width="`, num(it.width), `"`)
					if len(it.dash) > 0 {
						var ds []string
						for _, d := range it.dash {
							ds = append(ds, num(d))
						}
						w(` stroke-dasharray="`, strings.Join(ds, " "), `"`)
					}
				}
				w("/>\n")
			case dot:
				w(`<circle cx="`, num(it.x), `" cy="`, num(it.y), `" r="`, num(it.r), `" fill="`, css(it.fill), `" stroke="`, css(it.stroke), `" stroke-width="1.5"/>`, "\n")
			case label:
				if it.s == "" {
					continue
				}
				w("<text")
				if it.class != "" {
					w(` class="`, it.class, `"`)
				}
				w(` x="`, num(it.x), `" y="`, num(it.y), `" font-size="`, num(it.size), `"`)
				if it.anchor != "" && it.anchor != "start" {
					w(` text-anchor="`, it.anchor, `"`)
				}
				if it.bold {
					w(` font-weight="700"`)
				}
				w(` fill="`, css(it.fill), `">`, esc(it.s), "</text>\n")
			}
		}
		w("</g>\n")
	}
	w("</svg>\n")
	return b.Bytes(), nil
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func esc(s string) string { return html.EscapeString(s) }

// css is an opaque colour as #rrggbb; the alpha goes in an opacity
// attribute of its own.
func css(c color.RGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

func paint(c color.RGBA) string {
	if c.A == 0 {
		return "none"
	}
	return css(c)
}

func opacity(a uint8) string { return strconv.FormatFloat(float64(a)/255, 'f', 2, 64) }
