package render

import (
	"fmt"
	"image/color"
)

// Palette is the site's colours (static/site.css), one per theme. Keep the
// two in step: a reader should see the same map on the page and in a
// report. Every colour is opaque.
type Palette struct {
	// Bg is the page; Fg the text; Muted the secondary text; Rule the
	// frames and box borders.
	Bg, Fg, Muted, Rule color.RGBA
	// Sea, Land (Ukraine's divisions) and LandOther (its neighbours) are
	// the basemap; Border their borders and River the rivers.
	Sea, Land, LandOther, Border, River color.RGBA
	// Controlled is ground held by Russian forces; Claim the claimed
	// regions' outline and hatch, drawn over HatchBg.
	Controlled, Claim, HatchBg color.RGBA
	// Contested is the grey zone: neutral, apart from held and claimed in
	// colour and in greyscale.
	Contested color.RGBA
}

func hex(s string) color.RGBA {
	var c color.RGBA
	if _, err := fmt.Sscanf(s, "#%02x%02x%02x", &c.R, &c.G, &c.B); err != nil {
		panic("render: bad colour " + s) // the palettes below are constants
	}
	c.A = 0xff
	return c
}

// Colors returns the palette of a theme; anything but Dark is Light.
func Colors(t Theme) Palette {
	if t == Dark {
		return Palette{
			Bg: hex("#16181b"), Fg: hex("#ecebe8"), Muted: hex("#a6a49f"), Rule: hex("#3a3d42"),
			Sea: hex("#1d2a36"), Land: hex("#2b2d31"), LandOther: hex("#232529"),
			Border: hex("#777a80"), Controlled: hex("#ff8a3d"), Claim: hex("#8cc4f2"),
			HatchBg: hex("#2b2d31"), River: hex("#4f7ea6"), Contested: hex("#8a8d93"),
		}
	}
	return Palette{
		Bg: hex("#fbfaf7"), Fg: hex("#1c1c1c"), Muted: hex("#5a5a5a"), Rule: hex("#d7d3cb"),
		Sea: hex("#dce9f2"), Land: hex("#f4f1ea"), LandOther: hex("#e6e2da"),
		Border: hex("#8c8579"), Controlled: hex("#c24a00"), Claim: hex("#0b4f8a"),
		HatchBg: hex("#f4f1ea"), River: hex("#6b9cc2"), Contested: hex("#9a9a9a"),
	}
}

// mix blends c towards under by 1-alpha: what the site's opacity draws
// over land, as an opaque colour, so that every format shows the same.
func mix(c, under color.RGBA, alpha float64) color.RGBA {
	f := func(a, b uint8) uint8 { return uint8(float64(a)*alpha + float64(b)*(1-alpha) + 0.5) }
	return color.RGBA{f(c.R, under.R), f(c.G, under.G), f(c.B, under.B), 0xff}
}

// cssColor is c as #rrggbb, without its alpha (which goes in an opacity
// attribute).
func cssColor(c color.RGBA) string {
	c, _ = straight(c)
	return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B)
}
