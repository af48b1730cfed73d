package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/gazetteer"
)

// regionAlias resolves what a reader may type for a region in a URL:
// any case of its slug ("Donetsk"), a variant spelling the gazetteer
// knows ("Zaporozhye", "zaporozhskaya-oblast") or a division of it
// ("sevastopol", which is Crimea's page with Sevastopol in view). It
// returns the region's slug and the view to open, if any.
func regionAlias(a *atlas.Atlas, slug string) (region, fragment string, ok bool) {
	if len(slug) > 80 {
		return "", "", false
	}
	lower := strings.ToLower(slug)
	if _, ok := a.Region(lower); ok {
		return lower, "", true
	}
	text := strings.Join(strings.FieldsFunc(slug, func(r rune) bool { return r == '-' || r == '_' || r == ' ' || r == '+' }), " ")
	// The search the site's box uses, which folds case, accents and
	// scripts; only whole names count.
	var place *gazetteer.Settlement
	for _, m := range a.Gazetteer.Search(text, 20) {
		if m.Quality != gazetteer.MatchExact {
			break
		}
		if m.Settlement != nil && place == nil {
			place = m.Settlement
		}
		if m.Name != nil && len(m.Name.Regions) == 1 && region == "" {
			if _, ok := a.Region(m.Name.Regions[0]); ok {
				region = m.Name.Regions[0]
			}
		}
	}
	if region == "" {
		return "", "", false
	}
	// A name of a place within the region, such as Sevastopol, opens the
	// region's map on it.
	if place != nil && place.ID != region && a.Gazetteer.SettlementRegion(place) == region {
		fragment = fmt.Sprintf("#view=4/%.4f/%.4f", place.Lat, place.Lon)
	}
	return region, fragment, true
}

// redirectRegion answers a region URL written another way with a
// permanent redirect to the region's own, keeping the query; it reports
// whether it did.
func redirectRegion(c echo.Context, a *atlas.Atlas) (bool, error) {
	rest, ok := strings.CutPrefix(c.Request().URL.Path, "/regions/")
	if !ok {
		return false, nil
	}
	slug, tail, _ := strings.Cut(rest, "/")
	region, fragment, ok := regionAlias(a, slug)
	if !ok || region == slug {
		return false, nil
	}
	target := "/regions/" + region
	if tail != "" {
		target += "/" + tail
	}
	if q := c.Request().URL.RawQuery; q != "" {
		target += "?" + q
	}
	return true, c.Redirect(http.StatusMovedPermanently, target+fragment)
}
