// Package view holds the site's templ components and the view models they
// draw. Components receive view models only: plain values prepared by the
// handlers in package web, never echo contexts or the atlas itself.
package view

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/claimsmap/claimsmap/geo"
	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/cartography"
)

// Page is what every page's layout needs.
type Page struct {
	Title       string
	Description string
	// Path is the page's path, for the canonical link and the navigation.
	Path    string
	BaseURL string
	Assets  Assets
	// Error marks an error page, which has no oEmbed.
	Error bool
}

// Assets are the content-hashed URLs of the static files.
type Assets struct {
	CSS  string
	JS   string
	Icon string
}

// Canonical returns the page's absolute URL.
func (p Page) Canonical() string { return strings.TrimRight(p.BaseURL, "/") + p.Path }

// HasOEmbed reports whether /oembed answers for the page: the map, the
// regions, the articles and the embeds.
func (p Page) HasOEmbed() bool {
	if p.Error {
		return false
	}
	return p.Path == "/" || strings.HasPrefix(p.Path, "/regions/") || strings.HasPrefix(p.Path, "/articles/") || strings.HasPrefix(p.Path, "/embed/")
}

// OEmbed returns the page's oEmbed discovery URL.
func (p Page) OEmbed() string {
	return strings.TrimRight(p.BaseURL, "/") + "/oembed?format=json&url=" + url.QueryEscape(p.Canonical())
}

// MapFigure is a map with everything drawn around it.
type MapFigure struct {
	ID          string
	Map         *cartography.Map
	Title       string
	Description string
	// Regions carries each claimed region's link and accessible name, by
	// slug.
	Regions     map[string]RegionLink
	DateLabel   string // e.g. "8 August 2025"
	Attribution string
	Legend      []LegendItem
	Caption     string
	Zoomable    bool
	// HideClaimed and HideControlled leave a layer out (embeds' layers=).
	HideClaimed, HideControlled bool
	// NoSourceLine leaves the source line out of the drawing, for a page
	// that prints it under the map itself (the embeds).
	NoSourceLine bool
	// MapName is the map's name in /views/ and /map/ URLs: ukraine or a
	// region's slug.
	MapName string
	// PlaceQuery is the query a place's link carries (its date), or empty.
	PlaceQuery string
}

// PlaceHref is the page of a place on the map.
func (f MapFigure) PlaceHref(id string) string { return "/places/" + id + f.PlaceQuery }

// PlaceLabel names a place on the map and who held it.
func (f MapFigure) PlaceLabel(m cartography.Mark) string {
	if m.Holder == "" {
		return m.Name
	}
	return m.Name + ": held by " + atlas.HolderLabel(m.Holder) + " on " + f.DateLabel
}

// viewAttr says how the map's canvas maps onto the projection, for the
// script that asks for zoomed views: the projected point at the canvas's
// top-left corner and the pixels a kilometre.
func viewAttr(m *cartography.Map) string {
	o := m.View.Unproject(orb.Point{0, 0})
	return fmt.Sprintf("%.4f %.4f %.6f", o[0], o[1], m.View.Scale())
}

// albersAttr gives the script the projection's constants, so that it can
// turn a point of the canvas into longitude and latitude.
func albersAttr() string {
	lon0, n, c, rho0, r := geo.UkraineAlbers().Params()
	return fmt.Sprintf("%g %.12g %.12g %.12g %.6f", lon0, n, c, rho0, r)
}

// RegionLink is how a region on the map links to its page.
type RegionLink struct {
	Href  string
	Label string // accessible name
}

// LegendItem is one row of a map legend.
type LegendItem struct {
	Class string // swatch style: controlled, not-controlled, outline, outside
	Text  string
}

// Row is one row of a figures table.
type Row struct {
	Slug          string
	Name          string
	Href          string
	ClaimedSince  string
	OfficialKm2   string
	ClaimedKm2    string
	ControlledKm2 string
	NotHeldKm2    string
	ContestedKm2  string
	HeldShare     string
	ClaimedOfUA   string
	HeldOfUA      string
	Passages      int // passages that name the region
}

// Download is a link to a file.
type Download struct {
	Href  string
	Title string
	Note  string
}

// Km2 formats square kilometres: "26,517".
func Km2(v float64) string { return atlas.FormatKm2(v) }

// Percent formats a share of one as a percentage.
func Percent(v float64) string { return atlas.FormatShare(v) }

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// Timeline is the list of snapshots a map can show, each a link, with the
// one shown marked; a script makes it a slider.
type Timeline struct {
	// Label says the date shown: "Control as of 8 August 2025".
	Label string
	// Latest says the latest snapshot is shown.
	Latest bool
	Items  []TimelineItem
}

// TimelineItem is one snapshot.
type TimelineItem struct {
	Date    string // YYYY-MM-DD
	Label   string // "8 August 2025"
	Href    string
	Current bool
}
