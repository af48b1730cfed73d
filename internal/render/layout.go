package render

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/paulmach/orb"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/cartography"
)

// Legend texts: the same three items as the site's legend.
const (
	legendHeld    = "Held by Russian forces (approximate)"
	legendClaimed = "Claimed by Russia, held by Ukraine"
	legendBorder  = "Border of a claimed region"
	legendGrey    = "Contested (grey zone)"
	legendOthers  = "Held by Russian forces, other claimed regions"
)

// words are an image's texts.
type words struct {
	title, figures, desc string
	date                 string // "8 August 2025"
	source               []string
	contested            bool // the map shows a grey zone
	others               bool // a region's map shows other regions' held ground, paler
}

func wordsFor(v *atlas.View, o Options) words {
	a, st := v.Atlas, v.Stats
	dl := v.Label()
	w := words{date: dl, contested: st.AllContestedKm2 > 0}
	site := "claimsmap"
	if o.BaseURL != "" {
		site += " " + strings.TrimRight(o.BaseURL, "/")
	}
	w.source = []string{
		"Boundaries: Natural Earth",
		"Control: compiled from public reporting, as of " + v.Date + " (approximate)",
		site,
	}
	const approx = " Control is an approximation compiled from public reporting."
	if o.Region == "" {
		w.title = "Russia's claim and control in Ukraine, " + dl
		w.figures = fmt.Sprintf("Claimed %s of Ukraine · held %s", atlas.FormatShare(st.Total.ClaimedOfUkraine), atlas.FormatShare(st.AllControlledShare))
		var parts []string
		claimed := st.Claimed()
		for _, f := range claimed {
			parts = append(parts, fmt.Sprintf("%s %s (%s of %s km²)", f.Name, atlas.FormatShare(f.ControlledShare), atlas.FormatKm2(f.ControlledKm2), atlas.FormatKm2(f.ClaimedKm2)))
		}
		grey := ""
		if st.AllContestedKm2 > 0 {
			grey = fmt.Sprintf(" About %s km² was contested, held by neither side, shown grey.", atlas.FormatKm2(st.AllContestedKm2))
		}
		w.desc = fmt.Sprintf("Map of Ukraine and its neighbours on %s. Russia claims %s: %s km², %s of Ukraine, shown hatched with a dashed border. "+
			"Its forces held about %s km², %s of Ukraine, shown solid, %s km² of it outside the regions claimed on that date. Held of each claimed region: %s.%s",
			dl, v.ClaimWords(), atlas.FormatKm2(st.Total.ClaimedKm2), atlas.FormatShare(st.Total.ClaimedOfUkraine),
			atlas.FormatKm2(st.AllControlledKm2), atlas.FormatShare(st.AllControlledShare), atlas.FormatKm2(st.OutsideControlledKm), strings.Join(parts, "; "), grey) + approx
		return w
	}
	r, _ := a.Region(o.Region)
	f, _ := st.Region(o.Region)
	name := r.DisplayName()
	w.title = name + ": claim and control, " + dl
	if !f.Claimed {
		w.figures = fmt.Sprintf("Held: %s km² of %s km² (%s); not yet claimed", atlas.FormatKm2(f.ControlledKm2), atlas.FormatKm2(f.AreaKm2), atlas.FormatShare(f.ControlledShare))
		w.desc = fmt.Sprintf("Map of %s and its surroundings on %s, with an inset locating it in Ukraine. Russia did not yet claim it (it claimed it on %s); its forces held about %s km² (%s), shown solid.",
			name, dl, atlas.FormatDate(r.ClaimedSince), atlas.FormatKm2(f.ControlledKm2), atlas.FormatShare(f.ControlledShare)) + approx
		return w
	}
	w.figures = fmt.Sprintf("Held: %s km² of %s km² (%s)", atlas.FormatKm2(f.ControlledKm2), atlas.FormatKm2(f.ClaimedKm2), atlas.FormatShare(f.ControlledShare))
	grey := ","
	if f.ContestedKm2 > 0 {
		grey = fmt.Sprintf(", %s km² (%s) were contested, shown grey,", atlas.FormatKm2(f.ContestedKm2), atlas.FormatShare(f.ContestedShare))
	}
	w.desc = fmt.Sprintf("Map of %s and its surroundings on %s, with an inset locating it in Ukraine. Russia claims all of it, %s km²; its forces held about %s km² (%s), shown solid%s and %s km² (%s) were held by Ukraine, shown hatched.",
		name, dl, atlas.FormatKm2(f.ClaimedKm2), atlas.FormatKm2(f.ControlledKm2), atlas.FormatShare(f.ControlledShare), grey, atlas.FormatKm2(f.NotControlledKm2), atlas.FormatShare(f.NotControlledShare)) + approx
	return w
}

// layout places everything on a w×h canvas. Sizes scale with the canvas
// (u is one pixel at 1200×800), so a large image is a larger copy of a
// small one rather than the same text lost in a wider map.
func layout(v *atlas.View, o Options, f *fonts, w, h float64) (*scene, error) {
	a := v.Atlas
	pal := Colors(o.Theme)
	// By area, so that a tall image is not set smaller than a wide one
	// of the same size, but narrow enough for the legend and the date
	// stamp side by side.
	u := min(max(min(math.Sqrt(w*h/(DefaultWidth*DefaultHeight)), w/480), 0.6), 3)
	txt := wordsFor(v, o)
	sc := &scene{w: w, h: h, title: txt.title, desc: txt.desc, lang: "en", bg: pal.Bg}

	pad := 16 * u
	inner := w - 2*pad

	// Header: title and figures.
	titleSize := f.fit(Bold, 24*u, 10*u, inner, txt.title)
	figSize := f.fit(Regular, 15*u, 9*u, inner, txt.figures)
	titleBase := pad + f.capHeight(Bold, titleSize)
	figBase := titleBase + figSize*1.6
	mapTop := figBase + 12*u

	// Footer: the source line, wrapped at its separators.
	srcSize := 11.5 * u
	src := f.wrap(Regular, srcSize, inner, txt.source, " · ")
	for _, l := range src {
		srcSize = min(srcSize, f.fit(Regular, srcSize, 7*u, inner, l))
	}
	lh := srcSize * 1.4
	lastBase := h - pad*0.8
	firstBase := lastBase - float64(len(src)-1)*lh
	mapBottom := firstBase - f.capHeight(Regular, srcSize) - 9*u

	mx, my := pad, mapTop
	mw, mh := inner, mapBottom-mapTop
	if mw < 100 || mh < 100 {
		return nil, invalid("%gx%g px leaves no room for the map", w, h)
	}

	// The inset is a second, small map of all of Ukraine; build it while
	// the main map is built.
	var (
		inset        *cartography.Map
		insetErr     error
		wg           sync.WaitGroup
		iw, ih, ipad float64
	)
	if o.Region != "" {
		iw = math.Round(min(0.2*mw, 260*u))
		ih = math.Round(iw * 0.68)
		ipad = max(math.Ceil(0.02*iw)+2, math.Round(5*u))
		wg.Go(func() {
			inset, insetErr = cartography.Build(v, cartography.Options{Width: iw, Height: ih})
		})
	}
	m, err := cartography.Build(v, cartography.Options{Width: mw, Height: mh, Region: o.Region})
	wg.Wait()
	if err != nil {
		return nil, fmt.Errorf("laying out the map: %w", err)
	}
	if insetErr != nil {
		return nil, fmt.Errorf("laying out the inset: %w", insetErr)
	}
	// The legend lists what this map shows: a grey zone only when some is
	// in view, and on a region's map the paler held ground of the others.
	txt.contested = len(m.Contested) > 0
	for _, r := range m.Regions {
		if o.Region != "" && r.Slug != o.Region && len(r.Controlled) > 0 {
			txt.others = true
		}
	}

	hatchOf := func(id string, line color.RGBA) *hatch {
		return &hatch{id: id, spacing: 7 * u, stripe: 1.8 * u, offset: 3.5 * u, line: line, bg: pal.HatchBg}
	}
	full := hatchOf("cm-hatch", pal.Claim)
	dim := hatchOf("cm-hatch-dim", mix(pal.Claim, pal.Land, 0.5))

	// The boxes over the map, in map pixels: the legend at the top left,
	// the date stamp at the top right, the scale bar at the bottom right
	// (where cartography puts it).
	legend, legendBox := legendGroup(txt, pal, u, f, mx, my, box{x: 12 * u, y: 12 * u}, full)
	stamp, stampBox := stampGroup(txt, pal, u, f, mx, my, mw-12*u, 12*u)
	scale, scaleBox := scaleGroup(m, pal, u, f, mx, my)

	// The inset's place is chosen before the map's labels, so that they
	// keep clear of it as of the boxes.
	taken := []box{legendBox, stampBox, scaleBox}
	var insetAt box
	if inset != nil {
		card := box{w: iw + 2*ipad, h: ih + 2*ipad}
		insetAt = placeInset(m, f, o.Region, u, box{w: mw, h: mh}, card, taken)
		taken = append(taken, insetAt)
	}

	// The map, as the site draws it (web/view/map.templ).
	sc.groups = append(sc.groups, mapGroup(m, o, pal, u, f, mx, my, full, dim, taken)...)

	// Cover what the map draws past its frame, reaching past the canvas
	// over a PDF's page margins, then frame it.
	cover := group{class: "frame", decorative: true}
	b := max(w, h) / 4
	for _, r := range []rect{
		{x: -b, y: -b, w: w + 2*b, h: my + b}, {x: -b, y: my + mh, w: w + 2*b, h: h - my - mh + b},
		{x: -b, y: -b, w: mx + b, h: h + 2*b}, {x: mx + mw, y: -b, w: w - mx - mw + b, h: h + 2*b},
	} {
		r.fill = pal.Bg
		cover.items = append(cover.items, r)
	}
	cover.items = append(cover.items, rect{x: mx, y: my, w: mw, h: mh, stroke: pal.Rule, width: u})
	sc.groups = append(sc.groups, cover)

	// Title and figures.
	head := group{class: "heading"}
	head.items = append(head.items,
		label{x: pad, y: titleBase, text: txt.title, size: titleSize, face: Bold, fill: pal.Fg},
		label{x: pad, y: figBase, text: txt.figures, size: figSize, face: Regular, fill: pal.Fg},
	)
	sc.groups = append(sc.groups, head, legend, stamp, scale)
	if inset != nil {
		r, _ := a.Region(o.Region)
		sc.groups = append(sc.groups, insetGroups(inset, m, r, pal, u, mx+insetAt.x, my+insetAt.y, iw, ih, ipad)...)
	}

	foot := group{class: "source"}
	for i, l := range src {
		foot.items = append(foot.items, label{x: pad, y: firstBase + float64(i)*lh, text: l, size: srcSize, face: Regular, fill: pal.Muted})
	}
	sc.groups = append(sc.groups, foot)
	return sc, nil
}

// mapGroup draws the laid-out map in the order and colours of the site.
func mapGroup(m *cartography.Map, o Options, pal Palette, u float64, f *fonts, x, y float64, full, dim *hatch, taken []box) []group {
	base := group{class: "basemap", x: x, y: y, decorative: true}
	base.items = append(base.items, rect{x: 0, y: 0, w: m.Width, h: m.Height, fill: pal.Sea})
	for _, c := range m.Countries {
		base.items = append(base.items, shape{geom: c.Geometry, fill: pal.LandOther, stroke: pal.Border, width: 0.5 * u})
	}
	for _, d := range m.Divisions {
		if len(d.Geometry) > 0 {
			base.items = append(base.items, shape{geom: d.Geometry, fill: pal.Land, stroke: pal.Border, width: 0.5 * u})
		}
	}
	for _, p := range m.Outside {
		base.items = append(base.items, shape{geom: p.Geometry, fill: pal.Controlled})
	}
	for _, p := range m.Contested {
		base.items = append(base.items, shape{geom: p.Geometry, fill: pal.Contested})
	}
	for _, r := range m.Rivers {
		base.items = append(base.items, shape{geom: r.Geometry, stroke: pal.River, width: 1.2 * u, round: true})
	}

	regions := group{class: "regions", x: x, y: y}
	for _, r := range m.Regions {
		// On a region's map the other regions fade, as on the site.
		focus := o.Region == "" || r.Slug == o.Region
		held, claim, h := pal.Controlled, pal.Claim, full
		if !focus {
			held, claim, h = mix(held, pal.Land, 0.5), mix(claim, pal.Land, 0.5), dim
		}
		width := 1.6 * u
		if o.Region != "" && focus {
			width = 2.6 * u
		}
		if len(r.NotControlled) > 0 {
			regions.items = append(regions.items, shape{geom: r.NotControlled, hatch: h})
		}
		if len(r.Controlled) > 0 {
			regions.items = append(regions.items, shape{geom: r.Controlled, fill: held})
		}
		if len(r.Outline) > 0 && r.Claimed {
			regions.items = append(regions.items, shape{geom: r.Outline, stroke: claim, width: width, dash: []float64{width * 5 / 1.6, width * 2.5 / 1.6}})
		}
	}

	labels := group{class: "labels", x: x, y: y, decorative: true}
	halo := 3 * u
	// A city whose name would run under a region's name (Donetsk under
	// Donetsk), under a box over the map (the legend, the date stamp, the
	// scale bar, the inset) or past the map's frame is named on its other
	// side, or not at all; its dot goes too where the dot itself is under
	// them. A region's name under a box is left out.
	frame := box{w: m.Width, h: m.Height}
	within := func(b box) bool { return b.x >= 0 && b.y >= 0 && b.x+b.w <= frame.w && b.y+b.h <= frame.h }
	var names []box
	regionSize := 15 * u
	regionLabels := map[string]float64{} // label x, kept inside the map
	for _, r := range m.Regions {
		if r.HasLabel {
			tw := f.width(Bold, regionSize, r.Label.Name)
			lx := min(max(r.Label.X, tw/2+6*u), m.Width-tw/2-6*u)
			nb := box{x: lx - tw/2 - halo, y: r.Label.Y - regionSize*0.75 - halo, w: tw + 2*halo, h: regionSize + 2*halo}
			if slices.ContainsFunc(taken, nb.overlaps) {
				continue
			}
			regionLabels[r.Slug] = lx
			names = append(names, nb)
		}
	}
	citySize := 12 * u
	for _, c := range m.Cities {
		r := 2.5 * u
		if c.Capital {
			r = 3.5 * u
		}
		inName := func(b box) bool { return b.contains(c.X, c.Y) }
		if !frame.contains(c.X, c.Y) || slices.ContainsFunc(names, inName) || slices.ContainsFunc(taken, inName) {
			continue
		}
		labels.items = append(labels.items, circle{x: c.X, y: c.Y, r: r, fill: pal.Fg, stroke: pal.Bg, width: u})
		tw, ly := f.width(Regular, citySize, c.Name), c.Y-3*u
		right, left := c.X+r+2*u, c.X-r-2*u-tw
		sides := []float64{right, left}
		if c.LabelLeft {
			sides = []float64{left, right}
		}
		for _, lx := range sides {
			nb := box{x: lx, y: ly - citySize*0.75, w: tw, h: citySize}
			if !within(nb) || slices.ContainsFunc(names, nb.overlaps) || slices.ContainsFunc(taken, nb.overlaps) {
				continue
			}
			labels.items = append(labels.items, label{x: lx, y: ly, text: c.Name, size: citySize, face: Regular, fill: pal.Fg, halo: pal.Bg, haloWidth: halo})
			break
		}
	}
	for _, s := range m.Seas {
		size := 13 * u
		tw := f.width(Italic, size, s.Name)
		if nb := (box{x: s.X - tw/2, y: s.Y - size*0.75, w: tw, h: size}); !within(nb) || slices.ContainsFunc(taken, nb.overlaps) {
			continue
		}
		labels.items = append(labels.items, label{x: s.X, y: s.Y, text: s.Name, size: size, face: Italic, anchor: Middle, fill: pal.Muted, halo: pal.Bg, haloWidth: halo})
	}
	for _, r := range m.Regions {
		if lx, ok := regionLabels[r.Slug]; ok {
			labels.items = append(labels.items, label{x: lx, y: r.Label.Y, text: r.Label.Name, size: regionSize, face: Bold, anchor: Middle, fill: pal.Fg, halo: pal.Bg, haloWidth: halo})
		}
	}
	return []group{base, regions, labels}
}

// box is a rectangle in pixels.
type box struct{ x, y, w, h float64 }

func (b box) overlaps(c box) bool {
	return b.x < c.x+c.w && c.x < b.x+b.w && b.y < c.y+c.h && c.y < b.y+b.h
}

func (b box) contains(x, y float64) bool {
	return x >= b.x && x <= b.x+b.w && y >= b.y && y <= b.y+b.h
}

// legendGroup is the site's legend: a box at the map's top left. It
// returns the box it takes, in map pixels.
func legendGroup(txt words, pal Palette, u float64, f *fonts, mx, my float64, at box, h *hatch) (group, box) {
	g := group{class: "legend", x: mx + at.x, y: my + at.y}
	size := 13 * u
	title := "Control on " + txt.date
	items := []string{legendHeld}
	if txt.others {
		items = append(items, legendOthers)
	}
	if txt.contested {
		items = append(items, legendGrey)
	}
	items = append(items, legendClaimed, legendBorder)
	wmax := f.width(Bold, size, title)
	for _, it := range items {
		wmax = max(wmax, 34*u+f.width(Regular, size, it))
	}
	row := 24 * u
	at.w = math.Ceil(wmax + 24*u)
	at.h = math.Ceil(34*u + row*float64(len(items)))
	g.items = append(g.items,
		rect{x: 0, y: 0, w: at.w, h: at.h, rx: 4 * u, fill: pal.Bg, stroke: pal.Rule, width: u},
		label{x: 12 * u, y: 22 * u, text: title, size: size, face: Bold, fill: pal.Fg})
	sw, sh := 24*u, 15*u
	for i, it := range items {
		ty := 33*u + row*float64(i)
		sq := box4(12*u, ty, sw, sh)
		switch it {
		case legendHeld:
			g.items = append(g.items, shape{geom: sq, fill: pal.Controlled, stroke: pal.Border, width: 0.5 * u})
		case legendOthers:
			g.items = append(g.items, shape{geom: sq, fill: mix(pal.Controlled, pal.Land, 0.5), stroke: pal.Border, width: 0.5 * u})
		case legendClaimed:
			g.items = append(g.items, shape{geom: sq, hatch: h, stroke: pal.Border, width: 0.5 * u})
		case legendGrey:
			g.items = append(g.items, shape{geom: sq, fill: pal.Contested, stroke: pal.Border, width: 0.5 * u})
		case legendBorder:
			g.items = append(g.items, shape{geom: orb.LineString{{12 * u, ty + sh/2}, {12*u + sw, ty + sh/2}}, stroke: pal.Claim, width: 2 * u, dash: []float64{5 * u, 2.5 * u}})
		}
		g.items = append(g.items, label{x: 12*u + 34*u, y: ty + sh/2 + size*0.36, text: it, size: size, face: Regular, fill: pal.Fg})
	}
	return g, at
}

// stampGroup is the date stamp at the map's top right, so that a crop of
// the map alone still says when it shows.
func stampGroup(txt words, pal Palette, u float64, f *fonts, mx, my, right, top float64) (group, box) {
	small, big := 11*u, 16*u
	head, date := "Control as of", txt.date
	bw := math.Ceil(max(f.width(Regular, small, head), f.width(Bold, big, date)) + 20*u)
	b := box{x: right - bw, y: top, w: bw, h: math.Ceil(50 * u)}
	g := group{class: "date", x: mx + b.x, y: my + b.y}
	g.items = append(g.items,
		rect{x: 0, y: 0, w: b.w, h: b.h, rx: 4 * u, fill: pal.Bg, stroke: pal.Rule, width: u},
		label{x: bw / 2, y: 18 * u, text: head, size: small, face: Regular, anchor: Middle, fill: pal.Muted},
		label{x: bw / 2, y: 40 * u, text: date, size: big, face: Bold, anchor: Middle, fill: pal.Fg})
	return g, b
}

// scaleGroup is cartography's scale bar.
func scaleGroup(m *cartography.Map, pal Palette, u float64, f *fonts, mx, my float64) (group, box) {
	s := m.Scale
	text := fmt.Sprintf("%d km", s.Km)
	size := 12 * u
	g := group{class: "scale", x: mx, y: my, decorative: true}
	g.items = append(g.items,
		shape{geom: orb.LineString{{s.X, s.Y}, {s.X, s.Y - 5*u}, {s.X + s.Length, s.Y - 5*u}, {s.X + s.Length, s.Y}}, stroke: pal.Fg, width: 1.5 * u},
		label{x: s.X + s.Length/2, y: s.Y - 11*u, text: text, size: size, face: Regular, anchor: Middle, fill: pal.Fg, halo: pal.Bg, haloWidth: 3 * u})
	tw := max(s.Length, f.width(Regular, size, text))
	top := s.Y - 11*u - size
	return g, box{x: s.X + s.Length/2 - tw/2 - 4*u, y: top - 4*u, w: tw + 8*u, h: s.Y + 4*u - top}
}

// placeInset picks the corner for the inset that hides least of the map:
// least of the focus region, then of the other claimed regions and the
// cities, sampled on a grid. Ties go to the bottom left, then the bottom
// right.
func placeInset(m *cartography.Map, f *fonts, focus string, u float64, area, card box, taken []box) box {
	gap := 12 * u
	var cands []box
	add := func(x, y float64) {
		b := box{x: x, y: y, w: card.w, h: card.h}
		if b.x < gap/2 || b.y < gap/2 || b.x+b.w > area.w-gap/2 || b.y+b.h > area.h-gap/2 {
			return
		}
		for _, t := range taken {
			if b.overlaps(box{x: t.x - gap/2, y: t.y - gap/2, w: t.w + gap, h: t.h + gap}) {
				return
			}
		}
		cands = append(cands, b)
	}
	legend, stamp, scale := taken[0], taken[1], taken[2]
	add(gap, area.h-gap-card.h)
	add(area.w-gap-card.w, scale.y-gap-card.h)
	add(area.w-gap-card.w, stamp.y+stamp.h+gap)
	add(gap, legend.y+legend.h+gap)
	if len(cands) == 0 {
		return box{x: gap, y: area.h - gap - card.h, w: card.w, h: card.h}
	}
	type region struct {
		weight float64
		rings  [][]orb.Point
	}
	var regions []region
	for _, r := range m.Regions {
		w := 1.0
		if r.Slug == focus {
			w = 4
		}
		regions = append(regions, region{w, rings(r.Outline)})
	}
	best, bestScore := cands[0], math.Inf(1)
	for _, c := range cands {
		score := 0.0
		const nx, ny = 12, 8
		for i := range nx {
			for j := range ny {
				x := c.x + (float64(i)+0.5)*c.w/nx
				y := c.y + (float64(j)+0.5)*c.h/ny
				for _, r := range regions {
					if inside(r.rings, x, y) {
						score += r.weight
					}
				}
			}
		}
		for _, city := range m.Cities {
			// The dot and the name to its right.
			if c.overlaps(box{x: city.X - 4*u, y: city.Y - 16*u, w: 8*u + f.width(Regular, 12*u, city.Name), h: 20 * u}) {
				score += 3
			}
		}
		for _, r := range m.Regions {
			if r.HasLabel && c.contains(r.Label.X, r.Label.Y) {
				score += 6
			}
		}
		if score < bestScore {
			best, bestScore = c, score
		}
	}
	return best
}

// inside reports whether (x, y) is inside the rings, even-odd.
func inside(rs [][]orb.Point, x, y float64) bool {
	in := false
	for _, ring := range rs {
		n := len(ring)
		for i := range n {
			p, q := ring[i], ring[(i+1)%n]
			if (p[1] > y) != (q[1] > y) && x < p[0]+(y-p[1])*(q[0]-p[0])/(q[1]-p[1]) {
				in = !in
			}
		}
	}
	return in
}

// insetGroups locate a region's map in Ukraine: a small map of the
// country with the region filled and the main map's extent framed. A mat
// of the background colour hides what the small map draws past its frame,
// as no format here clips.
func insetGroups(in, main *cartography.Map, r *atlas.Region, pal Palette, u, x, y, iw, ih, p float64) []group {
	g := group{class: "inset", x: x + p, y: y + p, decorative: true}
	g.items = append(g.items, rect{x: 0, y: 0, w: iw, h: ih, fill: pal.Sea})
	for _, c := range in.Countries {
		g.items = append(g.items, shape{geom: c.Geometry, fill: pal.LandOther})
	}
	for _, d := range in.Divisions {
		if len(d.Geometry) > 0 {
			g.items = append(g.items, shape{geom: d.Geometry, fill: pal.Land, stroke: pal.Border, width: 0.4 * u})
		}
	}
	for _, rs := range in.Regions {
		if rs.Slug == r.Slug {
			g.items = append(g.items, shape{geom: rs.Outline, fill: pal.Claim, stroke: pal.Claim, width: 0.6 * u})
		}
	}
	// The main map's extent, in the inset's pixels, kept inside the inset.
	vis := main.View.Visible()
	a, b := in.View.Point(vis.Min), in.View.Point(vis.Max)
	x0, x1 := max(min(a[0], b[0]), 1), min(max(a[0], b[0]), iw-1)
	y0, y1 := max(min(a[1], b[1]), 1), min(max(a[1], b[1]), ih-1)
	g.items = append(g.items, rect{x: x0, y: y0, w: x1 - x0, h: y1 - y0, stroke: pal.Fg, width: 1.2 * u})
	frame := group{class: "inset-frame", x: x, y: y, decorative: true}
	frame.items = append(frame.items,
		rect{x: p / 2, y: p / 2, w: iw + p, h: ih + p, stroke: pal.Bg, width: p},
		rect{x: 0, y: 0, w: iw + 2*p, h: ih + 2*p, rx: 2 * u, stroke: pal.Rule, width: u},
	)
	return []group{g, frame}
}
