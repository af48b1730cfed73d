package web

import (
	"html"
	"strings"
	"testing"
)

// TestShareDownloadFollowsTheDate: the share panel's GeoJSON link is the
// download of what the map shows, the region's on the chosen date, not
// the latest.
func TestShareDownloadFollowsTheDate(t *testing.T) {
	for path, want := range map[string]string{
		"/share?region=donetsk&date=2023-06-01": "/layers/controlled.geojson?date=2022-11-12&amp;region=donetsk",
		"/share?region=donetsk":                 "/layers/controlled.geojson?region=donetsk",
		"/share?date=2015-03-01":                "/layers/controlled.geojson?date=2015-02-18",
	} {
		b := body(t, get(t, path))
		if !strings.Contains(b, want) {
			t.Errorf("%s: no link %s in the share panel", path, html.UnescapeString(want))
		}
	}
}
