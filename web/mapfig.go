package web

import (
	"fmt"
	"strings"

	"github.com/paulmach/orb"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/cartography"
	"github.com/claimsmap/claimsmap/web/view"
)

// Map sizes in SVG units; the SVG scales to its container.
const (
	mapWidth  = 960
	mapHeight = 680
)

// mapSpec chooses a map.
type mapSpec struct {
	id     string // element id, unique on the page
	region string // zoom onto this claimed region; empty for all of Ukraine
	places bool   // mark the settlements the articles mention
	date   string // control snapshot; empty for the atlas default
}

// mapFigure lays out a map of the atlas on its default date with its legend
// and text alternative.
func (s *Server) mapFigure(a *atlas.Atlas, spec mapSpec) (view.MapFigure, error) {
	date := a.Snapshot
	if spec.date != "" {
		date = spec.date
	}
	region := spec.region
	opt := cartography.Options{Width: mapWidth, Height: mapHeight, Date: date, Region: region}
	if spec.places {
		for _, p := range a.Places() {
			opt.Places = append(opt.Places, cartography.Place{ID: p.ID, Name: p.Name, Point: orb.Point{p.Lon, p.Lat}, Holder: p.HeldBy[date]})
		}
	}
	m, err := cartography.Build(a, opt)
	if err != nil {
		return view.MapFigure{}, err
	}
	st, _ := a.Stats(date)
	dl := atlas.FormatDate(date)
	f := view.MapFigure{
		ID:          spec.id,
		Map:         m,
		Regions:     map[string]view.RegionLink{},
		DateLabel:   dl,
		Attribution: "Boundaries: Natural Earth · Control: compiled from public reporting, as of " + date + " (approximate)",
		Legend: []view.LegendItem{
			{Class: "controlled", Text: "Held by Russian forces (approximate)"},
			{Class: "not-controlled", Text: "Claimed by Russia, held by Ukraine"},
			{Class: "outline", Text: "Border of a claimed region"},
		},
		Zoomable: true,
	}
	holders := map[string]bool{}
	for _, p := range m.Places {
		holders[p.Holder] = true
	}
	if holders["russia"] {
		f.Legend = append(f.Legend, view.LegendItem{Class: "place-russia", Text: "Place held by Russian forces"})
	}
	if holders["ukraine"] {
		f.Legend = append(f.Legend, view.LegendItem{Class: "place-ukraine", Text: "Place held by Ukraine"})
	}
	var parts []string
	for _, fg := range st.Regions {
		r, _ := a.Region(fg.Slug)
		f.Regions[fg.Slug] = view.RegionLink{
			Href:  "/regions/" + fg.Slug,
			Label: fmt.Sprintf("%s: claimed by Russia since %s; %s held by Russian forces on %s (%s of %s km²)", fg.Name, atlas.FormatDate(r.ClaimedSince), view.Percent(fg.ControlledShare), dl, view.Km2(fg.ControlledKm2), view.Km2(fg.ClaimedKm2)),
		}
		parts = append(parts, fmt.Sprintf("%s %s held", fg.Name, view.Percent(fg.ControlledShare)))
	}
	if region == "" {
		f.Title = "Russia's claim and control in Ukraine, " + dl
		f.Description = fmt.Sprintf("Map of Ukraine and its neighbours. Russia claims five regions of Ukraine, Crimea with Sevastopol, Luhansk, Donetsk, Zaporizhzhia and Kherson, %s km² or %s of Ukraine, shown hatched with a dashed border. On %s its forces held about %s km², %s of Ukraine, shown solid: %s. Control is an approximation compiled from public reporting.",
			view.Km2(st.Total.ClaimedKm2), view.Percent(st.Total.ClaimedOfUkraine), dl, view.Km2(st.AllControlledKm2), view.Percent(st.AllControlledShare), strings.Join(parts, ", "))
		f.Caption = "Each region links to its page."
		return f, nil
	}
	fg, _ := st.Region(region)
	f.Title = fg.Name + ": claim and control, " + dl
	f.Description = fmt.Sprintf("Map of %s and its surroundings. Russia claims all of it, %s km²; on %s its forces held about %s km² (%s), shown solid, and %s km² (%s) were held by Ukraine, shown hatched. Control is an approximation compiled from public reporting.",
		fg.Name, view.Km2(fg.ClaimedKm2), dl, view.Km2(fg.ControlledKm2), view.Percent(fg.ControlledShare), view.Km2(fg.NotControlledKm2), view.Percent(1-fg.ControlledShare))
	return f, nil
}
