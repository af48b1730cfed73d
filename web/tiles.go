package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb/maptile"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/tiles"
)

const mvtType = "application/vnd.mapbox-vector-tile"

// tileCache keeps encoded tiles of every date, by "date|z/x/y"; an empty
// tile is cached as a nil body.
type tileCache = lru.Cache[string, *response]

// maxTileDates bounds the tile sets of dates other than the latest kept at
// once: each holds a date's layers, simplified per zoom as zooms are asked
// for, a few megabytes.
const maxTileDates = 8

// tileState is what a site keeps for the tiles of dates other than the
// latest and for the PMTiles archive, all made on first request.
type tileState struct {
	// sets holds the finished tile sets by date; they are made on the
	// worker pool (tileSetOn).
	sets *lru.Cache[string, *tiles.Set]
	// archive is the latest snapshot's PMTiles archive once made.
	archive atomic.Pointer[response]
	// built counts the tile sets made; the tests read it.
	built atomic.Int64
}

func newTileState() *tileState {
	sets, err := lru.New[string, *tiles.Set](maxTileDates)
	if err != nil {
		panic(err) // maxTileDates is positive
	}
	return &tileState{sets: sets}
}

// buildTiles makes the tile set of the atlas's latest snapshot.
func buildTiles(a *atlas.Atlas) (*tiles.Set, error) { return TileSet(a.Latest()) }

// TileSet makes the vector tiles of one date, one tile layer per atlas
// layer; the zooms are simplified on first use (tiles.Set). The server
// and `claimsmap export-tiles` both use it, so a PMTiles archive holds
// the tiles the server serves.
func TileSet(v *atlas.View) (*tiles.Set, error) {
	return tileSet(context.Background(), v)
}

// tileSet is TileSet, stopping between layers when ctx ends.
func tileSet(ctx context.Context, v *atlas.View) (*tiles.Set, error) {
	var ls []tiles.Layer
	for _, l := range atlas.Layers() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		fc, err := v.LayerFeatures(l.Name)
		if err != nil {
			return nil, err
		}
		ls = append(ls, tiles.Layer{Name: l.Name, Description: l.Description, Features: fc})
	}
	return tiles.New(ls, tiles.DefaultOptions())
}

// ArchiveInfo describes the PMTiles archive of date, with the words of
// the TileJSON.
func ArchiveInfo(a *atlas.Atlas, date string) tiles.ArchiveInfo {
	return tiles.ArchiveInfo{
		Name:        "claimsmap " + date,
		Description: tileDescription(date),
		Attribution: tileAttribution(date),
		Version:     a.Version,
	}
}

func tileDescription(date string) string {
	return "Russia's claim and control in Ukraine as of " + date + " (control approximate)"
}

func tileAttribution(date string) string {
	return "Boundaries: Natural Earth · Control: compiled from public reporting, as of " + date + " (approximate)"
}

// tileSetOn returns the tile set of snapshot date. The latest is made at
// start; another date on its first request, as a run on the worker pool
// like an image: bounded by the workers (503 with Retry-After when they
// and their queue are full), charged to the client that starts it, and
// cancelled when every request waiting for it has gone. A map asks for a
// dozen tiles of a new date at once: they share one run, which takes one
// worker, and only the first is charged.
func (s *Server) tileSetOn(c echo.Context, st *site, date string) (*tiles.Set, error) {
	if date == st.atlas.Snapshot {
		return st.tileSet, nil
	}
	if ts, ok := st.tileDates.sets.Get(date); ok {
		return ts, nil
	}
	return runExpensive(s, c, s.tileRuns, "tiles|"+st.atlas.Version+"|"+date, func(ctx context.Context) (*tiles.Set, error) {
		// A run that ended just before this one was asked for.
		if ts, ok := st.tileDates.sets.Get(date); ok {
			return ts, nil
		}
		v, err := st.atlas.At(date)
		if err != nil {
			return nil, err
		}
		ts, err := tileSet(ctx, v)
		if err != nil {
			return nil, fmt.Errorf("vector tiles of %s: %w", date, err)
		}
		st.tileDates.sets.Add(date, ts)
		st.tileDates.built.Add(1)
		return ts, nil
	})
}

// tileRoutes registers the vector tiles, their TileJSON and the PMTiles
// archive.
func (s *Server) tileRoutes(e *echo.Echo) {
	get := func(path string, h echo.HandlerFunc) { e.Match([]string{http.MethodGet, http.MethodHead}, path, h) }
	get("/tiles.json", s.tileJSON)
	get("/tiles/:z/:x/:y", s.tile)
	get("/tiles/:date/:z/:x/:y", s.tile)
	get("/tiles.pmtiles", noQuery(s.tileArchive))
}

var tileJSONParams = map[string]bool{"date": true}

// tileJSON serves /tiles.json[?date=YYYY-MM-DD]. Without a date it
// describes the latest snapshot at /tiles/{z}/{x}/{y}.mvt, URLs that move
// on to each new snapshot; with one, the snapshot on or before that date
// at /tiles/{snapshot}/{z}/{x}/{y}.mvt, so that a cache never mixes the
// tiles of two dates.
func (s *Server) tileJSON(c echo.Context) error {
	st := s.current()
	qs := c.QueryParams()
	if err := checkParams(qs, tileJSONParams, "the TileJSON takes date (YYYY-MM-DD) for the tiles of another snapshot"); err != nil {
		return err
	}
	date, err := snapshotOn(st.atlas, qs.Get("date"))
	if err != nil {
		return err
	}
	markSnapshot(c, date)
	base := s.requestOrigin(c)
	tmpl := base + "/tiles/{z}/{x}/{y}.mvt"
	if qs.Has("date") {
		tmpl = base + "/tiles/" + date + "/{z}/{x}/{y}.mvt"
	}
	key := "tilejson|" + tmpl
	if r, ok := st.tileJSON.Get(key); ok {
		return r.serve(c)
	}
	ts, err := s.tileSetOn(c, st, date)
	if err != nil {
		return err
	}
	tj := ts.TileJSON(tmpl, "claimsmap", tileDescription(date), tileAttribution(date), st.atlas.Version)
	b, err := json.Marshal(tj)
	if err != nil {
		return err
	}
	r := newResponse(b, "application/json", cachePage)
	st.tileJSON.Add(key, r)
	return r.serve(c)
}

// tile serves /tiles/{z}/{x}/{y}.mvt, the latest snapshot's tiles, and
// /tiles/{date}/{z}/{x}/{y}.mvt. A date that is not a snapshot's is
// redirected to the snapshot on or before it, so that one tile has one
// URL; 302, as a new snapshot may come between them.
func (s *Server) tile(c echo.Context) error {
	st := s.current()
	ys, ok := strings.CutSuffix(c.Param("y"), ".mvt")
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound, "Tiles are served as /tiles/{z}/{x}/{y}.mvt and /tiles/{date}/{z}/{x}/{y}.mvt.")
	}
	if c.Request().URL.RawQuery != "" {
		return echo.NewHTTPError(http.StatusBadRequest, "A tile takes no parameters: the date goes in its path, /tiles/{date}/{z}/{x}/{y}.mvt, as /tiles.json?date= gives it.")
	}
	z, err1 := strconv.ParseUint(c.Param("z"), 10, 8)
	x, err2 := strconv.ParseUint(c.Param("x"), 10, 32)
	y, err3 := strconv.ParseUint(ys, 10, 32)
	if err1 != nil || err2 != nil || err3 != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "z, x and y must be whole numbers: /tiles/{z}/{x}/{y}.mvt.")
	}
	date := st.atlas.Snapshot
	if d := c.Param("date"); d != "" {
		var err error
		if date, err = snapshotOn(st.atlas, d); err != nil {
			return err
		}
		if date != d {
			c.Response().Header().Set("Cache-Control", cachePage)
			return c.Redirect(http.StatusFound, fmt.Sprintf("/tiles/%s/%d/%d/%d.mvt", date, z, x, y))
		}
	}
	markSnapshot(c, date)
	key := fmt.Sprintf("%s|%d/%d/%d", date, z, x, y)
	r, ok := st.tiles.Get(key)
	if !ok {
		ts, err := s.tileSetOn(c, st, date)
		if err != nil {
			return err
		}
		// The first tile of a zoom simplifies every layer for it: that is
		// expensive work, run on the pool once for all who ask (and not
		// charged to the client: there are at most 13 per tile set).
		if !ts.TileReady(maptile.Zoom(z), uint32(x), uint32(y)) {
			if _, err := s.bounded(c, fmt.Sprintf("tilezoom|%s|%s|%d", st.atlas.Version, date, z), func(context.Context) (*response, error) {
				ts.PrepareZoom(maptile.Zoom(z))
				return &response{}, nil
			}); err != nil {
				return err
			}
		}
		b, err := ts.Tile(maptile.Zoom(z), uint32(x), uint32(y))
		if errors.Is(err, tiles.ErrOutOfRange) {
			return echo.NewHTTPError(http.StatusNotFound, fmt.Sprintf("No tile %d/%d/%d: zooms 0 to %d, x and y from 0 to 2^z-1.", z, x, y, tiles.DefaultMaxZoom))
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

// servedArchiveMaxZoom is the deepest zoom of /tiles.pmtiles: zooms 0–10
// are some 1,500 tiles made in seconds, 11 and 12 another 35,000; map
// clients overzoom the last level, and `claimsmap export-tiles` writes
// them all.
const servedArchiveMaxZoom = 10

const pmtilesType = "application/vnd.pmtiles"

// tileArchive serves /tiles.pmtiles, the latest snapshot's tiles as one
// PMTiles v3 archive for static hosting: clients read it by HTTP ranges,
// which serve answers. It is made on the first request, on the worker
// pool, and kept for the site's life. Requests that come while it is
// being made each wait for the one run in their own right: each gets its
// own 503 and Retry-After, and one leaving does not cancel it for the
// others.
func (s *Server) tileArchive(c echo.Context) error {
	st := s.current()
	date := st.atlas.Snapshot
	markSnapshot(c, date)
	if r := st.tileDates.archive.Load(); r != nil {
		return r.serve(c)
	}
	r, err := s.expensive(c, "pmtiles|"+st.atlas.Version, func(ctx context.Context) (*response, error) {
		// A run that ended just before this one was asked for.
		if r := st.tileDates.archive.Load(); r != nil {
			return r, nil
		}
		info := ArchiveInfo(st.atlas, date)
		info.MaxZoom = servedArchiveMaxZoom
		var b bytes.Buffer
		if err := st.tileSet.WriteArchive(ctx, &b, info); err != nil {
			return nil, fmt.Errorf("PMTiles archive: %w", err)
		}
		// Not gzipped as a whole: its tiles and directories are
		// already, and clients read it by ranges of the plain bytes.
		r := &response{body: b.Bytes(), etag: etagOf(b.Bytes()), contentType: pmtilesType, cache: cachePage,
			disposition: `attachment; filename="claimsmap-` + date + `.pmtiles"`}
		st.tileDates.archive.Store(r)
		return r, nil
	})
	if err != nil {
		return err
	}
	return r.serve(c)
}
