package web

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"

	"github.com/claimsmap/claimsmap/geo"
	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/ogc"
	"github.com/claimsmap/claimsmap/internal/tiles"
)

var layerNames = []string{"boundaries", "claimed", "controlled", "claimed-not-controlled", "controlled-not-claimed", "places"}

// decimalsIn returns the most decimals of any number in b.
func decimalsIn(b string) int {
	most := 0
	for _, m := range regexp.MustCompile(`-?\d+\.(\d+)`).FindAllStringSubmatch(b, -1) {
		most = max(most, len(m[1]))
	}
	return most
}

// coordinatesOf returns the text of every "coordinates" member.
func coordinatesOf(b string) string {
	var out strings.Builder
	for _, m := range regexp.MustCompile(`"coordinates":(\[[\[\]0-9.,eE+-]*\])`).FindAllStringSubmatch(b, -1) {
		out.WriteString(m[1])
	}
	return out.String()
}

// TestLayersRFC7946 decodes every download and checks the rules of
// RFC 7946 the issue names: no crs member, longitude/latitude, exterior
// rings counter-clockwise and holes clockwise, at most 6 decimals, the
// media type, and the properties every feature must carry.
func TestLayersRFC7946(t *testing.T) {
	a := testServer(t).current().atlas
	for _, name := range layerNames {
		t.Run(name, func(t *testing.T) {
			l, _ := atlas.LayerByName(name)
			r := get(t, "/layers/"+name+".geojson")
			b := body(t, r)
			if r.StatusCode != 200 {
				t.Fatalf("status %d: %s", r.StatusCode, b)
			}
			if ct := r.Header.Get("Content-Type"); ct != "application/geo+json" {
				t.Errorf("Content-Type %q", ct)
			}
			want := "claimsmap-" + name
			if l.Dated {
				want += "-" + a.Snapshot
			}
			if cd := r.Header.Get("Content-Disposition"); cd != `attachment; filename="`+want+`.geojson"` {
				t.Errorf("Content-Disposition %q, want filename %s.geojson", cd, want)
			}
			var raw map[string]json.RawMessage
			if err := json.Unmarshal([]byte(b), &raw); err != nil {
				t.Fatal(err)
			}
			if _, ok := raw["crs"]; ok {
				t.Error("top-level crs member (RFC 7946 removed it)")
			}
			if strings.Contains(b, `"crs"`) {
				t.Error("a crs member somewhere in the file")
			}
			if d := decimalsIn(coordinatesOf(b)); d > 6 {
				t.Errorf("coordinates with %d decimals, want at most 6", d)
			}
			fc, err := geojson.UnmarshalFeatureCollection([]byte(b))
			if err != nil {
				t.Fatal(err)
			}
			if len(fc.Features) == 0 {
				t.Fatal("no features")
			}
			for i, f := range fc.Features {
				checkFeature(t, i, f, l)
			}
		})
	}
}

func checkFeature(t *testing.T, i int, f *geojson.Feature, l atlas.LayerInfo) {
	t.Helper()
	keys := []string{"region", "iso_3166_2", "name", "status", "source", "method"}
	if l.Dated {
		keys = append(keys, "as_of")
	}
	if l.Geometry != "Point" {
		keys = append(keys, "area_km2")
	}
	for _, k := range keys {
		if v, ok := f.Properties[k]; !ok || v == "" || v == nil {
			t.Errorf("feature %d lacks %q", i, k)
		}
	}
	check := func(p orb.Point) {
		if !(p[0] >= 22 && p[0] <= 41 && p[1] >= 44 && p[1] <= 53) {
			t.Errorf("feature %d: position %v is not longitude/latitude in Ukraine", i, p)
		}
	}
	switch g := f.Geometry.(type) {
	case orb.Point:
		check(g)
	case orb.MultiPolygon:
		for j, poly := range g {
			for k, ring := range poly {
				want := orb.CCW
				if k > 0 {
					want = orb.CW
				}
				if o := ring.Orientation(); o != want {
					t.Errorf("feature %d polygon %d ring %d: orientation %v, want %v", i, j, k, o, want)
				}
				for _, p := range ring {
					check(p)
				}
			}
		}
	default:
		t.Errorf("feature %d: geometry %T", i, g)
	}
}

func features(t *testing.T, path string) []*geojson.Feature {
	t.Helper()
	r := get(t, path)
	b := body(t, r)
	if r.StatusCode != 200 {
		t.Fatalf("%s: status %d: %s", path, r.StatusCode, b)
	}
	fc, err := geojson.UnmarshalFeatureCollection([]byte(b))
	if err != nil {
		t.Fatal(err)
	}
	return fc.Features
}

// TestRegionFilesMakeTheWhole checks that the union of the per-region
// downloads is the whole layer: every feature once, nothing else.
func TestRegionFilesMakeTheWhole(t *testing.T) {
	a := testServer(t).current().atlas
	for _, name := range layerNames {
		for _, simplify := range []string{"", "&simplify=2000"} {
			whole := features(t, "/layers/"+name+".geojson?"+strings.TrimPrefix(simplify, "&"))
			var regions []string
			for _, d := range a.Data.Divisions {
				regions = append(regions, d.Slug)
			}
			var parts []string
			seen := map[string]bool{}
			for _, region := range regions {
				for _, f := range features(t, "/layers/"+name+".geojson?region="+region+simplify) {
					b, _ := json.Marshal(f)
					if !seen[string(b)] {
						seen[string(b)] = true
						parts = append(parts, string(b))
					}
				}
			}
			var all []string
			for _, f := range whole {
				b, _ := json.Marshal(f)
				all = append(all, string(b))
			}
			sort.Strings(all)
			sort.Strings(parts)
			if strings.Join(all, "\n") != strings.Join(parts, "\n") {
				t.Errorf("%s%s: %d features in the whole layer, %d in the region files put together", name, simplify, len(all), len(parts))
			}
		}
	}
}

// TestSimplifyKeepsBordersShared: after ?simplify= the divisions neither
// overlap nor leave gaps: their union's area equals the sum of their areas,
// and the total stays close to the unsimplified one.
func TestSimplifyKeepsBordersShared(t *testing.T) {
	full := features(t, "/layers/boundaries.geojson")
	simple := features(t, "/layers/boundaries.geojson?simplify=5000")
	count := func(fs []*geojson.Feature) (verts int, sum float64, polys []orb.MultiPolygon) {
		for _, f := range fs {
			mp := geo.Multi(f.Geometry)
			polys = append(polys, mp)
			sum += geo.Area(mp)
			for _, p := range mp {
				for _, r := range p {
					verts += len(r)
				}
			}
		}
		return
	}
	fv, fsum, _ := count(full)
	sv, ssum, polys := count(simple)
	if sv*3 > fv {
		t.Errorf("simplify=5000 kept %d of %d vertices", sv, fv)
	}
	for i, mp := range polys {
		if !geo.Valid(mp) {
			t.Errorf("simplified %s is not a valid multipolygon", simple[i].Properties["region"])
		}
	}
	u, err := geo.UnionAll(polys...)
	if err != nil {
		t.Fatal(err)
	}
	if ua := geo.Area(u); math.Abs(ua-ssum) > 1 {
		t.Errorf("union %.1f km² vs sum %.1f km²: simplified divisions overlap", ua, ssum)
	}
	if math.Abs(ssum-fsum)/fsum > 0.01 {
		t.Errorf("simplified total %.0f km², unsimplified %.0f km²", ssum, fsum)
	}
	t.Logf("boundaries: %d vertices, %d after simplify=5000", fv, sv)
}

// TestLayerPrecision: fewer decimals, and still valid geometry with
// exterior rings counter-clockwise; no precision is refused.
func TestLayerPrecision(t *testing.T) {
	for _, name := range layerNames {
		l, _ := atlas.LayerByName(name)
		// 6 is the default download, the one most people take: it must be
		// valid too, not only the coarser ones.
		for _, p := range []string{"6", "5", "4", "3", "2", "1"} {
			path := "/layers/" + name + ".geojson?precision=" + p
			if p == "6" {
				path = "/layers/" + name + ".geojson"
			}
			r := get(t, path)
			b := body(t, r)
			if r.StatusCode != 200 {
				t.Fatalf("%s: status %d: %s", path, r.StatusCode, b)
			}
			if d := decimalsIn(coordinatesOf(b)); d > int(p[0]-'0') {
				t.Errorf("%s gave %d decimals", path, d)
			}
			fc, err := geojson.UnmarshalFeatureCollection([]byte(b))
			if err != nil {
				t.Fatal(err)
			}
			for i, f := range fc.Features {
				if mp, ok := f.Geometry.(orb.MultiPolygon); ok && !geo.Valid(mp) {
					t.Errorf("%s: feature %d (%v) is not valid", path, i, f.Properties["region"])
				}
				if p >= "3" {
					checkFeature(t, i, f, l)
				}
			}
		}
	}
}

func TestLayerBadRequests(t *testing.T) {
	for path, status := range map[string]int{
		"/layers/controlled.geojson?foo=1":           400,
		"/layers/controlled.geojson?precision=9":     400,
		"/layers/controlled.geojson?precision=x":     400,
		"/layers/controlled.geojson?simplify=-1":     400,
		"/layers/controlled.geojson?date=2025-13-01": 400,
		"/layers/controlled.geojson?date=2013-01-01": 404,
		"/layers/controlled.geojson?region=atlantis": 400,
		"/layers/boundaries.geojson?date=2025-08-08": 400,
		"/layers/controlled.shp":                     404,
		"/layers/nothing.kml":                        404,
	} {
		r := get(t, path)
		b := body(t, r)
		if r.StatusCode != status {
			t.Errorf("%s: status %d, want %d", path, r.StatusCode, status)
		}
		if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
			t.Errorf("%s: Content-Type %q, want problem JSON", path, ct)
		}
		var p problem
		if err := json.Unmarshal([]byte(b), &p); err != nil || p.Status != status || p.Detail == "" {
			t.Errorf("%s: problem %+v (%v)", path, p, err)
		}
	}
}

func TestLayerKML(t *testing.T) {
	for _, name := range layerNames {
		r := get(t, "/layers/"+name+".kml")
		b := body(t, r)
		if r.StatusCode != 200 || r.Header.Get("Content-Type") != "application/vnd.google-earth.kml+xml" {
			t.Fatalf("%s.kml: status %d, type %q", name, r.StatusCode, r.Header.Get("Content-Type"))
		}
		var doc struct {
			Placemarks []struct {
				Name string `xml:"name"`
			} `xml:"Document>Placemark"`
		}
		if err := xml.Unmarshal([]byte(b), &doc); err != nil {
			t.Fatalf("%s.kml: %v", name, err)
		}
		if n := len(features(t, "/layers/"+name+".geojson")); len(doc.Placemarks) != n {
			t.Errorf("%s.kml: %d placemarks, want %d", name, len(doc.Placemarks), n)
		}
	}
}

func TestStatsDownloads(t *testing.T) {
	r := get(t, "/stats.csv")
	rows, err := csv.NewReader(r.Body).ReadAll()
	if err != nil || r.StatusCode != 200 {
		t.Fatalf("stats.csv: %d %v", r.StatusCode, err)
	}
	if rows[0][0] != "date" || len(rows) < 8 {
		t.Fatalf("stats.csv: %d rows, header %v", len(rows), rows[0])
	}
	found := false
	for _, row := range rows {
		if row[1] == "donetsk" && row[2] == "claimed-region" {
			found = true
		}
		// A region not yet claimed has no claimed ground, held or not
		// (the claimed-not-controlled layer of its date has none).
		if row[2] == "not-yet-claimed" && (row[5] != "0" || row[7] != "0") {
			t.Errorf("stats.csv %s %s, not yet claimed: claimed_km2 %s, claimed_not_controlled_km2 %s", row[0], row[1], row[5], row[7])
		}
	}
	if !found {
		t.Error("stats.csv has no donetsk row")
	}
	var doc struct {
		Figures []struct {
			Date          string  `json:"date"`
			Region        string  `json:"region"`
			ControlledKm2 float64 `json:"controlled_km2"`
		} `json:"figures"`
	}
	if err := json.Unmarshal([]byte(body(t, get(t, "/stats.json"))), &doc); err != nil {
		t.Fatal(err)
	}
	a := testServer(t).current().atlas
	for _, f := range doc.Figures {
		if f.Region != "donetsk" {
			continue
		}
		st, _ := a.Stats(f.Date)
		d, _ := st.Region("donetsk")
		if math.Abs(f.ControlledKm2-d.ControlledKm2) > 0.1 {
			t.Errorf("stats.json donetsk on %s: %.1f km², atlas %.1f", f.Date, f.ControlledKm2, d.ControlledKm2)
		}
	}
}

func TestLayersPage(t *testing.T) {
	r := get(t, "/layers")
	b := body(t, r)
	if r.StatusCode != http.StatusOK {
		t.Fatal(r.StatusCode)
	}
	for _, name := range layerNames {
		for _, w := range []string{`id="` + name + `"`, `href="/layers/` + name + `.geojson"`, `href="/layers/` + name + `.kml"`} {
			if !strings.Contains(b, w) {
				t.Errorf("/layers lacks %s", w)
			}
		}
	}
	for _, w := range []string{"Public domain", "CC BY 4.0", "KB gzipped", "/stats.csv", "/ogc"} {
		if !strings.Contains(b, w) {
			t.Errorf("/layers lacks %q", w)
		}
	}
}

// TestDownloadRanges checks the byte ranges GDAL's /vsicurl/ and download
// managers ask for: a range counts bytes of the uncompressed file whatever
// Accept-Encoding says, If-Range falls back to the whole file when the
// client's copy is stale, and a range past the end is refused with 416.
func TestDownloadRanges(t *testing.T) {
	a := testServer(t).current().atlas
	first := a.Dates[0]
	for _, path := range []string{
		"/layers/boundaries.geojson", "/layers/boundaries.kml", "/layers/places.kml",
		"/layers/boundaries.geojson?precision=3", "/layers/controlled.geojson?date=" + first,
		"/stats.csv", "/stats.json",
	} {
		t.Run(path, func(t *testing.T) {
			whole := get(t, path)
			full := body(t, whole)
			if whole.StatusCode != http.StatusOK || whole.Header.Get("Accept-Ranges") != "bytes" {
				t.Fatalf("status %d, Accept-Ranges %q", whole.StatusCode, whole.Header.Get("Accept-Ranges"))
			}
			etag := whole.Header.Get("ETag")
			n := len(full)

			r := get(t, path, "Range", "bytes=100-1099", "Accept-Encoding", "gzip")
			b := body(t, r)
			if r.StatusCode != http.StatusPartialContent {
				t.Fatalf("Range: status %d, want 206", r.StatusCode)
			}
			if got, want := r.Header.Get("Content-Range"), fmt.Sprintf("bytes 100-1099/%d", n); got != want {
				t.Errorf("Content-Range %q, want %q", got, want)
			}
			if ce := r.Header.Get("Content-Encoding"); ce != "" {
				t.Errorf("a range came with Content-Encoding %q; ranges are of the identity body", ce)
			}
			if b != full[100:1100] || r.Header.Get("Content-Length") != "1000" {
				t.Errorf("range body is not bytes 100-1099 of the file (Content-Length %s)", r.Header.Get("Content-Length"))
			}
			if r.Header.Get("ETag") != etag {
				t.Errorf("206 ETag %q, 200 ETag %q", r.Header.Get("ETag"), etag)
			}
			if l, _ := atlas.LayerByName(strings.TrimPrefix(strings.Split(path, ".")[0], "/layers/")); l.Dated {
				if whole.Header.Get(snapshotHeader) == "" || r.Header.Get(snapshotHeader) != whole.Header.Get(snapshotHeader) {
					t.Errorf("%s %q on the 206, %q on the 200", snapshotHeader, r.Header.Get(snapshotHeader), whole.Header.Get(snapshotHeader))
				}
			}

			if r := get(t, path, "Range", "bytes=-10"); r.StatusCode != http.StatusPartialContent || body(t, r) != full[n-10:] {
				t.Errorf("suffix range: status %d, or not the last 10 bytes", r.StatusCode)
			}
			if r := get(t, path, "Range", "bytes=0-9", "If-Range", etag); r.StatusCode != http.StatusPartialContent {
				t.Errorf("If-Range with the current ETag: status %d, want 206", r.StatusCode)
			}
			if r := get(t, path, "Range", "bytes=0-9", "If-Range", `"stale"`); r.StatusCode != http.StatusOK || body(t, r) != full {
				t.Errorf("If-Range with a stale ETag: status %d, want 200 and the whole file", r.StatusCode)
			}
			r = get(t, path, "Range", fmt.Sprintf("bytes=%d-", n))
			if r.StatusCode != http.StatusRequestedRangeNotSatisfiable || r.Header.Get("Content-Range") != fmt.Sprintf("bytes */%d", n) {
				t.Errorf("range past the end: status %d, Content-Range %q; want 416 and bytes */%d", r.StatusCode, r.Header.Get("Content-Range"), n)
			}
			var p problem
			if err := json.Unmarshal([]byte(body(t, r)), &p); err != nil || p.Status != 416 || !strings.Contains(p.Detail, fmt.Sprint(n)) || r.Header.Get("ETag") != "" {
				t.Errorf("416: problem %+v (%v), ETag %q; want problem JSON naming the size, no ETag", p, err, r.Header.Get("ETag"))
			}
			// A Range that does not parse is ignored (RFC 9110 14.2).
			if r := get(t, path, "Range", "bytes=5-2"); r.StatusCode != http.StatusOK || body(t, r) != full {
				t.Errorf("invalid Range: status %d, want 200 and the whole file", r.StatusCode)
			}
			if r := get(t, path, "If-None-Match", etag, "Range", "bytes=0-9"); r.StatusCode != http.StatusNotModified {
				t.Errorf("If-None-Match with the ETag and a Range: status %d, want 304", r.StatusCode)
			}
		})
	}
}

// TestCORS checks what a script on another site needs to read the data:
// a preflight that allows the headers of range and conditional requests,
// and the headers it must read exposed. Pages are not shared that way.
func TestCORS(t *testing.T) {
	preflight := func(path string) *http.Response {
		req := httptest.NewRequest(http.MethodOptions, path, nil)
		req.Header.Set("Origin", "https://news.example")
		req.Header.Set("Access-Control-Request-Method", "GET")
		req.Header.Set("Access-Control-Request-Headers", "range,if-none-match")
		rec := httptest.NewRecorder()
		testServer(t).Handler().ServeHTTP(rec, req)
		return rec.Result()
	}
	for _, path := range []string{"/layers/boundaries.geojson", "/ogc/collections/claimed/items", "/tiles/0/0/0.mvt", "/tiles.json", "/stats.csv"} {
		r := preflight(path)
		if r.StatusCode != http.StatusNoContent || r.Header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("OPTIONS %s: status %d, Allow-Origin %q", path, r.StatusCode, r.Header.Get("Access-Control-Allow-Origin"))
		}
		for h, want := range map[string][]string{
			"Access-Control-Allow-Methods": {"GET", "HEAD", "OPTIONS"},
			"Access-Control-Allow-Headers": {"Range", "If-None-Match", "If-Range", "Accept"},
			"Allow":                        {"GET", "HEAD"},
		} {
			for _, w := range want {
				if !strings.Contains(r.Header.Get(h), w) {
					t.Errorf("OPTIONS %s: %s %q lacks %s", path, h, r.Header.Get(h), w)
				}
			}
		}
		if r.Header.Get("Access-Control-Max-Age") == "" {
			t.Errorf("OPTIONS %s: no Access-Control-Max-Age", path)
		}
	}
	if r := preflight("/regions/donetsk"); r.Header.Get("Access-Control-Allow-Origin") != "" || r.Header.Get("Access-Control-Allow-Headers") != "" {
		t.Errorf("OPTIONS on a page allows other sites: %v", r.Header)
	}
	for _, path := range []string{"/layers/controlled.geojson", "/ogc/collections/claimed/items?limit=3"} {
		r := get(t, path, "Origin", "https://news.example", "Range", "bytes=0-9")
		for _, w := range []string{"Content-Range", "ETag", snapshotHeader, "Content-Disposition"} {
			if !strings.Contains(r.Header.Get("Access-Control-Expose-Headers"), w) {
				t.Errorf("GET %s: Access-Control-Expose-Headers %q lacks %s", path, r.Header.Get("Access-Control-Expose-Headers"), w)
			}
		}
	}
	if r := get(t, "/nowhere"); r.StatusCode != http.StatusNotFound {
		t.Errorf("GET /nowhere: status %d, want 404", r.StatusCode)
	}
}

// TestFeatureIDsAgree checks that a feature has one id everywhere: the
// id member of the GeoJSON download, the KML placemark's id, the OGC
// item's id, and in vector tiles the id property with the MVT id hashed
// from it. The downloads are named for GIS tools' layer lists.
func TestFeatureIDsAgree(t *testing.T) {
	a := testServer(t).current().atlas
	tile := map[string]map[string]uint64{} // layer → string id → MVT id
	for _, l := range mvtLayers(t, "/tiles/0/0/0.mvt") {
		tile[l.Name] = map[string]uint64{}
		for _, f := range l.Features {
			s, _ := f.Properties[tiles.IDProperty].(string)
			n, _ := f.ID.(float64)
			tile[l.Name][s] = uint64(n)
		}
	}
	for _, name := range layerNames {
		t.Run(name, func(t *testing.T) {
			l, _ := atlas.LayerByName(name)
			r := get(t, "/layers/"+name+".geojson")
			var doc struct {
				Name     string
				Features []struct{ ID string }
			}
			if err := json.Unmarshal([]byte(body(t, r)), &doc); err != nil {
				t.Fatal(err)
			}
			want := "claimsmap-" + name
			if l.Dated {
				want += "-" + a.Snapshot
			}
			if doc.Name != want {
				t.Errorf("GeoJSON name %q, want %q", doc.Name, want)
			}
			var ids []string
			for i, f := range doc.Features {
				if f.ID == "" {
					t.Fatalf("GeoJSON feature %d has no id", i)
				}
				ids = append(ids, f.ID)
			}
			if l.Dated && !strings.HasSuffix(ids[0], "-"+a.Snapshot) {
				t.Errorf("dated feature id %q does not end with the date", ids[0])
			}
			seen := map[string]bool{}
			for _, id := range ids {
				if seen[id] {
					t.Errorf("id %q given twice", id)
				}
				seen[id] = true
			}

			var kmlDoc struct {
				Name       string `xml:"Document>name"`
				Placemarks []struct {
					ID string `xml:"id,attr"`
				} `xml:"Document>Placemark"`
			}
			if err := xml.Unmarshal([]byte(body(t, get(t, "/layers/"+name+".kml"))), &kmlDoc); err != nil {
				t.Fatal(err)
			}
			var kmlIDs []string
			for _, p := range kmlDoc.Placemarks {
				kmlIDs = append(kmlIDs, p.ID)
			}
			if !slices.Equal(kmlIDs, ids) || kmlDoc.Name != want {
				t.Errorf("KML %q placemark ids %v, want %v as in the GeoJSON", kmlDoc.Name, kmlIDs, ids)
			}

			q := "?limit=1000"
			if l.Dated {
				q += "&datetime=" + a.Snapshot
			}
			// Page by page: the gazetteer has thousands of places.
			var got []string
			for off := 0; off == 0 || off < len(ids); off += ogc.MaxLimit {
				got = append(got, ogcIDs(t, "/ogc/collections/"+name+"/items"+q+"&offset="+strconv.Itoa(off))...)
			}
			if !slices.Equal(got, ids) {
				t.Errorf("OGC item ids %v, want %v as in the GeoJSON", got, ids)
			}

			// Zoom 0 may leave out polygons smaller than its pixels.
			for s, n := range tile[name] {
				if want, _ := tiles.FeatureID(s, 0); !seen[s] || n != want {
					t.Errorf("tile 0/0/0 feature %q (MVT id %d): not a GeoJSON id, or its MVT id is not %d", s, n, want)
				}
			}
			if name == atlas.LayerPlaces && len(tile[name]) != len(ids) {
				t.Errorf("tile 0/0/0 holds %d places, want all %d", len(tile[name]), len(ids))
			}
		})
	}
}

func mvtLayers(t *testing.T, path string) mvt.Layers {
	t.Helper()
	r := get(t, path)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("%s: status %d", path, r.StatusCode)
	}
	ls, err := mvt.Unmarshal([]byte(body(t, r)))
	if err != nil {
		t.Fatal(err)
	}
	return ls
}

// TestNoRepeatedVertices checks every download and the OGC items for two
// equal vertices in a row, which rounding leaves where the overlay put
// points closer than the grid step.
func TestNoRepeatedVertices(t *testing.T) {
	a := testServer(t).current().atlas
	repeats := func(g orb.Geometry) int {
		n := 0
		for _, p := range geo.Multi(g) {
			for _, r := range p {
				for i := 1; i < len(r); i++ {
					if r[i] == r[i-1] {
						n++
					}
				}
			}
		}
		return n
	}
	for _, name := range layerNames {
		for _, q := range []string{"", "?precision=5", "?precision=3", "?simplify=1000", "?date=" + a.Dates[0]} {
			path := "/layers/" + name + ".geojson" + q
			if name == atlas.LayerBoundaries && strings.HasPrefix(q, "?date") {
				continue
			}
			if r := get(t, path); r.StatusCode != http.StatusOK {
				continue // a precision the layer cannot keep valid: TestLayerPrecision's business
			}
			for i, f := range features(t, path) {
				if n := repeats(f.Geometry); n > 0 {
					t.Errorf("%s feature %d: %d repeated vertices", path, i, n)
				}
			}
		}
		var fc struct {
			Features []*geojson.Feature
		}
		getOGCJSON(t, "/ogc/collections/"+name+"/items?limit=1000", "application/geo+json", &fc)
		for _, f := range fc.Features {
			if n := repeats(f.Geometry); n > 0 {
				t.Errorf("OGC %s item %v: %d repeated vertices", name, f.ID, n)
			}
		}
	}
}

// TestTileMetadata checks /tiles/metadata.json, the tippecanoe-style
// description GDAL's MVT driver reads in tileset mode: every value a
// string, the layers as JSON within JSON, the same as TileJSON's.
func TestTileMetadata(t *testing.T) {
	r := get(t, "/tiles/metadata.json")
	var m map[string]string
	if err := json.Unmarshal([]byte(body(t, r)), &m); err != nil || r.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %v", r.StatusCode, err)
	}
	if m["format"] != "pbf" || m["minzoom"] != "0" || m["maxzoom"] != "12" || len(strings.Split(m["bounds"], ",")) != 4 {
		t.Errorf("metadata %v", m)
	}
	var inner struct {
		VectorLayers []struct {
			ID     string
			Fields map[string]string
		} `json:"vector_layers"`
	}
	if err := json.Unmarshal([]byte(m["json"]), &inner); err != nil {
		t.Fatal(err)
	}
	if len(inner.VectorLayers) != len(atlas.Layers()) || inner.VectorLayers[0].Fields[tiles.IDProperty] != tiles.FieldString {
		t.Errorf("vector_layers %+v", inner.VectorLayers)
	}
	if r := get(t, "/tiles/metadata.json?date=2020-01-01"); r.StatusCode != http.StatusBadRequest {
		t.Errorf("with a query: status %d, want 400", r.StatusCode)
	}
}

// FuzzSatisfiable checks the Range pre-check against net/http, which
// serves what it passes: what it calls unsatisfiable, ServeContent
// refuses with 416, and what it lets through, ServeContent serves (206,
// or 200 when the ranges add up to more than the body).
func FuzzSatisfiable(f *testing.F) {
	for _, s := range []string{"bytes=0-9", "bytes=-5", "bytes=100-", "bytes=5-2", "bytes=0-0,50-60", "bytes=x", "items=0-1", "bytes=-0", "bytes= 1-2 , 3-"} {
		f.Add(s, 20)
	}
	f.Fuzz(func(t *testing.T, header string, size int) {
		if size < 0 || size > 1000 {
			return
		}
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.Header.Set("Range", header)
		rec := httptest.NewRecorder()
		http.ServeContent(rec, req, "", time.Time{}, strings.NewReader(strings.Repeat("x", size)))
		switch satisfiable(header, size) {
		case rangeUnsatisfiable:
			if rec.Code != http.StatusRequestedRangeNotSatisfiable {
				t.Errorf("Range %q, size %d: unsatisfiable, but net/http answers %d", header, size, rec.Code)
			}
		case rangeSatisfiable:
			if rec.Code != http.StatusPartialContent && rec.Code != http.StatusOK {
				t.Errorf("Range %q, size %d: satisfiable, but net/http answers %d", header, size, rec.Code)
			}
		}
	})
}

// TestVariantsKeepLayersTogether: under every ?simplify= and ?precision=,
// each claimed region's controlled, contested and claimed-not-controlled
// pieces still make up its claim, within 1 km² of gaps and of overlaps,
// and every polygon of every layer is valid. Each layer was simplified
// and rounded on its own before, which left 295 km² of gaps and 91 km² of
// overlap at simplify=1000.
func TestVariantsKeepLayersTogether(t *testing.T) {
	if testing.Short() {
		t.Skip("overlays every claimed region for several variants")
	}
	a := testServer(t).current().atlas
	variants := []string{"simplify=1000", "precision=3", "simplify=5000&precision=4", "precision=2", "simplify=200&precision=5", "precision=1"}
	dates := []string{a.Snapshot, "2022-03-25"}
	for _, date := range dates {
		for _, variant := range variants {
			t.Run(date+"/"+variant, func(t *testing.T) {
				q := "?" + variant
				if date != a.Snapshot {
					q += "&date=" + date
				}
				pieces := map[string][]orb.MultiPolygon{}
				claims := map[string]orb.MultiPolygon{}
				for _, name := range []string{atlas.LayerClaimed, atlas.LayerControlled, atlas.LayerContested, atlas.LayerClaimedNotControlled, atlas.LayerControlledNotClaimed} {
					for _, f := range features(t, "/layers/"+name+".geojson"+q) {
						region, _ := f.Properties["region"].(string)
						if f.Geometry == nil {
							t.Logf("%s %s: collapsed at this precision", name, region)
							continue
						}
						mp := geo.Multi(f.Geometry)
						if !geo.Valid(mp) {
							t.Errorf("%s %s is not a valid multipolygon", name, region)
						}
						switch {
						case name == atlas.LayerClaimed:
							claims[region] = mp
						case f.Properties["within_claim"] == true:
							pieces[region] = append(pieces[region], mp)
						}
					}
				}
				if len(claims) == 0 {
					t.Fatal("no claimed regions")
				}
				for region, claim := range claims {
					var sum float64
					for _, p := range pieces[region] {
						sum += geo.Area(p)
					}
					u, err := geo.UnionAll(pieces[region]...)
					if err != nil {
						t.Fatal(err)
					}
					overlap := sum - geo.Area(u)
					gap, err := geo.Difference(claim, u)
					if err != nil {
						t.Fatal(err)
					}
					outside, err := geo.Difference(u, claim)
					if err != nil {
						t.Fatal(err)
					}
					if g, o, out := geo.Area(gap), overlap, geo.Area(outside); g > 1 || o > 1 || out > 1 {
						t.Errorf("%s: %.1f km² of the claim in no piece, %.1f km² in two, %.1f km² of pieces outside the claim", region, g, o, out)
					}
				}
			})
		}
	}
}
