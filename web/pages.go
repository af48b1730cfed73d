package web

import (
	"fmt"
	"math"
	"strings"

	"github.com/claimsmap/claimsmap/geo"
	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/dataset"
	"github.com/claimsmap/claimsmap/web/view"
)

func (s *Server) pageMeta(path, title, desc string) view.Page {
	return view.Page{Title: title, Description: desc, Path: path, BaseURL: s.cfg.BaseURL, Assets: s.assets.view()}
}

func row(f atlas.Figures, since string) view.Row {
	return view.Row{
		Slug: f.Slug, Name: f.Name, Href: "/regions/" + f.Slug, ClaimedSince: since,
		OfficialKm2: view.Km2(f.OfficialKm2), ClaimedKm2: view.Km2(f.ClaimedKm2),
		ControlledKm2: view.Km2(f.ControlledKm2), NotHeldKm2: view.Km2(f.NotControlledKm2),
		HeldShare: view.Percent(f.ControlledShare), ClaimedOfUA: view.Percent(f.ClaimedOfUkraine),
		HeldOfUA: view.Percent(f.ControlledOfUkraine),
	}
}

func (s *Server) indexPage(a *atlas.Atlas) (*view.IndexPage, error) {
	fig, err := s.mapFigure(a, mapSpec{id: "map"})
	if err != nil {
		return nil, err
	}
	st, _ := a.Stats(a.Snapshot)
	dl := atlas.FormatDate(a.Snapshot)
	v := &view.IndexPage{
		Page: s.pageMeta("/", "Russia's claim and control in Ukraine",
			"What Russia claims in Ukraine and what its forces hold, region by region, with areas, dates and sources."),
		Map:       fig,
		DateLabel: dl,
		Total:     row(st.Total, ""),
		Lede: fmt.Sprintf("Russia claims five regions of Ukraine, %s km² or %s of the country. On %s its forces held about %s km² of Ukraine (%s), %s km² of it inside the claim; %s km² of the claim (%s) was still held by Ukraine.",
			view.Km2(st.Total.ClaimedKm2), view.Percent(st.Total.ClaimedOfUkraine), dl,
			view.Km2(st.AllControlledKm2), view.Percent(st.AllControlledShare), view.Km2(st.Total.ControlledKm2),
			view.Km2(st.Total.NotControlledKm2), view.Percent(1-st.Total.ControlledShare)),
		Note: "Areas are computed on the sphere from Natural Earth boundaries; shares are of the computed area of Ukraine (" +
			view.Km2(st.UkraineKm2) + " km²). Control is an approximation compiled from public reporting for " + dl + ": see About the data.",
		Downloads: layerDownloads(a),
		Share:     s.defaultShare(a, "ukraine", false),
	}
	for _, f := range st.Regions {
		r, _ := a.Region(f.Slug)
		rw := row(f, r.ClaimedSince)
		rw.Passages = len(a.NamedPassages(f.Slug))
		v.Rows = append(v.Rows, rw)
	}
	if key, ok := a.KeyPassage(); ok {
		v.Key = quotes(a, []atlas.PassageRef{key}, "")
	}
	for _, f := range st.Outside {
		rw := row(f, "")
		rw.Href = ""
		v.Outside = append(v.Outside, rw)
	}
	return v, nil
}

func layerDownloads(a *atlas.Atlas) []view.Download {
	var ds []view.Download
	for _, l := range atlas.Layers() {
		d := view.Download{Href: "/layers/" + l.Name + ".geojson", Title: l.Title + " (GeoJSON)", Note: l.Description}
		if l.Dated {
			d.Note += " As of " + a.Snapshot + "."
		}
		ds = append(ds, d)
	}
	return ds
}

func (s *Server) regionPage(a *atlas.Atlas, r *atlas.Region) (*view.RegionPage, error) {
	fig, err := s.mapFigure(a, mapSpec{id: "map", region: r.Slug, places: true})
	if err != nil {
		return nil, err
	}
	st, _ := a.Stats(a.Snapshot)
	f, _ := st.Region(r.Slug)
	dl := atlas.FormatDate(a.Snapshot)
	main := r.Divisions[0]
	name := r.DisplayName()
	snap, _ := a.Data.Snapshot(a.Snapshot)
	v := &view.RegionPage{
		Page: s.pageMeta("/regions/"+r.Slug, name,
			fmt.Sprintf("%s: claimed by Russia since %s; about %s held by Russian forces on %s.", name, atlas.FormatDate(r.ClaimedSince), view.Percent(f.ControlledShare), dl)),
		Name:        name,
		NameUK:      main.NameUK,
		Status:      fmt.Sprintf("Claimed by Russia since %s, within its full administrative borders.", atlas.FormatDate(r.ClaimedSince)),
		Recognition: r.Recognition,
		Map:         fig,
		Figures: []view.Fact{
			{Term: "Claimed area", Desc: view.Km2(f.ClaimedKm2) + " km² computed (officially " + view.Km2(f.OfficialKm2) + " km²)"},
			{Term: "Held by Russian forces", Desc: fmt.Sprintf("%s km², %s of the region (on %s, approximate)", view.Km2(f.ControlledKm2), view.Percent(f.ControlledShare), dl)},
			{Term: "Claimed, held by Ukraine", Desc: fmt.Sprintf("%s km², %s of the region", view.Km2(f.NotControlledKm2), view.Percent(1-f.ControlledShare))},
			{Term: "Share of Ukraine", Desc: fmt.Sprintf("%s claimed, %s held", view.Percent(f.ClaimedOfUkraine), view.Percent(f.ControlledOfUkraine))},
			{Term: "Claimed since", Desc: atlas.FormatDate(r.ClaimedSince)},
			{Term: "ISO 3166-2", Desc: r.ISO},
		},
		AreaNote: areaNote(f),
		Sources: []view.Fact{
			{Term: "Boundaries", Desc: main.Source},
			{Term: "Claim", Desc: r.Source},
			{Term: "Control on " + dl, Desc: r.Controlled[a.Snapshot].Source},
			{Term: "Method", Desc: r.Controlled[a.Snapshot].Method},
			{Term: "Licence", Desc: snap.File.License},
		},
		Downloads:   layerDownloads(a),
		Named:       quotes(a, a.NamedPassages(r.Slug), r.Slug),
		Territorial: quotes(a, a.TerritorialPassages(), ""),
		DateLabel:   dl,
		Share:       s.defaultShare(a, r.Slug, false),
	}
	for _, p := range a.Places() {
		if p.Region == r.Slug {
			v.Places = append(v.Places, placeRow(a, p))
		}
	}
	for _, d := range r.Divisions {
		v.Variants = append(v.Variants, d.Variants...)
		v.Divisions = append(v.Divisions, view.DivisionRow{Name: d.Name, ISO: d.ISO, Km2: view.Km2(areaOf(d)), OfficialKm2: view.Km2(d.OfficialKm2)})
	}
	return v, nil
}

func areaNote(f atlas.Figures) string {
	diff := (f.ClaimedKm2 - f.OfficialKm2) / f.OfficialKm2
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

func areaOf(d dataset.Division) float64 { return geo.Area(d.Geometry) }

func (s *Server) aboutPage(a *atlas.Atlas) *view.AboutPage {
	st, _ := a.Stats(a.Snapshot)
	v := &view.AboutPage{
		Page:       s.pageMeta("/about", "About the data", "Sources, method, licences and caveats of claimsmap's layers."),
		DateLabel:  atlas.FormatDate(a.Snapshot),
		UkraineKm2: view.Km2(st.UkraineKm2),
		UkraineOff: view.Km2(st.UkraineOfficialKm2),
		ControlNote: "The territory held by Russian forces is generated, not drawn: the line of contact is kept in the dataset as a list of waypoints " +
			"(a settlement or a point on the Dnipro, its coordinates, who held it on the date, and the report it comes from). " +
			"Each ring of waypoints is closed through Russia or the sea, intersected with Ukraine's outline and split by division with a reproducible command (claimsmap build-data). " +
			"Each front waypoint is placed between a settlement reported held by one side and the nearest settlement across the line held by the other (ISW campaign assessments, Ukrainian General Staff and news reports for the date), never copied from another map's geometry; the Dnipro is followed where the front runs along it, in Kherson oblast and down the middle of the former Kakhovka reservoir. " +
			"Tests check that the settlements widely reported as held by each side on that date lie on the right side of the line.",
	}
	for _, f := range a.Data.Manifest.Files {
		v.Files = append(v.Files, view.FileInfo{Path: f.Path, Title: f.Title, Description: f.Description, Source: f.Source, Method: f.Method, License: f.License, AsOf: f.AsOf, Approximate: f.Approximate})
	}
	for _, la := range a.Articles {
		src := strings.TrimSpace(la.Author + ", " + la.Publisher)
		if la.URL != "" {
			src += " (" + la.URL + ")"
		}
		v.Files = append(v.Files, view.FileInfo{Path: la.Path, Title: "Article: " + la.Title, Source: strings.Trim(src, ", "), License: la.License, AsOf: la.Date})
	}
	for _, d := range a.Data.Divisions {
		if d.ClaimedRegion == "" {
			continue
		}
		km2 := areaOf(d)
		v.AreaRows = append(v.AreaRows, view.AreaRow{Name: d.Name, Km2: view.Km2(km2), OfficialKm2: view.Km2(d.OfficialKm2), Diff: fmt.Sprintf("%+.1f%%", (km2-d.OfficialKm2)/d.OfficialKm2*100)})
	}
	return v
}

func placeRow(a *atlas.Atlas, p *atlas.Place) view.PlaceRow {
	pr := view.PlaceRow{
		ID: p.ID, Name: p.Name, Oblast: divisionName(a, p.Oblast), Region: p.Region,
		HeldBy: p.HeldBy[a.Snapshot], Coords: fmt.Sprintf("%.4f°N %.4f°E", p.Lat, p.Lon),
		Mentions: p.Mentions, Variants: strings.Join(p.Variants, ", "),
	}
	if _, ok := a.Region(p.Region); ok {
		pr.Href = "/regions/" + p.Region
	}
	return pr
}

func (s *Server) placesPage(a *atlas.Atlas) view.PlacesPage {
	v := view.PlacesPage{
		Page:      s.pageMeta("/places", "Places in the articles", "Settlements named in the articles and who held each."),
		DateLabel: atlas.FormatDate(a.Snapshot),
	}
	for _, p := range a.Places() {
		v.Places = append(v.Places, placeRow(a, p))
	}
	return v
}

func (s *Server) articlePage(a *atlas.Atlas, la *atlas.LinkedArticle) (view.ArticlePage, error) {
	fig, err := s.mapFigure(a, mapSpec{id: "article-map"})
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
	v := view.ArticlePage{
		Page:      s.pageMeta("/articles/"+la.Slug, la.Title, "The article with every mention of a claimed region or place linked to the map."),
		Title:     la.Title,
		Byline:    byline,
		DateLabel: atlas.FormatDate(la.Date),
		URL:       la.URL,
		Publisher: la.Publisher,
		License:   la.License,
		Map:       fig,
		Note:      "Control as of " + atlas.FormatDate(la.ControlDate) + ", the snapshot the article's figures are checked against; an approximation compiled from public reporting.",
		Share:     s.defaultShare(a, "ukraine", true),
	}
	for _, p := range la.Passages {
		v.Passages = append(v.Passages, view.PassageView{
			ID:          p.ID,
			Regions:     strings.Join(p.Regions, " "),
			Territorial: p.Territorial,
			Segments:    segments(a, la, p, ""),
			Summary:     passageSummary(a, p),
			Permalink:   "/articles/" + la.Slug + "#" + p.ID,
		})
	}
	return v, nil
}
