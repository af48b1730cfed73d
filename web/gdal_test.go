package web

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/tiles"
)

// TestGDAL reads the layer downloads and the OGC API with GDAL, the
// library under QGIS and most GIS tools, over real HTTP: what a GIS user
// would do. It needs ogrinfo (Debian's gdal-bin); CI sets
// CLAIMSMAP_REQUIRE_GDAL so that a missing GDAL fails there instead of
// skipping.
func TestGDAL(t *testing.T) {
	if _, err := exec.LookPath("ogrinfo"); err != nil {
		if os.Getenv("CLAIMSMAP_REQUIRE_GDAL") != "" {
			t.Fatalf("CLAIMSMAP_REQUIRE_GDAL is set but ogrinfo is not on PATH (%v); install gdal-bin", err)
		}
		t.Skip("ogrinfo not on PATH; install gdal-bin to read the API with GDAL")
	}
	s := testServer(t)
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	a := s.current().atlas
	t.Log(gdalRun(t, "--version"))

	t.Run("layers", func(t *testing.T) {
		for _, l := range atlas.Layers() {
			t.Run(l.Name, func(t *testing.T) {
				fc, err := a.Latest().LayerFeatures(l.Name)
				if err != nil {
					t.Fatal(err)
				}
				out := gdalRun(t, "-ro", "-so", "-al", ts.URL+"/layers/"+l.Name+".geojson")
				if got := gdalFeatureCount(t, out); got != len(fc.Features) {
					t.Errorf("Feature Count %d, want %d; ogrinfo said:\n%s", got, len(fc.Features), out)
				}
			})
		}
	})

	// KML's typed fields as GDAL reads them (LIBKML): a bool field is an
	// integer there, so the values must be 1 and 0 for the data to
	// survive; "true" was read as 0 in every placemark.
	t.Run("kml values", func(t *testing.T) {
		for _, name := range []string{atlas.LayerControlled, atlas.LayerPlaces} {
			fc, err := a.Latest().LayerFeatures(name)
			if err != nil {
				t.Fatal(err)
			}
			prop := map[string]string{atlas.LayerControlled: "within_claim", atlas.LayerPlaces: "approximate"}[name]
			want := 0
			for _, f := range fc.Features {
				if v, _ := f.Properties[prop].(bool); v {
					want++
				}
			}
			out := gdalRun(t, "-ro", "-geom=NO", "-al", ts.URL+"/layers/"+name+".kml")
			if m := regexp.MustCompile(`(?m)^Warning.*$`).FindString(out); m != "" {
				t.Errorf("%s.kml: GDAL warns: %s", name, m)
			}
			if got := strings.Count(out, "  "+prop+" (Integer) = 1\n"); got != want || want == 0 {
				t.Errorf("%s.kml: %d placemarks with %s = 1, want %d (as in the GeoJSON)", name, got, prop, want)
			}
		}
	})

	// /vsicurl/ reads a remote file by HTTP ranges, as QGIS's "Protocol:
	// HTTP(S)" source does; a server that ignores Range gets every file
	// above GDAL's first chunk refused.
	t.Run("vsicurl", func(t *testing.T) {
		places, err := a.Latest().LayerFeatures(atlas.LayerPlaces)
		if err != nil {
			t.Fatal(err)
		}
		bounds, err := a.Latest().LayerFeatures(atlas.LayerBoundaries)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			path string
			want int
		}{
			{"/layers/boundaries.geojson", len(bounds.Features)},
			{"/layers/boundaries.kml", len(bounds.Features)},
			{"/layers/places.kml", len(places.Features)},
			{"/layers/places.geojson", len(places.Features)},
			{"/layers/boundaries.geojson?precision=3", len(bounds.Features)},
		} {
			t.Run(c.path, func(t *testing.T) {
				out := gdalRun(t, "-ro", "-so", "-al", "/vsicurl/"+ts.URL+c.path)
				if got := gdalFeatureCount(t, out); got != c.want {
					t.Errorf("Feature Count %d, want %d; ogrinfo said:\n%s", got, c.want, out)
				}
				// The layer is named after the file, not "OGRGeoJSON".
				name := "claimsmap-" + strings.Split(strings.TrimPrefix(c.path, "/layers/"), ".")[0]
				if name == "claimsmap-places" {
					name += "-" + a.Snapshot
				}
				if !strings.Contains(out, "Layer name: "+name+"\n") {
					t.Errorf("layer not named %s; ogrinfo said:\n%s", name, out)
				}
			})
		}
	})

	// Tileset mode: GDAL reads /tiles/metadata.json for the layers and
	// their fields, then the tiles of one zoom within its bounds.
	t.Run("tileset", func(t *testing.T) {
		src := "MVT:" + ts.URL + "/tiles/5"
		out := gdalRun(t, "-ro", "-oo", "TILE_EXTENSION=mvt", src)
		for i, l := range atlas.Layers() {
			if !strings.Contains(out, "\n"+strconv.Itoa(i+1)+": "+l.Name+"\n") {
				t.Errorf("layer %d is not %s; ogrinfo said:\n%s", i+1, l.Name, out)
			}
		}
		places, err := a.Latest().LayerFeatures(atlas.LayerPlaces)
		if err != nil {
			t.Fatal(err)
		}
		out = gdalRun(t, "-ro", "-geom=NO", "-oo", "TILE_EXTENSION=mvt", src, atlas.LayerPlaces)
		ids := map[string]bool{}
		mvtID := regexp.MustCompile(`(?m)^  mvt_id \(Integer64\) = (\d+)$`)
		id := regexp.MustCompile(`(?m)^  id \(String\) = (\S+)$`)
		for _, f := range strings.Split(out, "OGRFeature(places):")[1:] {
			n, s := mvtID.FindStringSubmatch(f), id.FindStringSubmatch(f)
			if n == nil || s == nil {
				t.Fatalf("a place without mvt_id or id:\n%s", f)
			}
			if want, _ := tiles.FeatureID(s[1], 0); n[1] != strconv.FormatUint(want, 10) {
				t.Errorf("place %s has mvt_id %s, want %d", s[1], n[1], want)
			}
			ids[s[1]] = true
		}
		if len(ids) != len(places.Features) {
			t.Errorf("read %d places with their ids at zoom 5, want %d; ogrinfo said:\n%.3000s", len(ids), len(places.Features), out)
		}
	})

	api := "OAPIF:" + ts.URL + "/ogc"
	counts := ogcFeatureCounts(t)
	t.Run("collections", func(t *testing.T) {
		out := gdalRun(t, "-ro", api)
		for i, l := range atlas.Layers() {
			if !regexp.MustCompile(`(?m)^` + strconv.Itoa(i+1) + `: ` + regexp.QuoteMeta(l.Name) + ` `).MatchString(out) {
				t.Errorf("ogrinfo does not list collection %s as layer %d; it said:\n%s", l.Name, i+1, out)
			}
		}
	})
	for _, l := range atlas.Layers() {
		t.Run("count/"+l.Name, func(t *testing.T) {
			out := gdalRun(t, "-ro", "-so", api, l.Name)
			if got := gdalFeatureCount(t, out); got != counts[l.Name] {
				t.Errorf("Feature Count %d, want %d; ogrinfo said:\n%s", got, counts[l.Name], out)
			}
		})
		// A small page size makes GDAL read every feature through the
		// next links.
		t.Run("paged/"+l.Name, func(t *testing.T) {
			out := gdalRun(t, "-ro", "-geom=NO", "-oo", "PAGE_SIZE=7", api, l.Name)
			if got := strings.Count(out, "\nOGRFeature("+l.Name+"):"); got != counts[l.Name] {
				t.Errorf("read %d features in pages of 7, want %d; ogrinfo said:\n%.3000s", got, counts[l.Name], out)
			}
		})
	}
	// GDAL reads each collection's queryables from the API definition and
	// sends equality filters of -where to the server.
	t.Run("where", func(t *testing.T) {
		var mu sync.Mutex
		var queries []string
		rec := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			queries = append(queries, r.URL.RawQuery)
			mu.Unlock()
			s.Handler().ServeHTTP(w, r)
		}))
		defer rec.Close()
		out := gdalRun(t, "-ro", "-geom=NO", "-where", "region = 'donetsk' AND within_claim = 1", "OAPIF:"+rec.URL+"/ogc", atlas.LayerControlled)
		want := 0
		for _, d := range a.Dates {
			v, _ := a.At(d)
			fc, _ := v.LayerFeatures(atlas.LayerControlled)
			for _, f := range fc.Features {
				if f.Properties["region"] == "donetsk" && f.Properties["within_claim"] == true {
					want++
				}
			}
		}
		if got := strings.Count(out, "\nOGRFeature("); got != want {
			t.Errorf("read %d features, want %d; ogrinfo said:\n%.3000s", got, want, out)
		}
		mu.Lock()
		defer mu.Unlock()
		if !slices.ContainsFunc(queries, func(q string) bool {
			return strings.Contains(q, "region=donetsk") && strings.Contains(q, "within_claim=1")
		}) {
			t.Errorf("GDAL did not send the filter to the server; it asked %q", queries)
		}
	})
	t.Run("bbox", func(t *testing.T) {
		out := gdalRun(t, "-ro", "-geom=NO", "-spat", "33", "44.3", "35", "45", api, atlas.LayerClaimed)
		if !strings.Contains(out, "id (String) = crimea") || strings.Contains(out, "id (String) = luhansk") {
			t.Errorf("a box around Crimea's south coast should give crimea alone; ogrinfo said:\n%s", out)
		}
		// Inside Luhansk's bounding box but off the oblast. GDAL filters
		// again on its side (and counts by reading), so this shows that
		// GDAL and the server agree, not that the server is exact:
		// TestOGCBBoxMeetsGeometries checks that.
		var want int
		for _, id := range ogcIDs(t, "/ogc/collections/claimed/items?limit=1000") {
			if strings.HasPrefix(id, "donetsk-") || strings.HasPrefix(id, "zaporizhzhia-") {
				want++
			}
		}
		out = gdalRun(t, "-ro", "-geom=NO", "-spat", "37", "47.5", "38", "48.5", api, atlas.LayerClaimed)
		if got := strings.Count(out, "\nOGRFeature("); got != want || strings.Contains(out, "= luhansk") {
			t.Errorf("bbox 37,47.5,38,48.5 gave %d features, want %d (Donetsk and Zaporizhzhia on every date, no Luhansk); ogrinfo said:\n%s", got, want, out)
		}
		out = gdalRun(t, "-ro", "-so", "-spat", "37", "47.5", "38", "48.5", api, atlas.LayerClaimed)
		if got := gdalFeatureCount(t, out); got != want {
			t.Errorf("bbox 37,47.5,38,48.5: Feature Count %d, want %d; ogrinfo said:\n%s", got, want, out)
		}
	})
}

// gdalRun runs ogrinfo with args and returns its output, failing the test
// with that output if it fails or hangs.
func gdalRun(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ogrinfo", args...)
	cmd.Env = append(os.Environ(), "GDAL_HTTP_TIMEOUT=20", "CPL_DEBUG=OFF", "NO_PROXY=127.0.0.1,localhost", "no_proxy=127.0.0.1,localhost")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo %s: %v; it said:\n%s", strings.Join(args, " "), err, out)
	}
	// GDAL reports some failures on stderr and still exits 0.
	if m := regexp.MustCompile(`(?m)^(ERROR \d+:.*)$`).Find(out); m != nil {
		t.Fatalf("ogrinfo %s: %s; it said:\n%s", strings.Join(args, " "), m, out)
	}
	return string(out)
}

func gdalFeatureCount(t *testing.T, out string) int {
	t.Helper()
	m := regexp.MustCompile(`Feature Count: (-?\d+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("ogrinfo reported no feature count; it said:\n%s", out)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// TestGDALTiles reads vector tiles with GDAL's MVT driver, which clips
// each tile's polygons with GEOS and stopped on tile 8/154/89 with a
// TopologyException while the tiles carried self-intersecting polygons:
// every polygon layer of a few tiles must read without an error and have
// no geometry that SpatiaLite's ST_IsValid rejects.
func TestGDALTiles(t *testing.T) {
	if _, err := exec.LookPath("ogrinfo"); err != nil {
		if os.Getenv("CLAIMSMAP_REQUIRE_GDAL") != "" || os.Getenv("CI") != "" {
			t.Fatalf("GDAL is required here but ogrinfo is not on PATH (%v); install gdal-bin", err)
		}
		t.Skip("ogrinfo not on PATH; install gdal-bin to read the tiles with GDAL")
	}
	s := testServer(t)
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	dir := t.TempDir()
	polygonLayers := []string{atlas.LayerBoundaries, atlas.LayerClaimed, atlas.LayerControlled, atlas.LayerClaimedNotControlled, atlas.LayerControlledNotClaimed}
	for _, tile := range []string{"8/154/89", "6/38/22", "9/309/178", "10/618/355"} {
		t.Run(tile, func(t *testing.T) {
			r, err := http.Get(ts.URL + "/tiles/" + tile + ".mvt")
			if err != nil {
				t.Fatal(err)
			}
			data, err := io.ReadAll(r.Body)
			r.Body.Close()
			if err != nil || r.StatusCode != http.StatusOK {
				t.Fatalf("tile %s: status %d, %v", tile, r.StatusCode, err)
			}
			// GDAL takes z, x and y from the last three parts of the path.
			path := filepath.Join(dir, filepath.FromSlash(tile)+".mvt")
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			out := gdalRun(t, "-ro", "-al", "-so", path)
			for _, l := range polygonLayers {
				if !strings.Contains(out, "Layer name: "+l+"\n") {
					continue // not in this tile
				}
				out := gdalRun(t, "-ro", "-dialect", "SQLite", "-sql", `SELECT count(*) AS n, sum(NOT ST_IsValid(geometry)) AS bad FROM "`+l+`"`, path)
				if !strings.Contains(out, "bad (Integer) = 0\n") {
					t.Errorf("layer %s has invalid polygons; ogrinfo said:\n%s", l, out)
				}
			}
		})
	}
}

// TestGDALVariants reads simplified and rounded downloads with GDAL and
// has SpatiaLite's ST_IsValid (GEOS) check every polygon: the variants
// are snap-rounded together, so no precision is refused and none gives an
// invalid polygon. The areas adding up is TestVariantsKeepLayersTogether.
func TestGDALVariants(t *testing.T) {
	if _, err := exec.LookPath("ogrinfo"); err != nil {
		if os.Getenv("CLAIMSMAP_REQUIRE_GDAL") != "" || os.Getenv("CI") != "" {
			t.Fatalf("GDAL is required here but ogrinfo is not on PATH (%v); install gdal-bin", err)
		}
		t.Skip("ogrinfo not on PATH; install gdal-bin to read the downloads with GDAL")
	}
	s := testServer(t)
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	layerName := regexp.MustCompile(`(?m)^Layer name: (.+)$`)
	for _, variant := range []string{"simplify=1000", "precision=3", "simplify=5000&precision=2"} {
		for _, l := range []string{atlas.LayerBoundaries, atlas.LayerControlled, atlas.LayerClaimedNotControlled} {
			t.Run(variant+"/"+l, func(t *testing.T) {
				url := ts.URL + "/layers/" + l + ".geojson?" + variant
				m := layerName.FindStringSubmatch(gdalRun(t, "-ro", "-so", "-al", url))
				if m == nil {
					t.Fatalf("%s: no layer", url)
				}
				out := gdalRun(t, "-ro", "-dialect", "SQLite", "-sql", `SELECT count(*) AS n, sum(NOT ST_IsValid(geometry)) AS bad FROM "`+m[1]+`"`, url)
				if !strings.Contains(out, "bad (Integer) = 0\n") {
					t.Errorf("%s has invalid polygons; ogrinfo said:\n%s", url, out)
				}
			})
		}
	}
}
