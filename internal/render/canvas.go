package render

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"strconv"

	"github.com/srwiley/scanx"
	"github.com/tdewolff/canvas"
	"github.com/tdewolff/canvas/renderers/pdf"

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
	sp, err := parsePath(s.d)
	if err != nil {
		return err
	}
	p := &canvas.Path{}
	for _, sub := range sp {
		for i, q := range sub.pts {
			if i == 0 {
				p.MoveTo(q.x, q.y)
			} else {
				p.LineTo(q.x, q.y)
			}
		}
		if sub.closed {
			p.Close()
		}
	}
	st := canvas.DefaultStyle
	st.FillRule = canvas.EvenOdd
	st.Fill = paint(s.fill)
	if s.hatch != nil {
		st.Fill = paint(s.hatch.bg)
		r.RenderPath(p, st, m)
		q := &canvas.Path{}
		for _, quad := range s.hatch.stripes(sp) {
			q.MoveTo(quad[0].x, quad[0].y)
			for _, c := range quad[1:] {
				q.LineTo(c.x, c.y)
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

// raster is a canvas renderer onto an RGBA image. It is canvas's own
// rasterizer less what this package does not use, and with the fill rule
// honoured: map shapes are filled even-odd, whichever way their rings turn.
type raster struct {
	img     *image.RGBA
	res     canvas.Resolution
	h       float64 // image height in pixels
	scanner *scanx.Scanner
}

func newRaster(w, h int, scale float64) *raster {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	return &raster{img: img, res: canvas.DPMM(scale), h: float64(h), scanner: scanx.NewScanner(scanx.NewImgSpanner(img), w, h)}
}

func (r *raster) Size() (float64, float64) {
	s := r.img.Bounds().Size()
	return float64(s.X) / r.res.DPMM(), float64(s.Y) / r.res.DPMM()
}

func (r *raster) RenderPath(p *canvas.Path, st canvas.Style, m canvas.Matrix) {
	if st.HasFill() {
		r.fill(p.Copy().Transform(m), st.Fill.Color, st.FillRule == canvas.EvenOdd)
	}
	if st.HasStroke() {
		s := p
		if len(st.Dashes) > 0 {
			off, d := canvas.ScaleDash(st.StrokeWidth, st.DashOffset, st.Dashes)
			s = s.Dash(off, d...)
		}
		s = s.Stroke(st.StrokeWidth, st.StrokeCapper, st.StrokeJoiner, canvas.PixelTolerance/r.res.DPMM())
		r.fill(s.Transform(m), st.Stroke.Color, false)
	}
}

func (r *raster) fill(p *canvas.Path, c color.RGBA, evenOdd bool) {
	r.scanner.Clear()
	r.scanner.SetWinding(!evenOdd)
	r.scanner.SetColor(c)
	p.ToScanxScanner(r.scanner, r.h, r.res)
	r.scanner.Draw()
}

func (r *raster) RenderText(t *canvas.Text, m canvas.Matrix) { t.RenderAsPath(r, m, r.res) }

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
func renderPDF(a *atlas.Atlas, o Options, f *fonts) ([]byte, error) {
	pw, ph := paperSize(o.Paper)
	sc, err := layout(a, o, f, (pw-2*pdfMargin)/mmPerPx, (ph-2*pdfMargin)/mmPerPx)
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
	return withoutCreationDate(buf.Bytes())
}

// withoutCreationDate removes the clock time canvas writes into the
// document information, so that the same map gives the same bytes, and
// shifts the cross-reference table to match.
func withoutCreationDate(b []byte) ([]byte, error) {
	key := []byte("/CreationDate (")
	i := bytes.Index(b, key)
	if i < 0 {
		return b, nil
	}
	j := bytes.IndexByte(b[i+len(key):], ')')
	if j < 0 {
		return nil, errors.New("PDF: unterminated creation date")
	}
	j += i + len(key) + 1
	n := j - i
	out := make([]byte, 0, len(b)-n)
	out = append(out, b[:i]...)
	out = append(out, b[j:]...)

	sx := bytes.LastIndex(out, []byte("startxref\n"))
	x := bytes.LastIndex(out, []byte("\nxref\n"))
	if sx < 0 || x < 0 || x < i {
		return nil, errors.New("PDF: no cross-reference table after the document information")
	}
	x++ // the table starts after the newline
	// "xref\n0 N\n" then N 20-byte entries "oooooooooo ggggg n \n".
	p := x + len("xref\n")
	eol := bytes.IndexByte(out[p:], '\n')
	var first, count int
	if _, err := fmt.Sscanf(string(out[p:p+eol]), "%d %d", &first, &count); err != nil {
		return nil, fmt.Errorf("PDF: cross-reference table: %w", err)
	}
	p += eol + 1
	for k := range count {
		e := out[p+20*k : p+20*k+20]
		off, err := strconv.Atoi(string(e[:10]))
		if err != nil {
			return nil, fmt.Errorf("PDF: cross-reference entry %d: %w", k, err)
		}
		if e[17] == 'n' && off > i {
			copy(e[:10], fmt.Sprintf("%010d", off-n))
		}
	}
	tail := fmt.Sprintf("startxref\n%d\n%%%%EOF\n", x)
	return append(out[:sx], tail...), nil
}
