package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/labstack/echo/v4"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/web/view"
)

// embedQuery is a parsed, validated embed request.
type embedQuery struct {
	slug     string // ukraine or a claimed region
	layers   []string
	date     string
	theme    string
	passages bool
}

func (q embedQuery) key() string {
	return fmt.Sprintf("%s|%s|%s|%s|%t", q.slug, strings.Join(q.layers, ","), q.date, q.theme, q.passages)
}

var embedParams = map[string]bool{"layers": true, "date": true, "theme": true, "passages": true}

// parseEmbedQuery reads /embed/{slug}?layers=&date=&theme=&passages=.
func parseEmbedQuery(a *atlas.Atlas, slug string, qs url.Values) (embedQuery, error) {
	q := embedQuery{slug: slug, layers: []string{"claimed", "controlled"}, date: a.Snapshot, theme: "auto"}
	if v := qs.Get("date"); v != "" {
		d, err := snapshotOn(a, v)
		if err != nil {
			return q, err
		}
		q.date = d
	}
	if _, ok := a.Region(slug); !ok && slug != "ukraine" {
		return q, echo.NewHTTPError(http.StatusNotFound, fmt.Sprintf("There is no map %q to embed: use ukraine, crimea, luhansk, donetsk, zaporizhzhia or kherson.", slug))
	}
	if err := checkParams(qs, embedParams, "an embed takes layers, date, theme and passages"); err != nil {
		return q, err
	}
	if v := qs.Get("layers"); v != "" {
		q.layers = nil
		for _, l := range strings.Split(v, ",") {
			l = strings.TrimSpace(l)
			if l != "claimed" && l != "controlled" {
				return q, echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("layers %q: list claimed and/or controlled, separated by commas.", v))
			}
			if !slices.Contains(q.layers, l) {
				q.layers = append(q.layers, l)
			}
		}
		slices.Sort(q.layers)
	}
	if v := qs.Get("theme"); v != "" {
		if v != "light" && v != "dark" && v != "auto" {
			return q, echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("theme %q: use light, dark or auto.", v))
		}
		q.theme = v
	}
	switch v := qs.Get("passages"); v {
	case "", "0", "false", "no":
	case "1", "true", "yes":
		q.passages = true
	default:
		return q, echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("passages %q: use true or false.", v))
	}
	return q, nil
}

type embedCache = lru.Cache[string, *response]

func newEmbedCache() *embedCache {
	c, _ := lru.New[string, *response](128)
	return c
}

func (s *Server) embed(c echo.Context) error {
	st := s.current()
	q, err := parseEmbedQuery(st.atlas, c.Param("slug"), c.QueryParams())
	if err != nil {
		return err
	}
	markSnapshot(c, q.date)
	// A map drawn for the frame (about 0.1 s): on the pool, charged to
	// the client, like every other drawing.
	return s.serveMade(c, st.embeds, "embed", "embed|"+st.atlas.Version+"|"+q.key(), func(context.Context) (*response, error) {
		v, err := viewAt(st.atlas, q.date)
		if err != nil {
			return nil, err
		}
		return s.renderEmbed(v, q)
	})
}

// narrowMapWidth and mediumMapWidth are the canvases of the maps narrow
// and middling embeds show (the stylesheet picks one by the frame's
// width): frames of 304 to 520 px, less the page's padding, draw the
// narrow one at 1 to 1.75 times, frames of 521 to 1000 px the medium one
// at 1.05 to 2, and wider frames the pages' 960-unit map at 1.03 or more,
// so that 11 px labels stay 11 px or more on screen.
const (
	narrowMapWidth = 288
	mediumMapWidth = 480
)

func (s *Server) renderEmbed(v *atlas.View, q embedQuery) (*response, error) {
	a := v.Atlas
	region := q.slug
	if region == "ukraine" {
		region = ""
	}
	fig, err := s.mapFigure(v, mapSpec{id: "embed-map", region: region, places: region != "" && slices.Contains(q.layers, "controlled")})
	if err != nil {
		return nil, err
	}
	fig.Zoomable = false
	// The embed prints the source line under the map, with its link.
	fig.NoSourceLine = true
	fig.Caption = ""
	fig.HideClaimed = !slices.Contains(q.layers, "claimed")
	fig.HideControlled = !slices.Contains(q.layers, "controlled")
	// The legend and the text alternative speak only of what is drawn.
	var legend []view.LegendItem
	for _, it := range fig.Legend {
		switch {
		case fig.HideControlled && (it.Class == "controlled" || it.Class == "controlled-other" || it.Class == "contested" || strings.HasPrefix(it.Class, "place-")):
		case fig.HideClaimed && (it.Class == "not-controlled" || it.Class == "outline"):
		default:
			legend = append(legend, it)
		}
	}
	switch {
	case fig.HideControlled:
		legend = append([]view.LegendItem{{Class: "not-controlled", Text: "Claimed by Russia (full administrative borders)"}}, legend[1:]...)
		fig.Description = s.claimOnlyDescription(v, region)
	case fig.HideClaimed:
		fig.Description = s.controlOnlyDescription(v, region)
	}
	fig.Legend = legend
	// A narrow frame gets a map drawn for its width, so that its labels
	// stay at least 11 px on screen: the pages' 960-unit canvas shown 300
	// px wide would draw them at 3 or 4 px. The stylesheet shows one of
	// the two by the frame's width.
	sized := func(id string, w float64) (view.MapFigure, error) {
		spec := mapSpec{id: id, region: region, places: region != "" && slices.Contains(q.layers, "controlled"), width: w, height: w * mapHeight / mapWidth}
		f, err := s.mapFigure(v, spec)
		if err != nil {
			return view.MapFigure{}, err
		}
		out := fig
		out.ID, out.Map = id, f.Map
		return out, nil
	}
	narrow, err := sized("embed-map-narrow", narrowMapWidth)
	if err != nil {
		return nil, err
	}
	medium, err := sized("embed-map-medium", mediumMapWidth)
	if err != nil {
		return nil, err
	}
	title := fig.Title
	link := strings.TrimRight(s.cfg.BaseURL, "/") + "/"
	if region != "" {
		link += "regions/" + region
	}
	link = withDate(link, v)
	ep := view.EmbedPage{
		Page:      s.pageMeta("/embed/"+q.slug, title, fig.Description),
		Theme:     q.theme,
		Map:       fig,
		MapNarrow: narrow,
		MapMedium: medium,
		Summary:   fig.Description,
		LinkBack:  link,
		EmbedJS:   s.assets.urlFor["embed.js"],
		DateLabel: q.date,
		AsOf:      v.AsOf(),
		Timeline:  timeline(v, embedPath(q)),
	}
	if q.passages {
		if region != "" {
			ep.Passages = quotes(v, firstN(a.NamedPassages(region), passagesOnRegion), region)
		} else if key, ok := a.KeyPassage(); ok {
			ep.Passages = quotes(v, []atlas.PassageRef{key}, "")
		}
	}
	var b bytes.Buffer
	if err := view.Embed(ep).Render(context.Background(), &b); err != nil {
		return nil, err
	}
	return newResponse(b.Bytes(), htmlType, cachePage), nil
}

// claimOnlyDescription is the text alternative of a map of the claim alone.
func (s *Server) claimOnlyDescription(v *atlas.View, region string) string {
	a, st := v.Atlas, v.Stats
	if f, ok := st.Region(region); ok && f.Claimed {
		r, _ := a.Region(region)
		return fmt.Sprintf("Map of %s and its surroundings, hatched: Russia claims all of it, %s km², since %s. The claim is not recognised internationally.",
			f.Name, view.Km2(f.ClaimedKm2), atlas.FormatDate(r.ClaimedSince))
	}
	return fmt.Sprintf("Map of Ukraine and its neighbours on %s. Russia claimed %s, %s km² or %s of Ukraine, shown hatched with a dashed border. The claims are not recognised internationally.",
		v.Label(), v.ClaimWords(), view.Km2(st.Total.ClaimedKm2), view.Percent(st.Total.ClaimedOfUkraine))
}

// controlOnlyDescription is the text alternative of a map of control alone.
func (s *Server) controlOnlyDescription(v *atlas.View, region string) string {
	st, dl := v.Stats, v.Label()
	if f, ok := st.Region(region); ok {
		return fmt.Sprintf("Map of %s and its surroundings. On %s Russian forces held about %s km² of it (%s), shown solid. Control is an approximation compiled from public reporting.",
			f.Name, dl, view.Km2(f.ControlledKm2), view.Percent(f.ControlledShare))
	}
	return fmt.Sprintf("Map of Ukraine and its neighbours. On %s Russian forces held about %s km² of Ukraine (%s), shown solid. Control is an approximation compiled from public reporting.",
		dl, view.Km2(st.AllControlledKm2), view.Percent(st.AllControlledShare))
}

// hostScript is /embed.js: the script host pages include to size the
// iframes. Its address never changes, so it is cached for an hour, not
// for good.
func (s *Server) hostScript(c echo.Context) error {
	return s.assets.host.serve(c)
}

// embedPath is the embed's own address with its choices but the date, for
// the timeline's links.
func embedPath(q embedQuery) string {
	u := "/embed/" + q.slug
	var qs []string
	if len(q.layers) != 2 {
		qs = append(qs, "layers="+strings.Join(q.layers, ","))
	}
	if q.theme != "auto" {
		qs = append(qs, "theme="+q.theme)
	}
	if q.passages {
		qs = append(qs, "passages=true")
	}
	if len(qs) > 0 {
		u += "?" + strings.Join(qs, "&")
	}
	return u
}
