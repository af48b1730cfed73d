package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"

	"github.com/claimsmap/claimsmap/geo"
	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/cartography"
	"github.com/claimsmap/claimsmap/internal/gazetteer"
	"github.com/claimsmap/claimsmap/web/view"
)

// Page sizes: a list never grows with the data.
const (
	placesPerPage        = 50
	placePassagesPerPage = 10
	maxPage              = 1_000_000
)

var (
	placesParams = map[string]bool{"date": true, "region": true, "holder": true, "sort": true, "page": true}
	placeParams  = map[string]bool{"date": true, "page": true}
	placeSorts   = []view.Choice{{Value: "name", Label: "Name"}, {Value: "population", Label: "Population, largest first"}, {Value: "region", Label: "Region, then name"}}
	holderValues = []string{atlas.HolderRussia, atlas.HolderContested, atlas.HolderUkraine}
)

// placeQuery is what /places was asked for.
type placeQuery struct {
	date, region, holder, sort string
	page                       int
}

// url is the list's address for q on page (the latest date left out).
func (q placeQuery) url(a *atlas.Atlas, page int) string {
	v := url.Values{}
	if q.date != a.Snapshot {
		v.Set("date", q.date)
	}
	if q.region != "" {
		v.Set("region", q.region)
	}
	if q.holder != "" {
		v.Set("holder", q.holder)
	}
	if q.sort != "name" {
		v.Set("sort", q.sort)
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return "/places"
	}
	return "/places?" + v.Encode()
}

// parsePage reads page=: a whole number from 1; empty is 1.
func parsePage(s string) (int, error) {
	if s == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxPage {
		return 0, echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("page %q is not a page number: give a whole number from 1.", clip(s)))
	}
	return n, nil
}

// pageBounds cuts a list of n items into pages of size and returns the
// slice bounds of page, and the number of pages (at least 1). A page past
// the last is not found.
func pageBounds(n, size, page int, what string) (lo, hi, pages int, err error) {
	pages = max(1, (n+size-1)/size)
	if page > pages {
		return 0, 0, pages, echo.NewHTTPError(http.StatusNotFound, fmt.Sprintf("There is no page %d of %s: there are %d.", page, what, pages))
	}
	lo = (page - 1) * size
	return lo, min(n, lo+size), pages, nil
}

// placeDivisions are the divisions /places lists: the claimed ones, and
// the front-line oblasts, where Russian forces held or contested ground
// outside the claim on some snapshot.
func placeDivisions(a *atlas.Atlas) []string {
	var out []string
	front := map[string]bool{}
	for _, date := range a.Data.Dates {
		f, _ := a.Data.Figures(date)
		for _, c := range slices.Concat(f.Controlled, f.Contested) {
			if !c.WithinClaim {
				front[c.Region] = true
			}
		}
	}
	for _, d := range a.Data.Divisions {
		if d.ClaimedRegion != "" || front[d.Slug] {
			out = append(out, d.Slug)
		}
	}
	return out
}

// regionChoices are the values of region=: the claimed regions, then the
// front-line oblasts.
func regionChoices(a *atlas.Atlas, divisions []string, selected string) []view.Choice {
	cs := []view.Choice{{Value: "", Label: "All claimed regions and front-line oblasts", Selected: selected == ""}}
	for _, r := range a.Regions {
		cs = append(cs, view.Choice{Value: r.Slug, Label: r.Name + " (claimed)", Selected: selected == r.Slug})
	}
	for _, slug := range divisions {
		d, _ := a.Data.Division(slug)
		if d.ClaimedRegion != "" {
			continue
		}
		cs = append(cs, view.Choice{Value: slug, Label: d.Name, Selected: selected == slug})
	}
	return cs
}

func (s *Server) places(c echo.Context) error {
	a := s.current().atlas
	qs := c.QueryParams()
	if err := checkParams(qs, placesParams, "the list of places takes region, holder, date (YYYY-MM-DD), sort (name, population or region) and page"); err != nil {
		return err
	}
	q := placeQuery{date: a.Snapshot, region: qs.Get("region"), holder: qs.Get("holder"), sort: qs.Get("sort")}
	var err error
	if d := qs.Get("date"); d != "" {
		if q.date, err = snapshotOn(a, d); err != nil {
			return err
		}
	}
	divisions := placeDivisions(a)
	regions := regionChoices(a, divisions, q.region)
	if !slices.ContainsFunc(regions, func(c view.Choice) bool { return c.Value == q.region }) {
		return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("region %q is not a claimed region or a front-line oblast; one of %s.", clip(q.region), choiceValues(regions[1:])))
	}
	if q.holder != "" && !slices.Contains(holderValues, q.holder) {
		return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("holder %q must be russia, contested or ukraine.", clip(q.holder)))
	}
	if q.sort == "" {
		q.sort = "name"
	}
	if !slices.ContainsFunc(placeSorts, func(c view.Choice) bool { return c.Value == q.sort }) {
		return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("sort %q must be name, population or region.", clip(q.sort)))
	}
	if q.page, err = parsePage(qs.Get("page")); err != nil {
		return err
	}
	markSnapshot(c, q.date)

	g := a.Gazetteer
	var rows []gazetteer.Settlement
	for _, st := range g.Settlements() {
		if !slices.Contains(divisions, st.Oblast) {
			continue
		}
		if q.region != "" && st.Oblast != q.region && g.SettlementRegion(&st) != q.region {
			continue
		}
		if q.holder != "" && a.HeldOn(q.date, st.ID) != q.holder {
			continue
		}
		rows = append(rows, st)
	}
	sortPlaces(g, rows, q.sort)
	lo, hi, pages, err := pageBounds(len(rows), placesPerPage, q.page, "this list of places")
	if err != nil {
		return err
	}
	dl := atlas.FormatDate(q.date)
	title := "Places"
	if q.page > 1 {
		// Each page of the list its own title, for tabs, history and
		// screen readers.
		title = fmt.Sprintf("Places, page %d of %d", q.page, pages)
	}
	p := view.PlacesPage{
		Page:      s.pageMeta(q.url(a, q.page), title, "Settlements of the claimed regions and the front-line oblasts, and who held each."),
		DateLabel: dl,
		Lede:      fmt.Sprintf("Settlements of the regions Russia claims and of the front-line oblasts, from the gazetteer (hand-kept, and GeoNames), with who held each on %s according to the control layer (an approximation).", dl),
		Caption:   fmt.Sprintf("%s places; holder computed by point in polygon from the control layer of %s", thousands(len(rows)), dl),
		Regions:   regions,
		Sorts:     choose(placeSorts, q.sort),
		Holders:   choose([]view.Choice{{Value: "", Label: "Anyone"}, {Value: atlas.HolderRussia, Label: "Russian forces"}, {Value: atlas.HolderContested, Label: "Neither side (contested)"}, {Value: atlas.HolderUkraine, Label: "Ukraine"}}, q.holder),
		Pager:     pagerFor("Pages of places", "Places", len(rows), lo, hi, q.page, pages, func(n int) string { return q.url(a, n) }),
	}
	for i := len(a.Dates) - 1; i >= 0; i-- {
		d := a.Dates[i]
		p.Dates = append(p.Dates, view.Choice{Value: d, Label: atlas.FormatDate(d), Selected: d == q.date})
	}
	for _, st := range rows[lo:hi] {
		p.Places = append(p.Places, settlementRow(a, q.date, st))
	}
	return renderPage(c, view.Places(p))
}

func choose(cs []view.Choice, selected string) []view.Choice {
	out := slices.Clone(cs)
	for i := range out {
		out[i].Selected = out[i].Value == selected
	}
	return out
}

func choiceValues(cs []view.Choice) string {
	var vs []string
	for _, c := range cs {
		vs = append(vs, c.Value)
	}
	return strings.Join(vs, ", ")
}

// pagerFor describes page of pages of a list of n items, lo:hi shown.
func pagerFor(label, what string, n, lo, hi, page, pages int, href func(int) string) view.Pager {
	pg := view.Pager{Label: label, Page: page, Pages: pages}
	if n > 0 {
		pg.Summary = fmt.Sprintf("%s %s–%s of %s", what, thousands(lo+1), thousands(hi), thousands(n))
	}
	if page > 1 {
		pg.Prev = href(page - 1)
	}
	if page < pages {
		pg.Next = href(page + 1)
	}
	return pg
}

func sortPlaces(g *gazetteer.Gazetteer, rows []gazetteer.Settlement, by string) {
	// Names folded once, not at every comparison.
	folded := make(map[string]string, len(rows))
	for _, r := range rows {
		folded[r.ID] = gazetteer.Fold(r.Name)
	}
	slices.SortFunc(rows, func(a, b gazetteer.Settlement) int {
		switch by {
		case "population":
			if a.Population != b.Population {
				return b.Population - a.Population
			}
		case "region":
			if c := gazetteer.CompareRegions(g.SettlementRegion(&a), g.SettlementRegion(&b)); c != 0 {
				return c
			}
			if c := strings.Compare(a.Oblast, b.Oblast); c != 0 {
				return c
			}
		}
		if c := strings.Compare(folded[a.ID], folded[b.ID]); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// settlementRow is a row of /places for a settlement on date.
func settlementRow(a *atlas.Atlas, date string, st gazetteer.Settlement) view.PlaceRow {
	held := a.HeldOn(date, st.ID)
	region := a.Gazetteer.SettlementRegion(&st)
	r := view.PlaceRow{
		ID: st.ID, Name: st.Name, Oblast: divisionName(a, st.Oblast), Region: region,
		HeldBy: held, Holder: atlas.HolderLabel(held), Coords: coords(st),
		Page: dateURL("/places/"+st.ID, a, date), Population: population(st.Population),
	}
	if p, ok := a.Place(st.ID); ok {
		r.Mentions = p.Mentions
	}
	if _, ok := a.Region(region); ok {
		r.Href = dateURL("/regions/"+region, a, date)
	}
	// A few Latin variants: the full list is on the place's page.
	var vs []string
	for _, v := range st.Variants {
		if len(vs) == 3 {
			vs = append(vs, "…")
			break
		}
		if gazetteer.Translit(v) == nil {
			vs = append(vs, v)
		}
	}
	r.Variants = strings.Join(vs, ", ")
	return r
}

func coords(st gazetteer.Settlement) string { return fmt.Sprintf("%.4f°N %.4f°E", st.Lat, st.Lon) }

func population(n int) string {
	if n == 0 {
		return "unknown"
	}
	return thousands(n)
}

// thousands writes n with commas between thousands.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// place is /places/{id}: a settlement's page.
func (s *Server) place(c echo.Context) error {
	st := s.current()
	a := st.atlas
	id := c.Param("id")
	sett, ok := a.Gazetteer.Settlement(id)
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound, fmt.Sprintf("There is no place %q in the gazetteer. Search for it by name at /search.", clip(id)))
	}
	qs := c.QueryParams()
	if err := checkParams(qs, placeParams, "a place's page takes date (YYYY-MM-DD: the latest snapshot on or before it) and page (of passages)"); err != nil {
		return err
	}
	date := a.Snapshot
	var err error
	if d := qs.Get("date"); d != "" {
		if date, err = snapshotOn(a, d); err != nil {
			return err
		}
	}
	page, err := parsePage(qs.Get("page"))
	if err != nil {
		return err
	}
	refs := a.PassagesNaming(id)
	lo, hi, pages, err := pageBounds(len(refs), placePassagesPerPage, page, "the passages that name "+sett.Name)
	if err != nil {
		return err
	}
	markSnapshot(c, date)
	v, err := a.At(date)
	if err != nil {
		return err
	}
	path := "/places/" + id
	held := a.HeldOn(date, id)
	region := a.Gazetteer.SettlementRegion(&sett)
	dl := v.Label()
	oblast := divisionName(a, sett.Oblast)
	p := view.PlacePage{
		Page:      s.pageMeta(withDate(path, v), sett.Name, fmt.Sprintf("%s, %s: who held it on each snapshot, its names, and the passages that name it.", sett.Name, oblast)),
		Name:      sett.Name,
		DateLabel: dl,
		HeldBy:    held,
		Holder:    atlas.HolderLabel(held),
		Timeline:  timeline(v, path),
		Passages:  quotes(v, refs[lo:hi], ""),
	}
	p.Pager = pagerFor("Pages of passages", "Passages", len(refs), lo, hi, page, pages, func(n int) string {
		u := withDate(path, v)
		if n <= 1 {
			return u
		}
		sep := "?"
		if strings.Contains(u, "?") {
			sep = "&"
		}
		return u + sep + "page=" + strconv.Itoa(n)
	})
	if r, ok := a.Region(region); ok {
		p.RegionName, p.RegionHref = r.Name, withDate("/regions/"+r.Slug, v)
	}
	p.Facts = append(p.Facts, view.Fact{Term: "Oblast", Desc: oblast})
	if p.RegionName != "" {
		p.Facts = append(p.Facts, view.Fact{Term: "Claimed region", Desc: p.RegionName})
	}
	p.Facts = append(p.Facts,
		view.Fact{Term: "Coordinates", Desc: coords(sett)},
		view.Fact{Term: "Population", Desc: population(sett.Population) + " (before 2022)"},
		view.Fact{Term: "Source", Desc: sett.Source},
		view.Fact{Term: "Licence", Desc: sett.License},
	)
	if sett.GeoNameID != 0 {
		p.Facts = append(p.Facts, view.Fact{Term: "GeoNames id", Desc: strconv.Itoa(sett.GeoNameID)})
	}
	for _, t := range a.TenuresOf(id) {
		period := atlas.FormatDate(t.From)
		if t.To != t.From {
			period += " to " + atlas.FormatDate(t.To)
		}
		p.Tenures = append(p.Tenures, view.TenureRow{Period: period, HeldBy: t.Holder, Holder: atlas.HolderLabel(t.Holder), Snapshots: strconv.Itoa(t.Snapshots)})
	}
	p.Names = append(p.Names, view.NameRow{Text: sett.Name, Kind: "name used here"})
	for _, n := range sett.Variants {
		row := view.NameRow{Text: n}
		if gazetteer.Translit(n) != nil {
			row.Lang = gazetteer.CyrillicLang(n)
			switch row.Lang {
			case "uk":
				row.Kind = "Ukrainian"
			case "ru":
				row.Kind = "Russian"
			default:
				row.Kind = "Cyrillic"
			}
		}
		p.Names = append(p.Names, row)
	}
	fig, note, err := s.placeMap(st, v, sett, region, held)
	if err != nil {
		return err
	}
	p.Map, p.HasMap, p.MapNote = fig, fig.Map != nil, note
	return renderPage(c, view.PlaceDetail(p))
}

// placeMap is the map of the place's claimed region (or of Ukraine, for a
// place outside the claim) on the view's date with the place marked. The
// map without the mark is made once per region and date.
func (s *Server) placeMap(st *site, v *atlas.View, sett gazetteer.Settlement, region, held string) (view.MapFigure, string, error) {
	focus := ""
	if _, ok := v.Atlas.Region(region); ok {
		focus = region
	}
	// The place's map is its region's view zoomed onto it (Ukraine's,
	// closer, for a place outside the claim), with its neighbours drawn by
	// rank around it.
	zoom := 4.0
	if focus == "" {
		zoom = 8
	}
	at := orb.Point{sett.Lon, sett.Lat}
	base, err := st.placeMaps.Get(sett.ID+"|"+v.Date, func() (view.MapFigure, error) {
		return s.mapFigure(v, mapSpec{id: "place-map", region: focus, zoom: zoom, center: at,
			mark: &cartography.Place{ID: sett.ID, Name: sett.Name, Point: at, Holder: held}})
	})
	if err != nil {
		return view.MapFigure{}, "", err
	}
	fig := base
	// The script's views are of the site's main maps; this one it zooms
	// as a picture.
	fig.MapName = ""
	where := "the map of " + strings.TrimSuffix(base.Title, ", "+v.Label())
	if q := geo.UkraineAlbers().Project(at); !base.Map.View.Visible().Contains(q) {
		return fig, sett.Name + " lies outside " + where + ".", nil
	}
	fig.Legend = append(slices.Clone(base.Legend), view.LegendItem{Class: "place-" + held, Text: sett.Name + ", held by " + atlas.HolderLabel(held)})
	fig.Title = sett.Name + " on " + where
	fig.Description = fmt.Sprintf("%s, marked by a dot labelled with its name at %s, was held by %s on %s according to the control layer (an approximation). %s",
		sett.Name, coords(sett), atlas.HolderLabel(held), v.Label(), base.Description)
	fig.Caption = ""
	return fig, "", nil
}
