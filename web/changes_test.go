package web

import (
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/paulmach/orb/geojson"

	"github.com/claimsmap/claimsmap/internal/render"
)

func TestChangesRoutes(t *testing.T) {
	for _, tc := range []struct {
		path   string
		status int
		ctype  string
		want   []string
	}{
		{"/changes", 200, "text/html", []string{"What changed hands between 31 December 2024 and 8 August 2025", `role="img"`, `id="changes-map-title"`, "<table", "All of Ukraine", `<option value="2024-12-31" selected>`, `href="/changes.geojson?from=2024-12-31&amp;to=2025-08-08"`, `href="/map/changes.png?from=2024-12-31&amp;to=2025-08-08"`, "/embed/changes?from=2024-12-31&amp;to=2025-08-08"}},
		{"/changes?from=2022-03-25&to=2022-11-12", 200, "text/html", []string{"25 March 2022 and 12 November 2022", "Chernihiv", "Most was lost in", `aria-current="page">2022-03-25 → 2022-11-12`}},
		{"/changes?from=2022-04-01&to=2022-12-01&region=kherson", 200, "text/html", []string{"in Kherson Oblast", "Kherson Oblast"}},
		{"/changes/donetsk?from=2024-12-31", 200, "text/html", []string{"in Donetsk Oblast", `<option value="donetsk" selected>`}},
		{"/changes.geojson?from=2022-03-25&to=2022-11-12", 200, "application/geo+json", []string{`"change":"lost"`, `"from":"2022-03-25"`}},
		{"/embed/changes?from=2022-11-12&to=2025-08-08&theme=dark", 200, "text/html", []string{`data-theme="dark"`, "What changed hands in Ukraine, 2022-11-12 to 2025-08-08", "claimsmap</a>"}},
		{"/map/changes.svg?from=2022-03-25&to=2022-11-12&region=kharkiv", 400, "application/problem+json", []string{"no claimed region"}},
		{"/map/changes.svg?from=2022-03-25&to=2022-11-12", 200, "image/svg+xml", []string{`role="img"`, "Gained (held on 2022-11-12 only)", "What changed hands in Ukraine, 2022-03-25 to 2022-11-12"}},
		{"/map/changes.svg?from=2022-03-25&to=2022-11-12&theme=dark", 400, "application/problem+json", []string{"Unknown parameter", "the changes SVG takes from, to and region"}},

		{"/changes?from=2022-13-01", 400, "text/html", []string{"from: date &#34;2022-13-01&#34; is not a date"}},
		{"/changes?to=soon", 400, "text/html", []string{"to: date"}},
		{"/changes?from=2010-01-01", 404, "text/html", []string{"the first snapshot is 2014-03-18"}},
		{"/changes?from=2025-08-08&to=2022-03-25", 200, "text/html", []string{"25 March 2022"}},
		{"/changes?from=2023-01-01&to=2023-06-01", 400, "text/html", []string{"both fall on the snapshot of 2022-11-12"}},
		{"/changes?to=2014-03-18", 400, "text/html", []string{"the first snapshot, with none before it"}},
		{"/changes?region=atlantis", 400, "text/html", []string{"no claimed region"}},
		{"/changes/atlantis", 404, "text/html", []string{"no claimed region"}},
		{"/changes/donetsk?region=kherson", 400, "text/html", []string{"Unknown parameter"}},
		{"/changes?zoom=3", 400, "text/html", []string{"Unknown parameter"}},
		{"/changes?from=2022-03-25&from=2022-11-12", 400, "text/html", []string{"given 2 times"}},
		{"/changes.geojson?from=2025-08-08&to=2022-01-01", 200, "application/geo+json", []string{`"from":"2015-02-18"`, `"to":"2025-08-08"`}},
		{"/changes.geojson?from=1999-01-01", 404, "application/problem+json", nil},
		{"/embed/changes?theme=sepia", 400, "text/html", []string{"light, dark or auto"}},
		{"/map/changes.svg?from=x", 400, "application/problem+json", nil},
	} {
		r := get(t, tc.path)
		b := body(t, r)
		if r.StatusCode != tc.status || !strings.HasPrefix(r.Header.Get("Content-Type"), tc.ctype) {
			t.Errorf("%s: status %d %q, want %d %q: %.300s", tc.path, r.StatusCode, r.Header.Get("Content-Type"), tc.status, tc.ctype, b)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(b, w) {
				t.Errorf("%s: no %q", tc.path, w)
			}
		}
		if tc.status == 200 && r.Header.Get(snapshotHeader) == "" {
			t.Errorf("%s: no %s header", tc.path, snapshotHeader)
		}
		if strings.HasPrefix(tc.ctype, "image/svg") && tc.status == 200 {
			wellFormed(t, tc.path, b)
		}
	}
}

// TestChangesPNG checks the changes map as a PNG: its size at each scale,
// the colours of gained, lost and kept ground in each theme, the answers
// to bad parameters (those of the SVG, and the PNG's own), and that a
// made image is served from the cache without waiting for a worker.
func TestChangesPNG(t *testing.T) {
	s := limitedServer(t, Config{Limits: Limits{Workers: 1, Queue: 1, Rate: -1}})
	for _, tc := range []struct {
		query string
		w, h  int
		theme render.Theme
	}{
		{"from=2022-03-25&to=2022-11-12", mapWidth, mapHeight, render.Light},
		{"from=2022-03-25&to=2022-11-12&region=kherson&theme=dark&scale=2", 2 * mapWidth, 2 * mapHeight, render.Dark},
		{"from=2014-03-18&to=2025-08-08&theme=light&scale=1", mapWidth, mapHeight, render.Light},
	} {
		rec := serveReq(s, "/map/changes.png?"+tc.query)
		if rec.Code != 200 || rec.Header().Get("Content-Type") != "image/png" {
			t.Errorf("%s: %d %q: %.300s", tc.query, rec.Code, rec.Header().Get("Content-Type"), rec.Body)
			continue
		}
		if !strings.Contains(rec.Header().Get("Content-Disposition"), `filename="claimsmap-changes-`) || rec.Header().Get(changesFromHeader) == "" {
			t.Errorf("%s: Content-Disposition %q, %s %q", tc.query, rec.Header().Get("Content-Disposition"), changesFromHeader, rec.Header().Get(changesFromHeader))
		}
		img, err := png.Decode(rec.Body)
		if err != nil {
			t.Fatalf("%s: %v", tc.query, err)
		}
		if got := img.Bounds().Size(); got != (image.Point{tc.w, tc.h}) {
			t.Errorf("%s: %v, want %d×%d", tc.query, got, tc.w, tc.h)
		}
		// Gained is the held colour, lost hatched in the claim's, kept
		// the held colour at 0.3 over land: each covers some pixels.
		pal := render.Colors(tc.theme)
		mix := func(c, under color.RGBA, a float64) color.RGBA {
			f := func(x, y uint8) uint8 { return uint8(float64(x)*a + float64(y)*(1-a) + 0.5) }
			return color.RGBA{f(c.R, under.R), f(c.G, under.G), f(c.B, under.B), 0xff}
		}
		want := map[string]color.RGBA{"gained": pal.Controlled, "lost": pal.Claim, "kept": mix(pal.Controlled, pal.Land, 77.0/255), "sea": pal.Sea}
		counts := map[string]int{}
		b := img.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y += 2 {
			for x := b.Min.X; x < b.Max.X; x += 2 {
				got := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
				for name, c := range want {
					if max(absDiff(got.R, c.R), absDiff(got.G, c.G), absDiff(got.B, c.B)) <= 2 {
						counts[name]++
					}
				}
			}
		}
		for name := range want {
			if counts[name] < 20 {
				t.Errorf("%s: %s (%v) on %d sampled pixels, want some", tc.query, name, want[name], counts[name])
			}
		}
	}
	for _, tc := range []struct {
		query  string
		status int
		want   string
	}{
		{"from=2022-03-25&to=2022-11-12&region=kharkiv", 400, "no claimed region"},
		{"from=1999-01-01", 404, "the first snapshot"},
		{"from=x", 400, "from: date"},
		{"from=2025-08-08&to=2023-01-01&scale=3", 400, "use 1 or 2"},
		{"from=2023-01-01&to=2023-06-01", 400, "both fall on the snapshot"},
		{"scale=3", 400, "use 1 or 2"},
		{"scale=1.5", 400, "use 1 or 2"},
		{"theme=sepia", 400, "light or dark"},
		{"width=800", 400, "Unknown parameter"},
	} {
		rec := serveReq(s, "/map/changes.png?"+tc.query)
		if rec.Code != tc.status || !strings.Contains(rec.Body.String(), tc.want) {
			t.Errorf("%s: %d %.300s, want %d with %q", tc.query, rec.Code, rec.Body, tc.status, tc.want)
		}
	}
	// Made once, served from the cache while every worker is busy; a new
	// one waits for a worker, and is refused when none is free.
	release := occupy(t, s)
	defer release()
	for _, p := range []string{"/map/changes.png?from=2022-03-25&to=2022-11-12", "/map/changes.png?to=2022-11-12&from=2022-03-25"} {
		if rec := serveReq(s, p); rec.Code != 200 {
			t.Errorf("%s, made before, with every worker busy: %d", p, rec.Code)
		}
	}
	// The pages, embeds and downloads of the changes, the embeds of the
	// map and the OGC API's filtered pages are drawn on the pool too.
	for _, p := range []string{"/map/changes.png?from=2022-11-12&to=2025-08-08", "/map/changes.svg?from=2022-11-12&to=2025-08-08",
		"/changes?from=2022-11-12&to=2025-08-08", "/embed/changes?from=2022-11-12&to=2025-08-08", "/changes.geojson?from=2022-11-12&to=2025-08-08",
		"/embed/kherson?theme=dark", "/ogc/collections/boundaries/items?f=html&limit=7"} {
		if rec := serveReq(s, p); rec.Code != http.StatusServiceUnavailable {
			t.Errorf("%s, new, with every worker busy: %d, want 503", p, rec.Code)
		}
	}
}

func absDiff(a, b uint8) int { return max(int(a)-int(b), int(b)-int(a)) }

// TestChangesGeoJSONAddsUp reads the download back: its gained and lost
// areas per region agree with the page's table through the atlas.
func TestChangesGeoJSONAddsUp(t *testing.T) {
	a := testServer(t).current().atlas
	ch, err := a.Changes("2022-03-25", "2022-11-12")
	if err != nil {
		t.Fatal(err)
	}
	r := get(t, "/changes.geojson?from=2022-03-25&to=2022-11-12")
	if r.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Error("the GeoJSON is not open to other sites")
	}
	if r.Header.Get(changesFromHeader) != "2022-03-25" || r.Header.Get(snapshotHeader) != "2022-11-12" {
		t.Errorf("snapshot headers %q, %q", r.Header.Get(changesFromHeader), r.Header.Get(snapshotHeader))
	}
	fc, err := geojson.UnmarshalFeatureCollection([]byte(body(t, r)))
	if err != nil {
		t.Fatal(err)
	}
	sums := map[string]float64{}
	for _, f := range fc.Features {
		sums[f.Properties.MustString("region", "")+"|"+f.Properties.MustString("change", "")] += f.Properties.MustFloat64("area_km2", 0)
		for _, k := range []string{"source", "method", "to"} {
			if f.Properties.MustString(k, "") == "" {
				t.Errorf("feature without %s: %v", k, f.Properties)
			}
		}
	}
	for _, rc := range ch.Regions {
		if d := sums[rc.Region+"|gained"] - rc.GainedKm2; math.Abs(d) > 0.1 {
			t.Errorf("%s gained: file %.1f, atlas %.1f", rc.Region, sums[rc.Region+"|gained"], rc.GainedKm2)
		}
		if d := sums[rc.Region+"|lost"] - rc.LostKm2; math.Abs(d) > 0.1 {
			t.Errorf("%s lost: file %.1f, atlas %.1f", rc.Region, sums[rc.Region+"|lost"], rc.LostKm2)
		}
	}
	// Filtered by region.
	var one struct {
		Features []struct {
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal([]byte(body(t, get(t, "/changes.geojson?from=2022-03-25&to=2022-11-12&region=kherson"))), &one); err != nil {
		t.Fatal(err)
	}
	if len(one.Features) == 0 {
		t.Fatal("no change in Kherson between 2022-03-25 and 2022-11-12")
	}
	for _, f := range one.Features {
		if f.Properties["region"] != "kherson" {
			t.Errorf("region=kherson gave a feature of %v", f.Properties["region"])
		}
	}
}

// FuzzChangesQuery sends arbitrary from, to and region values to every
// changes address: any answer but a server error is fine.
func FuzzChangesQuery(f *testing.F) {
	for _, s := range [][3]string{
		{"2022-03-25", "2022-11-12", ""}, {"", "", "kherson"}, {"2025-08-08", "2014-03-18", ""},
		{"2022-02-30", "x", "crimea"}, {"0000-01-01", "9999-12-31", "%00"}, {"2014-03-18", "", "../"},
	} {
		f.Add(s[0], s[1], s[2])
	}
	h := testServer(f).Handler()
	f.Fuzz(func(t *testing.T, from, to, region string) {
		q := url.Values{}
		for k, v := range map[string]string{"from": from, "to": to, "region": region} {
			if v != "" {
				q.Set(k, v)
			}
		}
		for _, p := range []string{"/changes", "/changes.geojson", "/embed/changes"} {
			target := p + "?" + q.Encode()
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
			if rec.Code >= 500 {
				t.Fatalf("%s: status %d: %.300s", target, rec.Code, rec.Body.String())
			}
		}
	})
}

func BenchmarkChangesPNG(b *testing.B) {
	a := testServer(b).current().atlas
	ch, err := a.Changes("2022-03-25", "2022-11-12")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := changesPNG(a, ch, "", render.Light, 1); err != nil {
			b.Fatal(err)
		}
	}
}
