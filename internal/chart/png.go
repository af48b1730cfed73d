package chart

import (
	"fmt"
	"image/color"

	"github.com/paulmach/orb"

	"github.com/claimsmap/claimsmap/internal/render"
)

// MaxScale bounds the PNG's pixel density: at 3 the standalone chart
// (1000×560) would be 3000 pixels wide, beyond the 2,400 every other image
// stops at.
const MaxScale = 2

// PNG draws the chart as a PNG at scale device pixels per pixel (1 for
// ordinary screens and print at 96 dpi, 2 for high-density screens), with
// render's rasteriser and Go fonts, the ones the map images use.
func PNG(c *Chart, scale float64) ([]byte, error) {
	if scale == 0 {
		scale = 1
	}
	if scale < 1 || scale > MaxScale {
		return nil, fmt.Errorf("%w: scale %g: use 1 to %d", ErrInvalid, scale, MaxScale)
	}
	sc, err := layout(c)
	if err != nil {
		return nil, err
	}
	b, err := drawing(sc).PNG(scale)
	if err != nil {
		return nil, fmt.Errorf("drawing the chart: %w", err)
	}
	return b, nil
}

// drawing is the scene as a render.Drawing, painted as the SVG is.
func drawing(sc *scene) *render.Drawing {
	d := render.NewDrawing(sc.w, sc.h, sc.pal.bg)
	for _, g := range sc.groups {
		d.Group(g.class)
		for _, it := range g.items {
			switch it := it.(type) {
			case poly:
				st := render.Style{Fill: paintOf(it.fill), Stroke: paintOf(it.stroke), Width: it.width, Dash: it.dash}
				if it.closed {
					ring := make(orb.Ring, 0, len(it.pts)+1)
					for _, p := range it.pts {
						ring = append(ring, p)
					}
					d.Shape(append(ring, ring[0]), st)
					continue
				}
				line := make(orb.LineString, 0, len(it.pts))
				for _, p := range it.pts {
					line = append(line, p)
				}
				d.Shape(line, st)
			case dot:
				d.Circle(orb.Point{it.x, it.y}, it.r, render.Style{Fill: paintOf(it.fill), Stroke: paintOf(it.stroke), Width: 1.5})
			case label:
				anchor := render.Start
				switch it.anchor {
				case "middle":
					anchor = render.Middle
				case "end":
					anchor = render.End
				}
				face := render.Regular
				if it.bold {
					face = render.Bold
				}
				d.Text(orb.Point{it.x, it.y}, it.s, render.Text{Size: it.size, Face: face, Anchor: anchor, Fill: paintOf(it.fill)})
			}
		}
	}
	return d
}

// paintOf is a palette colour, whose alpha is straight (as the SVG's
// opacity attributes take it), as a color.Color; none is nil.
func paintOf(c color.RGBA) color.Color {
	if c.A == 0 {
		return nil
	}
	return color.NRGBA{c.R, c.G, c.B, c.A}
}
