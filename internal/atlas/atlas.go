// Package atlas turns a loaded dataset into the immutable value the site
// serves: the claimed regions with their controlled and not-controlled
// parts per date, the derived layers, and the figures. It is built once
// per dataset and never changed afterwards, so it can be shared freely
// between requests.
package atlas

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/claimsmap/claimsmap/geo"
	"github.com/claimsmap/claimsmap/internal/dataset"
	"github.com/claimsmap/claimsmap/internal/gazetteer"
	"github.com/claimsmap/claimsmap/internal/linker"
)

// Atlas is everything the site shows, derived from one dataset.
type Atlas struct {
	Data    *dataset.Dataset
	Version string
	// Snapshot is the default date of control.
	Snapshot string
	Dates    []string // every snapshot date, oldest first
	Regions  []*Region
	// Outside holds, per date, what Russian forces hold outside the claim,
	// one entry per division.
	Outside map[string][]Piece
	// UkraineKm2 is the computed area of all of Ukraine's divisions.
	UkraineKm2  float64
	OfficialKm2 float64
	stats       map[string]Stats

	// Gazetteer and Linker find places in text; Articles are the dataset's
	// articles, linked, newest first.
	Gazetteer *gazetteer.Gazetteer
	Linker    *linker.Linker
	Articles  []*LinkedArticle
	places    map[string]*Place
	// layers holds every downloadable layer by name and date ("" for
	// undated layers), built once.
	layers map[string]*geojson.FeatureCollection
}

// Region is one claimed region.
type Region struct {
	Slug         string
	Name         string
	ISO          string
	ClaimedSince string
	Recognition  string
	Source       string
	Divisions    []dataset.Division
	Claimed      orb.MultiPolygon
	ClaimedKm2   float64
	OfficialKm2  float64
	// Controlled and NotControlled are keyed by snapshot date.
	Controlled    map[string]Piece
	NotControlled map[string]Piece
}

// Piece is a part of a region or division on one date, with provenance.
type Piece struct {
	Region   string // region or division slug
	Name     string
	ISO      string
	Geometry orb.MultiPolygon
	Km2      float64
	Source   string
	Method   string
}

// New builds the atlas from a dataset, computing the derived layers by
// polygon overlay.
func New(d *dataset.Dataset) (*Atlas, error) {
	a := &Atlas{
		Data:     d,
		Version:  d.Version,
		Snapshot: d.Manifest.Snapshot,
		Outside:  map[string][]Piece{},
		stats:    map[string]Stats{},
	}
	for _, v := range d.Divisions {
		a.UkraineKm2 += geo.Area(v.Geometry)
		a.OfficialKm2 += v.OfficialKm2
	}
	for _, c := range d.Claims {
		r := &Region{
			Slug: c.Region, Name: c.Name, ISO: c.ISO, ClaimedSince: c.ClaimedSince,
			Recognition: c.Recognition, Source: c.Source,
			Claimed: c.Geometry, ClaimedKm2: geo.Area(c.Geometry),
			Controlled: map[string]Piece{}, NotControlled: map[string]Piece{},
		}
		for _, v := range d.Divisions {
			if v.ClaimedRegion == c.Region {
				r.Divisions = append(r.Divisions, v)
				r.OfficialKm2 += v.OfficialKm2
			}
		}
		a.Regions = append(a.Regions, r)
	}
	var claimedAll []orb.MultiPolygon
	for _, r := range a.Regions {
		claimedAll = append(claimedAll, r.Claimed)
	}
	claimedUnion, err := geo.UnionAll(claimedAll...)
	if err != nil {
		return nil, fmt.Errorf("dissolving the claim: %w", err)
	}
	for _, s := range d.Snapshots {
		a.Dates = append(a.Dates, s.Date)
		if err := a.addSnapshot(s, claimedUnion); err != nil {
			return nil, fmt.Errorf("control on %s: %w", s.Date, err)
		}
		a.stats[s.Date] = a.computeStats(s.Date)
	}
	if err := a.link(); err != nil {
		return nil, err
	}
	a.buildLayers()
	return a, nil
}

// sliverKm2 is the smallest polygon a derived layer keeps: overlay leaves
// slivers of a few square metres where the control layer's edge and the
// boundary nearly coincide, too small to mean anything and small enough
// that rounding to 6 decimals can turn them inside out.
const sliverKm2 = 0.01

func (a *Atlas) addSnapshot(s dataset.Snapshot, claimedUnion orb.MultiPolygon) error {
	const derivedMethod = "Computed by polygon overlay: "
	for _, r := range a.Regions {
		held := Piece{Region: r.Slug, Name: r.Name, ISO: r.ISO, Source: s.File.Source, Method: s.File.Method}
		for _, c := range s.Areas {
			if c.WithinClaim && c.Region == r.Slug {
				// Clip to the claim in case the file strays past it.
				g, err := geo.Intersection(c.Geometry, r.Claimed)
				if err != nil {
					return fmt.Errorf("%s: %w", r.Slug, err)
				}
				held.Geometry, held.Source, held.Method = g, c.Source, c.Method
			}
		}
		held.Km2 = geo.Area(held.Geometry)
		rest, err := geo.Difference(r.Claimed, held.Geometry)
		if err != nil {
			return fmt.Errorf("%s: claimed minus controlled: %w", r.Slug, err)
		}
		rest = geo.DropSlivers(rest, sliverKm2)
		r.Controlled[s.Date] = held
		r.NotControlled[s.Date] = Piece{
			Region: r.Slug, Name: r.Name, ISO: r.ISO, Geometry: rest, Km2: geo.Area(rest),
			Source: "Claimed layer and the control layer of " + s.Date,
			Method: derivedMethod + "the claimed region minus the territory held by Russian forces on " + s.Date + " (approximate, as the control layer is)",
		}
	}
	for _, c := range s.Areas {
		if c.WithinClaim {
			continue
		}
		g, err := geo.Difference(c.Geometry, claimedUnion)
		if err != nil {
			return fmt.Errorf("%s outside the claim: %w", c.Region, err)
		}
		g = geo.DropSlivers(g, sliverKm2)
		div, _ := a.Data.Division(c.Region)
		a.Outside[s.Date] = append(a.Outside[s.Date], Piece{
			Region: c.Region, Name: div.Name, ISO: div.ISO, Geometry: g, Km2: geo.Area(g),
			Source: c.Source,
			Method: derivedMethod + "territory held by Russian forces on " + s.Date + " minus the claimed regions (approximate, as the control layer is)",
		})
	}
	return nil
}

// DisplayName is the name the site, the embeds and the images give the
// region: its division's name ("Donetsk Oblast") where it is one division,
// its own ("Crimea") where it covers more.
func (r *Region) DisplayName() string {
	if len(r.Divisions) == 1 {
		return r.Divisions[0].Name
	}
	return r.Name
}

// Region returns the claimed region with the given slug.
func (a *Atlas) Region(slug string) (*Region, bool) {
	i := slices.IndexFunc(a.Regions, func(r *Region) bool { return r.Slug == slug })
	if i < 0 {
		return nil, false
	}
	return a.Regions[i], true
}

// HasDate reports whether the atlas has control data for date.
func (a *Atlas) HasDate(date string) bool { return slices.Contains(a.Dates, date) }

// FormatDate writes a dataset date the way the site prints it:
// "8 August 2025".
func FormatDate(date string) string {
	t, err := time.Parse(dataset.DateLayout, date)
	if err != nil {
		return date
	}
	return t.Format("2 January 2006")
}

// FormatKm2 writes square kilometres the way the site prints them, rounded
// with thousands separators: "26,517".
func FormatKm2(v float64) string {
	n := int64(math.Round(v))
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	b.WriteString(sign)
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// FormatShare writes a share of one as a percentage: one decimal, or two
// under 1% so that small areas do not read as nothing.
func FormatShare(v float64) string {
	if v > 0 && v < 0.00005 {
		v = 0 // less than would show at two decimals: a rounding remnant
	}
	if v > 0 && v < 0.01 {
		return fmt.Sprintf("%.2f%%", v*100)
	}
	return fmt.Sprintf("%.1f%%", v*100)
}
