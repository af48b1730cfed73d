package atlas

import (
	"fmt"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/claimsmap/claimsmap/geo"
	"github.com/claimsmap/claimsmap/internal/dataset"
)

// Layer names, as they appear in download URLs.
const (
	LayerBoundaries           = "boundaries"
	LayerClaimed              = "claimed"
	LayerControlled           = "controlled"
	LayerClaimedNotControlled = "claimed-not-controlled"
	LayerControlledNotClaimed = "controlled-not-claimed"
	LayerPlaces               = "places"
	LayerContested            = "contested"
)

// numLayers counts the layers, for the per-view arrays.
const numLayers = 7

// LayerInfo describes a downloadable layer.
type LayerInfo struct {
	Name        string
	Title       string
	Description string
	Dated       bool // one version per snapshot date
	Geometry    string
}

// Layers lists the downloadable layers in the order the site shows them.
func Layers() []LayerInfo {
	return []LayerInfo{
		{LayerBoundaries, "Boundaries", "Ukraine's 27 first-level divisions with ISO 3166-2 codes, names and official areas (Natural Earth).", false, "MultiPolygon"},
		{LayerClaimed, "Claimed", "The regions Russia claimed on the snapshot date (Crimea and Sevastopol from 2014-03-18, the four oblasts from 2022-09-30), within their full administrative borders.", true, "MultiPolygon"},
		{LayerControlled, "Controlled", "Territory held by Russian forces on the snapshot date, per region, inside and outside the claim (approximate).", true, "MultiPolygon"},
		{LayerClaimedNotControlled, "Claimed, not controlled", "What the claim demands beyond the front: claimed but held by Ukraine (derived by polygon overlay).", true, "MultiPolygon"},
		{LayerControlledNotClaimed, "Controlled, not claimed", "Territory held by Russian forces outside the five claimed regions (derived by polygon overlay).", true, "MultiPolygon"},
		{LayerContested, "Contested", "Ground neither side held on the snapshot date (grey zone: the Dnipro channel and islands, the drained Kakhovka reservoir bed), per region (approximate).", true, "MultiPolygon"},
		{LayerPlaces, "Places", "Settlements of the gazetteer (towns of 10,000+ in the claimed regions and front-line places) with who held each on the snapshot date, by point in polygon.", true, "Point"},
	}
}

// LayerByName returns a layer's description.
func LayerByName(name string) (LayerInfo, bool) {
	ls := Layers()
	i := slices.IndexFunc(ls, func(l LayerInfo) bool { return l.Name == name })
	if i < 0 {
		return LayerInfo{}, false
	}
	return ls[i], true
}

// LayerFeatures returns a layer of the view as features that follow RFC
// 7946: longitude/latitude, exterior rings counter-clockwise and holes
// clockwise. Every feature carries region, iso_3166_2, name, status,
// source, method, and for areas area_km2; dated layers carry as_of. Each
// collection is built once per view, on first use, and shared: callers
// must copy before changing anything in it.
func (v *View) LayerFeatures(name string) (*geojson.FeatureCollection, error) {
	i := slices.IndexFunc(Layers(), func(l LayerInfo) bool { return l.Name == name })
	if i < 0 {
		return nil, fmt.Errorf("no layer %q", name)
	}
	v.layerOnce[i].Do(func() { v.layers[i] = v.buildLayer(name) })
	return v.layers[i], nil
}

func (v *View) buildLayer(name string) *geojson.FeatureCollection {
	a, date := v.Atlas, v.Date
	fc := geojson.NewFeatureCollection()
	add := func(g orb.Geometry, p geojson.Properties) {
		if mp, ok := g.(orb.MultiPolygon); ok {
			if len(mp) == 0 {
				return
			}
			g = rfc7946(mp)
		}
		f := geojson.NewFeature(g)
		f.ID = FeatureID(p)
		f.Properties = p
		fc.Append(f)
	}
	switch name {
	case LayerBoundaries:
		for _, d := range a.Data.Divisions {
			p := geojson.Properties{
				"region": d.Slug, "iso_3166_2": d.ISO, "name": d.Name, "name_uk": d.NameUK, "variants": d.Variants,
				"type": d.Kind, "status": "boundary", "source": d.Source, "method": a.file(dataset.RoleBoundaries).Method,
				"area_km2": round1(geo.Area(d.Geometry)), "official_area_km2": d.OfficialKm2,
			}
			if d.ClaimedRegion != "" {
				p["claimed_region"] = d.ClaimedRegion
			}
			add(d.Geometry, p)
		}
	case LayerClaimed:
		for _, r := range v.Claimed() {
			d := r.Divisions[0]
			add(r.Claimed, geojson.Properties{
				"region": r.Slug, "iso_3166_2": r.ISO, "name": r.Name, "name_uk": d.NameUK, "variants": d.Variants,
				"divisions": isoCodes(r.Divisions), "status": "claimed", "as_of": date, "claimed_since": r.ClaimedSince,
				"recognised": false, "recognition": r.Recognition, "source": r.Source, "method": a.file(dataset.RoleClaimed).Method,
				"area_km2": round1(r.ClaimedKm2), "official_area_km2": r.OfficialKm2,
			})
		}
	case LayerControlled:
		for _, r := range v.Claimed() {
			add(r.Held.Geometry, a.pieceProps(r.Held, LayerControlled, date, true))
		}
		for _, p := range v.Outside {
			add(p.Geometry, a.pieceProps(p, LayerControlled, date, false))
		}
	case LayerContested:
		for _, r := range v.Claimed() {
			add(r.Contested.Geometry, a.pieceProps(r.Contested, LayerContested, date, true))
		}
		for _, p := range v.OutsideContested {
			add(p.Geometry, a.pieceProps(p, LayerContested, date, false))
		}
	case LayerClaimedNotControlled:
		for _, r := range v.Claimed() {
			add(r.NotHeld.Geometry, a.pieceProps(r.NotHeld, LayerClaimedNotControlled, date, true))
		}
	case LayerControlledNotClaimed:
		for _, p := range v.Outside {
			add(p.Geometry, a.pieceProps(p, LayerControlledNotClaimed, date, false))
		}
	case LayerPlaces:
		for _, s := range a.Gazetteer.Settlements() {
			pt := orb.Point{s.Lon, s.Lat}
			held := v.HeldBy(s.ID)
			d, _ := a.Data.Division(s.Oblast)
			mentions := 0
			if p, ok := a.places[s.ID]; ok {
				mentions = p.Mentions
			}
			add(pt, geojson.Properties{
				"place": s.ID, "region": a.Gazetteer.SettlementRegion(&s), "oblast": s.Oblast, "iso_3166_2": d.ISO,
				"name": s.Name, "variants": s.Variants, "population": s.Population, "status": "held-by-" + held, "held_by": held,
				"as_of": date, "approximate": true, "mentions": mentions,
				"source": "Gazetteer " + a.Data.SettlementsPath + "; holder from the control layer of " + date,
				"method": "Point in polygon of the settlement's centre against the control and contested layers (approximate, as they are); a centre just off the generalised coast takes the holder of the nearest land",
			})
		}
	}
	return fc
}

// FeatureID is a feature's id, the same in every format (GeoJSON and KML
// downloads, the OGC API, vector tiles) and in every dataset version: what
// the feature is about (its region or division, or its place), what it
// shows (its status, or "place"), and in dated layers the date:
// "donetsk-controlled-2025-08-08", "donetsk-boundary",
// "bakhmut-place-2025-08-08". A place's status, its holder, is left out so
// that the id does not change with the front.
func FeatureID(p geojson.Properties) string {
	key, _ := p["region"].(string)
	status, _ := p["status"].(string)
	if place, ok := p["place"].(string); ok {
		key, status = place, "place"
	}
	id := key + "-" + status
	if date, ok := p["as_of"].(string); ok {
		id += "-" + date
	}
	return id
}

func (a *Atlas) pieceProps(p Piece, status, date string, within bool) geojson.Properties {
	props := geojson.Properties{
		"region": p.Region, "iso_3166_2": p.ISO, "name": p.Name, "status": status, "within_claim": within,
		"as_of": date, "approximate": true, "source": p.Source, "method": p.Method, "area_km2": round1(p.Km2),
	}
	if d, ok := a.Data.Division(p.Region); ok {
		props["name_uk"] = d.NameUK
	} else if r, ok := a.Region(p.Region); ok {
		props["name_uk"] = r.Divisions[0].NameUK
	}
	return props
}

func (a *Atlas) file(role string) dataset.File {
	fs := a.Data.Manifest.ByRole(role)
	if len(fs) == 0 {
		return dataset.File{}
	}
	return fs[0]
}

func isoCodes(ds []dataset.Division) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.ISO)
	}
	return out
}

// rfc7946 returns a copy of mp oriented as RFC 7946 asks.
func rfc7946(mp orb.MultiPolygon) orb.MultiPolygon {
	out := mp.Clone()
	geo.OrientRFC7946(out)
	return out
}

func round1(v float64) float64 { return float64(int64(v*10+0.5)) / 10 }
