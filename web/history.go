package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/cache"
	"github.com/claimsmap/claimsmap/internal/chart"
	"github.com/claimsmap/claimsmap/internal/render"
	"github.com/claimsmap/claimsmap/web/view"
)

// derivedResponses keeps one site's history images,
// made on first request, once for concurrent requests, and bounded. Its
// zero value is ready to use, so the site needs no set-up for it.
type derivedResponses struct {
	once sync.Once
	c    *cache.Cache[*response]
}

// maxDerived bounds the history and changes responses kept per site.
const maxDerived = 128

func (d *derivedResponses) get(key string, make func() (*response, error)) (*response, error) {
	d.once.Do(func() { d.c = cache.New[*response](maxDerived) })
	return d.c.Get(key, make)
}

// historySlugs are the charts there are: Ukraine and each claimed region.
func historySlugs(a *atlas.Atlas) []string {
	ss := []string{atlas.HistoryTotal}
	for _, r := range a.Regions {
		ss = append(ss, r.Slug)
	}
	return ss
}

// historyChart is the chart of held and contested ground over time, with
// the words every copy of it (page, SVG, PNG) shows.
func historyChart(h *atlas.History, standalone bool, theme chart.Theme) *chart.Chart {
	first, last := h.Span()
	place := "Ukraine"
	if h.Slug != atlas.HistoryTotal {
		place = h.Name
	}
	held := chart.Series{Name: "Held by Russian forces", Class: "held", Area: true}
	grey := chart.Series{Name: "Contested (held by neither side)", Class: "contested", Dashed: true}
	c := &chart.Chart{
		ID:         "history-" + h.Slug,
		Title:      fmt.Sprintf("Ground held by Russian forces in %s, %s to %s", place, first[:4], last[:4]),
		Standalone: standalone,
		Subtitle:   fmt.Sprintf("Area on each of %d snapshots of control, %s to %s; each value holds until the next snapshot. Approximate.", len(h.Points), atlas.FormatDate(first), atlas.FormatDate(last)),
		Source:     "Boundaries: Natural Earth · Control: claimsmap, compiled from public reporting (approximate) · areas computed on the sphere",
		Theme:      theme,
	}
	anyGrey := false
	for _, p := range h.Points {
		c.Dates = append(c.Dates, p.Date)
		held.Values = append(held.Values, p.HeldKm2)
		grey.Values = append(grey.Values, p.ContestedKm2)
		anyGrey = anyGrey || p.ContestedKm2 > 0
	}
	c.Series = []chart.Series{held}
	if anyGrey {
		c.Series = append(c.Series, grey)
	}
	c.Desc = historyWords(h, place)
	if !standalone {
		c.Desc += " The figures are in the table."
	}
	return c
}

// historyWords is the chart's text alternative: the range, the first and
// latest figures, the most held and the contested ground.
func historyWords(h *atlas.History, place string) string {
	first, last := h.Points[0], h.Points[len(h.Points)-1]
	most := first
	for _, p := range h.Points {
		if p.HeldKm2 > most.HeldKm2 {
			most = p
		}
	}
	km := func(p atlas.HistoryPoint) string {
		return fmt.Sprintf("%s km² (%s)", view.Km2(p.HeldKm2), view.Percent(p.HeldShare))
	}
	s := fmt.Sprintf("Step chart of the ground Russian forces held in %s on each of %d snapshots from %s to %s: %s on the first, %s on the latest",
		place, len(h.Points), atlas.FormatDate(first.Date), atlas.FormatDate(last.Date), km(first), km(last))
	if most.Date != last.Date && most.Date != first.Date {
		s += fmt.Sprintf(", and the most, %s, on %s", km(most), atlas.FormatDate(most.Date))
	}
	s += "."
	if last.ContestedKm2 > 0 {
		s += fmt.Sprintf(" Contested ground, held by neither side, is drawn dashed: %s km² on %s.", view.Km2(last.ContestedKm2), atlas.FormatDate(last.Date))
	}
	return s + " Each value holds until the next snapshot."
}

// historyFigure is the chart and its table for a page, the view's date
// marked in the table.
func historyFigure(v *atlas.View, slug string) (view.HistoryFigure, error) {
	h, ok := v.Atlas.History(slug)
	if !ok {
		return view.HistoryFigure{}, fmt.Errorf("no history for %q", slug)
	}
	svg, err := chart.SVG(historyChart(h, false, chart.Light))
	if err != nil {
		return view.HistoryFigure{}, fmt.Errorf("history chart of %s: %w", slug, err)
	}
	place := "Ukraine"
	if slug != atlas.HistoryTotal {
		place = h.Name
	}
	f := view.HistoryFigure{
		ID:      "history-" + slug,
		Heading: "Held over time",
		SVG:     templ.Raw(string(svg)),
		Caption: fmt.Sprintf("Ground held by Russian forces in %s on each snapshot, in km². Contested ground is held by neither side. Each value holds until the next snapshot.", place),
		Table:   fmt.Sprintf("Ground held and contested in %s on each snapshot (km², share of %s's area)", place, place),
		SVGHref: "/map/" + slug + "-history.svg",
		PNGHref: "/map/" + slug + "-history.png",
	}
	if slug == atlas.HistoryTotal {
		f.ChangesHref = "/changes"
	} else {
		f.ChangesHref = "/changes/" + slug
	}
	for i, p := range h.Points {
		r := view.HistoryRow{
			Date: p.Date, Label: atlas.FormatDate(p.Date), Href: dateURL(pageOf(slug), v.Atlas, p.Date),
			Held: view.Km2(p.HeldKm2), HeldShare: view.Percent(p.HeldShare),
			Contested: view.Km2(p.ContestedKm2), ContestedShare: view.Percent(p.ContestedShare),
			Current: p.Date == v.Date,
		}
		if slug != atlas.HistoryTotal && !p.Claimed {
			r.Note = "not yet claimed"
		}
		if i > 0 {
			d := p.HeldKm2 - h.Points[i-1].HeldKm2
			r.Change = signedKm2(d)
		}
		f.Rows = append(f.Rows, r)
	}
	return f, nil
}

func pageOf(slug string) string {
	if slug == atlas.HistoryTotal {
		return "/"
	}
	return "/regions/" + slug
}

// signedKm2 writes a change in km² with its sign: "+1,234", "−56", "0".
func signedKm2(d float64) string {
	s := view.Km2(d)
	switch {
	case s == "0" || s == "-0":
		return "0"
	case d > 0:
		return "+" + s
	}
	return "−" + strings.TrimPrefix(s, "-")
}

var historyImageParams = map[string]bool{"theme": true, "scale": true}

// historyImage is /map/{slug}-history.{svg,png}: the history chart on its
// own, for reports, with its title, date range and source line.
func (s *Server) historyImage(c echo.Context) error {
	st := s.current()
	file := strings.TrimPrefix(c.Request().URL.Path, "/map/")
	name, ext, _ := strings.Cut(file, ".")
	slug := strings.TrimSuffix(name, "-history")
	h, ok := st.atlas.History(slug)
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound, fmt.Sprintf("There is no history chart %q: use %s.", clip(slug), strings.Join(historySlugs(st.atlas), ", ")))
	}
	qs := c.QueryParams()
	if err := checkParams(qs, historyImageParams, "a history chart takes theme (light or dark) and, for PNG, scale (1 or 2)"); err != nil {
		return err
	}
	t, err := parseImageTheme(qs.Get("theme"))
	if err != nil {
		return err
	}
	theme := chart.Theme(t)
	if qs.Get("scale") != "" && ext != "png" {
		return echo.NewHTTPError(http.StatusBadRequest, "scale applies to PNG only: an SVG scales by itself.")
	}
	scale, err := parseImageScale(qs.Get("scale"), chart.MaxScale)
	if err != nil {
		return err
	}
	disposition := fmt.Sprintf(`inline; filename="claimsmap-%s-history.%s"`, slug, ext)
	if ext != "png" {
		// The SVG is a few kilobytes of text made in well under a
		// millisecond: it does not wait for a worker.
		r, err := st.derived.get("history|"+slug+"|svg|"+string(theme), func() (*response, error) {
			b, err := chart.SVG(historyChart(h, true, theme))
			if err != nil {
				return nil, err
			}
			r := newResponse(append([]byte(`<?xml version="1.0" encoding="UTF-8"?>`+"\n"), b...), "image/svg+xml", cachePage)
			r.disposition = disposition
			return r, nil
		})
		if err != nil {
			return err
		}
		return r.serve(c)
	}
	// The PNG is rasterised: made once per theme and scale on the worker
	// pool, and kept with the map images.
	key := fmt.Sprintf("history|%s|%s|png|%s|%g", st.atlas.Version, slug, theme, scale)
	return s.serveMade(c, st.images, "image", key, func(context.Context) (*response, error) {
		b, err := chart.PNG(historyChart(h, true, theme), scale)
		if err != nil {
			return nil, err
		}
		r := newResponse(b, "image/png", cachePage)
		r.disposition = disposition
		return r, nil
	})
}

// historyRoutes registers /map/{slug}-history.{svg,png} for Ukraine and
// each claimed region as routes of their own, more specific than
// /map/:file, which draws the maps. The claimed regions are fixed by the
// claim layer; a reload that added one would need a restart for its chart.
func (s *Server) historyRoutes(get func(string, echo.HandlerFunc)) {
	for _, slug := range historySlugs(s.current().atlas) {
		for _, ext := range []string{"svg", "png"} {
			get("/map/"+slug+"-history."+ext, s.historyImage)
		}
	}
}

// parseImageTheme reads the theme of a chart or changes image: light (the
// default) or dark.
func parseImageTheme(v string) (render.Theme, error) {
	switch v {
	case "", "light":
		return render.Light, nil
	case "dark":
		return render.Dark, nil
	}
	return "", echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("theme %q: use light or dark.", clip(v)))
}

// parseImageScale reads the pixel density of a chart or changes PNG: a
// whole number from 1 (the default) to most.
func parseImageScale(v string, most int) (float64, error) {
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > most {
		choices := "1"
		for i := 2; i <= most; i++ {
			sep := ", "
			if i == most {
				sep = " or "
			}
			choices += sep + strconv.Itoa(i)
		}
		return 0, echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("scale %q: use %s.", clip(v), choices))
	}
	return float64(n), nil
}
