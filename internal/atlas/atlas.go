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

	"github.com/claimsmap/claimsmap/geo"
	"github.com/claimsmap/claimsmap/internal/cache"
	"github.com/claimsmap/claimsmap/internal/dataset"
	"github.com/claimsmap/claimsmap/internal/gazetteer"
	"github.com/claimsmap/claimsmap/internal/linker"
)

// Atlas is everything the site shows, derived from one dataset. What
// depends on the date (control, figures, layers, who held each place) lives
// in a View: At(date) returns one.
type Atlas struct {
	Data    *dataset.Dataset
	Version string
	// Snapshot is the latest snapshot date, the default of every page.
	Snapshot string
	Dates    []string // every snapshot date, oldest first
	Regions  []*Region
	// UkraineKm2 is the computed area of all of Ukraine's divisions.
	UkraineKm2  float64
	OfficialKm2 float64

	// Gazetteer and Linker find places in text; Articles are the dataset's
	// articles, linked, newest first.
	Gazetteer *gazetteer.Gazetteer
	Linker    *linker.Linker
	Articles  []*LinkedArticle
	places    map[string]*Place

	latest *View
	views  *cache.Cache[*View]
	// holders keeps who held each settlement, per snapshot date.
	holders *cache.Cache[map[string]string]
	// divisionKm2 is each division's computed area, by slug.
	divisionKm2 map[string]float64
	// stats keeps each date's figures.
	stats *cache.Cache[Stats]
	// derived holds the history and changes, made on first request.
	derived derived
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

// New builds the atlas from a dataset and the view of its latest snapshot;
// the views of other dates are built when first asked for, so the cost of
// New does not grow with the number of snapshots.
func New(d *dataset.Dataset) (*Atlas, error) {
	a := &Atlas{
		Data:     d,
		Version:  d.Version,
		Snapshot: d.Manifest.Snapshot,
		views:    cache.New[*View](maxViews),
		holders:  newHolderCache(),
		stats:    cache.New[Stats](maxHolderDates),
	}
	a.divisionKm2 = map[string]float64{}
	for _, v := range d.Divisions {
		km2 := geo.Area(v.Geometry)
		a.divisionKm2[v.Slug] = km2
		a.UkraineKm2 += km2
		a.OfficialKm2 += v.OfficialKm2
	}
	for _, c := range d.Claims {
		r := &Region{
			Slug: c.Region, Name: c.Name, ISO: c.ISO, ClaimedSince: c.ClaimedSince,
			Recognition: c.Recognition, Source: c.Source,
			Claimed: c.Geometry, ClaimedKm2: geo.Area(c.Geometry),
		}
		for _, v := range d.Divisions {
			if v.ClaimedRegion == c.Region {
				r.Divisions = append(r.Divisions, v)
				r.OfficialKm2 += v.OfficialKm2
			}
		}
		a.Regions = append(a.Regions, r)
	}
	a.Dates = d.Dates
	if len(a.Dates) == 0 {
		return nil, fmt.Errorf("no control snapshots")
	}
	if err := a.link(); err != nil {
		return nil, err
	}
	s, err := d.LoadSnapshot(a.Snapshot)
	if err != nil {
		return nil, fmt.Errorf("the snapshot %s: %w", a.Snapshot, err)
	}
	latest, err := a.buildView(s)
	if err != nil {
		return nil, err
	}
	a.latest = latest
	return a, nil
}

// sliverKm2 is the smallest polygon a derived layer keeps: overlay leaves
// slivers of a few square metres where the control layer's edge and the
// boundary nearly coincide, too small to mean anything and small enough
// that rounding to 6 decimals can turn them inside out.
const sliverKm2 = 0.01

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

// DivisionKm2 is a division's area computed from the boundaries, in km².
func (a *Atlas) DivisionKm2(slug string) float64 { return a.divisionKm2[slug] }

// JoinAnd writes names as prose: "A", "A and B", "A, B and C".
func JoinAnd(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
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
