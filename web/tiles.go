package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb/maptile"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/tiles"
)

const mvtType = "application/vnd.mapbox-vector-tile"

// tileCache keeps encoded tiles; an empty tile is cached as a nil body.
type tileCache = lru.Cache[string, *response]

// buildTiles makes the tile set of the atlas's default date.
func buildTiles(a *atlas.Atlas) (*tiles.Set, error) {
	var ls []tiles.Layer
	for _, l := range atlas.Layers() {
		fc, err := a.Latest().LayerFeatures(l.Name)
		if err != nil {
			return nil, err
		}
		ls = append(ls, tiles.Layer{Name: l.Name, Description: l.Description, Features: fc})
	}
	return tiles.New(ls, tiles.DefaultOptions())
}

// tileRoutes registers the vector tiles and their TileJSON.
func (s *Server) tileRoutes(e *echo.Echo) {
	e.Match([]string{http.MethodGet, http.MethodHead}, "/tiles.json", s.tileJSON)
	e.Match([]string{http.MethodGet, http.MethodHead}, "/tiles/:z/:x/:y", s.tile)
}

func (s *Server) tileJSON(c echo.Context) error {
	st := s.current()
	base := s.requestOrigin(c)
	key := "tilejson|" + base
	if r, ok := st.tileJSON.Get(key); ok {
		return r.serve(c)
	}
	tj := st.tileSet.TileJSON(base+"/tiles/{z}/{x}/{y}.mvt", "claimsmap",
		"Russia's claim and control in Ukraine as of "+st.atlas.Snapshot+" (control approximate)",
		"Boundaries: Natural Earth · Control: compiled from public reporting, as of "+st.atlas.Snapshot+" (approximate)", st.atlas.Version)
	b, err := json.Marshal(tj)
	if err != nil {
		return err
	}
	r := newResponse(b, "application/json", cachePage)
	st.tileJSON.Add(key, r)
	return r.serve(c)
}

func (s *Server) tile(c echo.Context) error {
	st := s.current()
	yext := c.Param("y")
	ys, ok := strings.CutSuffix(yext, ".mvt")
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound, "Tiles are served as /tiles/{z}/{x}/{y}.mvt.")
	}
	z, err1 := strconv.ParseUint(c.Param("z"), 10, 8)
	x, err2 := strconv.ParseUint(c.Param("x"), 10, 32)
	y, err3 := strconv.ParseUint(ys, 10, 32)
	if err1 != nil || err2 != nil || err3 != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "z, x and y must be whole numbers: /tiles/{z}/{x}/{y}.mvt.")
	}
	key := fmt.Sprintf("%d/%d/%d", z, x, y)
	r, ok := st.tiles.Get(key)
	if !ok {
		b, err := st.tileSet.Tile(maptile.Zoom(z), uint32(x), uint32(y))
		if errors.Is(err, tiles.ErrOutOfRange) {
			return echo.NewHTTPError(http.StatusNotFound, fmt.Sprintf("No tile %s: zooms 0 to %d, x and y from 0 to 2^z-1.", key, tiles.DefaultMaxZoom))
		}
		if err != nil {
			return err
		}
		if b == nil {
			r = &response{}
		} else {
			r = newResponse(b, mvtType, cachePage)
		}
		st.tiles.Add(key, r)
	}
	if r.body == nil {
		c.Response().Header().Set("Cache-Control", cachePage)
		return c.NoContent(http.StatusNoContent)
	}
	return r.serve(c)
}
