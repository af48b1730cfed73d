package chart

import (
	"bytes"
	"fmt"
	"image/color"
	"image/png"

	"github.com/tdewolff/canvas"
	"github.com/tdewolff/canvas/renderers/rasterizer"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// mmPerPt converts canvas's font sizes, in points, to its units, which
// this package treats as pixels.
const mmPerPt = 25.4 / 72

// MaxScale bounds the PNG's pixel density.
const MaxScale = 3

// PNG draws the chart as a PNG at scale device pixels per pixel (1 for
// ordinary screens and print at 96 dpi, 2 for high-density screens). A
// chart has a few dozen vertices, so canvas's own rasterizer, stroker
// included, is fast enough here.
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
	// The fonts are parsed per image (about 2 ms) rather than shared: the
	// text shaper caches glyph extents without a lock.
	regular, err := canvas.LoadFont(goregular.TTF, 0, canvas.FontRegular)
	if err != nil {
		return nil, fmt.Errorf("loading the Go fonts: %w", err)
	}
	bold, err := canvas.LoadFont(gobold.TTF, 0, canvas.FontBold)
	if err != nil {
		return nil, fmt.Errorf("loading the Go fonts: %w", err)
	}
	cv := canvas.New(sc.w, sc.h)
	ctx := canvas.NewContext(cv)
	// The scene is y down; canvas is y up.
	flip := func(y float64) float64 { return sc.h - y }
	ctx.SetFillColor(sc.pal.bg)
	ctx.SetStrokeColor(canvas.Transparent)
	ctx.DrawPath(0, 0, canvas.Rectangle(sc.w, sc.h))
	for _, g := range sc.groups {
		for _, it := range g.items {
			switch it := it.(type) {
			case poly:
				p := &canvas.Path{}
				for i, q := range it.pts {
					if i == 0 {
						p.MoveTo(q[0], flip(q[1]))
					} else {
						p.LineTo(q[0], flip(q[1]))
					}
				}
				if it.closed {
					p.Close()
				}
				ctx.SetFillColor(straight(it.fill))
				ctx.SetStrokeColor(straight(it.stroke))
				ctx.SetStrokeWidth(it.width)
				ctx.SetStrokeCapper(canvas.ButtCap)
				ctx.SetStrokeJoiner(canvas.RoundJoin)
				ctx.SetDashes(0, it.dash...)
				ctx.DrawPath(0, 0, p)
			case dot:
				ctx.SetFillColor(it.fill)
				ctx.SetStrokeColor(it.stroke)
				ctx.SetStrokeWidth(1.5)
				ctx.SetDashes(0)
				ctx.DrawPath(it.x, flip(it.y), canvas.Circle(it.r))
			case label:
				if it.s == "" {
					continue
				}
				f := regular
				if it.bold {
					f = bold
				}
				face := f.Face(it.size/mmPerPt, it.fill)
				align := canvas.Left
				switch it.anchor {
				case "middle":
					align = canvas.Center
				case "end":
					align = canvas.Right
				}
				ctx.DrawText(it.x, flip(it.y), canvas.NewTextLine(face, it.s, align))
			}
		}
	}
	img := rasterizer.Draw(cv, canvas.DPMM(scale), canvas.DefaultColorSpace)
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encoding the PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// straight turns a colour with straight alpha into the premultiplied one
// color.Color means; a zero colour stays transparent.
func straight(c color.RGBA) color.Color {
	return color.NRGBA{c.R, c.G, c.B, c.A}
}
