package web

import (
	"cmp"
	"fmt"
	"slices"
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
	// zoom and center choose a zoomed view (cartography.Options).
	zoom   float64
	center orb.Point
	// mark is a place to mark first, whatever the articles name.
	mark *cartography.Place
	// width and height are the canvas, 0 for the pages' (mapWidth ×
	// mapHeight); a map of another size keeps labels clear of its scale
	// bar only (its legend is the HTML one).
	width, height float64
}

// legendKeep is the canvas box the legend takes, which labels stay out
// of: its width, and its height for n rows.
func legendKeep(n int) orb.Bound {
	return orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{12 + 300 + 4, 12 + float64(34+22*n) + 4}}
}

// controlsKeep is the canvas box the zoom buttons (static/map.js) cover
// on a map shown at its own width.
var controlsKeep = orb.Bound{Min: orb.Point{mapWidth - 56, 0}, Max: orb.Point{mapWidth, 132}}

// scaleKeep is the canvas box of the scale bar and the source line.
var scaleKeep = orb.Bound{Min: orb.Point{mapWidth - 330, mapHeight - 50}, Max: orb.Point{mapWidth, mapHeight}}

// towns lists the gazetteer's settlements for the map to draw by rank;
// who held each is asked (View.HeldBy) only of those drawn.
func towns(v *atlas.View) []cartography.Place {
	all := v.Atlas.Gazetteer.Settlements()
	out := make([]cartography.Place, 0, len(all))
	for _, st := range all {
		// A settlement of unknown population (front-line villages the
		// hand-kept list adds) ranks last: it shows at the closest zooms.
		out = append(out, cartography.Place{ID: st.ID, Name: st.Name, Point: orb.Point{st.Lon, st.Lat}, Population: st.Population})
	}
	return out
}

// mapFigure lays out a map of the atlas on the view's date with its legend
// and text alternative.
func (s *Server) mapFigure(v *atlas.View, spec mapSpec) (view.MapFigure, error) {
	a := v.Atlas
	region := spec.region
	opt := cartography.Options{Width: mapWidth, Height: mapHeight, Region: region, Zoom: spec.zoom, Center: spec.center, Towns: towns(v), HolderOf: v.HeldBy}
	// The legend has up to three rows of places besides its own six.
	rows := 6
	if spec.places {
		rows = 9
	}
	opt.Keep = []orb.Bound{legendKeep(rows), controlsKeep, scaleKeep}
	if spec.width > 0 {
		opt.Width, opt.Height = spec.width, spec.height
		opt.Keep = []orb.Bound{{Min: orb.Point{spec.width - 150, spec.height - 40}, Max: orb.Point{spec.width, spec.height}}}
	}
	if spec.mark != nil {
		opt.Places = append(opt.Places, *spec.mark)
	}
	if spec.places {
		for _, p := range a.Places() {
			opt.Places = append(opt.Places, cartography.Place{ID: p.ID, Name: p.Name, Point: orb.Point{p.Lon, p.Lat}, Holder: v.HeldBy(p.ID)})
		}
	}
	m, err := cartography.Build(v, opt)
	if err != nil {
		return view.MapFigure{}, err
	}
	st := v.Stats
	dl := v.Label()
	f := view.MapFigure{
		ID:          spec.id,
		Map:         m,
		Regions:     map[string]view.RegionLink{},
		DateLabel:   dl,
		Attribution: v.Attribution(),
		Legend: []view.LegendItem{
			{Class: "controlled", Text: "Held by Russian forces (approximate)"},
			{Class: "not-controlled", Text: "Claimed by Russia, held by Ukraine"},
			{Class: "outline", Text: "Border of a claimed region"},
		},
		Zoomable:   true,
		MapName:    cmp.Or(region, "ukraine"),
		PlaceQuery: withDate("", v),
	}
	if len(m.Contested) > 0 {
		f.Legend = slices.Insert(f.Legend, 1, view.LegendItem{Class: "contested", Text: "Contested: held by neither side"})
	}
	if region != "" && !f.HideControlled {
		// The other regions are drawn lighter (.has-focus in site.css).
		f.Legend = append(f.Legend, view.LegendItem{Class: "controlled-other", Text: "Held by Russian forces, other claimed regions"})
	}
	if len(m.Rivers) > 0 {
		f.Legend = append(f.Legend, view.LegendItem{Class: "river", Text: "River"})
	}
	holders := map[string]bool{}
	for _, p := range slices.Concat(m.Places, m.Towns) {
		holders[p.Holder] = true
	}
	if holders["russia"] {
		f.Legend = append(f.Legend, view.LegendItem{Class: "place-russia", Text: "Place held by Russian forces"})
	}
	if holders["ukraine"] {
		f.Legend = append(f.Legend, view.LegendItem{Class: "place-ukraine", Text: "Place held by Ukraine"})
	}
	if holders["contested"] {
		f.Legend = append(f.Legend, view.LegendItem{Class: "place-contested", Text: "Place contested"})
	}
	var parts []string
	for _, fg := range st.Regions {
		r, _ := a.Region(fg.Slug)
		claim := "claimed by Russia since " + atlas.FormatDate(r.ClaimedSince)
		if !fg.Claimed {
			claim = "not yet claimed (Russia claimed it on " + atlas.FormatDate(r.ClaimedSince) + ")"
		}
		f.Regions[fg.Slug] = view.RegionLink{
			Href:  withDate("/regions/"+fg.Slug, v),
			Label: fmt.Sprintf("%s: %s; %s held by Russian forces on %s (%s of %s km²)", fg.Name, claim, view.Percent(fg.ControlledShare), dl, view.Km2(fg.ControlledKm2), view.Km2(fg.AreaKm2)),
		}
		if fg.Claimed {
			parts = append(parts, fmt.Sprintf("%s %s held", fg.Name, view.Percent(fg.ControlledShare)))
		}
	}
	if region == "" {
		f.Title = "Russia's claim and control in Ukraine, " + dl
		grey := ""
		if st.AllContestedKm2 > 0 {
			grey = fmt.Sprintf(" About %s km² was contested, held by neither side, shown grey.", view.Km2(st.AllContestedKm2))
		}
		f.Description = fmt.Sprintf("Map of Ukraine and its neighbours on %s. Russia claimed %s, %s km² or %s of Ukraine, shown hatched with a dashed border. Its forces held about %s km², %s of Ukraine, shown solid: %s.%s Control is an approximation compiled from public reporting.",
			dl, v.ClaimWords(), view.Km2(st.Total.ClaimedKm2), view.Percent(st.Total.ClaimedOfUkraine), view.Km2(st.AllControlledKm2), view.Percent(st.AllControlledShare), strings.Join(parts, ", "), grey)
		f.Caption = "Each region links to its page."
		return f, nil
	}
	fg, _ := st.Region(region)
	f.Title = fg.Name + ": claim and control, " + dl
	if !fg.Claimed {
		r, _ := a.Region(region)
		f.Description = fmt.Sprintf("Map of %s and its surroundings on %s. Russia did not yet claim it (it claimed it on %s); its forces held about %s km² (%s), shown solid. Control is an approximation compiled from public reporting.",
			fg.Name, dl, atlas.FormatDate(r.ClaimedSince), view.Km2(fg.ControlledKm2), view.Percent(fg.ControlledShare))
		return f, nil
	}
	grey := ""
	if fg.ContestedKm2 > 0 {
		grey = fmt.Sprintf(", %s km² (%s) were contested, shown grey,", view.Km2(fg.ContestedKm2), view.Percent(fg.ContestedShare))
	}
	f.Description = fmt.Sprintf("Map of %s and its surroundings on %s. Russia claims all of it, %s km²; its forces held about %s km² (%s), shown solid%s and %s km² (%s) were held by Ukraine, shown hatched. Control is an approximation compiled from public reporting.",
		fg.Name, dl, view.Km2(fg.ClaimedKm2), view.Km2(fg.ControlledKm2), view.Percent(fg.ControlledShare), grey, view.Km2(fg.NotControlledKm2), view.Percent(fg.NotControlledShare))
	return f, nil
}
