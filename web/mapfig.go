package web

import (
	"fmt"
	"strings"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/cartography"
	"github.com/claimsmap/claimsmap/web/view"
)

// Map sizes in SVG units; the SVG scales to its container.
const (
	mapWidth  = 960
	mapHeight = 680
)

// mapFigure lays out a map of the atlas on its default date, zoomed to
// region if it is not empty, with its legend and text alternative.
func (s *Server) mapFigure(a *atlas.Atlas, region string) (view.MapFigure, error) {
	date := a.Snapshot
	m, err := cartography.Build(a, cartography.Options{Width: mapWidth, Height: mapHeight, Date: date, Region: region})
	if err != nil {
		return view.MapFigure{}, err
	}
	st, _ := a.Stats(date)
	dl := atlas.FormatDate(date)
	f := view.MapFigure{
		ID:          "map",
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
		f.Caption = "Each region links to its page. Zoom with the buttons, the mouse wheel or a pinch; drag to pan."
		return f, nil
	}
	fg := figuresOf(st, region)
	f.Title = fg.Name + ": claim and control, " + dl
	f.Description = fmt.Sprintf("Map of %s and its surroundings. Russia claims all of it, %s km²; on %s its forces held about %s km² (%s), shown solid, and %s km² (%s) were held by Ukraine, shown hatched. Control is an approximation compiled from public reporting.",
		fg.Name, view.Km2(fg.ClaimedKm2), dl, view.Km2(fg.ControlledKm2), view.Percent(fg.ControlledShare), view.Km2(fg.NotControlledKm2), view.Percent(1-fg.ControlledShare))
	return f, nil
}

func figuresOf(st atlas.Stats, slug string) atlas.Figures {
	for _, f := range st.Regions {
		if f.Slug == slug {
			return f
		}
	}
	return atlas.Figures{}
}
