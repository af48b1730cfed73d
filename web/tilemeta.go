package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
)

// tileMetadata serves /tiles/metadata.json, the description of a tile
// directory that tippecanoe writes next to {z}/{x}/{y}.pbf and GDAL's MVT
// driver reads in tileset mode (MVT:https://host/tiles with
// -oo TILE_EXTENSION=mvt): bounds, zooms and the layers with their fields,
// every value a string, the layers as JSON within JSON.
func (s *Server) tileMetadata(c echo.Context) error {
	if c.Request().URL.RawQuery != "" {
		return echo.NewHTTPError(http.StatusBadRequest, "This file takes no parameters: it describes the tiles of the latest snapshot.")
	}
	st := s.current()
	const key = "metadata.json"
	if r, ok := st.tileJSON.Get(key); ok {
		return r.serve(c)
	}
	tj := st.tileSet.TileJSON("", "claimsmap", tileDescription(st.atlas.Snapshot), tileAttribution(st.atlas.Snapshot), st.atlas.Version)
	layers, err := json.Marshal(map[string]any{"vector_layers": tj.VectorLayers})
	if err != nil {
		return err
	}
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	b, err := json.Marshal(map[string]string{
		"name":        tj.Name,
		"description": tj.Description,
		"attribution": tj.Attribution,
		"version":     tj.Version,
		"type":        "overlay",
		"format":      "pbf",
		"scheme":      tj.Scheme,
		"minzoom":     strconv.Itoa(int(tj.MinZoom)),
		"maxzoom":     strconv.Itoa(int(tj.MaxZoom)),
		"bounds":      fmt.Sprintf("%s,%s,%s,%s", num(tj.Bounds[0]), num(tj.Bounds[1]), num(tj.Bounds[2]), num(tj.Bounds[3])),
		"center":      fmt.Sprintf("%s,%s,%s", num(tj.Center[0]), num(tj.Center[1]), num(tj.Center[2])),
		"json":        string(layers),
	})
	if err != nil {
		return err
	}
	r := newResponse(b, "application/json", cachePage)
	st.tileJSON.Add(key, r)
	return r.serve(c)
}
