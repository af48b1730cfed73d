package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/claimsmap/claimsmap/geo"
	"github.com/claimsmap/claimsmap/internal/atlas"
)

const geojsonType = "application/geo+json"

var geoArea = geo.Area

// renderLayers encodes every layer for every date once.
func (s *Server) renderLayers(st *site) error {
	a := st.atlas
	for _, l := range atlas.Layers() {
		dates := []string{""}
		if l.Dated {
			dates = append(dates, a.Dates...)
		}
		for _, date := range dates {
			d := date
			if d == "" {
				d = a.Snapshot
			}
			b, err := a.LayerGeoJSON(l.Name, d)
			if err != nil {
				return fmt.Errorf("layer %s: %w", l.Name, err)
			}
			r := newResponse(b, geojsonType, cachePage)
			name := "claimsmap-" + l.Name
			if l.Dated {
				name += "-" + d
			}
			r.disposition = fmt.Sprintf(`attachment; filename="%s.geojson"`, name)
			st.layers[layerKey{l.Name, date}] = r
		}
	}
	return nil
}

func (s *Server) layer(c echo.Context) error {
	name, ok := strings.CutSuffix(c.Param("file"), ".geojson")
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound, "Layers are served as GeoJSON: /layers/{name}.geojson.")
	}
	date := c.QueryParam("date")
	r, ok := s.site.layers[layerKey{name, date}]
	if !ok {
		if _, known := s.site.layers[layerKey{name, ""}]; known {
			return echo.NewHTTPError(http.StatusNotFound, fmt.Sprintf("Layer %s has no version for date %q; dates: %s.", name, date, strings.Join(s.site.atlas.Dates, ", ")))
		}
		var names []string
		for _, l := range atlas.Layers() {
			names = append(names, l.Name)
		}
		return echo.NewHTTPError(http.StatusNotFound, fmt.Sprintf("There is no layer %q; the layers are %s.", name, strings.Join(names, ", ")))
	}
	return r.serve(c)
}
