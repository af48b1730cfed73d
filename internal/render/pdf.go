package render

import (
	"bytes"
	"fmt"
	"image/color"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"github.com/paulmach/orb"
	"golang.org/x/image/font/sfnt"

	"github.com/claimsmap/claimsmap/internal/atlas"
)

// Paper sizes in millimetres, landscape, and the margin around the map.
const (
	pdfMargin = 10.0
	// mmPerPx is the CSS pixel: the PDF's layout is a page-sized scene in
	// these pixels, so its text comes out at the site's sizes in points.
	mmPerPx = 25.4 / 96
	// ptPerPx converts the scene's font sizes to points.
	ptPerPx = 72.0 / 96
)

func paperSize(paper string) (w, h float64) {
	if paper == "letter" {
		return 279.4, 215.9
	}
	return 297, 210
}

// pdfFamily is the name the Go fonts are embedded under; the styles are
// fpdf's "", "B" and "I", by Face.
const pdfFamily = "go"

var pdfStyles = [3]string{"", "B", "I"}

// renderPDF lays the scene out to fill one landscape page inside its
// margins and writes it.
func renderPDF(v *atlas.View, o Options, f *fonts) ([]byte, error) {
	pw, ph := paperSize(o.Paper)
	// A PDF is for paper: a white page, and the light theme whatever was
	// asked (Effective), so that a report prints as it reads.
	o = o.Effective()
	sc, err := layout(v, o, f, (pw-2*pdfMargin)/mmPerPx, (ph-2*pdfMargin)/mmPerPx)
	if err != nil {
		return nil, err
	}
	sc.bg = color.RGBA{0xff, 0xff, 0xff, 0xff}
	// The document's dates are the map's: the same drawing gives the same
	// bytes, whenever it is written.
	when, err := time.Parse(time.DateOnly, o.Date)
	if err != nil {
		return nil, fmt.Errorf("PDF date %q: %w", o.Date, err)
	}
	return writePDF(sc, f, pdfLayout{w: pw, h: ph, margin: pdfMargin}, when)
}

// pdfLayout is a page in millimetres and the margin the scene is drawn
// inside.
type pdfLayout struct {
	w, h, margin float64
}

// writePDF writes the scene on one page with fpdf: shapes as paths
// (even-odd, as the SVG), text as text in the embedded Go fonts, so that
// it can be selected and searched, and halos as stroked glyph outlines
// under it. The background fills the whole page, margins included.
func writePDF(sc *scene, f *fonts, page pdfLayout, when time.Time) ([]byte, error) {
	init := fpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: fpdf.SizeType{Wd: page.w, Ht: page.h}}
	if page.w > page.h {
		init = fpdf.InitType{OrientationStr: "L", UnitStr: "mm", Size: fpdf.SizeType{Wd: page.h, Ht: page.w}}
	}
	doc := fpdf.NewCustom(&init)
	doc.SetCreationDate(when)
	doc.SetModificationDate(when)
	doc.SetCatalogSort(true)
	doc.SetTitle(sc.title, true)
	doc.SetSubject(sc.desc, true)
	doc.SetCreator("claimsmap", true)
	doc.SetLang(sc.lang)
	doc.SetMargins(0, 0, 0)
	doc.SetAutoPageBreak(false, 0)
	for k, b := range goFontFiles {
		doc.AddUTF8FontFromBytes(pdfFamily, pdfStyles[k], b)
	}
	doc.AddPage()
	p := pdfPage{doc: doc, margin: page.margin, translucent: new(bool)}
	if sc.bg.A != 0 {
		p.setFill(sc.bg)
		doc.Rect(0, 0, page.w, page.h, "F")
	}
	for _, g := range sc.groups {
		for _, it := range g.items {
			if err := p.item(f, g.x, g.y, it); err != nil {
				return nil, err
			}
		}
	}
	var buf bytes.Buffer
	if err := doc.Output(&buf); err != nil {
		return nil, fmt.Errorf("writing the PDF: %w", err)
	}
	return buf.Bytes(), nil
}

// pdfPage draws scene items on a page, mapping scene pixels inside the
// margins to millimetres.
type pdfPage struct {
	doc    *fpdf.Fpdf
	margin float64
	// translucent is set while an alpha other than 1 is in force.
	translucent *bool
}

func (p pdfPage) mm(v float64) float64 { return v * mmPerPx }

// at maps a scene point, offset by its group's origin, to the page.
func (p pdfPage) at(ox, oy float64, q orb.Point) (float64, float64) {
	return p.margin + (q[0]+ox)*mmPerPx, p.margin + (q[1]+oy)*mmPerPx
}

// setFill sets the fill colour and its alpha.
func (p pdfPage) setFill(c color.RGBA) {
	c, a := straight(c)
	p.doc.SetFillColor(int(c.R), int(c.G), int(c.B))
	p.alpha(a)
}

// alpha sets the alpha of what is painted next, fill and stroke alike.
// An opaque drawing never sets one, so its PDF has no transparency.
func (p pdfPage) alpha(a float64) {
	if a < 1 || *p.translucent {
		p.doc.SetAlpha(a, "Normal")
		*p.translucent = a < 1
	}
}

// setStroke sets the pen and its alpha and reports whether there is one.
func (p pdfPage) setStroke(c color.RGBA, width float64, dash []float64, round bool) bool {
	if c.A == 0 || width <= 0 {
		return false
	}
	c, a := straight(c)
	p.doc.SetDrawColor(int(c.R), int(c.G), int(c.B))
	p.alpha(a)
	p.doc.SetLineWidth(p.mm(width))
	p.doc.SetLineJoinStyle("round")
	if round {
		p.doc.SetLineCapStyle("round")
	} else {
		p.doc.SetLineCapStyle("butt")
	}
	var d []float64
	for _, x := range dash {
		d = append(d, p.mm(x))
	}
	p.doc.SetDashPattern(d, 0)
	return true
}

// paint fills with fill and strokes with the pen what draw draws, given
// fpdf's style letters: in one operation, or, where either colour is
// translucent, one after the other, as PDF's alpha is for both at once.
func (p pdfPage) paint(fill, stroke color.RGBA, width float64, dash []float64, round bool, draw func(style string)) {
	f, s := fill.A != 0, stroke.A != 0 && width > 0
	if f && s && (fill.A != 0xff || stroke.A != 0xff) {
		p.setFill(fill)
		draw("F")
		p.setStroke(stroke, width, dash, round)
		draw("D")
		return
	}
	if f {
		p.setFill(fill)
	}
	if st := style(f, p.setStroke(stroke, width, dash, round)); st != "" {
		draw(st)
	}
}

// style is fpdf's style letters for fill and stroke, "" for neither.
func style(fill, stroke bool) string {
	switch {
	case fill && stroke:
		return "FD"
	case fill:
		return "F"
	case stroke:
		return "D"
	}
	return ""
}

func (p pdfPage) item(f *fonts, ox, oy float64, it item) error {
	switch it := it.(type) {
	case shape:
		p.shape(ox, oy, it)
	case circle:
		x, y := p.at(ox, oy, orb.Point{it.x, it.y})
		p.paint(it.fill, it.stroke, it.width, nil, false, func(st string) {
			p.doc.Circle(x, y, p.mm(it.r), st)
		})
	case rect:
		x, y := p.at(ox, oy, orb.Point{it.x, it.y})
		p.paint(it.fill, it.stroke, it.width, nil, false, func(st string) {
			if it.rx > 0 {
				p.doc.RoundedRect(x, y, p.mm(it.w), p.mm(it.h), p.mm(it.rx), "1234", st)
			} else {
				p.doc.Rect(x, y, p.mm(it.w), p.mm(it.h), st)
			}
		})
	case label:
		return p.label(f, ox, oy, it)
	}
	return nil
}

// pathOps are the path-painting operators for fpdf's style letters:
// areas fill even-odd, as the SVG does.
var pathOps = map[string]string{"FD": "B*", "F": "f*", "D": "S"}

func (p pdfPage) shape(ox, oy float64, s shape) {
	path := func() {
		eachPiece(s.geom, func(pts []orb.Point, closed bool) {
			p.doc.MoveTo(p.at(ox, oy, pts[0]))
			for _, q := range pts[1:] {
				p.doc.LineTo(p.at(ox, oy, q))
			}
			if closed {
				p.doc.ClosePath()
			}
		})
	}
	fill := s.fill
	if s.hatch != nil {
		p.setFill(s.hatch.bg)
		path()
		p.doc.DrawPath("f*")
		p.setFill(s.hatch.line)
		for _, q := range s.hatch.stripes(rings(s.geom)) {
			p.doc.MoveTo(p.at(ox, oy, q[0]))
			for _, c := range q[1:] {
				p.doc.LineTo(p.at(ox, oy, c))
			}
			p.doc.ClosePath()
		}
		p.doc.DrawPath("f")
		fill = color.RGBA{}
	}
	p.paint(fill, s.stroke, s.width, s.dash, s.round, func(st string) {
		path()
		p.doc.DrawPath(pathOps[st])
	})
}

func (p pdfPage) label(f *fonts, ox, oy float64, l label) error {
	x, y := l.x+ox, l.y+oy
	switch l.anchor {
	case Middle:
		x -= f.width(l.face, l.size, l.text) / 2
	case End:
		x -= f.width(l.face, l.size, l.text)
	}
	if p.setStroke(l.halo, l.haloWidth, nil, true) {
		segs, err := f.outline(l.face, l.size, l.text, x, y)
		if err != nil {
			return err
		}
		var cur orb.Point
		for _, s := range segs {
			switch s.op {
			case sfnt.SegmentOpMoveTo:
				p.doc.MoveTo(p.at(0, 0, s.pts[0]))
			case sfnt.SegmentOpLineTo:
				p.doc.LineTo(p.at(0, 0, s.pts[0]))
			case sfnt.SegmentOpQuadTo:
				// The same curve as a cubic: PDF has no quadratic.
				c, e := s.pts[0], s.pts[1]
				c1 := orb.Point{cur[0] + 2.0/3*(c[0]-cur[0]), cur[1] + 2.0/3*(c[1]-cur[1])}
				c2 := orb.Point{e[0] + 2.0/3*(c[0]-e[0]), e[1] + 2.0/3*(c[1]-e[1])}
				p.cubic(c1, c2, e)
			case sfnt.SegmentOpCubeTo:
				p.cubic(s.pts[0], s.pts[1], s.pts[2])
			}
			cur = s.pts[argCount(s.op)-1]
		}
		p.doc.DrawPath("S")
	}
	p.doc.SetFont(pdfFamily, pdfStyles[l.face], l.size*ptPerPx)
	c, a := straight(l.fill)
	p.doc.SetTextColor(int(c.R), int(c.G), int(c.B))
	p.alpha(a)
	px, py := p.at(0, 0, orb.Point{x, y})
	p.doc.Text(px, py, l.text)
	return nil
}

func (p pdfPage) cubic(c1, c2, e orb.Point) {
	x1, y1 := p.at(0, 0, c1)
	x2, y2 := p.at(0, 0, c2)
	x, y := p.at(0, 0, e)
	p.doc.CurveBezierCubicTo(x1, y1, x2, y2, x, y)
}
