// Package render draws claimsmap's maps as standalone images for reports:
// PNG, PDF and SVG. One layout (a scene of shapes and text in pixels, built
// from the same cartography.Build the site draws) drives all three
// formats, so a reader sees the same map, legend and figures in each, set
// in the Go fonts. Each format is written by a small writer of its own:
// PNG by rasterx's stroker over golang.org/x/image/vector, PDF by
// codeberg.org/go-pdf/fpdf with the fonts embedded and text kept as text,
// SVG directly, so that its text stays text and it carries a <title> and
// <desc> stating what the map shows.
//
// Rendering is deterministic: the same atlas and options give the same
// bytes, so responses can be cached and compared.
package render

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/claimsmap/claimsmap/internal/atlas"
)

// Format is an image format.
type Format string

// The formats Render draws.
const (
	SVG Format = "svg"
	PNG Format = "png"
	PDF Format = "pdf"
)

// Theme is a colour scheme, the site's light or dark one.
type Theme string

// The themes.
const (
	Light Theme = "light"
	Dark  Theme = "dark"
)

// Default and largest sizes, in pixels.
const (
	DefaultWidth  = 1200
	DefaultHeight = 800
	// MaxSide bounds each side of an image, after the PNG's scale, so
	// that one request cannot ask for a gigapixel raster.
	MaxSide = 4000
	// MinWidth and MinHeight leave room for the title, legend and source
	// line around the map.
	MinWidth  = 400
	MinHeight = 300
)

// Options choose an image.
type Options struct {
	// Region is a claimed region's slug, or "" or "ukraine" for the whole
	// map.
	Region string
	// Date is the snapshot date of control; "" is the atlas's default.
	Date   string
	Format Format
	// Width and Height are the image's size in pixels (PNG) or user units
	// (SVG); 0 means 1200×800. PDF ignores them: its page fixes the size.
	Width, Height int
	// Scale is the PNG's pixel density, 1 or 2 (for high-density
	// screens); 0 means 1. A 1200×800 image at scale 2 is 2400×1600
	// pixels with the same layout.
	Scale float64
	// Paper is the PDF's page, "a4" (the default) or "letter", always
	// landscape.
	Paper string
	// Theme is "light" (the default) or "dark".
	Theme Theme
	// BaseURL is the site's address, printed in the source line.
	BaseURL string
}

// ErrInvalid marks options the caller can correct (the web layer answers
// them with 400); ErrNotFound marks a region or date the atlas does not
// have (404). Test with errors.Is.
var (
	ErrInvalid  = errors.New("invalid image options")
	ErrNotFound = errors.New("not in the atlas")
)

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalid}, args...)...)
}

// Validate checks the options without an atlas: sizes, scale, format,
// paper and theme. Render checks the region and date against the atlas.
func (o Options) Validate() error {
	var errs []error
	switch o.Format {
	case SVG, PNG, PDF:
	default:
		errs = append(errs, invalid("format %q: use svg, png or pdf", o.Format))
	}
	switch o.Scale {
	case 0, 1, 2:
	default:
		errs = append(errs, invalid("scale %g: use 1, or 2 for high-density screens", o.Scale))
	}
	scale := 1.0
	if o.Format == PNG && o.Scale == 2 {
		scale = 2
	}
	for _, side := range []struct {
		name   string
		v, min int
	}{{"width", o.Width, MinWidth}, {"height", o.Height, MinHeight}} {
		switch px := float64(side.v) * scale; {
		case side.v == 0:
		case side.v < side.min:
			errs = append(errs, invalid("%s %d px: must be at least %d px (or 0 for the default)", side.name, side.v, side.min))
		case px > MaxSide && scale != 1:
			errs = append(errs, invalid("%s %d px at scale %g is %g px: no side may exceed %d px", side.name, side.v, scale, px, MaxSide))
		case px > MaxSide:
			errs = append(errs, invalid("%s %d px: no side may exceed %d px", side.name, side.v, MaxSide))
		}
	}
	if w, h := or(o.Width, DefaultWidth), or(o.Height, DefaultHeight); w > 0 && h > 0 && o.Format != PDF {
		if r := float64(w) / float64(h); r < 0.5 || r > 3 {
			errs = append(errs, invalid("width %d × height %d: the map is drawn from width:height 1:2 to 3:1; beyond that the basemap's edge shows", w, h))
		}
	}
	switch strings.ToLower(o.Paper) {
	case "", "a4", "letter":
	default:
		errs = append(errs, invalid("paper %q: use a4 or letter", o.Paper))
	}
	switch o.Theme {
	case "", Light, Dark:
	default:
		errs = append(errs, invalid("theme %q: use light or dark", o.Theme))
	}
	if o.BaseURL != "" {
		u, err := url.Parse(o.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(o.BaseURL, " \t\r\n") {
			errs = append(errs, invalid("base URL %q: use an absolute http or https address", o.BaseURL))
		}
	}
	return errors.Join(errs...)
}

// withDefaults fills in the zero values and resolves the region and date
// against the atlas.
// Effective leaves out what the format ignores: a PDF's page fixes its
// size and it is always light (for paper), only a PNG has a scale, and
// only a PDF a paper. Two options with the same Effective draw the same
// bytes, so callers key their caches on it.
func (o Options) Effective() Options {
	if o.Format == PDF {
		o.Width, o.Height, o.Theme = 0, 0, Light
	} else {
		o.Paper = ""
	}
	if o.Format != PNG {
		o.Scale = 0
	}
	return o
}

func (o Options) withDefaults(v *atlas.View) (Options, error) {
	a := v.Atlas
	if err := o.Validate(); err != nil {
		return o, err
	}
	if o.Width == 0 {
		o.Width = DefaultWidth
	}
	if o.Height == 0 {
		o.Height = DefaultHeight
	}
	if o.Scale == 0 {
		o.Scale = 1
	}
	o.Paper = strings.ToLower(o.Paper)
	if o.Paper == "" {
		o.Paper = "a4"
	}
	if o.Theme == "" {
		o.Theme = Light
	}
	if o.Region == "ukraine" {
		o.Region = ""
	}
	if o.Region != "" {
		if _, ok := a.Region(o.Region); !ok {
			var slugs []string
			for _, r := range a.Regions {
				slugs = append(slugs, r.Slug)
			}
			return o, fmt.Errorf("%w: no claimed region %q (use ukraine or one of %s)", ErrNotFound, o.Region, strings.Join(slugs, ", "))
		}
	}
	o.Date = v.Date
	return o, nil
}

// Render draws the map the options choose on the view's date (the
// options' Date is set to it).
func Render(v *atlas.View, o Options) ([]byte, error) {
	o, err := o.withDefaults(v)
	if err != nil {
		return nil, err
	}
	f, err := loadFonts()
	if err != nil {
		return nil, err
	}
	switch o.Format {
	case PDF:
		return renderPDF(v, o, f)
	case PNG:
		sc, err := layout(v, o, f, float64(o.Width), float64(o.Height))
		if err != nil {
			return nil, err
		}
		return encodePNG(sc, f, o.Scale)
	default:
		sc, err := layout(v, o, f, float64(o.Width), float64(o.Height))
		if err != nil {
			return nil, err
		}
		return writeSVG(sc, f)
	}
}

// ContentType returns the media type of a format, or "" for an unknown
// one.
func ContentType(f Format) string {
	switch f {
	case SVG:
		return "image/svg+xml"
	case PNG:
		return "image/png"
	case PDF:
		return "application/pdf"
	}
	return ""
}

// or returns v, or def where v is 0 (not given).
func or(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}
