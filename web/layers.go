package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb/geojson"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/dataset"
	"github.com/claimsmap/claimsmap/internal/export"
	"github.com/claimsmap/claimsmap/web/view"
)

const (
	geojsonType = "application/geo+json"
	kmlType     = "application/vnd.google-earth.kml+xml"
)

// layerQuery is a parsed, validated download request.
type layerQuery struct {
	name, format, date, region string
	decimals                   int
	simplify                   float64 // metres
}

func (q layerQuery) key() string {
	return fmt.Sprintf("%s|%s|%s|%s|%d|%g", q.name, q.format, q.date, q.region, q.decimals, q.simplify)
}

// filename names the download after the layer, its date and the filter.
func (q layerQuery) filename(dated bool) string {
	name := "claimsmap-" + q.name
	if dated {
		name += "-" + q.date
	}
	if q.region != "" {
		name += "-" + q.region
	}
	if q.simplify > 0 {
		name += fmt.Sprintf("-simplified-%gm", q.simplify)
	}
	return name + "." + q.format
}

var layerParams = map[string]bool{"region": true, "date": true, "precision": true, "simplify": true}

// parseLayerQuery reads /layers/{name}.{geojson|kml}?region=&date=&precision=&simplify=
// and rejects anything it does not understand with a 400 that says what
// is allowed.
func parseLayerQuery(a *atlas.Atlas, file string, qs url.Values) (layerQuery, atlas.LayerInfo, error) {
	// Dated layers default to the atlas's snapshot, the date every page
	// shows.
	q := layerQuery{decimals: dataset.Decimals, date: a.Snapshot}
	name, ext, ok := strings.Cut(file, ".")
	if !ok || (ext != "geojson" && ext != "kml") {
		return q, atlas.LayerInfo{}, echo.NewHTTPError(http.StatusNotFound, "Layers are served as /layers/{name}.geojson or /layers/{name}.kml.")
	}
	q.name, q.format = name, ext
	l, ok := atlas.LayerByName(name)
	if !ok {
		var names []string
		for _, l := range atlas.Layers() {
			names = append(names, l.Name)
		}
		return q, l, echo.NewHTTPError(http.StatusNotFound, fmt.Sprintf("There is no layer %q; the layers are %s.", name, strings.Join(names, ", ")))
	}
	if err := checkParams(qs, layerParams, "a layer takes region, date (dated layers), precision and simplify"); err != nil {
		return q, l, err
	}
	if v := qs.Get("date"); v != "" {
		if !l.Dated {
			return q, l, echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("Layer %s is not dated: leave out date.", name))
		}
		d, err := snapshotOn(a, v)
		if err != nil {
			return q, l, err
		}
		q.date = d
	}
	if !l.Dated {
		q.date = ""
	}
	if v := qs.Get("region"); v != "" {
		_, claimed := a.Region(v)
		_, division := a.Data.Division(v)
		if !claimed && !division {
			return q, l, echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("region %q is neither a claimed region (crimea, luhansk, donetsk, zaporizhzhia, kherson) nor a division slug.", v))
		}
		q.region = v
	}
	if v := qs.Get("precision"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > dataset.Decimals {
			return q, l, echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("precision %q: give a number of decimals from 0 to %d.", v, dataset.Decimals))
		}
		q.decimals = n
	}
	if v := qs.Get("simplify"); v != "" {
		m, err := strconv.ParseFloat(v, 64)
		if err != nil || !(m == 0 || (m >= 1 && m <= 50000)) {
			return q, l, echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("simplify %q: give a tolerance in metres from 1 to 50000 (0 for none).", v))
		}
		q.simplify = m
	}
	return q, l, nil
}

// layerCache keeps the encoded downloads of other dates, regions,
// precisions and simplifications, made on first request (the plain ones are
// in site.defaultLayers).
type layerCache = lru.Cache[string, *response]

func newLayerCache() *layerCache {
	c, _ := lru.New[string, *response](256) // only fails for a size below 1
	return c
}

// isDefaultLayer reports whether q is a layer's plain download on the
// latest date: the files /layers links and GIS users fetch most.
func isDefaultLayer(a *atlas.Atlas, q layerQuery, l atlas.LayerInfo) bool {
	return q.region == "" && q.simplify == 0 && q.decimals == dataset.Decimals && (!l.Dated || q.date == a.Snapshot)
}

// defaultLayer encodes a plain download once, on its first request (the
// places layer alone is megabytes of GeoJSON and KML to compress, which
// start-up should not pay for), and keeps it for the site's life.
func (s *Server) defaultLayer(st *site, q layerQuery, l atlas.LayerInfo) (*response, error) {
	return st.defaultLayers.Get(q.key(), func() (*response, error) {
		return encodeLayer(st.atlas, s.cfg.BaseURL, q, l)
	})
}

func encodeLayer(a *atlas.Atlas, base string, q layerQuery, l atlas.LayerInfo) (*response, error) {
	v, err := viewAt(a, q.date)
	if err != nil {
		return nil, err
	}
	date := v.Date
	fc, err := layerFeatures(v, q)
	if err != nil {
		return nil, err
	}
	var b []byte
	ct := geojsonType
	// GIS tools name the layer after the file's name member (GeoJSON) or
	// document name (KML): the download's file name says what it holds.
	name := strings.TrimSuffix(q.filename(l.Dated), "."+q.format)
	if q.format == "kml" {
		ct = kmlType
		desc := l.Title + ". " + l.Description + " Source, method and caveats: " + strings.TrimRight(base, "/") + "/about. Control is approximate."
		if l.Dated {
			desc = "As of " + date + ". " + desc
		}
		b, err = export.KML(fc, export.KMLInfo{Name: name, Description: desc}, q.decimals)
	} else {
		b, err = export.GeoJSON(fc, export.GeoJSONInfo{Name: name}, q.decimals)
	}
	if err != nil {
		return nil, err
	}
	r := newResponse(b, ct, cachePage)
	r.disposition = fmt.Sprintf(`attachment; filename="%s"`, q.filename(l.Dated))
	return r, nil
}

// layerFeatures returns the features of a download. Simplified or
// rounded below the dataset's precision, a polygon layer is processed
// together with the date's other polygon layers (export.FilterLayers), so
// that the borders they share are simplified and rounded once and the
// layers still fit: controlled, contested and claimed-not-controlled add
// up to the claim in every variant.
func layerFeatures(v *atlas.View, q layerQuery) (*geojson.FeatureCollection, error) {
	o := export.Options{Region: q.region, SimplifyMetres: q.simplify, Decimals: q.decimals}
	l, _ := atlas.LayerByName(q.name)
	// At the dataset's own precision too: rounding a derived layer's
	// overlay to six decimals can make a ring touch itself (Kherson's
	// claimed-not-controlled around the Kakhovka bed did), which snap
	// rounding with the other layers repairs.
	if l.Geometry == "Point" {
		fc, err := v.LayerFeatures(q.name)
		if err != nil {
			return nil, err
		}
		return export.Filter(fc, o)
	}
	var layers []*geojson.FeatureCollection
	at := -1
	for _, l := range atlas.Layers() {
		if l.Geometry == "Point" {
			continue
		}
		fc, err := v.LayerFeatures(l.Name)
		if err != nil {
			return nil, err
		}
		if l.Name == q.name {
			at = len(layers)
		}
		layers = append(layers, fc)
	}
	out, err := export.FilterLayers(layers, o)
	if err != nil {
		return nil, err
	}
	return out[at], nil
}

func (s *Server) layer(c echo.Context) error {
	st := s.current()
	q, l, err := parseLayerQuery(st.atlas, c.Param("file"), c.QueryParams())
	if err != nil {
		return err
	}
	if l.Dated {
		markSnapshot(c, q.date)
	}
	if isDefaultLayer(st.atlas, q, l) {
		r, err := s.defaultLayer(st, q, l)
		if err != nil {
			return err
		}
		return r.serve(c)
	}
	// A download of another date, region, precision or simplification
	// costs its date's View and, simplified, an overlay of every polygon
	// layer: it goes through the worker pool like an image.
	return s.serveMade(c, st.layers, "layer", "layer|"+st.atlas.Version+"|"+q.key(), func(context.Context) (*response, error) {
		return encodeLayer(st.atlas, s.cfg.BaseURL, q, l)
	})
}

// statsFile serves /stats.csv and /stats.json. They hold every date's
// figures, so they are encoded on first request, not at start-up.
func (s *Server) statsFile(c echo.Context) error {
	st := s.current()
	r, err := st.stats.Get(c.Request().URL.Path, func() (*response, error) {
		if c.Request().URL.Path == "/stats.json" {
			j, err := export.StatsJSON(st.atlas)
			if err != nil {
				return nil, err
			}
			return newResponse(j, "application/json", cachePage), nil
		}
		b, err := export.StatsCSV(st.atlas)
		if err != nil {
			return nil, err
		}
		r := newResponse(b, "text/csv; charset=utf-8", cachePage)
		r.disposition = `attachment; filename="claimsmap-stats.csv"`
		return r, nil
	})
	if err != nil {
		return err
	}
	return r.serve(c)
}

func (s *Server) layersPage(st *site) (view.LayersPageView, error) {
	a := st.atlas
	v := view.LayersPageView{
		Page: s.pageMeta("/layers", "Layers", "Every layer as GeoJSON and KML, with its date, source, licence and size; OGC API – Features and vector tiles."),
	}
	latest := a.Snapshot
	for _, l := range atlas.Layers() {
		date := ""
		if l.Dated {
			date = latest
		}
		q := layerQuery{name: l.Name, format: "geojson", date: date, decimals: dataset.Decimals}
		gj, err := s.defaultLayer(st, q, l)
		if err != nil {
			return v, err
		}
		fc, _ := a.Latest().LayerFeatures(l.Name)
		src, lic := layerProvenance(a, l.Name)
		row := view.LayerRow{
			Name: l.Name, Title: l.Title, Description: l.Description, Date: date, Source: src, License: lic,
			Features: len(fc.Features), Size: fmt.Sprintf("%s KB (%s KB gzipped)", view.Km2(float64(len(gj.body))/1024), view.Km2(float64(len(gj.gz))/1024)),
			GeoJSON: "/layers/" + l.Name + ".geojson", KML: "/layers/" + l.Name + ".kml",
			Filename: q.filename(l.Dated),
		}
		for _, r := range a.Regions {
			row.Regions = append(row.Regions, view.Download{Href: "/layers/" + l.Name + ".geojson?region=" + r.Slug, Title: r.Name})
		}
		v.Layers = append(v.Layers, row)
	}
	return v, nil
}

// layerProvenance names the source and licence of a layer from the
// manifest entries it is made of.
func layerProvenance(a *atlas.Atlas, name string) (source, license string) {
	role := map[string]string{
		atlas.LayerBoundaries: dataset.RoleBoundaries, atlas.LayerClaimed: dataset.RoleClaimed,
		atlas.LayerControlled: dataset.RoleControlled, atlas.LayerClaimedNotControlled: dataset.RoleControlled,
		atlas.LayerControlledNotClaimed: dataset.RoleControlled, atlas.LayerPlaces: dataset.RoleSettlements,
		atlas.LayerContested: dataset.RoleContested,
	}[name]
	fs := a.Data.Manifest.ByRole(role)
	if len(fs) == 0 {
		return "", ""
	}
	f := fs[len(fs)-1]
	source = f.Source
	if name == atlas.LayerClaimedNotControlled || name == atlas.LayerControlledNotClaimed {
		source = "Derived by polygon overlay from the claimed layer and: " + source
	}
	return source, f.License
}
