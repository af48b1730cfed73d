package atlas

import (
	"fmt"

	"github.com/paulmach/orb/geojson"

	"github.com/claimsmap/claimsmap/internal/dataset"
)

// Layer names, as they appear in download URLs.
const (
	LayerBoundaries           = "boundaries"
	LayerClaimed              = "claimed"
	LayerControlled           = "controlled"
	LayerClaimedNotControlled = "claimed-not-controlled"
	LayerControlledNotClaimed = "controlled-not-claimed"
)

// LayerInfo describes a downloadable layer.
type LayerInfo struct {
	Name        string
	Title       string
	Description string
	Dated       bool // one version per snapshot date
}

// Layers lists the downloadable layers in the order the site shows them.
func Layers() []LayerInfo {
	return []LayerInfo{
		{LayerBoundaries, "Boundaries", "Ukraine's 27 first-level divisions with ISO 3166-2 codes, names and official areas (Natural Earth).", false},
		{LayerClaimed, "Claimed", "The five regions Russia claims, within their full administrative borders.", false},
		{LayerControlled, "Controlled", "Territory held by Russian forces on the snapshot date, per region, inside and outside the claim (approximate).", true},
		{LayerClaimedNotControlled, "Claimed, not controlled", "What the claim demands beyond the front: claimed but held by Ukraine (derived by polygon overlay).", true},
		{LayerControlledNotClaimed, "Controlled, not claimed", "Territory held by Russian forces outside the five claimed regions (derived by polygon overlay).", true},
	}
}

// LayerGeoJSON returns the GeoJSON of a layer on a date (ignored for
// undated layers). Layers that are files of the dataset are served as the
// file's bytes; derived layers are encoded the same way the files are.
func (a *Atlas) LayerGeoJSON(name, date string) ([]byte, error) {
	m := a.Data.Manifest
	switch name {
	case LayerBoundaries:
		return a.Data.Raw[m.ByRole(dataset.RoleBoundaries)[0].Path], nil
	case LayerClaimed:
		return a.Data.Raw[m.ByRole(dataset.RoleClaimed)[0].Path], nil
	case LayerControlled:
		s, ok := a.Data.Snapshot(date)
		if !ok {
			return nil, fmt.Errorf("no control layer for %s", date)
		}
		return a.Data.Raw[s.File.Path], nil
	case LayerClaimedNotControlled, LayerControlledNotClaimed:
		if !a.HasDate(date) {
			return nil, fmt.Errorf("no control layer for %s", date)
		}
		return dataset.EncodeFeatureCollection(a.derived(name, date), dataset.Decimals)
	}
	return nil, fmt.Errorf("no layer %q", name)
}

func (a *Atlas) derived(name, date string) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	add := func(p Piece, status string, within bool) {
		if len(p.Geometry) == 0 {
			return
		}
		f := geojson.NewFeature(p.Geometry)
		f.Properties = geojson.Properties{
			"region":       p.Region,
			"iso_3166_2":   p.ISO,
			"name":         p.Name,
			"status":       status,
			"within_claim": within,
			"as_of":        date,
			"approximate":  true,
			"source":       p.Source,
			"method":       p.Method,
			"area_km2":     round1(p.Km2),
		}
		fc.Append(f)
	}
	if name == LayerClaimedNotControlled {
		for _, r := range a.Regions {
			add(r.NotControlled[date], LayerClaimedNotControlled, true)
		}
		return fc
	}
	for _, p := range a.Outside[date] {
		add(p, LayerControlledNotClaimed, false)
	}
	return fc
}

func round1(v float64) float64 { return float64(int64(v*10+0.5)) / 10 }
