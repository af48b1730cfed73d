package web

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/claimsmap/claimsmap/internal/atlas"
)

// TestFraming: only the embeds may be framed, by any site.
func TestFraming(t *testing.T) {
	for path, framable := range map[string]bool{
		"/embed/ukraine": true, "/embed/donetsk?theme=dark": true,
		"/": false, "/regions/donetsk": false, "/about": false, "/layers": false,
	} {
		r := get(t, path)
		csp := r.Header.Get("Content-Security-Policy")
		xfo := r.Header.Get("X-Frame-Options")
		if framable && (!strings.Contains(csp, "frame-ancestors *") || xfo != "") {
			t.Errorf("%s: CSP %q, X-Frame-Options %q: want framing by any site", path, csp, xfo)
		}
		if !framable && (!strings.Contains(csp, "frame-ancestors 'none'") || xfo != "DENY") {
			t.Errorf("%s: CSP %q, X-Frame-Options %q: want framing forbidden", path, csp, xfo)
		}
	}
}

func TestEmbed(t *testing.T) {
	for _, tc := range []struct {
		path   string
		status int
		want   []string
	}{
		{"/embed/ukraine", 200, []string{`data-theme="auto"`, "Held by Russian forces (approximate)", "as of 2025-08-08 (approximate)", `target="_blank"`, "<desc", "Russia claimed five regions"}},
		{"/embed/donetsk?theme=dark&passages=true", 200, []string{`data-theme="dark"`, "Donetsk", `class="quote"`, "<mark>"}},
		{"/embed/kherson?layers=controlled", 200, []string{`class="region-area"`, "Held by Russian forces (approximate)"}},
		{"/embed/kherson?layers=claimed", 200, []string{"Claimed by Russia (full administrative borders)", "Russia claims all of it"}},
		{"/embed/atlantis", 404, []string{"no map"}},
		{"/embed/ukraine?theme=pink", 400, []string{"theme"}},
		{"/embed/ukraine?layers=borders", 400, []string{"layers"}},
		{"/embed/ukraine?date=2025-02-30", 400, []string{"not a date"}},
		{"/embed/ukraine?date=2013-01-01", 404, []string{"No control data"}},
		{"/embed/ukraine?passages=maybe", 400, []string{"passages"}},
		{"/embed/ukraine?zoom=3", 400, []string{"Unknown parameter"}},
	} {
		r := get(t, tc.path)
		b := body(t, r)
		if r.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d", tc.path, r.StatusCode, tc.status)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(b, w) {
				t.Errorf("%s lacks %q", tc.path, w)
			}
		}
		if tc.status == 200 && strings.Contains(b, `<nav aria-label="Site">`) {
			t.Errorf("%s has the site navigation", tc.path)
		}
		if tc.status == 200 {
			if n := strings.Count(b, "Boundaries: Natural Earth"); n != 1 {
				t.Errorf("%s prints its source line %d times, want once", tc.path, n)
			}
		}
		if strings.Contains(tc.path, "layers=claimed") && (strings.Contains(b, `class="controlled"`) || strings.Contains(b, "Held by Russian")) {
			t.Errorf("%s draws or names the control layer", tc.path)
		}
		if strings.Contains(tc.path, "layers=controlled") && (strings.Contains(b, `class="not-controlled"`) || strings.Contains(b, "Claimed by Russia, held by Ukraine</li>")) {
			t.Errorf("%s draws or names the claim layer", tc.path)
		}
	}
	if r := get(t, "/embed.js"); r.StatusCode != 200 || !strings.Contains(body(t, r), "claimsmap:height") {
		t.Error("/embed.js is not the host script")
	}
}

func TestOEmbed(t *testing.T) {
	base := "https://claimsmap.example"
	for _, tc := range []struct {
		url    string
		status int
		src    string
	}{
		{base + "/", 200, base + "/embed/ukraine"},
		{base + "/regions/donetsk", 200, base + "/embed/donetsk"},
		{base + "/embed/kherson", 200, base + "/embed/kherson"},
		{base + "/map/crimea.png", 200, base + "/embed/crimea"},
		{base + "/articles/alaska-summit-2025-08-08", 200, base + "/embed/ukraine?passages=true"},
		// a page's date is the embed's, and its thumbnail's
		{base + "/regions/donetsk?date=2022-03-25", 200, base + "/embed/donetsk?date=2022-03-25"},
		{base + "/?date=2023-01-01", 200, base + "/embed/ukraine?date=2022-11-12"},
		{base + "/regions/donetsk?date=yesterday", 404, ""},
		{base + "/regions/kharkiv", 404, ""},
		{base + "/about", 404, ""},
		{"https://elsewhere.example/regions/donetsk", 404, ""},
	} {
		r := get(t, "/oembed?format=json&maxwidth=600&url="+url.QueryEscape(tc.url))
		b := body(t, r)
		if r.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d: %s", tc.url, r.StatusCode, tc.status, b)
			continue
		}
		if tc.status != 200 {
			continue
		}
		var o oembed
		if err := json.Unmarshal([]byte(b), &o); err != nil {
			t.Fatal(err)
		}
		if o.Type != "rich" || o.Version != "1.0" || o.Width != 600 || o.Height <= 0 || o.ProviderName != "claimsmap" || o.ThumbnailURL == "" {
			t.Errorf("%s: %+v", tc.url, o)
		}
		if !strings.Contains(o.HTML, `<iframe src="`+strings.ReplaceAll(tc.src, "&", "&amp;")+`"`) || !strings.Contains(o.HTML, `title="Map: `) {
			t.Errorf("%s: html %s", tc.url, o.HTML)
		}
		if _, date, ok := strings.Cut(tc.src, "date="); ok && (!strings.Contains(o.ThumbnailURL, "date="+date) || !strings.Contains(o.Title, atlas.FormatDate(date))) {
			t.Errorf("%s: title %q, thumbnail %s: not of %s", tc.url, o.Title, o.ThumbnailURL, date)
		}
	}
	if r := get(t, "/oembed?format=xml&url="+url.QueryEscape(base+"/")); r.StatusCode != 501 {
		t.Errorf("format=xml: status %d, want 501", r.StatusCode)
	}
	if r := get(t, "/oembed"); r.StatusCode != 400 {
		t.Errorf("no url: status %d, want 400", r.StatusCode)
	}
	if r := get(t, "/oembed?url="+url.QueryEscape(base+"/")+"&maxwidth=-5"); r.StatusCode != 400 {
		t.Errorf("maxwidth=-5: status %d, want 400", r.StatusCode)
	}
	// Every page carries the discovery link.
	// Every page /oembed answers for carries the discovery link; no other.
	for p, want := range map[string]bool{"/": true, "/regions/donetsk": true, "/articles/alaska-summit-2025-08-08": true, "/embed/ukraine": true, "/about": false, "/layers": false, "/regions/atlantis": false} {
		b := body(t, get(t, p))
		if has := strings.Contains(b, `<link rel="alternate" type="application/json+oembed" href="https://claimsmap.example/oembed?format=json&amp;url=`); has != want {
			t.Errorf("%s: discovery link %v, want %v", p, has, want)
		}
	}
	// An embed URL keeps its choices; one the embed refuses is not ours.
	r := get(t, "/oembed?url="+url.QueryEscape(base+"/embed/kherson?theme=dark&passages=true"))
	var o oembed
	json.Unmarshal([]byte(body(t, r)), &o)
	if !strings.Contains(o.HTML, "/embed/kherson?passages=true&amp;theme=dark") {
		t.Errorf("embed choices lost: %s", o.HTML)
	}
	if r := get(t, "/oembed?url="+url.QueryEscape(base+"/embed/kherson?theme=pink")); r.StatusCode != 404 {
		t.Errorf("embed URL with a bad theme: status %d, want 404", r.StatusCode)
	}
	// Thumbnails fit maxwidth and maxheight, or there are none.
	for q, want := range map[string]string{"maxwidth=400": "", "maxheight=100": "", "maxwidth=700&maxheight=350": "height=350&width=525"} {
		var o oembed
		json.Unmarshal([]byte(body(t, get(t, "/oembed?url="+url.QueryEscape(base+"/")+"&"+q))), &o)
		if (want == "") != (o.ThumbnailURL == "") || (want != "" && !strings.Contains(o.ThumbnailURL, want)) {
			t.Errorf("%s: thumbnail %q %dx%d, want %q", q, o.ThumbnailURL, o.ThumbnailWidth, o.ThumbnailHeight, want)
		}
	}
}

func TestSharePanel(t *testing.T) {
	for _, p := range []string{"/", "/regions/donetsk", "/articles/alaska-summit-2025-08-08"} {
		b := body(t, get(t, p))
		for _, w := range []string{`<form class="share-form" action="/share" method="get">`, "&lt;iframe src=", ".png", ".svg", ".pdf", "![", "claimsmap, control as of 2025-08-08, compiled from public reporting, https://claimsmap.example/", "/layers/controlled.geojson"} {
			if !strings.Contains(b, w) {
				t.Errorf("%s share panel lacks %q", p, w)
			}
		}
	}
	if b := body(t, get(t, "/articles/alaska-summit-2025-08-08")); !strings.Contains(b, "https://claimsmap.example/embed/ukraine?passages=true") {
		t.Error("the article's share panel does not embed the passages")
	}
	b := body(t, get(t, "/share?region=kherson&size=small&theme=dark&date=2025-08-08"))
	for _, w := range []string{`https://claimsmap.example/embed/kherson?theme=dark`, "max-width:600px", "/map/kherson.png?height=400&amp;theme=dark&amp;width=600", `<option value="kherson" selected>`} {
		if !strings.Contains(b, w) {
			t.Errorf("/share lacks %q", w)
		}
	}
	for _, bad := range []string{"/share?passages=maybe", "/share?region=crimea&region=kherson", "/share?region=atlantis", "/share?size=huge", "/share?theme=pink", "/share?date=1999-13-01", "/share?x=1"} {
		if r := get(t, bad); r.StatusCode != 400 {
			t.Errorf("%s: status %d, want 400", bad, r.StatusCode)
		}
	}
}

// BenchmarkEmbedRender draws a region's embed, not from the cache: its
// map on three canvases with the region's places.
func BenchmarkEmbedRender(b *testing.B) {
	s := testServer(b)
	v := s.current().atlas.Latest()
	q := embedQuery{slug: "donetsk", layers: []string{"claimed", "controlled"}, theme: "auto"}
	for b.Loop() {
		if _, err := s.renderEmbed(v, q); err != nil {
			b.Fatal(err)
		}
	}
}
