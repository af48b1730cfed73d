// Package authoring regenerates the default dataset's layers from their
// sources: the Natural Earth extracts and the reviewable CSV files in the
// dataset's sources/ folder (the line of contact, cities, the Dnipro).
//
// Running it twice on the same inputs gives the same bytes, so a test can
// check that the committed layers are what the sources say.
package authoring

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"

	"github.com/claimsmap/claimsmap/geo"
	"github.com/claimsmap/claimsmap/internal/atomicfile"
	"github.com/claimsmap/claimsmap/internal/dataset"
)

// Options says where to read and write.
type Options struct {
	// NaturalEarth holds ne_10m_admin1_ukraine.geojson and
	// ne_10m_admin0_region.geojson.
	NaturalEarth fs.FS
	// Dir is the dataset folder: sources are read from Dir/sources, layers
	// and the manifest are written into it.
	Dir string
	// Progress receives one line per step; nil discards them.
	Progress io.Writer
}

// Input file names.
const (
	Admin1File = "ne_10m_admin1_ukraine.geojson"
	Admin0File = "ne_10m_admin0_region.geojson"
)

// frame is the part of the world the basemap keeps, in longitude/latitude:
// Ukraine (22.1–40.2°E, 44.4–52.4°N) with room around it.
var frame = orb.Bound{Min: orb.Point{19, 42}, Max: orb.Point{44, 55.5}}

// Build regenerates every layer and the manifest.
func Build(opts Options) error {
	progress := func(format string, a ...any) {
		if opts.Progress != nil {
			fmt.Fprintf(opts.Progress, format+"\n", a...)
		}
	}
	src := os.DirFS(opts.Dir)

	progress("reading %s", Admin1File)
	divs, err := readDivisions(opts.NaturalEarth)
	if err != nil {
		return err
	}
	var all []orb.MultiPolygon
	for _, d := range divs {
		all = append(all, d.geom)
	}
	ukraine, err := geo.UnionAll(all...)
	if err != nil {
		return fmt.Errorf("dissolving Ukraine's outline: %w", err)
	}
	progress("Ukraine: %d divisions, %.0f km²", len(divs), geo.Area(ukraine))

	claimed, err := claimGeometries(divs)
	if err != nil {
		return err
	}

	snaps, err := findSnapshots(src)
	if err != nil {
		return err
	}
	held := map[string]territory{}
	for _, sn := range snaps {
		progress("building control on %s from %s", sn.date, strings.Join(sn.files(), ", "))
		t, err := buildTerritory(src, sn, divs, ukraine)
		if err != nil {
			return err
		}
		held[sn.date] = t
		progress("  held %.0f km² (%.1f%% of Ukraine), contested %.0f km²", geo.Area(t.held), 100*geo.Area(t.held)/geo.Area(ukraine), geo.Area(t.contested))
	}

	progress("reading %s", Admin0File)
	countries, err := readCountries(opts.NaturalEarth, claimed["crimea"])
	if err != nil {
		return err
	}
	ctx, err := contextFeatures(src, countries)
	if err != nil {
		return err
	}

	files := map[string]*geojson.FeatureCollection{
		"layers/boundaries.geojson": boundariesLayer(divs),
		"layers/claimed.geojson":    claimedLayer(claimed),
		"layers/context.geojson":    ctx,
	}
	for _, sn := range snaps {
		t := held[sn.date]
		fc, err := controlledLayer(divs, claimed, t.held, sn, statusControlled)
		if err != nil {
			return err
		}
		files[controlledPath(sn.date)] = fc
		for _, f := range fc.Features {
			progress("  %s %s: %.1f km²", sn.date, f.Properties["region"], f.Properties["area_km2"])
		}
		if sn.contested == "" {
			continue
		}
		if fc, err = controlledLayer(divs, claimed, t.contested, sn, statusContested); err != nil {
			return err
		}
		files[contestedPath(sn.date)] = fc
		for _, f := range fc.Features {
			progress("  %s %s contested: %.1f km²", sn.date, f.Properties["region"], f.Properties["area_km2"])
		}
	}
	// The manifest is made from the sources alone: a dated layer already
	// in the folder for a date they no longer give would be left unlisted,
	// and the folder refused by check. Said before anything is written.
	old, _ := filepath.Glob(filepath.Join(opts.Dir, "layers", "*-????-??-??.geojson"))
	var stale []string
	for _, p := range old {
		rel := "layers/" + filepath.Base(p)
		if _, made := files[rel]; !made && (strings.HasPrefix(rel, "layers/controlled-") || strings.HasPrefix(rel, "layers/contested-")) {
			stale = append(stale, rel)
		}
	}
	if len(stale) > 0 {
		return fmt.Errorf("%s: no source gives the dates of %s; the manifest made from the sources would not list them. Remove them, or add their sources; nothing was written", opts.Dir, strings.Join(stale, ", "))
	}
	if err := os.MkdirAll(filepath.Join(opts.Dir, "layers"), 0o755); err != nil {
		return err
	}
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		fc := files[p]
		b, err := dataset.EncodeFeatureCollection(fc, dataset.Decimals)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		if err := atomicfile.Write(filepath.Join(opts.Dir, p), b, 0o644); err != nil {
			return err
		}
		progress("wrote %s (%d features, %d bytes)", p, len(fc.Features), len(b))
	}
	mb, err := json.MarshalIndent(manifest(snaps), "", "  ")
	if err != nil {
		return err
	}
	mb = append(mb, '\n')
	if err := atomicfile.Write(filepath.Join(opts.Dir, dataset.ManifestName), mb, 0o644); err != nil {
		return err
	}
	progress("wrote %s", dataset.ManifestName)
	return nil
}

type neDivision struct {
	division
	geom orb.MultiPolygon
}

func readDivisions(ne fs.FS) ([]neDivision, error) {
	b, err := fs.ReadFile(ne, Admin1File)
	if err != nil {
		return nil, err
	}
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", Admin1File, err)
	}
	byCode := map[string]orb.MultiPolygon{}
	for i, f := range fc.Features {
		code, _ := f.Properties["adm1_code"].(string)
		mp := geo.Multi(f.Geometry)
		if mp == nil {
			return nil, fmt.Errorf("%s: feature %d (%s): not a polygon", Admin1File, i, code)
		}
		byCode[code] = dataset.Round(mp, dataset.Decimals).(orb.MultiPolygon)
	}
	out := make([]neDivision, 0, len(divisions))
	for _, d := range divisions {
		g, ok := byCode[d.neCode]
		if !ok {
			return nil, fmt.Errorf("%s: no feature with adm1_code %s (%s)", Admin1File, d.neCode, d.name)
		}
		out = append(out, neDivision{d, g})
		delete(byCode, d.neCode)
	}
	for code := range byCode {
		return nil, fmt.Errorf("%s: feature with adm1_code %s is not a known division", Admin1File, code)
	}
	return out, nil
}

func claimGeometries(divs []neDivision) (map[string]orb.MultiPolygon, error) {
	bySlug := map[string]orb.MultiPolygon{}
	for _, d := range divs {
		bySlug[d.slug] = d.geom
	}
	out := map[string]orb.MultiPolygon{}
	for _, c := range claims {
		var parts []orb.MultiPolygon
		for _, s := range c.divisions {
			parts = append(parts, bySlug[s])
		}
		if len(parts) == 1 {
			out[c.region] = parts[0]
			continue
		}
		u, err := geo.UnionAll(parts...)
		if err != nil {
			return nil, fmt.Errorf("claimed region %s: %w", c.region, err)
		}
		out[c.region] = u
	}
	return out, nil
}

const (
	neSource = "Natural Earth 1:10m admin-1 states and provinces (public domain), Ukraine extract"
	neMethod = "Natural Earth polygons as published, coordinates rounded to 6 decimals; ISO 3166-2 codes and names assigned by claimsmap (the extract's own codes are partly wrong)"
)

func boundariesLayer(divs []neDivision) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for _, d := range divs {
		f := geojson.NewFeature(d.geom)
		f.Properties = geojson.Properties{
			"slug":              d.slug,
			"iso_3166_2":        d.iso,
			"name":              d.name,
			"name_uk":           d.nameUK,
			"type":              d.kind,
			"variants":          d.variants,
			"official_area_km2": d.official,
			"area_km2":          round1(geo.Area(d.geom)),
			"source":            neSource,
			"method":            neMethod,
		}
		if d.claim != "" {
			f.Properties["claimed_region"] = d.claim
		}
		fc.Append(f)
	}
	return fc
}

func claimedLayer(geoms map[string]orb.MultiPolygon) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for _, c := range claims {
		var isos []string
		for _, s := range c.divisions {
			for _, d := range divisions {
				if d.slug == s {
					isos = append(isos, d.iso)
				}
			}
		}
		f := geojson.NewFeature(geoms[c.region])
		f.Properties = geojson.Properties{
			"region":        c.region,
			"iso_3166_2":    isos[0],
			"name":          c.name,
			"divisions":     isos,
			"status":        "claimed",
			"claimed_since": c.since,
			"as_of":         c.since,
			"recognition":   recognition,
			"recognised":    false,
			"source":        "Annexation claim as declared by Russia; boundaries: " + neSource,
			"method":        "Full administrative borders of the claimed divisions (the claim covers each oblast whole, held or not), dissolved into one polygon per claimed region",
			"area_km2":      round1(geo.Area(geoms[c.region])),
		}
		fc.Append(f)
	}
	return fc
}

// Statuses of the dated layers.
const (
	statusControlled = "controlled"
	statusContested  = "contested"
)

func controlledPath(date string) string { return "layers/controlled-" + date + ".geojson" }
func contestedPath(date string) string  { return "layers/contested-" + date + ".geojson" }

// controlSource says where a date's control layer comes from.
func controlSource(s snapshotSources) string {
	return "Compiled by claimsmap from public reporting (ISW campaign assessments, Ukrainian General Staff reports, news reports) of which settlements each side held on " + s.date + "; sources per row in " + strings.Join(s.files(), ", ")
}

func contestedSource(date string) string {
	return "Compiled by claimsmap from public reporting of ground neither side held on " + date + " (the Dnipro channel and islands, the drained Kakhovka reservoir bed); rings and sources per row in sources/contested-" + date + ".csv"
}

const (
	controlMethod   = "Approximation: rings closed from line-of-contact waypoints (settlements and river points) through Russia and the sea, united with any divisions held whole, minus the grey zone, intersected with the Natural Earth outline of Ukraine and split by division"
	contestedMethod = "Approximation: rings along the banks and former shorelines of the grey zone, intersected with the Natural Earth outline of Ukraine and split by division"
)

// controlledLayer splits dated territory (held or contested) by claimed
// region and, outside the claim, by division.
func controlledLayer(divs []neDivision, claimed map[string]orb.MultiPolygon, ground orb.MultiPolygon, sn snapshotSources, status string) (*geojson.FeatureCollection, error) {
	l := dataset.Dated{Status: status, AsOf: sn.date, Source: controlSource(sn), Method: controlMethod}
	if status == statusContested {
		l.Source, l.Method = contestedSource(sn.date), contestedMethod
	}
	var parts []dataset.Part
	for _, c := range claims {
		iso := ""
		for _, d := range divs {
			if d.slug == c.divisions[0] {
				iso = d.iso
			}
		}
		parts = append(parts, dataset.Part{Slug: c.region, ISO: iso, Name: c.name, WithinClaim: true, Geometry: claimed[c.region]})
	}
	for _, d := range divs {
		if d.claim == "" {
			parts = append(parts, dataset.Part{Slug: d.slug, ISO: d.iso, Name: d.name, Geometry: d.geom})
		}
	}
	fc, err := dataset.SplitByPart(ground, parts, l, nil)
	if err != nil {
		return nil, fmt.Errorf("%s on %s: %w", status, sn.date, err)
	}
	return fc, nil
}

func round1(v float64) float64 { return float64(int64(v*10+0.5)) / 10 }

func readCountries(ne fs.FS, crimea orb.MultiPolygon) (*geojson.FeatureCollection, error) {
	b, err := fs.ReadFile(ne, Admin0File)
	if err != nil {
		return nil, err
	}
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", Admin0File, err)
	}
	out := geojson.NewFeatureCollection()
	for _, f := range fc.Features {
		name, _ := f.Properties["name"].(string)
		// Ukraine's outline comes from the admin-1 divisions, which keep
		// Crimea in Ukraine; this edition of admin-0 does not.
		if name == "Ukraine" {
			continue
		}
		// Clip by rectangle first: Russia's full shape wraps the
		// antimeridian and is not valid input for the overlay.
		g := clip.MultiPolygon(frame, geo.Multi(f.Geometry).Clone())
		g = dataset.Round(g, dataset.Decimals).(orb.MultiPolygon)
		if name == "Russia" {
			g = withoutCrimea(g, crimea)
		}
		// Clipping by rectangle leaves spikes and edges doubling back
		// along the frame where a concave shape leaves and re-enters it;
		// the loader refuses such rings. Cleaning removes the spikes; an
		// overlay with the frame, where the shape is valid input, the rest.
		g = geo.Clean(g)
		if !geo.Valid(g) {
			var err error
			if g, err = geo.Intersection(geo.Multi(f.Geometry), orb.MultiPolygon{frame.ToPolygon()}); err != nil {
				return nil, fmt.Errorf("%s: %s: %w", Admin0File, name, err)
			}
			g = geo.Clean(dataset.Round(g, dataset.Decimals).(orb.MultiPolygon))
		}
		if !geo.Valid(g) {
			return nil, fmt.Errorf("%s: %s: not a valid polygon once clipped to the frame", Admin0File, name)
		}
		if len(g) == 0 {
			continue
		}
		cf := geojson.NewFeature(g)
		cf.Properties = geojson.Properties{"kind": "country", "name": name}
		out.Append(cf)
	}
	return out, nil
}

// withoutCrimea removes Crimea from Russia's shape. In this edition Crimea
// is a polygon of its own in Russia's multipolygon (the Kerch Strait
// separates it from Russia's mainland), so it is dropped whole: any
// polygon lying within Crimea's bounds whose interior point is in Crimea.
// No overlay is needed, which matters because Russia's mainland polygon,
// wrapping the antimeridian, is not valid overlay input.
func withoutCrimea(russia, crimea orb.MultiPolygon) orb.MultiPolygon {
	cb := crimea.Bound().Pad(0.1)
	out := russia[:0]
	for _, p := range russia {
		if pb := p.Bound(); cb.Contains(pb.Min) && cb.Contains(pb.Max) {
			if lp, ok := geo.LabelPoint(orb.MultiPolygon{p}); ok && planar.MultiPolygonContains(crimea, lp) {
				continue
			}
		}
		out = append(out, p)
	}
	return out
}

func contextFeatures(src fs.FS, countries *geojson.FeatureCollection) (*geojson.FeatureCollection, error) {
	fc := countries
	rows, err := readCSV(src, "sources/dnipro.csv", []string{"seq", "lon", "lat", "place"})
	if err != nil {
		return nil, err
	}
	var line orb.LineString
	for _, r := range rows {
		line = append(line, orb.Point{r.float("lon"), r.float("lat")})
	}
	if err := firstErr(rows); err != nil {
		return nil, err
	}
	rf := geojson.NewFeature(line)
	rf.Properties = geojson.Properties{"kind": "river", "name": "Dnipro", "approximate": true}
	fc.Append(rf)

	rows, err = readCSV(src, "sources/cities.csv", []string{"name", "country", "capital", "lon", "lat"})
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		f := geojson.NewFeature(orb.Point{r.float("lon"), r.float("lat")})
		f.Properties = geojson.Properties{"kind": "city", "name": r.get("name"), "country": r.get("country"), "capital": r.get("capital") == "true"}
		fc.Append(f)
	}
	if err := firstErr(rows); err != nil {
		return nil, err
	}
	for _, s := range []struct {
		name     string
		lon, lat float64
	}{{"Black Sea", 31.6, 44.9}, {"Sea of Azov", 36.6, 46.2}} {
		f := geojson.NewFeature(orb.Point{s.lon, s.lat})
		f.Properties = geojson.Properties{"kind": "sea", "name": s.name}
		fc.Append(f)
	}
	return fc, nil
}

type row struct {
	file string
	line int
	cols map[string]string
	err  error
}

func (r *row) get(k string) string { return r.cols[k] }

func (r *row) float(k string) float64 {
	v, err := strconv.ParseFloat(r.cols[k], 64)
	if err != nil && r.err == nil {
		r.err = fmt.Errorf("%s: line %d: %s %q is not a number", r.file, r.line, k, r.cols[k])
	}
	return v
}

func firstErr(rows []*row) error {
	for _, r := range rows {
		if r.err != nil {
			return r.err
		}
	}
	return nil
}

func readCSV(src fs.FS, name string, header []string) ([]*row, error) {
	f, err := src.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cr := csv.NewReader(f)
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(recs) == 0 || fmt.Sprint(recs[0]) != fmt.Sprint(header) {
		return nil, fmt.Errorf("%s: header must be %v", name, header)
	}
	var rows []*row
	for i, rec := range recs[1:] {
		r := &row{file: name, line: i + 2, cols: map[string]string{}}
		for j, h := range header {
			r.cols[h] = rec[j]
		}
		rows = append(rows, r)
	}
	return rows, nil
}
