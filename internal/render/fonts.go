package render

import (
	"fmt"
	"sync"

	"github.com/paulmach/orb"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// svgFamily is the font list the SVG asks for: the Go fonts the PNG and
// PDF are set in where the reader has them, else the site's system fonts,
// which are no wider, so text still fits its boxes.
const svgFamily = "Go, system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"

// goFontFiles are the Go fonts' TrueType files, by Face. The PDF
// embeds them; everything else reads them through parsedFonts.
var goFontFiles = [3][]byte{goregular.TTF, gobold.TTF, goitalic.TTF}

// parsedFonts parses the Go fonts once per process. A parsed sfnt.Font is
// never modified and is safe for concurrent use with a Buffer per caller,
// which fonts keeps.
var parsedFonts = sync.OnceValues(func() ([3]*sfnt.Font, error) {
	var fs [3]*sfnt.Font
	for i, b := range goFontFiles {
		f, err := sfnt.Parse(b)
		if err != nil {
			return fs, fmt.Errorf("parsing the Go fonts: %w", err)
		}
		fs[i] = f
	}
	return fs, nil
})

// fonts measures and outlines text in the Go fonts, unhinted, at sizes in
// pixels. One fonts serves one render: its buffer is not for sharing.
// The Go fonts have no kerning, so a string's width is the sum of its
// glyphs' advances, which is also what a PDF reader adds up.
type fonts struct {
	f   [3]*sfnt.Font
	buf sfnt.Buffer
}

func loadFonts() (*fonts, error) {
	f, err := parsedFonts()
	if err != nil {
		return nil, err
	}
	return &fonts{f: f}, nil
}

// units returns the font's em in font units, as a ppem that makes sfnt
// answer in font units (×64).
func (fs *fonts) units(k Face) (upem float64, ppem fixed.Int26_6) {
	u := fs.f[k].UnitsPerEm()
	return float64(u), fixed.I(int(u))
}

// width is the advance of s in pixels.
func (fs *fonts) width(k Face, size float64, s string) float64 {
	f := fs.f[k]
	upem, ppem := fs.units(k)
	var adv fixed.Int26_6
	for _, r := range s {
		g, err := f.GlyphIndex(&fs.buf, r)
		if err != nil {
			continue
		}
		a, err := f.GlyphAdvance(&fs.buf, g, ppem, font.HintingNone)
		if err != nil {
			continue
		}
		adv += a
	}
	return float64(adv) / 64 * size / upem
}

// capHeight is the height of a capital letter in pixels.
func (fs *fonts) capHeight(k Face, size float64) float64 {
	upem, ppem := fs.units(k)
	m, err := fs.f[k].Metrics(&fs.buf, ppem, font.HintingNone)
	if err != nil {
		return 0.7 * size
	}
	return float64(m.CapHeight) / 64 * size / upem
}

// segment is a piece of a glyph's outline in pixels, y down: op is
// sfnt.SegmentOpMoveTo, LineTo (one point), QuadTo (two) or CubeTo
// (three).
type segment struct {
	op  sfnt.SegmentOp
	pts [3]orb.Point
}

// outline returns the outline of s set at size pixels with the start of
// its baseline at (x, y). Each glyph's contours are closed.
func (fs *fonts) outline(k Face, size float64, s string, x, y float64) ([]segment, error) {
	f := fs.f[k]
	upem, ppem := fs.units(k)
	scale := size / upem / 64
	var out []segment
	pen := 0.0
	for _, r := range s {
		g, err := f.GlyphIndex(&fs.buf, r)
		if err != nil {
			return nil, fmt.Errorf("text %q: %w", s, err)
		}
		segs, err := f.LoadGlyph(&fs.buf, g, ppem, nil)
		if err != nil {
			return nil, fmt.Errorf("text %q: glyph for %q: %w", s, r, err)
		}
		for _, sg := range segs {
			o := segment{op: sg.Op}
			for i, a := range sg.Args[:argCount(sg.Op)] {
				o.pts[i] = orb.Point{x + pen + float64(a.X)*scale, y + float64(a.Y)*scale}
			}
			out = append(out, o)
		}
		a, err := f.GlyphAdvance(&fs.buf, g, ppem, font.HintingNone)
		if err != nil {
			return nil, fmt.Errorf("text %q: advance of %q: %w", s, r, err)
		}
		pen += float64(a) * scale
	}
	return out, nil
}

func argCount(op sfnt.SegmentOp) int {
	switch op {
	case sfnt.SegmentOpQuadTo:
		return 2
	case sfnt.SegmentOpCubeTo:
		return 3
	}
	return 1
}

// fit returns size, or a smaller size down to min at which s fits in w.
func (fs *fonts) fit(k Face, size, min, w float64, s string) float64 {
	if tw := fs.width(k, size, s); tw > w {
		size = max(min, size*w/tw)
	}
	return size
}

// wrap breaks s into lines no wider than w, at the separators sep first
// and then at spaces.
func (fs *fonts) wrap(k Face, size, w float64, parts []string, sep string) []string {
	var lines []string
	line := ""
	for _, p := range parts {
		try := p
		if line != "" {
			try = line + sep + p
		}
		if line == "" || fs.width(k, size, try) <= w {
			line = try
			continue
		}
		lines = append(lines, line)
		line = p
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
