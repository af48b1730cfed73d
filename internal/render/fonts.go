package render

import (
	"fmt"
	"image/color"

	"github.com/tdewolff/canvas"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
)

type faceKind int

const (
	regular faceKind = iota
	bold
	italic
)

// svgFamily is the font list the SVG asks for: the Go fonts the PNG and
// PDF are set in where the reader has them, else the site's system fonts,
// which are no wider, so text still fits its boxes.
const svgFamily = "Go, system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"

// mmPerPt converts canvas's font sizes, in points, to its units, which
// this package treats as pixels.
const mmPerPt = 25.4 / 72

// fonts are the Go fonts, parsed for one render. They are loaded per
// render (about 2 ms) rather than shared, because the text shaper caches
// glyph extents without a lock.
type fonts struct {
	f [3]*canvas.Font
}

func loadFonts() (*fonts, error) {
	var fs fonts
	for i, b := range [][]byte{goregular.TTF, gobold.TTF, goitalic.TTF} {
		style := []canvas.FontStyle{canvas.FontRegular, canvas.FontBold, canvas.FontItalic}[i]
		f, err := canvas.LoadFont(b, 0, style)
		if err != nil {
			return nil, fmt.Errorf("loading the Go fonts: %w", err)
		}
		fs.f[i] = f
	}
	return &fs, nil
}

// face returns a face whose em is size pixels.
func (fs *fonts) face(k faceKind, size float64, c color.RGBA) *canvas.FontFace {
	return fs.f[k].Face(size/mmPerPt, c)
}

// width is the advance of s in pixels.
func (fs *fonts) width(k faceKind, size float64, s string) float64 {
	return fs.face(k, size, color.RGBA{}).TextWidth(s)
}

// fit returns size, or a smaller size down to min at which s fits in w.
func (fs *fonts) fit(k faceKind, size, min, w float64, s string) float64 {
	if tw := fs.width(k, size, s); tw > w {
		size = max(min, size*w/tw)
	}
	return size
}

// wrap breaks s into lines no wider than w, at the separators sep first
// and then at spaces.
func (fs *fonts) wrap(k faceKind, size, w float64, parts []string, sep string) []string {
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
