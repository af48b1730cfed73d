// Package chart draws claimsmap's charts of areas over time: a step chart
// of a few series against dated snapshots, with axes in years and square
// kilometres. One layout (a scene of paths and text in pixels) is written
// as SVG, for the pages and for reports, and drawn as PNG with
// internal/render's Drawing, in the Go fonts the map images use.
//
// A chart knows nothing of the atlas: the caller passes the dates, the
// values and every word the chart shows.
package chart

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"
	"time"
)

// Series is one line of the chart.
type Series struct {
	Name string
	// Class names the series in the SVG (class="series held"), for the
	// site's stylesheet; it also picks the colours: "held" or
	// "contested".
	Class  string
	Values []float64 // one per date
	// Area fills the ground under the line.
	Area bool
	// Dashed draws the line dashed, so the series stay apart in greyscale.
	Dashed bool
}

// Chart is a chart of areas in km² over dated snapshots.
type Chart struct {
	// ID prefixes the ids of the SVG's title and description; it must be
	// unique on the page the SVG is inlined in.
	ID    string
	Title string
	// Desc is the text alternative: what the chart shows, in words.
	Desc   string
	Dates  []string // YYYY-MM-DD, oldest first
	Series []Series
	// Standalone draws the title, the date range and Source inside the
	// image and paints its background, for an image used on its own.
	Standalone bool
	Subtitle   string
	Source     string
	Width      float64
	Height     float64
	Theme      Theme
}

// Theme is the light or dark palette of the site.
type Theme string

// The themes.
const (
	Light Theme = "light"
	Dark  Theme = "dark"
)

// ErrInvalid marks a chart that cannot be drawn as asked.
var ErrInvalid = errors.New("invalid chart")

// Sizes of a chart drawn without a size, in pixels.
const (
	InlineWidth, InlineHeight         = 480, 300
	StandaloneWidth, StandaloneHeight = 1000, 560
)

type palette struct {
	bg, fg, muted, grid, held, heldArea, contested color.RGBA
}

// palettes follow static/site.css: Okabe–Ito vermillion for held ground,
// grey for contested.
var palettes = map[Theme]palette{
	Light: {bg: rgb(0xfbfaf7), fg: rgb(0x1c1c1c), muted: rgb(0x5a5a5a), grid: rgb(0xd7d3cb),
		held: rgb(0xc24a00), heldArea: rgba(0xc24a00, 0x40), contested: rgb(0x6e6e6e)},
	Dark: {bg: rgb(0x16181b), fg: rgb(0xecebe8), muted: rgb(0xa6a49f), grid: rgb(0x3a3d42),
		held: rgb(0xff8a3d), heldArea: rgba(0xff8a3d, 0x40), contested: rgb(0xa9acb2)},
}

func rgb(v uint32) color.RGBA { return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff} }

// rgba is a colour with straight (not premultiplied) alpha a.
func rgba(v uint32, a uint8) color.RGBA {
	c := rgb(v)
	c.A = a
	return c
}

func (p palette) series(class string) (line, area color.RGBA) {
	if class == "held" {
		return p.held, p.heldArea
	}
	return p.contested, rgba(0x9a9a9a, 0x30)
}

// scene is a laid-out chart in pixels, y down.
type scene struct {
	c      *Chart
	w, h   float64
	pal    palette
	groups []group
}

type group struct {
	class  string
	hidden bool // decorative: aria-hidden
	items  []any
}

type poly struct {
	class  string
	pts    [][2]float64
	closed bool
	fill   color.RGBA // zero: none
	stroke color.RGBA // zero: none
	width  float64
	dash   []float64
}

type dot struct {
	x, y, r float64
	fill    color.RGBA
	stroke  color.RGBA
}

type label struct {
	class  string
	x, y   float64 // baseline
	s      string
	anchor string // start, middle, end
	size   float64
	bold   bool
	fill   color.RGBA
}

// Text sizes in pixels: the inline chart is drawn small and scaled up or
// down with the page, so its text is larger to stay readable on a phone.
const (
	standaloneText = 13
	inlineText     = 15
)

// textWidth estimates the advance of s at size px in a sans-serif face:
// about 0.55 em a character. Only the legend's wrapping depends on it.
func textWidth(s string, size float64) float64 { return float64(len([]rune(s))) * size * 0.55 }

// layout places everything.
func layout(c *Chart) (*scene, error) {
	if len(c.Dates) == 0 {
		return nil, fmt.Errorf("%w: no dates", ErrInvalid)
	}
	times := make([]time.Time, len(c.Dates))
	for i, d := range c.Dates {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			return nil, fmt.Errorf("%w: date %q", ErrInvalid, d)
		}
		if i > 0 && !t.After(times[i-1]) {
			return nil, fmt.Errorf("%w: dates not in order at %s", ErrInvalid, d)
		}
		times[i] = t
	}
	for _, s := range c.Series {
		if len(s.Values) != len(c.Dates) {
			return nil, fmt.Errorf("%w: series %s has %d values for %d dates", ErrInvalid, s.Name, len(s.Values), len(c.Dates))
		}
	}
	w, h := c.Width, c.Height
	if w == 0 || h == 0 {
		w, h = InlineWidth, InlineHeight
		if c.Standalone {
			w, h = StandaloneWidth, StandaloneHeight
		}
	}
	pal, ok := palettes[c.Theme]
	if !ok {
		pal = palettes[Light]
	}
	sc := &scene{c: c, w: w, h: h, pal: pal}

	// The plot's frame: room for the y labels on the left, the legend on
	// top, the x labels below, and in a standalone image the title above
	// and the source line below.
	fontSize := float64(inlineText)
	if c.Standalone {
		fontSize = standaloneText
	}
	// The legend runs along the top, wrapping where the next entry would
	// pass the right edge.
	type entry struct{ x, row float64 }
	var entries []entry
	ex, row := 86.0, 0.0
	for _, s := range c.Series {
		wdt := 30 + textWidth(s.Name, fontSize)
		if ex > 86 && ex+wdt > w-16 {
			ex, row = 86, row+1
		}
		entries = append(entries, entry{ex, row})
		ex += wdt + 24
	}
	rowH := fontSize + 7
	top, bottom, left, right := 20+rowH*(row+1), h-fontSize-15, 86.0, w-16
	if c.Standalone {
		top, bottom = 78+rowH*(row+1), h-56
		title := group{class: "heading"}
		title.items = append(title.items,
			label{class: "chart-title", x: 16, y: 32, s: c.Title, size: 20, bold: true, fill: pal.fg},
			label{class: "chart-subtitle", x: 16, y: 56, s: c.Subtitle, size: fontSize, fill: pal.muted})
		sc.groups = append(sc.groups, title)
	}

	// x: time, linear in days, padded by half a year's width at most so
	// that the first and last markers sit clear of the axes.
	t0, t1 := times[0], times[len(times)-1]
	span := t1.Sub(t0).Hours() / 24
	if span == 0 {
		span = 365
		t0 = t0.AddDate(0, -6, 0)
	}
	pad := math.Min(span*0.03, 180)
	x := func(t time.Time) float64 {
		d := t.Sub(t0).Hours()/24 + pad
		return left + d/(span+2*pad)*(right-left)
	}
	// y: km², from zero to a round maximum.
	maxV := 0.0
	for _, s := range c.Series {
		for _, v := range s.Values {
			maxV = math.Max(maxV, v)
		}
	}
	ticks := niceTicks(maxV, 5)
	yMax := ticks[len(ticks)-1]
	y := func(v float64) float64 { return bottom - v/yMax*(bottom-top) }

	grid := group{class: "grid", hidden: true}
	axis := group{class: "axis", hidden: true}
	for _, v := range ticks {
		yy := round(y(v))
		grid.items = append(grid.items, poly{class: "gridline", pts: [][2]float64{{left, yy}, {right, yy}}, stroke: pal.grid, width: 1})
		axis.items = append(axis.items, label{x: left - 8, y: yy + 4, s: formatKm2(v), anchor: "end", size: fontSize, fill: pal.muted})
	}
	axis.items = append(axis.items, label{class: "unit", x: left - 8, y: top - 12, s: "km²", anchor: "end", size: fontSize, fill: pal.muted})
	// Years: a tick each January, labelled every n years so that labels
	// stay 56 px apart.
	perYear := 365.25 / (span + 2*pad) * (right - left)
	every := 1
	for float64(every)*perYear < 56 {
		every++
	}
	for yr := t0.Year() + 1; yr <= t1.Year(); yr++ {
		if yr%every != 0 {
			continue
		}
		xx := round(x(time.Date(yr, 1, 1, 0, 0, 0, 0, time.UTC)))
		grid.items = append(grid.items, poly{class: "tick", pts: [][2]float64{{xx, bottom}, {xx, bottom + 5}}, stroke: pal.muted, width: 1})
		axis.items = append(axis.items, label{x: xx, y: bottom + fontSize + 6, s: strconv.Itoa(yr), anchor: "middle", size: fontSize, fill: pal.muted})
	}
	grid.items = append(grid.items, poly{class: "baseline", pts: [][2]float64{{left, bottom}, {right, bottom}}, stroke: pal.muted, width: 1})
	sc.groups = append(sc.groups, grid, axis)

	// Each series as steps: a value holds from its snapshot to the next.
	legend := group{class: "legend", hidden: true}
	for _, s := range c.Series {
		line, area := pal.series(s.Class)
		var pts [][2]float64
		for i, v := range s.Values {
			xx, yy := round(x(times[i])), round(y(v))
			if i > 0 {
				pts = append(pts, [2]float64{xx, pts[len(pts)-1][1]})
			}
			pts = append(pts, [2]float64{xx, yy})
		}
		g := group{class: "series " + s.Class, hidden: true}
		if s.Area {
			fill := append([][2]float64{{pts[0][0], bottom}}, pts...)
			fill = append(fill, [2]float64{pts[len(pts)-1][0], bottom})
			g.items = append(g.items, poly{class: "area", pts: fill, closed: true, fill: area})
		}
		var dash []float64
		if s.Dashed {
			dash = []float64{6, 4}
		}
		g.items = append(g.items, poly{class: "line", pts: pts, stroke: line, width: 2.5, dash: dash})
		for i, v := range s.Values {
			g.items = append(g.items, dot{x: round(x(times[i])), y: round(y(v)), r: 3.5, fill: line, stroke: pal.bg})
		}
		sc.groups = append(sc.groups, g)

		e := entries[len(legend.items)/2]
		ly := top - 18 - rowH*(row-e.row)
		legend.items = append(legend.items,
			poly{class: "swatch " + s.Class, pts: [][2]float64{{e.x, ly - 4}, {e.x + 24, ly - 4}}, stroke: line, width: 2.5, dash: dash},
			label{x: e.x + 30, y: ly, s: s.Name, size: fontSize, fill: pal.fg})
	}
	sc.groups = append(sc.groups, legend)
	if c.Standalone && c.Source != "" {
		sc.groups = append(sc.groups, group{class: "source", items: []any{
			label{class: "chart-source", x: 16, y: h - 16, s: c.Source, size: 11, fill: pal.muted},
		}})
	}
	return sc, nil
}

// niceTicks returns 0 and round values up to at least maxV, about n of
// them: steps of 1, 2 or 5 times a power of ten.
func niceTicks(maxV float64, n int) []float64 {
	if maxV <= 0 {
		return []float64{0, 1}
	}
	raw := maxV / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * mag
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	var ts []float64
	for v := 0.0; ; v += step {
		ts = append(ts, v)
		if v >= maxV {
			break
		}
	}
	return ts
}

// formatKm2 writes a whole number with thousands separators: "120,000".
func formatKm2(v float64) string {
	s := strconv.FormatInt(int64(math.Round(v)), 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func round(v float64) float64 { return math.Round(v*10) / 10 }
