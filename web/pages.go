package web

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/claimsmap/claimsmap/internal/article"
	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/linker"
	"github.com/claimsmap/claimsmap/web/view"
)

func (s *Server) pageMeta(path, title, desc string) view.Page {
	return view.Page{Title: title, Description: desc, Path: path, BaseURL: s.cfg.BaseURL, Assets: s.assets.view()}
}

func row(f atlas.Figures, since string, v *atlas.View) view.Row {
	r := view.Row{
		Slug: f.Slug, Name: f.Name, Href: withDate("/regions/"+f.Slug, v), ClaimedSince: since,
		OfficialKm2: view.Km2(f.OfficialKm2), ClaimedKm2: view.Km2(f.ClaimedKm2),
		ControlledKm2: view.Km2(f.ControlledKm2), NotHeldKm2: view.Km2(f.NotControlledKm2),
		ContestedKm2: view.Km2(f.ContestedKm2),
		HeldShare:    view.Percent(f.ControlledShare), ClaimedOfUA: view.Percent(f.ClaimedOfUkraine),
		HeldOfUA: view.Percent(f.ControlledOfUkraine),
	}
	if since != "" && !f.Claimed {
		r.ClaimedKm2 = "not yet claimed"
		r.ClaimedOfUA = "—"
	}
	return r
}

func (s *Server) indexPage(v *atlas.View) (*view.IndexPage, error) {
	a := v.Atlas
	fig, err := s.mapFigure(v, mapSpec{id: "map"})
	if err != nil {
		return nil, err
	}
	st := v.Stats
	dl := v.Label()
	grey := ""
	if st.AllContestedKm2 > 0 {
		grey = fmt.Sprintf(" About %s km² was contested, held by neither side.", view.Km2(st.AllContestedKm2))
	}
	p := &view.IndexPage{
		Page: s.pageMeta(withDate("/", v), "Russia's claim and control in Ukraine",
			"What Russia claims in Ukraine and what its forces hold, region by region, with areas, dates and sources."),
		Map:       fig,
		DateLabel: dl,
		Timeline:  timeline(v, "/"),
		Total:     row(st.Total, "", v),
		Lede: fmt.Sprintf("On %s Russia claimed %s, %s km² or %s of the country. Its forces held about %s km² of Ukraine (%s), %s km² of it inside the claim; %s km² of the claim (%s) was held by Ukraine.%s",
			dl, v.ClaimWords(), view.Km2(st.Total.ClaimedKm2), view.Percent(st.Total.ClaimedOfUkraine),
			view.Km2(st.AllControlledKm2), view.Percent(st.AllControlledShare), view.Km2(st.Total.ControlledKm2),
			view.Km2(st.Total.NotControlledKm2), view.Percent(st.Total.NotControlledShare), grey),
		Note: "Areas are computed on the sphere from Natural Earth boundaries; shares are of the computed area of Ukraine (" +
			view.Km2(st.UkraineKm2) + " km²). Control is an approximation compiled from public reporting for " + dl + ": see About the data.",
		Downloads: layerDownloads(v),
		Share:     s.defaultShare(v, "ukraine", false),
	}
	if p.History, err = historyFigure(v, atlas.HistoryTotal); err != nil {
		return nil, err
	}
	for _, f := range st.Regions {
		r, _ := a.Region(f.Slug)
		rw := row(f, r.ClaimedSince, v)
		rw.Passages = len(a.NamedPassages(f.Slug))
		p.Rows = append(p.Rows, rw)
	}
	if key, ok := a.KeyPassage(); ok {
		p.Key = quotes(v, []atlas.PassageRef{key}, "")
	}
	for _, f := range st.Outside {
		rw := row(f, "", v)
		rw.Href = ""
		p.Outside = append(p.Outside, rw)
	}
	return p, nil
}

func layerDownloads(v *atlas.View) []view.Download {
	var ds []view.Download
	for _, l := range atlas.Layers() {
		d := view.Download{Href: "/layers/" + l.Name + ".geojson", Title: l.Title + " (GeoJSON)", Note: l.Description}
		if l.Dated {
			d.Href = withDate(d.Href, v)
			d.Note += " As of " + v.Date + "."
		}
		ds = append(ds, d)
	}
	return ds
}

func (s *Server) regionPage(v *atlas.View, r *atlas.RegionView) (*view.RegionPage, error) {
	a := v.Atlas
	fig, err := s.mapFigure(v, mapSpec{id: "map", region: r.Slug, places: true})
	if err != nil {
		return nil, err
	}
	f, _ := v.Stats.Region(r.Slug)
	dl := v.Label()
	main := r.Divisions[0]
	name := r.DisplayName()
	since := atlas.FormatDate(r.ClaimedSince)
	desc := fmt.Sprintf("%s: claimed by Russia since %s; about %s held by Russian forces on %s.", name, since, view.Percent(f.ControlledShare), dl)
	status := fmt.Sprintf("Claimed by Russia since %s, within its full administrative borders.", since)
	area := view.Fact{Term: "Claimed area", Desc: view.Km2(f.ClaimedKm2) + " km² computed (officially " + view.Km2(f.OfficialKm2) + " km²)"}
	rest := "Claimed, held by Ukraine"
	if !r.InForce {
		desc = fmt.Sprintf("%s on %s: not yet claimed by Russia (claimed on %s); about %s held by Russian forces.", name, dl, since, view.Percent(f.ControlledShare))
		status = fmt.Sprintf("Not yet claimed by Russia on %s: Russia declared it annexed on %s.", dl, since)
		area = view.Fact{Term: "Area", Desc: view.Km2(f.AreaKm2) + " km² computed (officially " + view.Km2(f.OfficialKm2) + " km²); not yet claimed"}
		rest = "Held by Ukraine"
	}
	figures := []view.Fact{
		area,
		{Term: "Held by Russian forces", Desc: fmt.Sprintf("%s km², %s of the region (on %s, approximate)", view.Km2(f.ControlledKm2), view.Percent(f.ControlledShare), dl)},
	}
	if f.ContestedKm2 > 0 {
		figures = append(figures, view.Fact{Term: "Contested (held by neither side)", Desc: fmt.Sprintf("%s km², %s of the region", view.Km2(f.ContestedKm2), view.Percent(f.ContestedShare))})
	}
	figures = append(figures,
		view.Fact{Term: rest, Desc: fmt.Sprintf("%s km², %s of the region", view.Km2(f.NotControlledKm2), view.Percent(f.NotControlledShare))},
		view.Fact{Term: "Share of Ukraine", Desc: fmt.Sprintf("%s claimed, %s held", view.Percent(f.ClaimedOfUkraine), view.Percent(f.ControlledOfUkraine))},
		view.Fact{Term: "Claimed since", Desc: since},
		view.Fact{Term: "ISO 3166-2", Desc: r.ISO},
	)
	p := &view.RegionPage{
		Page:        s.pageMeta(withDate("/regions/"+r.Slug, v), name, desc),
		Name:        name,
		NameUK:      main.NameUK,
		Status:      status,
		Recognition: r.Recognition,
		Map:         fig,
		Timeline:    timeline(v, "/regions/"+r.Slug),
		Figures:     figures,
		AreaNote:    areaNote(f),
		Sources: []view.Fact{
			{Term: "Boundaries", Desc: main.Source},
			{Term: "Claim", Desc: r.Source},
			{Term: "Control on " + dl, Desc: r.Held.Source},
			{Term: "Method", Desc: r.Held.Method},
			{Term: "Licence", Desc: v.Snapshot.File.License},
		},
		Downloads: layerDownloads(v),
		DateLabel: dl,
		Share:     s.defaultShare(v, r.Slug, false),
	}
	p.Named, p.MoreNamed = firstQuotes(v, a.NamedPassages(r.Slug), r.Slug, listNamed, r.Slug, "that name "+name)
	p.Territorial, p.MoreTerritorial = firstQuotes(v, a.TerritorialPassages(), r.Slug, listTerritorial, "", "about the disputed territory as a whole")
	if p.History, err = historyFigure(v, r.Slug); err != nil {
		return nil, err
	}
	for _, pl := range a.Places() {
		if pl.Region == r.Slug {
			p.Places = append(p.Places, placeRow(v, pl))
		}
	}
	for _, d := range r.Divisions {
		p.Variants = append(p.Variants, d.Variants...)
		p.Divisions = append(p.Divisions, view.DivisionRow{Name: d.Name, ISO: d.ISO, Km2: view.Km2(a.DivisionKm2(d.Slug)), OfficialKm2: view.Km2(d.OfficialKm2)})
	}
	return p, nil
}

func areaNote(f atlas.Figures) string {
	diff := (f.AreaKm2 - f.OfficialKm2) / f.OfficialKm2
	if math.Abs(diff) < 0.005 {
		return "The computed area is within half a percent of the official one."
	}
	dir := "smaller"
	if diff > 0 {
		dir = "larger"
	}
	why := "Natural Earth's boundaries are generalised for 1:10 million, which smooths the border"
	switch f.Slug {
	case "kherson":
		why = "the official figure counts waters that Natural Earth leaves out: parts of the Dnipro-Buh estuary and the former Kakhovka reservoir"
	case "crimea":
		why = "Natural Earth draws Sevastopol and its bays coarsely at 1:10 million"
	}
	return fmt.Sprintf("The computed area is %.1f%% %s than the official one: %s.", math.Abs(diff)*100, dir, why)
}

func (s *Server) aboutPage(lv *atlas.View) *view.AboutPage {
	a, st := lv.Atlas, lv.Stats
	v := &view.AboutPage{
		Page:       s.pageMeta("/about", "About the data", "Sources, method, licences and caveats of claimsmap's layers."),
		DateLabel:  lv.Label(),
		UkraineKm2: view.Km2(st.UkraineKm2),
		UkraineOff: view.Km2(st.UkraineOfficialKm2),
		ControlNote: "The territory held by Russian forces is generated, not drawn: the line of contact is kept in the dataset as a list of waypoints " +
			"(a settlement or a point on the Dnipro, its coordinates, who held it on the date, and the report it comes from). " +
			"Each ring of waypoints is closed through Russia or the sea, intersected with Ukraine's outline and split by division with a reproducible command (claimsmap build-data). " +
			"Each front waypoint is placed between a settlement reported held by one side and the nearest settlement across the line held by the other (ISW campaign assessments, Ukrainian General Staff and news reports for the date), never copied from another map's geometry; the Dnipro is followed where the front runs along it, in Kherson oblast and down the middle of the former Kakhovka reservoir. " +
			"Tests check that the settlements widely reported as held by each side on that date lie on the right side of the line.",
	}
	// Files of other dates are counted, not listed: a dataset of years of
	// weekly snapshots has hundreds.
	for _, f := range a.Data.Manifest.Files {
		if f.AsOf != "" && f.AsOf != lv.Date {
			v.OlderFiles++
			continue
		}
		v.Files = append(v.Files, view.FileInfo{Path: f.Path, Title: f.Title, Description: f.Description, Source: f.Source, Method: f.Method, License: f.License, AsOf: f.AsOf, Approximate: f.Approximate})
	}
	for _, la := range firstN(a.Articles, articlesOnAbout) {
		src := strings.TrimSpace(la.Author + ", " + la.Publisher)
		if la.URL != "" {
			src += " (" + la.URL + ")"
		}
		v.Files = append(v.Files, view.FileInfo{Path: la.Path, Title: "Article: " + la.Title, Source: strings.Trim(src, ", "), License: la.License, AsOf: la.Date})
	}
	v.Articles = view.More{Shown: min(len(a.Articles), articlesOnAbout), Total: len(a.Articles), Href: "/articles", Text: fmt.Sprintf("All %d articles, with their sources and licences", len(a.Articles))}
	for _, d := range a.Data.Divisions {
		if d.ClaimedRegion == "" {
			continue
		}
		km2 := a.DivisionKm2(d.Slug)
		v.AreaRows = append(v.AreaRows, view.AreaRow{Name: d.Name, Km2: view.Km2(km2), OfficialKm2: view.Km2(d.OfficialKm2), Diff: fmt.Sprintf("%+.1f%%", (km2-d.OfficialKm2)/d.OfficialKm2*100)})
	}
	return v
}

func placeRow(v *atlas.View, p *atlas.Place) view.PlaceRow {
	a := v.Atlas
	pr := view.PlaceRow{
		ID: p.ID, Name: p.Name, Oblast: divisionName(a, p.Oblast), Region: p.Region,
		HeldBy: v.HeldBy(p.ID), Holder: atlas.HolderLabel(v.HeldBy(p.ID)), Coords: fmt.Sprintf("%.4f°N %.4f°E", p.Lat, p.Lon),
		Mentions: p.Mentions, Variants: strings.Join(p.Variants, ", "),
	}
	if _, ok := a.Region(p.Region); ok {
		pr.Href = withDate("/regions/"+p.Region, v)
	}
	return pr
}

// articlePage shows an article with the map on the view's date: by
// default the snapshot of the article's own date.
func (s *Server) articlePage(v *atlas.View, la *atlas.LinkedArticle) (view.ArticlePage, error) {
	fig, err := s.mapFigure(v, mapSpec{id: "article-map"})
	if err != nil {
		return view.ArticlePage{}, err
	}
	fig.Caption = "Focus or hover over a passage to light up the regions it names."
	byline := la.Author
	if la.Publisher != "" {
		if byline != "" {
			byline += ", "
		}
		byline += la.Publisher
	}
	if byline != "" {
		byline += ", "
	}
	byline += atlas.FormatDate(la.Date)
	note := "Control as of " + v.Label() + ", the snapshot of the article's date, which its figures are checked against; an approximation compiled from public reporting."
	switch {
	case la.BeforeSnapshots():
		// older than every snapshot: the first is the nearest there is
		note = "Control as of " + v.Label() + ". The article (" + atlas.FormatDate(la.Date) + ") is older than the first snapshot, " + atlas.FormatDate(la.ControlDate) + ", which its figures are checked against; an approximation compiled from public reporting."
	case v.Date != la.ControlDate:
		note = "Control as of " + v.Label() + "; the article's figures are checked against the snapshot of its date, " + atlas.FormatDate(la.ControlDate) + ". An approximation compiled from public reporting."
	}
	ap := view.ArticlePage{
		Page:      s.pageMeta("/articles/"+la.Slug, la.Title, "The article with every mention of a claimed region or place linked to the map."),
		Title:     la.Title,
		Byline:    byline,
		DateLabel: atlas.FormatDate(la.Date),
		URL:       la.URL,
		Publisher: la.Publisher,
		License:   la.License,
		Map:       fig,
		Note:      note,
		Timeline:  articleTimeline(v, la),
		Share:     s.defaultShare(v, "ukraine", true),
	}
	ap.Excerpted = !la.Whole
	for _, p := range la.Passages {
		pv := view.PassageView{
			ID:          p.ID,
			Kind:        p.Kind,
			Regions:     strings.Join(p.Regions, " "),
			Territorial: p.Territorial,
			Summary:     passageSummary(v, p),
			Permalink:   "/articles/" + la.Slug + "#" + p.ID,
		}
		if !la.Whole && !matters(p) {
			pv.Segments, pv.Shortened = []view.Segment{{Text: shorten(p.Text)}}, true
		} else {
			pv.Segments = segments(v, la, p, "")
		}
		ap.Passages = append(ap.Passages, pv)
	}
	return ap, nil
}

// matters reports whether the site quotes a passage in full when the
// article's licence does not allow the whole text: the headline, and the
// passages it links to the map (a claimed region, a place, or the
// territory as a whole).
func matters(p linker.Passage) bool {
	if p.Kind == article.KindHeadline || len(p.Regions) > 0 || p.Territorial {
		return true
	}
	return slices.ContainsFunc(p.Mentions, func(m linker.Mention) bool { return m.Place != "" })
}

// shortenWords is how many words of a passage that does not matter the
// article page shows.
const shortenWords = 10

// shorten keeps the first words of a passage, for an article whose licence
// does not allow the whole text.
func shorten(text string) string {
	ws := strings.Fields(text)
	if len(ws) <= shortenWords {
		return strings.Join(ws, " ")
	}
	return strings.TrimRight(strings.Join(ws[:shortenWords], " "), ",;:.—–-") + " …"
}

// articleTimeline offers the article's own date and the latest snapshot.
func articleTimeline(v *atlas.View, la *atlas.LinkedArticle) view.Timeline {
	t := view.Timeline{Label: v.AsOf()}
	path := "/articles/" + la.Slug
	first := "On the article's date, " + atlas.FormatDate(la.ControlDate)
	if la.BeforeSnapshots() {
		first = "The first snapshot, " + atlas.FormatDate(la.ControlDate) + " (after the article)"
	}
	t.Items = append(t.Items, view.TimelineItem{Date: la.ControlDate, Label: first, Href: path, Current: v.Date == la.ControlDate})
	if la.ControlDate != v.Atlas.Snapshot {
		t.Items = append(t.Items, view.TimelineItem{Date: v.Atlas.Snapshot, Label: "Now (" + atlas.FormatDate(v.Atlas.Snapshot) + ")", Href: path + "?date=" + v.Atlas.Snapshot, Current: v.Date == v.Atlas.Snapshot})
	}
	return t
}
