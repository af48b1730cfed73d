package web

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"

	"github.com/claimsmap/claimsmap/internal/cartography"
	"github.com/claimsmap/claimsmap/web/view"
)

// viewParams are the query parameters /views/ takes.
var viewParams = map[string]bool{"date": true, "zoom": true, "center": true, "id": true}

const viewTakes = "a view takes zoom (1 to 32), center (longitude,latitude), date (YYYY-MM-DD) and id (map or article-map)"

// viewIDs are the maps of the site whose views the script swaps in: the
// id names the figure, whose patterns and titles the view's ids follow.
var viewIDs = map[string]bool{"map": true, "article-map": true}

// viewArea bounds the centres a view takes: Ukraine and its neighbours.
var viewArea = orb.Bound{Min: orb.Point{18, 40}, Max: orb.Point{46, 57}}

// mapView serves /views/{ukraine|slug}.svg: the map's svg element drawn
// for one zoom and centre, with the cartography of the pages (clipped and
// simplified for that scale, labels placed for it). The page's script
// swaps it in when the reader zooms or pans; opened alone it is an SVG
// document styled by the site's stylesheet.
func (s *Server) mapView(c echo.Context) error {
	st := s.current()
	name, ok := strings.CutSuffix(c.Param("file"), ".svg")
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound, fmt.Sprintf("No view %q: views are SVG, /views/{ukraine or a region}.svg.", clip(c.Param("file"))))
	}
	name = strings.ToLower(name)
	region := ""
	if name != "ukraine" {
		if _, ok := st.atlas.Region(name); !ok {
			return echo.NewHTTPError(http.StatusNotFound, fmt.Sprintf("No map %q: use ukraine or a claimed region's slug (%s).", clip(name), regionSlugs(st.atlas)))
		}
		region = name
	}
	qs := c.QueryParams()
	if err := checkParams(qs, viewParams, viewTakes); err != nil {
		return err
	}
	zoom := 1.0
	if z := qs.Get("zoom"); z != "" {
		f, err := strconv.ParseFloat(z, 64)
		if err != nil || !(f >= 1 && f <= cartography.MaxZoom) {
			return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("zoom=%q: give a number from 1 (the whole map) to %d.", clip(z), cartography.MaxZoom))
		}
		zoom = cartography.QuantizeZoom(f)
	}
	var center orb.Point
	if cs := qs.Get("center"); cs != "" {
		p, err := parseLonLat(cs)
		if err != nil || !viewArea.Contains(p) {
			return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("center=%q: give longitude,latitude in degrees within %g–%g°E, %g–%g°N.", clip(cs), viewArea.Min[0], viewArea.Max[0], viewArea.Min[1], viewArea.Max[1]))
		}
		// A ten-thousandth of a degree is about 10 m: finer than any
		// pixel of the closest view, and it keeps the cache keys few.
		center = orb.Point{math.Round(p[0]*1e4) / 1e4, math.Round(p[1]*1e4) / 1e4}
		// The whole map has one centre: at zoom 1 the one asked for is
		// checked and dropped, so that it does not key a copy of the view.
		if zoom == 1 {
			center = orb.Point{}
		}
	}
	id := "map"
	if qs.Has("id") {
		id = qs.Get("id")
		if !viewIDs[id] {
			return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("id=%q: use map or article-map.", clip(id)))
		}
	}
	if id == "article-map" && region != "" {
		return echo.NewHTTPError(http.StatusBadRequest, "An article's map is the map of Ukraine: use /views/ukraine.svg with id=article-map.")
	}
	date, err := snapshotOn(st.atlas, qs.Get("date"))
	if err != nil {
		return err
	}
	markSnapshot(c, date)
	key := fmt.Sprintf("view|%s|%s|%g|%.4f,%.4f|%s|%s", st.atlas.Version, name, zoom, center[0], center[1], date, id)
	return s.serveMade(c, st.views, "view", key, func(ctx context.Context) (*response, error) {
		v, err := st.atlas.At(date)
		if err != nil {
			return nil, err
		}
		fig, err := s.mapFigure(v, mapSpec{id: id, region: region, places: region != "", zoom: zoom, center: center})
		if err != nil {
			return nil, err
		}
		var b bytes.Buffer
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
		fmt.Fprintf(&b, `<?xml-stylesheet type="text/css" href="%s"?>`+"\n", s.assets.view().CSS)
		if err := view.MapSVGElement(fig).Render(ctx, &b); err != nil {
			return nil, err
		}
		return newResponse(b.Bytes(), "image/svg+xml", cachePage), nil
	})
}

// parseLonLat reads "lon,lat".
func parseLonLat(s string) (orb.Point, error) {
	a, b, ok := strings.Cut(s, ",")
	if !ok {
		return orb.Point{}, fmt.Errorf("want lon,lat")
	}
	lon, err1 := strconv.ParseFloat(strings.TrimSpace(a), 64)
	lat, err2 := strconv.ParseFloat(strings.TrimSpace(b), 64)
	if err1 != nil || err2 != nil || math.IsNaN(lon) || math.IsNaN(lat) {
		return orb.Point{}, fmt.Errorf("want lon,lat")
	}
	return orb.Point{lon, lat}, nil
}
