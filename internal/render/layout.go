package render

import (
	"fmt"
	"image/color"
	"math"
	"strings"
	"sync"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/cartography"
)

// Legend texts: the same three items as the site's legend.
const (
	legendHeld    = "Held by Russian forces (approximate)"
	legendClaimed = "Claimed by Russia, held by Ukraine"
	legendBorder  = "Border of a claimed region"
)

// words are an image's texts.
type words struct {
	title, figures, desc string
	date                 string // "8 August 2025"
	source               []string
}

func wordsFor(a *atlas.Atlas, o Options) words {
	st, _ := a.Stats(o.Date)
	dl := atlas.FormatDate(o.Date)
	w := words{date: dl}
	site := "claimsmap"
	if o.BaseURL != "" {
		site += " " + strings.TrimRight(o.BaseURL, "/")
	}
	w.source = []string{
		"Boundaries: Natural Earth",
		"Control: compiled from public reporting, as of " + o.Date + " (approximate)",
		site,
	}
	const approx = " Control is an approximation compiled from public reporting."
	if o.Region == "" {
		w.title = "Russia's claim and control in Ukraine, " + dl
		w.figures = fmt.Sprintf("Claimed %s of Ukraine · held %s", percent(st.Total.ClaimedOfUkraine), percent(st.AllControlledShare))
		var names, parts []string
		for _, f := range st.Regions {
			names = append(names, f.Name)
			parts = append(parts, fmt.Sprintf("%s %s (%s of %s km²)", f.Name, percent(f.ControlledShare), km2(f.ControlledKm2), km2(f.ClaimedKm2)))
		}
		w.desc = fmt.Sprintf("Map of Ukraine and its neighbours on %s. Russia claims %d regions of Ukraine, %s: %s km², %s of Ukraine, shown hatched with a dashed border. "+
			"Its forces held about %s km², %s of Ukraine, shown solid, %s km² of it outside the claimed regions. Held of each claimed region: %s.",
			dl, len(st.Regions), joinAnd(names), km2(st.Total.ClaimedKm2), percent(st.Total.ClaimedOfUkraine),
			km2(st.AllControlledKm2), percent(st.AllControlledShare), km2(st.OutsideControlledKm), strings.Join(parts, "; ")) + approx
		return w
	}
	r, _ := a.Region(o.Region)
	f, _ := st.Region(o.Region)
	name := regionName(r)
	w.title = name + ": claim and control, " + dl
	w.figures = fmt.Sprintf("Held: %s km² of %s km² (%s)", km2(f.ControlledKm2), km2(f.ClaimedKm2), percent(f.ControlledShare))
	w.desc = fmt.Sprintf("Map of %s and its surroundings on %s, with an inset locating it in Ukraine. Russia claims all of it, %s km²; its forces held about %s km² (%s), shown solid, and %s km² (%s) were held by Ukraine, shown hatched.",
		name, dl, km2(f.ClaimedKm2), km2(f.ControlledKm2), percent(f.ControlledShare), km2(f.NotControlledKm2), percent(1-f.ControlledShare)) + approx
	return w
}

// regionName is the name a region's page uses, "Donetsk Oblast", where
// the region is one division; Crimea, with Sevastopol, keeps its own.
func regionName(r *atlas.Region) string {
	if len(r.Divisions) == 1 {
		return r.Divisions[0].Name
	}
	return r.Name
}

func joinAnd(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// km2 formats square kilometres with thousands separators: "26,517".
func km2(v float64) string {
	s := fmt.Sprint(int64(math.Round(v)))
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// percent formats a share as the site does: one decimal, two under 1%.
func percent(v float64) string {
	if v > 0 && v < 0.01 {
		return fmt.Sprintf("%.2f%%", v*100)
	}
	return fmt.Sprintf("%.1f%%", v*100)
}

// layout places everything on a w×h canvas. Sizes scale with the canvas
// (u is one pixel at 1200×800), so a small image is a smaller copy of a
// large one rather than a crowded one.
func layout(a *atlas.Atlas, o Options, f *fonts, w, h float64) (*scene, error) {
	pal := paletteOf(o.Theme)
	u := min(max(min(w/DefaultWidth, h/DefaultHeight), 0.6), 3)
	txt := wordsFor(a, o)
	sc := &scene{w: w, h: h, title: txt.title, desc: txt.desc, lang: "en", bg: pal.bg}

	pad := 16 * u
	inner := w - 2*pad

	// Header: title and figures.
	titleSize := f.fit(bold, 24*u, 10*u, inner, txt.title)
	figSize := f.fit(regular, 15*u, 9*u, inner, txt.figures)
	titleBase := pad + capHeight(f, bold, titleSize)
	figBase := titleBase + figSize*1.6
	mapTop := figBase + 12*u

	// Footer: the source line, wrapped at its separators.
	srcSize := 11.5 * u
	src := f.wrap(regular, srcSize, inner, txt.source, " · ")
	for _, l := range src {
		srcSize = min(srcSize, f.fit(regular, srcSize, 7*u, inner, l))
	}
	lh := srcSize * 1.4
	lastBase := h - pad*0.8
	firstBase := lastBase - float64(len(src)-1)*lh
	mapBottom := firstBase - capHeight(f, regular, srcSize) - 9*u

	mx, my := pad, mapTop
	mw, mh := inner, mapBottom-mapTop
	if mw < 100 || mh < 100 {
		return nil, invalid("%gx%g px leaves no room for the map", w, h)
	}

	// The inset is a second, small map of all of Ukraine; lay it out while
	// the main map is built.
	var (
		inset          *cartography.Map
		insetErr       error
		wg             sync.WaitGroup
		iw, ih, ipad   float64
		insetX, insetY float64
	)
	if o.Region != "" {
		iw = min(0.24*mw, 300*u)
		ih = iw * 0.68
		ipad = max(math.Ceil(0.02*iw)+2, 5*u)
		insetX, insetY = 12*u, mh-12*u-ih-2*ipad
		wg.Go(func() {
			inset, insetErr = cartography.Build(a, cartography.Options{Width: iw, Height: ih, Date: o.Date})
		})
	}
	m, err := cartography.Build(a, cartography.Options{Width: mw, Height: mh, Date: o.Date, Region: o.Region})
	wg.Wait()
	if err != nil {
		return nil, fmt.Errorf("laying out the map: %w", err)
	}
	if insetErr != nil {
		return nil, fmt.Errorf("laying out the inset: %w", insetErr)
	}

	hatchOf := func(id string, line color.RGBA) *hatch {
		return &hatch{id: id, spacing: 7 * u, stripe: 1.8 * u, offset: 3.5 * u, line: line, bg: pal.hatchBg}
	}
	full := hatchOf("cm-hatch", pal.claim)
	dim := hatchOf("cm-hatch-dim", mix(pal.claim, pal.land, 0.5))

	// The map, as the site draws it (web/view/map.templ).
	sc.groups = append(sc.groups, mapGroup(m, o, pal, u, mx, my, full, dim)...)

	// Cover what the map draws past its frame, then frame it.
	cover := group{class: "frame", decorative: true}
	for _, r := range []rect{
		{x: 0, y: 0, w: w, h: my}, {x: 0, y: my + mh, w: w, h: h - my - mh},
		{x: 0, y: 0, w: mx, h: h}, {x: mx + mw, y: 0, w: w - mx - mw, h: h},
	} {
		r.fill = pal.bg
		cover.items = append(cover.items, r)
	}
	cover.items = append(cover.items, rect{x: mx, y: my, w: mw, h: mh, stroke: pal.rule, width: u})
	sc.groups = append(sc.groups, cover)

	// Title and figures.
	head := group{class: "heading"}
	head.items = append(head.items,
		label{x: pad, y: titleBase, text: txt.title, size: titleSize, face: bold, fill: pal.fg},
		label{x: pad, y: figBase, text: txt.figures, size: figSize, face: regular, fill: pal.fg},
	)
	sc.groups = append(sc.groups, head)

	sc.groups = append(sc.groups, legendGroup(txt, pal, u, f, mx+12*u, my+12*u, full))
	sc.groups = append(sc.groups, stampGroup(txt, pal, u, f, mx+mw-12*u, my+12*u))
	sc.groups = append(sc.groups, scaleGroup(m, pal, u, mx, my))
	if inset != nil {
		r, _ := a.Region(o.Region)
		sc.groups = append(sc.groups, insetGroups(inset, m, r, pal, u, mx+insetX, my+insetY, iw, ih, ipad)...)
	}

	foot := group{class: "source"}
	for i, l := range src {
		foot.items = append(foot.items, label{x: pad, y: firstBase + float64(i)*lh, text: l, size: srcSize, face: regular, fill: pal.muted})
	}
	sc.groups = append(sc.groups, foot)
	return sc, nil
}

func capHeight(f *fonts, k faceKind, size float64) float64 {
	return f.face(k, size, color.RGBA{}).Metrics().CapHeight
}

// mapGroup draws the laid-out map in the order and colours of the site.
func mapGroup(m *cartography.Map, o Options, pal palette, u, x, y float64, full, dim *hatch) []group {
	base := group{class: "basemap", x: x, y: y, decorative: true}
	base.items = append(base.items, rect{x: 0, y: 0, w: m.Width, h: m.Height, fill: pal.sea})
	for _, c := range m.Countries {
		base.items = append(base.items, shape{d: c.D, fill: pal.landOther, stroke: pal.border, width: 0.5 * u})
	}
	for _, d := range m.Divisions {
		base.items = append(base.items, shape{d: d.D, fill: pal.land, stroke: pal.border, width: 0.5 * u})
	}
	for _, p := range m.Outside {
		if p.D != "" {
			base.items = append(base.items, shape{d: p.D, fill: pal.controlled})
		}
	}
	for _, r := range m.Rivers {
		base.items = append(base.items, shape{d: r.D, stroke: pal.river, width: 1.2 * u, round: true})
	}

	regions := group{class: "regions", x: x, y: y}
	for _, r := range m.Regions {
		// On a region's map the other regions fade, as on the site.
		focus := o.Region == "" || r.Slug == o.Region
		held, claim, h := pal.controlled, pal.claim, full
		if !focus {
			held, claim, h = mix(held, pal.land, 0.5), mix(claim, pal.land, 0.5), dim
		}
		width := 1.6 * u
		if o.Region != "" && focus {
			width = 2.6 * u
		}
		if r.NotControlled != "" {
			regions.items = append(regions.items, shape{d: r.NotControlled, hatch: h})
		}
		if r.Controlled != "" {
			regions.items = append(regions.items, shape{d: r.Controlled, fill: held})
		}
		if r.Outline != "" {
			regions.items = append(regions.items, shape{d: r.Outline, stroke: claim, width: width, dash: []float64{width * 5 / 1.6, width * 2.5 / 1.6}})
		}
	}

	labels := group{class: "labels", x: x, y: y, decorative: true}
	halo := 3 * u
	for _, c := range m.Cities {
		r := 2.5 * u
		if c.Capital {
			r = 3.5 * u
		}
		labels.items = append(labels.items,
			circle{x: c.X, y: c.Y, r: r, fill: pal.fg, stroke: pal.bg, width: u},
			label{x: c.X + r + 2*u, y: c.Y - 3*u, text: c.Name, size: 12 * u, face: regular, fill: pal.fg, halo: pal.bg, haloWidth: halo})
	}
	for _, s := range m.Seas {
		labels.items = append(labels.items, label{x: s.X, y: s.Y, text: s.Name, size: 13 * u, face: italic, anchor: middle, fill: pal.muted, halo: pal.bg, haloWidth: halo})
	}
	for _, r := range m.Regions {
		if r.HasLabel {
			labels.items = append(labels.items, label{x: r.Label.X, y: r.Label.Y, text: r.Label.Name, size: 15 * u, face: bold, anchor: middle, fill: pal.fg, halo: pal.bg, haloWidth: halo})
		}
	}
	return []group{base, regions, labels}
}

// legendGroup is the site's legend: a box at the map's top left.
func legendGroup(txt words, pal palette, u float64, f *fonts, x, y float64, h *hatch) group {
	g := group{class: "legend", x: x, y: y}
	size := 13 * u
	title := "Control on " + txt.date
	items := []string{legendHeld, legendClaimed, legendBorder}
	wmax := f.width(bold, size, title)
	for _, it := range items {
		wmax = max(wmax, 34*u+f.width(regular, size, it))
	}
	row := 24 * u
	boxW := math.Ceil(wmax + 24*u)
	boxH := math.Ceil(34*u + row*float64(len(items)))
	g.items = append(g.items,
		rect{x: 0, y: 0, w: boxW, h: boxH, rx: 4 * u, fill: pal.bg, stroke: pal.rule, width: u},
		label{x: 12 * u, y: 22 * u, text: title, size: size, face: bold, fill: pal.fg})
	sw, sh := 24*u, 15*u
	for i, it := range items {
		ty := 33*u + row*float64(i)
		box := fmt.Sprintf("M%s %sh%sv%sh%sZ", num(12*u), num(ty), num(sw), num(sh), num(-sw))
		switch it {
		case legendHeld:
			g.items = append(g.items, shape{d: box, fill: pal.controlled, stroke: pal.border, width: 0.5 * u})
		case legendClaimed:
			g.items = append(g.items, shape{d: box, hatch: h, stroke: pal.border, width: 0.5 * u})
		case legendBorder:
			g.items = append(g.items, shape{d: fmt.Sprintf("M%s %sh%s", num(12*u), num(ty+sh/2), num(sw)), stroke: pal.claim, width: 2 * u, dash: []float64{5 * u, 2.5 * u}})
		}
		g.items = append(g.items, label{x: 12*u + 34*u, y: ty + sh/2 + size*0.36, text: it, size: size, face: regular, fill: pal.fg})
	}
	return g
}

// stampGroup is the date stamp at the map's top right, so that a crop of
// the map alone still says when it shows.
func stampGroup(txt words, pal palette, u float64, f *fonts, right, y float64) group {
	small, big := 11*u, 16*u
	top, date := "Control as of", txt.date
	bw := math.Ceil(max(f.width(regular, small, top), f.width(bold, big, date)) + 20*u)
	bh := math.Ceil(50 * u)
	g := group{class: "date", x: right - bw, y: y}
	g.items = append(g.items,
		rect{x: 0, y: 0, w: bw, h: bh, rx: 4 * u, fill: pal.bg, stroke: pal.rule, width: u},
		label{x: bw / 2, y: 18 * u, text: top, size: small, face: regular, anchor: middle, fill: pal.muted},
		label{x: bw / 2, y: 40 * u, text: date, size: big, face: bold, anchor: middle, fill: pal.fg})
	return g
}

// scaleGroup is cartography's scale bar.
func scaleGroup(m *cartography.Map, pal palette, u, x, y float64) group {
	s := m.Scale
	g := group{class: "scale", x: x, y: y, decorative: true}
	g.items = append(g.items,
		shape{d: fmt.Sprintf("M%s %sv%sh%sv%s", num(s.X), num(s.Y), num(-5*u), num(s.Length), num(5*u)), stroke: pal.fg, width: 1.5 * u},
		label{x: s.X + s.Length/2, y: s.Y - 8*u, text: fmt.Sprintf("%d km", s.Km), size: 12 * u, face: regular, anchor: middle, fill: pal.fg, halo: pal.bg, haloWidth: 3 * u})
	return g
}

// insetGroups locate a region's map in Ukraine: a small map of the
// country with the region filled and the main map's extent framed. A mat
// of the background colour hides what the small map draws past its frame,
// as no format here clips.
func insetGroups(in, main *cartography.Map, r *atlas.Region, pal palette, u, x, y, iw, ih, p float64) []group {
	g := group{class: "inset", x: x + p, y: y + p, decorative: true}
	g.items = append(g.items, rect{x: 0, y: 0, w: iw, h: ih, fill: pal.sea})
	for _, c := range in.Countries {
		g.items = append(g.items, shape{d: c.D, fill: pal.landOther})
	}
	for _, d := range in.Divisions {
		g.items = append(g.items, shape{d: d.D, fill: pal.land, stroke: pal.border, width: 0.4 * u})
	}
	for _, rs := range in.Regions {
		if rs.Slug == r.Slug {
			g.items = append(g.items, shape{d: rs.Outline, fill: pal.claim, stroke: pal.claim, width: 0.6 * u})
		}
	}
	// The main map's extent, in the inset's pixels, kept inside the inset.
	vis := main.View.Visible()
	a, b := in.View.Point(vis.Min), in.View.Point(vis.Max)
	x0, x1 := max(min(a[0], b[0]), 1), min(max(a[0], b[0]), iw-1)
	y0, y1 := max(min(a[1], b[1]), 1), min(max(a[1], b[1]), ih-1)
	g.items = append(g.items, rect{x: x0, y: y0, w: x1 - x0, h: y1 - y0, stroke: pal.fg, width: 1.2 * u})
	frame := group{class: "inset-frame", x: x, y: y, decorative: true}
	frame.items = append(frame.items,
		rect{x: p / 2, y: p / 2, w: iw + p, h: ih + p, stroke: pal.bg, width: p},
		rect{x: 0, y: 0, w: iw + 2*p, h: ih + 2*p, rx: 2 * u, stroke: pal.rule, width: u},
	)
	return []group{g, frame}
}
