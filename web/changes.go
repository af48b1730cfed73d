package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"image/color"
	"math"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"
	orbclip "github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/simplify"

	"github.com/claimsmap/claimsmap/geo"
	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/cartography"
	"github.com/claimsmap/claimsmap/internal/render"
	"github.com/claimsmap/claimsmap/web/view"
)

// changesQuery is a parsed, validated request for the changes between
// two snapshots.
type changesQuery struct {
	from, to string // snapshot dates, from before to
	region   string // a claimed region, or empty for all of Ukraine
	theme    string // embeds only: light, dark or auto
}

// query is the request's parameters for links: from and to always, so a
// link keeps meaning the same pair when a new snapshot is added.
func (q changesQuery) query() string {
	return "from=" + q.from + "&to=" + q.to
}

// withRegion adds the region parameter for the addresses that take it.
func (q changesQuery) withRegion() string {
	if q.region == "" {
		return q.query()
	}
	return q.query() + "&region=" + q.region
}

// pagePath is the changes page of q.
func (q changesQuery) pagePath() string {
	if q.region == "" {
		return "/changes?" + q.query()
	}
	return "/changes/" + q.region + "?" + q.query()
}

// changesFromDates is the snapshotHeader's companion: the earlier snapshot
// of a change.
const changesFromHeader = "Claimsmap-Snapshot-From"

// parseChangesQuery reads from, to and region (given in the path or as a
// parameter) with the answers every date parameter gets: 400 for a date
// that is not one, 404 before the first snapshot; and 400 when from and to
// fall on the same snapshot. Both given the wrong way round (the page's
// form offers every pair), they are read the right way round.
func parseChangesQuery(a *atlas.Atlas, pathRegion string, qs url.Values, allowed map[string]bool, takes string) (changesQuery, error) {
	var q changesQuery
	if err := checkParams(qs, allowed, takes); err != nil {
		return q, err
	}
	q.region = pathRegion
	if v := qs.Get("region"); v != "" {
		q.region = v
	}
	if q.region != "" {
		if _, ok := a.Region(q.region); !ok {
			// A region in the path names a page that is not there (404);
			// a region= parameter is a bad value, as on every other page
			// that takes one (400).
			status := http.StatusBadRequest
			if pathRegion != "" {
				status = http.StatusNotFound
			}
			return q, echo.NewHTTPError(status, fmt.Sprintf("There is no claimed region %q: use %s, or leave region out for all of Ukraine.", clip(q.region), strings.Join(historySlugs(a)[1:], ", ")))
		}
	}
	from, to := qs.Get("from"), qs.Get("to")
	for _, p := range []struct{ name, v string }{{"from", from}, {"to", to}} {
		if p.v == "" {
			continue
		}
		if _, err := snapshotOn(a, p.v); err != nil {
			var he *echo.HTTPError
			if errors.As(err, &he) {
				he.Message = p.name + ": " + fmt.Sprint(he.Message)
			}
			return q, err
		}
	}
	f, t, err := a.ChangeDates(from, to)
	if errors.Is(err, atlas.ErrChangeOrder) && from != "" && to != "" {
		if f2, t2, err2 := a.ChangeDates(to, from); err2 == nil {
			f, t, err = f2, t2, nil
		}
	}
	if errors.Is(err, atlas.ErrChangeOrder) {
		why := strings.TrimSuffix(err.Error(), ": "+atlas.ErrChangeOrder.Error())
		return q, echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("from must fall on an earlier snapshot than to: %s. The snapshots are %s.", why, strings.Join(a.Dates, ", ")))
	}
	if err != nil {
		return q, err
	}
	q.from, q.to = f, t
	return q, nil
}

var (
	changesPageParams   = map[string]bool{"from": true, "to": true, "region": true}
	changesRegionParams = map[string]bool{"from": true, "to": true}
	changesEmbedParams  = map[string]bool{"from": true, "to": true, "region": true, "theme": true}
)

const changesTakes = "the changes take from and to (YYYY-MM-DD: the latest snapshot on or before each) and region"

// changesRoutes registers the changes page, its region pages, the
// GeoJSON, the embed and the image.
func (s *Server) changesRoutes(get func(string, echo.HandlerFunc)) {
	get("/changes", s.changesPage)
	get("/changes/:region", s.changesPage)
	get("/changes.geojson", s.changesGeoJSON)
	get("/embed/changes", s.changesEmbed)
	get("/map/changes.svg", s.changesImage)
	get("/map/changes.png", s.changesImage)
}

// changesPage is /changes and /changes/{region}: what changed hands
// between two snapshots, as a map and a table.
func (s *Server) changesPage(c echo.Context) error {
	st := s.current()
	allowed, region := changesPageParams, c.Param("region")
	if region != "" {
		allowed = changesRegionParams
		if _, ok := st.atlas.Region(region); !ok {
			return echo.NewHTTPError(http.StatusNotFound, fmt.Sprintf("There is no claimed region %q: use %s.", clip(region), strings.Join(historySlugs(st.atlas)[1:], ", ")))
		}
	}
	q, err := parseChangesQuery(st.atlas, region, c.QueryParams(), allowed, changesTakes)
	if err != nil {
		return err
	}
	markChanges(c, q)
	return s.serveMade(c, st.changes, "changes", "changes-page|"+st.atlas.Version+"|"+q.withRegion(), func(ctx context.Context) (*response, error) {
		ch, err := st.atlas.Changes(q.from, q.to)
		if err != nil {
			return nil, err
		}
		p, err := s.changesView(st.atlas, ch, q)
		if err != nil {
			return nil, err
		}
		var b bytes.Buffer
		if err := view.Changes(p).Render(ctx, &b); err != nil {
			return nil, err
		}
		return newResponse(b.Bytes(), htmlType, cachePage), nil
	})
}

func markChanges(c echo.Context, q changesQuery) {
	markSnapshot(c, q.to)
	c.Response().Header().Set(changesFromHeader, q.from)
}

func (s *Server) changesView(a *atlas.Atlas, ch *atlas.Change, q changesQuery) (view.ChangesPage, error) {
	m, err := changesMap(a, ch, q.region, "changes-map")
	if err != nil {
		return view.ChangesPage{}, err
	}
	fl, tl := atlas.FormatDate(ch.From), atlas.FormatDate(ch.To)
	heading := fmt.Sprintf("What changed hands between %s and %s", fl, tl)
	title := "What changed hands, " + ch.From + " to " + ch.To
	if q.region != "" {
		r, _ := a.Region(q.region)
		heading += " in " + r.DisplayName()
		title = r.DisplayName() + ": " + title
	}
	p := view.ChangesPage{
		Page:      s.pageMeta(q.pagePath(), title, changesWords(a, ch, q.region)),
		Heading:   heading,
		Lede:      changesWords(a, ch, q.region),
		Map:       m,
		FromLabel: fl,
		ToLabel:   tl,
		Note: "Gained is ground held by Russian forces on the later snapshot and not on the earlier, lost the reverse, computed by polygon overlay of the two control layers (approximate, as they are). " +
			"Ground that became contested, held by neither side, counts as lost; the regions are those of the claim, the other oblasts where Russian forces held ground on either date are listed by name.",
		Downloads: []view.Download{
			{Href: "/changes.geojson?" + q.withRegion(), Title: "Gained and lost areas (GeoJSON)", Note: "One feature per region and direction, with area_km2, from, to, source and method."},
			{Href: "/map/changes.svg?" + q.withRegion(), Title: "The map as an image (SVG)", Note: "For reports: with its legend and source line."},
			{Href: "/map/changes.png?" + q.withRegion(), Title: "The map as an image (PNG)", Note: "For slides and documents; add scale=2 for high-density screens or theme=dark for the dark colours."},
			{Href: "/embed/changes?" + q.withRegion(), Title: "The map to embed", Note: "A page for an iframe on another site."},
		},
	}
	embedURL := strings.TrimRight(s.cfg.BaseURL, "/") + "/embed/changes?" + q.withRegion()
	p.EmbedCode = fmt.Sprintf(`<iframe src="%s" title="%s" width="100%%" height="640" style="border:0" loading="lazy"></iframe>`, html.EscapeString(embedURL), html.EscapeString(heading))
	for i, d := range a.Dates {
		if i < len(a.Dates)-1 {
			p.FromDates = append(p.FromDates, view.Choice{Value: d, Label: atlas.FormatDate(d), Selected: d == ch.From})
		}
		if i > 0 {
			p.ToDates = append(p.ToDates, view.Choice{Value: d, Label: atlas.FormatDate(d), Selected: d == ch.To})
			pair := changesQuery{from: a.Dates[i-1], to: d, region: q.region}
			p.Pairs = append(p.Pairs, view.Link{Href: pair.pagePath(), Label: a.Dates[i-1] + " → " + d, Current: pair.from == ch.From && pair.to == ch.To})
		}
	}
	p.Regions = append(p.Regions, view.Choice{Value: "", Label: "All of Ukraine", Selected: q.region == ""})
	for _, r := range a.Regions {
		p.Regions = append(p.Regions, view.Choice{Value: r.Slug, Label: r.DisplayName(), Selected: r.Slug == q.region})
	}
	p.Rows, p.Total = changeRows(ch, q)
	return p, nil
}

// changeRows is the table: every region and division that changed, or
// the one asked for; the total for all of Ukraine.
func changeRows(ch *atlas.Change, q changesQuery) ([]view.ChangeRow, view.ChangeRow) {
	row := func(name string, from, to, gained, lost float64) view.ChangeRow {
		return view.ChangeRow{Name: name, From: view.Km2(from), To: view.Km2(to), Gained: view.Km2(gained), Lost: view.Km2(lost), Net: signedKm2(gained - lost)}
	}
	var rows []view.ChangeRow
	for _, r := range ch.Regions {
		if q.region != "" && r.Region != q.region {
			continue
		}
		cr := row(r.Name, r.FromKm2, r.ToKm2, r.GainedKm2, r.LostKm2)
		cr.Slug = r.Region
		if r.Claimed && q.region == "" {
			cr.Href = changesQuery{from: ch.From, to: ch.To, region: r.Region}.pagePath()
		}
		rows = append(rows, cr)
	}
	if q.region != "" {
		if len(rows) == 0 {
			rows = append(rows, row("No ground held on either date", 0, 0, 0, 0))
		}
		return rows, view.ChangeRow{}
	}
	return rows, row("All of Ukraine", ch.FromKm2, ch.ToKm2, ch.GainedKm2, ch.LostKm2)
}

// changesWords says what changed in a sentence or three: the text
// alternative of the map, the page's lede and the embed's summary.
func changesWords(a *atlas.Atlas, ch *atlas.Change, region string) string {
	fl, tl := atlas.FormatDate(ch.From), atlas.FormatDate(ch.To)
	if region != "" {
		r, _ := a.Region(region)
		rc, ok := ch.Region(region)
		if !ok {
			return fmt.Sprintf("Russian forces held no ground in %s on %s or on %s.", r.DisplayName(), fl, tl)
		}
		return fmt.Sprintf("Between %s and %s Russian forces %s of %s and %s, a net change of %s km²: they held %s km² on the first date and %s km² on the second. Gains are shown solid, losses hatched blue, ground held on both dates pale; approximate.",
			fl, tl, moved("gained", rc.GainedKm2), r.DisplayName(), moved("lost", rc.LostKm2), signedKm2(rc.GainedKm2-rc.LostKm2), view.Km2(rc.FromKm2), view.Km2(rc.ToKm2))
	}
	s := fmt.Sprintf("Between %s and %s Russian forces %s of Ukraine and %s, a net change of %s km²: they held %s km² on the first date and %s km² on the second.",
		fl, tl, moved("gained", ch.GainedKm2), moved("lost", ch.LostKm2), signedKm2(ch.GainedKm2-ch.LostKm2), view.Km2(ch.FromKm2), view.Km2(ch.ToKm2))
	top := func(km2 func(atlas.RegionChange) float64) string {
		rs := slices.Clone(ch.Regions)
		sort.SliceStable(rs, func(i, j int) bool { return km2(rs[i]) > km2(rs[j]) })
		var names []string
		for _, r := range rs[:min(3, len(rs))] {
			if km2(r) >= 1 {
				names = append(names, fmt.Sprintf("%s (%s km²)", r.Name, view.Km2(km2(r))))
			}
		}
		return atlas.JoinAnd(names)
	}
	if g := top(func(r atlas.RegionChange) float64 { return r.GainedKm2 }); g != "" {
		s += " Most was gained in " + g + "."
	}
	if l := top(func(r atlas.RegionChange) float64 { return r.LostKm2 }); l != "" {
		s += " Most was lost in " + l + "."
	}
	return s + " Gains are shown solid, losses hatched blue, ground held on both dates pale; approximate."
}

// moved says "gained about 1,234 km²", or "gained no ground" below half
// a square kilometre, which would print as 0.
func moved(verb string, km2 float64) string {
	if km2 < 0.5 {
		return verb + " no ground"
	}
	return verb + " about " + view.Km2(km2) + " km²"
}

// changeShapes is the map of a change laid out in pixels: the basemap of
// the latest view (boundaries, rivers and cities do not change with the
// date), the claimed regions in force on the later date, and the ground
// kept, gained and lost, projected, simplified and clipped as cartography
// does the rest of the map. The SVG and the PNG are drawn from it.
type changeShapes struct {
	base               *cartography.Map
	outlines           []orb.MultiPolygon
	kept, gained, lost []orb.MultiPolygon
}

func changeLayout(a *atlas.Atlas, ch *atlas.Change, region string) (*changeShapes, error) {
	base, err := cartography.Build(a.Latest(), cartography.Options{Width: mapWidth, Height: mapHeight, Region: region})
	if err != nil {
		return nil, err
	}
	cs := &changeShapes{base: base}
	for _, rs := range base.Regions {
		if r, ok := a.Region(rs.Slug); ok && r.ClaimedSince <= ch.To {
			cs.outlines = append(cs.outlines, rs.Outline)
		}
	}
	proj, vp := geo.UkraineAlbers(), base.View
	tol := cartography.Tolerance / vp.Scale()
	visible := vp.Visible()
	frame := visible.Pad(0.02 * (visible.Max[0] - visible.Min[0]))
	pixels := func(g orb.MultiPolygon) orb.MultiPolygon {
		if len(g) == 0 {
			return nil
		}
		p := simplify.DouglasPeucker(tol).MultiPolygon(proj.ProjectMulti(g))
		p = orbclip.MultiPolygon(frame, p)
		if len(p) == 0 {
			return nil
		}
		return vp.MultiPolygon(p)
	}
	for _, r := range ch.Regions {
		for _, part := range []struct {
			g   orb.MultiPolygon
			dst *[]orb.MultiPolygon
		}{{r.Kept, &cs.kept}, {r.Gained, &cs.gained}, {r.Lost, &cs.lost}} {
			if p := pixels(part.g); len(p) > 0 {
				*part.dst = append(*part.dst, p)
			}
		}
	}
	return cs, nil
}

// changesMapWords is the view of the map of a change without its shapes:
// the size, the words every copy of the map shows and the cities.
func changesMapWords(a *atlas.Atlas, ch *atlas.Change, region, id string, base *cartography.Map) view.ChangesMap {
	m := view.ChangesMap{
		ID: id, Width: base.Width, Height: base.Height,
		Title:       fmt.Sprintf("What changed hands in Ukraine, %s to %s", ch.From, ch.To),
		Description: changesWords(a, ch, region),
		Cities:      base.Cities,
		LegendTitle: fmt.Sprintf("Russian forces, %s to %s", ch.From, ch.To),
		Legend: []view.LegendItem{
			{Class: "gained", Text: "Gained (held on " + ch.To + " only)"},
			{Class: "lost", Text: "Lost (held on " + ch.From + " only)"},
			{Class: "kept", Text: "Held on both dates"},
			{Class: "outline", Text: "Claimed region on " + ch.To},
		},
		Attribution: "Boundaries: Natural Earth · Control: compiled from public reporting, " + ch.From + " and " + ch.To + " (approximate)",
	}
	if region != "" {
		r, _ := a.Region(region)
		m.Title = fmt.Sprintf("What changed hands in %s, %s to %s", r.DisplayName(), ch.From, ch.To)
	}
	return m
}

// changesMap is the view of the map of a change: its words and its
// shapes as SVG path data.
func changesMap(a *atlas.Atlas, ch *atlas.Change, region, id string) (view.ChangesMap, error) {
	cs, err := changeLayout(a, ch, region)
	if err != nil {
		return view.ChangesMap{}, err
	}
	base := cs.base
	m := changesMapWords(a, ch, region, id, base)
	path := func(g orb.Geometry) string { return geo.SVGPath(g, cartography.Decimals) }
	for _, c := range base.Countries {
		m.Countries = append(m.Countries, path(c.Geometry))
	}
	for _, d := range base.Divisions {
		m.Divisions = append(m.Divisions, path(d.Geometry))
	}
	for _, r := range base.Rivers {
		m.Rivers = append(m.Rivers, path(r.Geometry))
	}
	for _, o := range cs.outlines {
		m.Outlines = append(m.Outlines, path(o))
	}
	for _, part := range []struct {
		src []orb.MultiPolygon
		dst *[]string
	}{{cs.kept, &m.Kept}, {cs.gained, &m.Gained}, {cs.lost, &m.Lost}} {
		for _, g := range part.src {
			*part.dst = append(*part.dst, path(g))
		}
	}
	return m, nil
}

// changesGeoJSON is /changes.geojson: the gained and lost areas.
func (s *Server) changesGeoJSON(c echo.Context) error {
	st := s.current()
	q, err := parseChangesQuery(st.atlas, "", c.QueryParams(), changesPageParams, changesTakes)
	if err != nil {
		return err
	}
	markChanges(c, q)
	return s.serveMade(c, st.changes, "changes", "changes-geojson|"+st.atlas.Version+"|"+q.withRegion(), func(ctx context.Context) (*response, error) {
		ch, err := st.atlas.Changes(q.from, q.to)
		if err != nil {
			return nil, err
		}
		b, err := ch.GeoJSON(q.region)
		if err != nil {
			return nil, err
		}
		r := newResponse(b, geojsonType, cachePage)
		name := "claimsmap-changes-" + q.from + "-" + q.to
		if q.region != "" {
			name += "-" + q.region
		}
		r.disposition = `attachment; filename="` + name + `.geojson"`
		return r, nil
	})
}

// changesEmbed is /embed/changes: the change map for other sites'
// iframes, with its summary and source line.
func (s *Server) changesEmbed(c echo.Context) error {
	st := s.current()
	qs := c.QueryParams()
	q, err := parseChangesQuery(st.atlas, "", qs, changesEmbedParams, "an embed of the changes takes from, to, region and theme")
	if err != nil {
		return err
	}
	q.theme = "auto"
	if v := qs.Get("theme"); v != "" {
		if v != "light" && v != "dark" && v != "auto" {
			return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("theme %q: use light, dark or auto.", clip(v)))
		}
		q.theme = v
	}
	markChanges(c, q)
	return s.serveMade(c, st.changes, "changes", "changes-embed|"+st.atlas.Version+"|"+q.withRegion()+"|"+q.theme, func(ctx context.Context) (*response, error) {
		ch, err := st.atlas.Changes(q.from, q.to)
		if err != nil {
			return nil, err
		}
		m, err := changesMap(st.atlas, ch, q.region, "embed-changes")
		if err != nil {
			return nil, err
		}
		p := view.ChangesEmbedPage{
			Page:     s.pageMeta("/embed/changes?"+q.withRegion(), m.Title, m.Description),
			Theme:    q.theme,
			Heading:  m.Title,
			Map:      m,
			Summary:  m.Description,
			Source:   m.Attribution,
			LinkBack: strings.TrimRight(s.cfg.BaseURL, "/") + q.pagePath(),
			EmbedJS:  s.assets.urlFor["embed.js"],
		}
		var b bytes.Buffer
		if err := view.ChangesEmbed(p).Render(ctx, &b); err != nil {
			return nil, err
		}
		return newResponse(b.Bytes(), htmlType, cachePage), nil
	})
}

var changesImageParams = map[string]bool{"from": true, "to": true, "region": true, "theme": true, "scale": true}

// changesMaxScale bounds the changes PNG's pixel density: at 3 the map
// would pass maxImageSide.
const changesMaxScale = 2

// changesImage is /map/changes.svg and /map/changes.png: the change map
// as an image for reports, with its title, legend and source line. The
// PNG takes theme and scale; the SVG, in the light colours with classes
// for a stylesheet, takes neither. Each is made once per parameters on
// the worker pool and kept with the map images.
func (s *Server) changesImage(c echo.Context) error {
	st := s.current()
	png := strings.HasSuffix(c.Request().URL.Path, ".png")
	qs := c.QueryParams()
	allowed, takes := changesPageParams, "the changes SVG takes from, to and region"
	if png {
		allowed, takes = changesImageParams, "the changes PNG takes from, to, region, theme (light or dark) and scale (1 or 2)"
	}
	q, err := parseChangesQuery(st.atlas, "", qs, allowed, takes)
	if err != nil {
		return err
	}
	theme, scale := render.Light, 1.0
	if png {
		if theme, err = parseImageTheme(qs.Get("theme")); err != nil {
			return err
		}
		if scale, err = parseImageScale(qs.Get("scale"), changesMaxScale); err != nil {
			return err
		}
	}
	markChanges(c, q)
	ext := "svg"
	if png {
		ext = "png"
	}
	key := fmt.Sprintf("changes|%s|%s|%s|%s|%g", st.atlas.Version, q.withRegion(), ext, theme, scale)
	return s.serveMade(c, st.images, "image", key, func(context.Context) (*response, error) {
		ch, err := st.atlas.Changes(q.from, q.to)
		if err != nil {
			return nil, err
		}
		var b []byte
		ctype := "image/svg+xml"
		if png {
			ctype = "image/png"
			if b, err = changesPNG(st.atlas, ch, q.region, theme, scale); err != nil {
				return nil, err
			}
		} else {
			m, err := changesMap(st.atlas, ch, q.region, "cm")
			if err != nil {
				return nil, err
			}
			m.Standalone = true
			var buf bytes.Buffer
			buf.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
			if err := view.ChangesMapSVG(m).Render(context.Background(), &buf); err != nil {
				return nil, err
			}
			b = buf.Bytes()
		}
		r := newResponse(b, ctype, cachePage)
		r.disposition = `inline; filename="claimsmap-changes-` + q.from + `-` + q.to + `.` + ext + `"`
		return r, nil
	})
}

// changesPNG draws the change map as the SVG shows it (ChangesMapSVG),
// in the theme's colours, at scale device pixels per pixel. Its words are
// the SVG's: changesMap makes them.
func changesPNG(a *atlas.Atlas, ch *atlas.Change, region string, theme render.Theme, scale float64) ([]byte, error) {
	cs, err := changeLayout(a, ch, region)
	if err != nil {
		return nil, err
	}
	base := cs.base
	m := changesMapWords(a, ch, region, "cm", base)
	pal := render.Colors(theme)
	d := render.NewDrawing(base.Width, base.Height, pal.Sea)
	translucent := func(c color.RGBA, a uint8) color.Color { return color.NRGBA{c.R, c.G, c.B, a} }
	// The SVG's pattern: 2.6 px stripes every 6 px.
	lost := &render.Hatch{Spacing: 6, Stripe: 2.6, Line: pal.Claim, Background: pal.HatchBg}
	kept := render.Style{Fill: translucent(pal.Controlled, 77)} // 0.3
	gained := render.Style{Fill: pal.Controlled}
	lostStyle := render.Style{Hatch: lost, Stroke: pal.Claim, Width: 0.8}
	outline := render.Style{Stroke: pal.Claim, Width: 1.6, Dash: []float64{5, 2.5}}

	d.Group("basemap")
	for _, c := range base.Countries {
		d.Shape(c.Geometry, render.Style{Fill: pal.LandOther, Stroke: pal.Border, Width: 0.5})
	}
	for _, dv := range base.Divisions {
		d.Shape(dv.Geometry, render.Style{Fill: pal.Land, Stroke: pal.Border, Width: 0.5})
	}
	d.Group("changes")
	for _, part := range []struct {
		gs []orb.MultiPolygon
		st render.Style
	}{{cs.kept, kept}, {cs.gained, gained}, {cs.lost, lostStyle}} {
		for _, g := range part.gs {
			d.Shape(g, part.st)
		}
	}
	d.Group("rivers")
	for _, r := range base.Rivers {
		d.Shape(r.Geometry, render.Style{Stroke: pal.River, Width: 1.2, RoundCaps: true})
	}
	d.Group("outlines")
	for _, o := range cs.outlines {
		d.Shape(o, outline)
	}
	d.Group("cities")
	halo := func(size float64, face render.Face, anchor render.Anchor, fill color.Color) render.Text {
		return render.Text{Size: size, Face: face, Anchor: anchor, Fill: fill, Halo: pal.Bg, HaloWidth: 3}
	}
	for _, c := range base.Cities {
		d.Circle(orb.Point{c.X, c.Y}, 2.5, render.Style{Fill: pal.Fg})
		if c.LabelLeft {
			d.Text(orb.Point{c.X - 4, c.Y - 3}, c.Name, halo(11, render.Regular, render.End, pal.Fg))
		} else {
			d.Text(orb.Point{c.X + 4, c.Y - 3}, c.Name, halo(11, render.Regular, render.Start, pal.Fg))
		}
	}

	// The legend at the top left, as wide as its longest line.
	d.Group("legend")
	const size, row = 12, 22
	w := d.TextWidth(m.LegendTitle, size, render.Bold)
	for _, it := range m.Legend {
		w = max(w, 30+d.TextWidth(it.Text, size, render.Regular))
	}
	x0, y0 := 12.0, 12.0
	d.Rect(orb.Bound{Min: orb.Point{x0, y0}, Max: orb.Point{x0 + math.Ceil(w+20), y0 + float64(34+row*len(m.Legend))}}, 4,
		render.Style{Fill: translucent(pal.Bg, 235), Stroke: pal.Rule, Width: 1}) // 0.92
	d.Text(orb.Point{x0 + 10, y0 + 20}, m.LegendTitle, render.Text{Size: size, Face: render.Bold, Fill: pal.Fg})
	for i, it := range m.Legend {
		x, y := x0+10, y0+32+float64(row*i)
		swatch := orb.Ring{{x, y}, {x + 22, y}, {x + 22, y + 14}, {x, y + 14}, {x, y}}
		switch it.Class {
		case "gained":
			d.Shape(swatch, gained)
		case "kept":
			d.Shape(swatch, kept)
		case "lost":
			d.Shape(swatch, render.Style{Hatch: lost, Stroke: pal.Claim, Width: 1})
		default:
			d.Shape(orb.LineString{{x, y + 7}, {x + 22, y + 7}}, render.Style{Stroke: pal.Claim, Width: 2, Dash: []float64{5, 2.5}})
		}
		d.Text(orb.Point{x + 30, y + 11}, it.Text, render.Text{Size: size, Fill: pal.Fg})
	}

	// The title at the bottom left, the source line at the bottom right.
	d.Group("heading")
	d.Text(orb.Point{12, base.Height - 26}, m.Title, halo(15, render.Bold, render.Start, pal.Fg))
	d.Group("source")
	d.Text(orb.Point{base.Width - 8, base.Height - 6}, m.Attribution, halo(10.5, render.Regular, render.End, pal.Muted))
	b, err := d.PNG(scale)
	if err != nil {
		return nil, fmt.Errorf("drawing the changes map: %w", err)
	}
	return b, nil
}
