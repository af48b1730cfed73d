package render

import (
	"fmt"
	"image/color"
)

// palette is the site's colours (static/site.css), one per theme. Keep the
// two in step: a reader should see the same map on the page and in a
// report.
type palette struct {
	bg, fg, muted, rule       color.RGBA
	sea, land, landOther      color.RGBA
	border, controlled, claim color.RGBA
	hatchBg, river            color.RGBA
	// contested is the grey zone: neutral, apart from held and claimed in
	// colour and in greyscale.
	contested color.RGBA
}

func hex(s string) color.RGBA {
	var c color.RGBA
	if _, err := fmt.Sscanf(s, "#%02x%02x%02x", &c.R, &c.G, &c.B); err != nil {
		panic("render: bad colour " + s) // the palettes below are constants
	}
	c.A = 0xff
	return c
}

func paletteOf(t Theme) palette {
	if t == Dark {
		return palette{
			bg: hex("#16181b"), fg: hex("#ecebe8"), muted: hex("#a6a49f"), rule: hex("#3a3d42"),
			sea: hex("#1d2a36"), land: hex("#2b2d31"), landOther: hex("#232529"),
			border: hex("#777a80"), controlled: hex("#ff8a3d"), claim: hex("#8cc4f2"),
			hatchBg: hex("#2b2d31"), river: hex("#4f7ea6"), contested: hex("#8a8d93"),
		}
	}
	return palette{
		bg: hex("#fbfaf7"), fg: hex("#1c1c1c"), muted: hex("#5a5a5a"), rule: hex("#d7d3cb"),
		sea: hex("#dce9f2"), land: hex("#f4f1ea"), landOther: hex("#e6e2da"),
		border: hex("#8c8579"), controlled: hex("#c24a00"), claim: hex("#0b4f8a"),
		hatchBg: hex("#f4f1ea"), river: hex("#6b9cc2"), contested: hex("#9a9a9a"),
	}
}

// mix blends c towards under by 1-alpha: what the site's opacity draws
// over land, as an opaque colour, so that every format shows the same.
func mix(c, under color.RGBA, alpha float64) color.RGBA {
	f := func(a, b uint8) uint8 { return uint8(float64(a)*alpha + float64(b)*(1-alpha) + 0.5) }
	return color.RGBA{f(c.R, under.R), f(c.G, under.G), f(c.B, under.B), 0xff}
}

func cssColor(c color.RGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }
