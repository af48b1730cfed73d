package render

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
)

// scene is a laid-out image: groups of shapes and text in pixels, y down,
// on a w×h canvas. Each backend draws it as it is; none adds or moves
// anything, which is what keeps the formats alike.
type scene struct {
	w, h float64
	// title and desc are the text alternative.
	title, desc string
	lang        string
	bg          color.RGBA
	groups      []group
}

// group is a run of items drawn in the coordinates of its origin (x, y).
type group struct {
	class string
	x, y  float64
	// decorative groups are hidden from assistive technology: the desc
	// says what they show.
	decorative bool
	items      []item
}

type item interface{ isItem() }

// shape is SVG path data, filled (with a colour or a hatch) and stroked.
type shape struct {
	d      string
	fill   color.RGBA // alpha 0 for none
	hatch  *hatch     // instead of fill
	stroke color.RGBA
	width  float64
	dash   []float64 // in pixels
	round  bool      // round caps; joins are always round
}

// circle is a dot.
type circle struct {
	x, y, r      float64
	fill, stroke color.RGBA
	width        float64
}

// rect is a box with rounded corners of radius rx.
type rect struct {
	x, y, w, h, rx float64
	fill, stroke   color.RGBA
	width          float64
}

// label is one line of text with its baseline at (x, y).
type label struct {
	x, y   float64
	text   string
	size   float64
	face   faceKind
	anchor anchor
	fill   color.RGBA
	// halo is painted under the text, as the site's paint-order stroke, so
	// labels read over the map.
	halo      color.RGBA
	haloWidth float64
}

func (shape) isItem()  {}
func (circle) isItem() {}
func (rect) isItem()   {}
func (label) isItem()  {}

type anchor int

const (
	start anchor = iota
	middle
	end
)

// hatch is diagonal stripes, as the site's hatch pattern: stripes of the
// given width every spacing pixels, running up to the right, centred where
// (x+y)/√2 is offset plus a multiple of spacing in the coordinates of the
// shape's group.
type hatch struct {
	id              string
	spacing, stripe float64
	offset          float64
	line, bg        color.RGBA
}

// pt is a point in pixels.
type pt struct{ x, y float64 }

// subpath is one M… run of path data.
type subpath struct {
	pts    []pt
	closed bool
}

// parsePath reads the path data this package and cartography write:
// M, L, H, V and Z, absolute or relative, with implicit repeats.
func parsePath(d string) ([]subpath, error) {
	var (
		out      []subpath
		cur      *subpath
		cmd      byte
		x, y     float64
		sx, sy   float64
		i        int
		newStart = true
	)
	num := func() (float64, error) {
		for i < len(d) && (d[i] == ' ' || d[i] == ',' || d[i] == '\n' || d[i] == '\t') {
			i++
		}
		j := i
		if j < len(d) && (d[j] == '-' || d[j] == '+') {
			j++
		}
		dot := false
		for j < len(d) && (d[j] >= '0' && d[j] <= '9' || d[j] == '.' && !dot) {
			dot = dot || d[j] == '.'
			j++
		}
		if j < len(d) && (d[j] == 'e' || d[j] == 'E') {
			j++
			if j < len(d) && (d[j] == '-' || d[j] == '+') {
				j++
			}
			for j < len(d) && d[j] >= '0' && d[j] <= '9' {
				j++
			}
		}
		v, err := strconv.ParseFloat(d[i:j], 64)
		if err != nil {
			return 0, fmt.Errorf("path data at %d: %w", i, err)
		}
		i = j
		return v, nil
	}
	for {
		for i < len(d) && (d[i] == ' ' || d[i] == ',' || d[i] == '\n' || d[i] == '\t') {
			i++
		}
		if i >= len(d) {
			break
		}
		switch c := d[i]; c {
		case 'M', 'm', 'L', 'l', 'H', 'h', 'V', 'v':
			cmd = c
			newStart = c == 'M' || c == 'm'
			i++
		case 'Z', 'z':
			if cur != nil {
				cur.closed = true
				cur = nil
			}
			x, y = sx, sy
			cmd = 0
			i++
			continue
		default:
			if cmd == 0 {
				return nil, fmt.Errorf("path data at %d: %q is not a command", i, c)
			}
		}
		var nx, ny float64
		switch cmd {
		case 'M', 'L', 'm', 'l':
			a, err := num()
			if err != nil {
				return nil, err
			}
			b, err := num()
			if err != nil {
				return nil, err
			}
			nx, ny = a, b
			if cmd == 'm' || cmd == 'l' {
				nx, ny = x+a, y+b
			}
		case 'H', 'h':
			a, err := num()
			if err != nil {
				return nil, err
			}
			nx, ny = a, y
			if cmd == 'h' {
				nx = x + a
			}
		case 'V', 'v':
			a, err := num()
			if err != nil {
				return nil, err
			}
			nx, ny = x, a
			if cmd == 'v' {
				ny = y + a
			}
		}
		if newStart || cur == nil {
			out = append(out, subpath{})
			cur = &out[len(out)-1]
			sx, sy = nx, ny
			newStart = false
			// Further pairs after a move are lines.
			switch cmd {
			case 'M':
				cmd = 'L'
			case 'm':
				cmd = 'l'
			}
		}
		cur.pts = append(cur.pts, pt{nx, ny})
		x, y = nx, ny
	}
	return out, nil
}

// stripes returns the hatch's stripes inside the closed subpaths (even-odd)
// as quadrilaterals, each four points. The stripes are cut square at the
// shape's edge; at a stripe width of a pixel or two the difference from an
// exact clip does not show, and borders are drawn over it.
func (h *hatch) stripes(sp []subpath) [][4]pt {
	const r = math.Sqrt2 / 2
	// u runs across the stripes, v along them.
	type cross struct {
		k int
		v float64
	}
	var xs []cross
	for _, s := range sp {
		n := len(s.pts)
		for i := range n {
			p, q := s.pts[i], s.pts[(i+1)%n]
			up, uq := (p.x+p.y)*r, (q.x+q.y)*r
			if up == uq {
				continue
			}
			lo, hi := math.Min(up, uq), math.Max(up, uq)
			// Stripe k's centre line is u = offset + k·spacing; count a
			// crossing where the edge goes from ≤ to >, so that a vertex on
			// the line counts once.
			k0 := int(math.Floor((lo-h.offset)/h.spacing)) + 1
			for k := k0; ; k++ {
				u := h.offset + float64(k)*h.spacing
				if u > hi {
					break
				}
				if (up <= u) == (uq <= u) {
					continue
				}
				t := (u - up) / (uq - up)
				x, y := p.x+t*(q.x-p.x), p.y+t*(q.y-p.y)
				xs = append(xs, cross{k, (y - x) * r})
			}
		}
	}
	slices.SortFunc(xs, func(a, b cross) int {
		if a.k != b.k {
			return a.k - b.k
		}
		switch {
		case a.v < b.v:
			return -1
		case a.v > b.v:
			return 1
		}
		return 0
	})
	var out [][4]pt
	half := h.stripe / 2
	for i := 0; i+1 < len(xs); {
		if xs[i].k != xs[i+1].k {
			i++ // an odd crossing left by rounding: skip it
			continue
		}
		u := h.offset + float64(xs[i].k)*h.spacing
		v0, v1 := xs[i].v, xs[i+1].v
		i += 2
		if v1-v0 < 1e-9 {
			continue
		}
		at := func(u, v float64) pt { return pt{(u - v) * r, (u + v) * r} }
		out = append(out, [4]pt{at(u-half, v0), at(u-half, v1), at(u+half, v1), at(u+half, v0)})
	}
	return out
}

// num formats a coordinate for SVG: at most two decimals, no trailing
// zeros, so output is short and stable.
func num(v float64) string {
	v = math.Round(v*100) / 100
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
