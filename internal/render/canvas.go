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
	"github.com/srwiley/scanx"
	"github.com/tdewolff/canvas"
	"github.com/tdewolff/canvas/renderers/pdf"
	"golang.org/x/image/math/fixed"

	"github.com/claimsmap/claimsmap/internal/atlas"
)

// drawCanvas draws the scene on a canvas renderer. m maps the scene's
// pixels (y down) to the renderer's units (y up). With textAsText, text is
// drawn as text (PDF: selectable, searchable); otherwise as glyph outlines.
func drawCanvas(sc *scene, f *fonts, r canvas.Renderer, m canvas.Matrix, textAsText bool) error {
	for _, g := range sc.groups {
		gm := m.Translate(g.x, g.y)
		for _, it := range g.items {
			switch it := it.(type) {
			case shape:
				if err := drawShape(r, gm, it); err != nil {
					return err
				}
			case circle:
				st := canvas.DefaultStyle
				st.Fill = paint(it.fill)
				setStroke(&st, it.stroke, it.width, nil, false)
				r.RenderPath(canvas.Circle(it.r).Translate(it.x, it.y), st, gm)
			case rect:
				p := canvas.Rectangle(it.w, it.h)
				if it.rx > 0 {
					p = canvas.RoundedRectangle(it.w, it.h, it.rx)
				}
				st := canvas.DefaultStyle
				st.Fill = paint(it.fill)
				setStroke(&st, it.stroke, it.width, nil, false)
				r.RenderPath(p.Translate(it.x, it.y), st, gm)
			case label:
				if err := drawLabel(r, f, gm, it, textAsText); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func paint(c color.RGBA) canvas.Paint { return canvas.Paint{Color: c} }

func setStroke(st *canvas.Style, c color.RGBA, width float64, dash []float64, round bool) {
	if c.A == 0 || width <= 0 {
		return
	}
	st.Stroke = paint(c)
	st.StrokeWidth = width
	st.StrokeJoiner = canvas.RoundJoin
	st.StrokeCapper = canvas.ButtCap
	if round {
		st.StrokeCapper = canvas.RoundCap
	}
	// canvas measures dashes in stroke widths.
	st.Dashes = nil
	for _, d := range dash {
		st.Dashes = append(st.Dashes, d/width)
	}
}

func drawShape(r canvas.Renderer, m canvas.Matrix, s shape) error {
	p := &canvas.Path{}
	eachPiece(s.geom, func(pts []orb.Point, closed bool) {
		p.MoveTo(pts[0][0], pts[0][1])
		for _, q := range pts[1:] {
			p.LineTo(q[0], q[1])
		}
		if closed {
			p.Close()
		}
	})
	st := canvas.DefaultStyle
	st.FillRule = canvas.EvenOdd
	st.Fill = paint(s.fill)
	if s.hatch != nil {
		st.Fill = paint(s.hatch.bg)
		r.RenderPath(p, st, m)
		q := &canvas.Path{}
		for _, quad := range s.hatch.stripes(rings(s.geom)) {
			q.MoveTo(quad[0][0], quad[0][1])
			for _, c := range quad[1:] {
				q.LineTo(c[0], c[1])
			}
			q.Close()
		}
		if !q.Empty() {
			line := canvas.DefaultStyle
			line.Fill = paint(s.hatch.line)
			r.RenderPath(q, line, m)
		}
		st.Fill = canvas.Paint{}
	}
	setStroke(&st, s.stroke, s.width, s.dash, s.round)
	if !st.HasFill() {
		// canvas's PDF writer would append the even-odd star to a stroke
		// operator ("S*"), which is not one.
		st.FillRule = canvas.NonZero
	}
	if st.HasFill() || st.HasStroke() {
		r.RenderPath(p, st, m)
	}
	return nil
}

func drawLabel(r canvas.Renderer, f *fonts, m canvas.Matrix, l label, textAsText bool) error {
	face := f.face(l.face, l.size, l.fill)
	dx := 0.0
	switch l.anchor {
	case middle:
		dx = -face.TextWidth(l.text) / 2
	case end:
		dx = -face.TextWidth(l.text)
	}
	// Glyphs are drawn y up; the scene is y down.
	tm := m.Translate(l.x+dx, l.y).Scale(1, -1)
	var glyphs *canvas.Path
	if l.halo.A != 0 || !textAsText {
		p, _, err := face.ToPath(l.text)
		if err != nil {
			return fmt.Errorf("text %q: %w", l.text, err)
		}
		glyphs = p
	}
	if l.halo.A != 0 && l.haloWidth > 0 {
		st := canvas.DefaultStyle
		st.Fill = canvas.Paint{}
		setStroke(&st, l.halo, l.haloWidth, nil, true)
		r.RenderPath(glyphs, st, tm)
	}
	if textAsText {
		r.RenderText(canvas.NewTextLine(face, l.text, canvas.Left), tm)
		return nil
	}
	st := canvas.DefaultStyle
	st.Fill = paint(l.fill)
	r.RenderPath(glyphs, st, tm)
	return nil
}

// raster is a canvas renderer onto an RGBA image, on the scanner canvas's
// own rasterizer uses, but stroking with rasterx rather than canvas's
// Path.Stroke: that one removes the outline's self-intersections with a
// sweep, exact and far too slow for a map's thousands of border vertices,
// while a scan converter fills overlapping stroke pieces correctly as
// they are. It also honours the fill rule: map shapes are filled even-odd,
// whichever way their rings turn.
type raster struct {
	img     *image.RGBA
	dpmm    float64
	h       float64 // image height in pixels
	scanner *scanx.Scanner
	filler  *rasterx.Filler
	dasher  *rasterx.Dasher
}

func newRaster(w, h int, scale float64) *raster {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	sc := scanx.NewScanner(scanx.NewImgSpanner(img), w, h)
	return &raster{img: img, dpmm: scale, h: float64(h), scanner: sc,
		filler: rasterx.NewFiller(w, h, sc), dasher: rasterx.NewDasher(w, h, sc)}
}

func (r *raster) Size() (float64, float64) {
	s := r.img.Bounds().Size()
	return float64(s.X) / r.dpmm, float64(s.Y) / r.dpmm
}

func (r *raster) RenderPath(p *canvas.Path, st canvas.Style, m canvas.Matrix) {
	// Device pixels, y down.
	dm := canvas.Identity.Translate(0, r.h).Scale(r.dpmm, -r.dpmm).Mul(m)
	if st.HasFill() {
		r.scanner.Clear()
		r.scanner.SetWinding(st.FillRule != canvas.EvenOdd)
		feed(r.filler, p, dm)
		r.scanner.SetColor(st.Fill.Color)
		r.scanner.Draw()
	}
	if st.HasStroke() {
		k := math.Sqrt(math.Abs(dm.Det())) // m is a similarity
		w := st.StrokeWidth * k
		var dashes []float64
		for _, d := range st.Dashes {
			dashes = append(dashes, d*w) // canvas's dashes are in widths
		}
		capper := rasterx.ButtCap
		if _, ok := st.StrokeCapper.(canvas.RoundCapper); ok {
			capper = rasterx.RoundCap
		}
		r.scanner.Clear()
		r.scanner.SetWinding(true)
		r.dasher.SetStroke(fixed.Int26_6(w*64), 4*64, capper, nil, rasterx.RoundGap, rasterx.Round, dashes, st.DashOffset*w)
		feed(r.dasher, p, dm)
		r.scanner.SetColor(st.Stroke.Color)
		r.scanner.Draw()
	}
}

// feed sends a canvas path, mapped by m, to a rasterx adder.
func feed(a rasterx.Adder, p *canvas.Path, m canvas.Matrix) {
	fx := func(q canvas.Point) fixed.Point26_6 {
		q = m.Dot(q)
		return fixed.Point26_6{X: fixed.Int26_6(math.Round(q.X * 64)), Y: fixed.Int26_6(math.Round(q.Y * 64))}
	}
	// Only circles and rounded boxes have arcs; the rest pass as they are.
	for s := p.Scanner(); s.Scan(); {
		if s.Cmd() == canvas.ArcToCmd {
			p = p.Copy().ReplaceArcs()
			break
		}
	}
	open := false
	for s := p.Scanner(); s.Scan(); {
		switch s.Cmd() {
		case canvas.MoveToCmd:
			if open {
				a.Stop(false)
			}
			a.Start(fx(s.End()))
			open = true
		case canvas.LineToCmd:
			a.Line(fx(s.End()))
		case canvas.QuadToCmd:
			a.QuadBezier(fx(s.CP1()), fx(s.End()))
		case canvas.CubeToCmd:
			a.CubeBezier(fx(s.CP1()), fx(s.CP2()), fx(s.End()))
		case canvas.CloseCmd:
			a.Stop(true)
			open = false
		}
	}
	if open {
		a.Stop(false)
	}
}

func (r *raster) RenderText(t *canvas.Text, m canvas.Matrix) {
	t.RenderAsPath(r, m, canvas.DPMM(r.dpmm))
}

func (r *raster) RenderImage(image.Image, canvas.Matrix) {}

// encodePNG draws the scene at scale device pixels per scene pixel.
func encodePNG(sc *scene, f *fonts, scale float64) ([]byte, error) {
	w, h := int(sc.w*scale+0.5), int(sc.h*scale+0.5)
	r := newRaster(w, h, scale)
	draw.Draw(r.img, r.img.Bounds(), image.NewUniform(sc.bg), image.Point{}, draw.Src)
	if err := drawCanvas(sc, f, r, canvas.Identity.Translate(0, sc.h).Scale(1, -1), false); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, r.img); err != nil {
		return nil, fmt.Errorf("encoding the PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// Paper sizes in millimetres, landscape, and the margin around the map.
const (
	pdfMargin = 10.0
	// mmPerPx is the CSS pixel: the PDF's layout is a page-sized scene in
	// these pixels, so its text comes out at the site's sizes in points.
	mmPerPx = 25.4 / 96
)

func paperSize(paper string) (w, h float64) {
	if paper == "letter" {
		return 279.4, 215.9
	}
	return 297, 210
}

// renderPDF lays the scene out to fill one landscape page inside its
// margins.
func renderPDF(v *atlas.View, o Options, f *fonts) ([]byte, error) {
	pw, ph := paperSize(o.Paper)
	sc, err := layout(v, o, f, (pw-2*pdfMargin)/mmPerPx, (ph-2*pdfMargin)/mmPerPx)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	opts := pdf.DefaultOptions
	r := pdf.New(&buf, pw, ph, &opts)
	r.SetInfo(sc.title, sc.desc, "", "", "claimsmap")
	bg := canvas.DefaultStyle
	bg.Fill = paint(sc.bg)
	r.RenderPath(canvas.Rectangle(pw, ph), bg, canvas.Identity)
	m := canvas.Identity.Translate(pdfMargin, ph-pdfMargin).Scale(mmPerPx, -mmPerPx)
	if err := drawCanvas(sc, f, r, m, true); err != nil {
		return nil, err
	}
	if err := r.Close(); err != nil {
		return nil, fmt.Errorf("writing the PDF: %w", err)
	}
	return reproducible(buf.Bytes())
}
