package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// maplibrePage draws the site's vector tiles with MapLibre GL JS, from
// /tiles.json or, with the pmtiles protocol, from /tiles.pmtiles, and
// writes what the map holds once idle into #out.
const maplibrePage = `<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/maplibre/maplibre-gl.css">
<style>#map{width:800px;height:600px}</style></head><body><div id="map"></div><pre id="out">pending</pre>
<script src="/pmtiles.js"></script>
<script type="module">
const out = document.getElementById("out");
const log = { errors: [] };
try {
  const mod = await import("/maplibre/maplibre-gl.mjs");
  const ml = mod.default || mod;
  const q = new URLSearchParams(location.search), site = q.get("site");
  let url = site + "/tiles.json";
  if (q.get("pmtiles")) {
    ml.addProtocol("pmtiles", new pmtiles.Protocol().tile);
    url = "pmtiles://" + site + "/tiles.pmtiles";
  }
  const map = new ml.Map({ container: "map", center: [37.5, 48], zoom: 6, style: {
    version: 8, sources: { c: { type: "vector", url } },
    layers: [
      { id: "claimed", type: "line", source: "c", "source-layer": "claimed" },
      { id: "controlled", type: "fill", source: "c", "source-layer": "controlled" },
      { id: "places", type: "circle", source: "c", "source-layer": "places" },
    ] } });
  map.on("error", e => log.errors.push(String(e.error && e.error.message || e)));
  map.on("idle", () => {
    log.layers = {};
    for (const l of ["boundaries", "claimed", "controlled", "claimed-not-controlled", "contested", "places"]) {
      const fs = map.querySourceFeatures("c", { sourceLayer: l });
      log.layers[l] = { ids: [...new Set(fs.map(f => f.properties.id))].sort(), withoutID: fs.filter(f => f.id === undefined).length };
    }
    log.rendered = map.queryRenderedFeatures().length;
    const c = map.queryRenderedFeatures({ layers: ["controlled"] })[0];
    log.sample = c ? c.properties : null;
    out.textContent = "DONE " + JSON.stringify(log);
  });
} catch (e) { out.textContent = "FAIL " + e; }
</script></body></html>`

// TestBrowserMapLibre draws the vector tiles with MapLibre GL JS in
// Chromium (WebGL by SwiftShader), from the TileJSON and from the PMTiles
// archive, on a page of another origin, as a newsroom's map would. It
// needs maplibre-gl and pmtiles from npm: CLAIMSMAP_MAPLIBRE names
// maplibre-gl's dist directory and CLAIMSMAP_PMTILES_JS pmtiles's
// dist/pmtiles.js; without them it skips, unless
// CLAIMSMAP_REQUIRE_MAPLIBRE is set.
func TestBrowserMapLibre(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	dist, pmjs := os.Getenv("CLAIMSMAP_MAPLIBRE"), os.Getenv("CLAIMSMAP_PMTILES_JS")
	if dist == "" || pmjs == "" {
		if os.Getenv("CLAIMSMAP_REQUIRE_MAPLIBRE") != "" {
			t.Fatal("CLAIMSMAP_REQUIRE_MAPLIBRE is set but CLAIMSMAP_MAPLIBRE or CLAIMSMAP_PMTILES_JS is not (npm install maplibre-gl pmtiles)")
		}
		t.Skip("set CLAIMSMAP_MAPLIBRE to maplibre-gl's dist directory and CLAIMSMAP_PMTILES_JS to pmtiles's dist/pmtiles.js (npm install maplibre-gl pmtiles)")
	}
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("no chromium on PATH")
	}
	site := httptest.NewServer(testServer(t).Handler())
	defer site.Close()
	mux := http.NewServeMux()
	mux.Handle("/maplibre/", http.StripPrefix("/maplibre/", http.FileServer(http.Dir(dist))))
	mux.HandleFunc("/pmtiles.js", func(w http.ResponseWriter, r *http.Request) { http.ServeFile(w, r, pmjs) })
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(maplibrePage))
	})
	host := httptest.NewServer(mux) // another origin: the tiles go through CORS
	defer host.Close()

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium), chromedp.NoSandbox,
		chromedp.Flag("use-angle", "swiftshader"), chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.UserDataDir(filepath.Join(t.TempDir(), "chromium")),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel2 := chromedp.NewContext(actx)
	defer cancel2()
	ctx, cancel3 := context.WithTimeout(ctx, 90*time.Second)
	defer cancel3()

	type result struct {
		Errors []string
		Layers map[string]struct {
			IDs       []string
			WithoutID int
		}
		Rendered int
		Sample   map[string]any
	}
	load := func(query string) result {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(host.URL+"/?site="+site.URL+query)); err != nil {
			t.Fatal(err)
		}
		for range 60 {
			s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("out").textContent`))
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasPrefix(s, "FAIL") {
				t.Fatalf("%s: %s", query, s)
			}
			if rest, ok := strings.CutPrefix(s, "DONE "); ok {
				var r result
				if err := json.Unmarshal([]byte(rest), &r); err != nil {
					t.Fatal(err)
				}
				return r
			}
			time.Sleep(time.Second)
		}
		t.Fatalf("%s: MapLibre never became idle", query)
		return result{}
	}
	xyz := load("")
	if len(xyz.Errors) > 0 {
		t.Errorf("MapLibre errors from the TileJSON: %v", xyz.Errors)
	}
	// The view is the Donbas at zoom 6: Donetsk and Luhansk claimed and
	// partly held, places in them.
	a := testServer(t).current().atlas
	for _, l := range []string{"claimed", "controlled", "places"} {
		got := xyz.Layers[l]
		if len(got.IDs) == 0 || got.WithoutID > 0 {
			t.Errorf("layer %s: %d distinct ids, %d features without a feature id", l, len(got.IDs), got.WithoutID)
		}
	}
	for _, id := range []string{"donetsk-claimed-" + a.Snapshot, "luhansk-controlled-" + a.Snapshot} {
		if !strings.Contains(strings.Join(xyz.Layers[strings.Split(id, "-")[1]].IDs, " "), id) {
			t.Errorf("%s is not in the tiles MapLibre loaded", id)
		}
	}
	if v, ok := xyz.Sample["within_claim"].(bool); !ok {
		t.Errorf("within_claim of a rendered feature is %v (%T), want a boolean", v, xyz.Sample["within_claim"])
	}
	pm := load("&pmtiles=1")
	if len(pm.Errors) > 0 {
		t.Errorf("MapLibre errors from the PMTiles archive: %v", pm.Errors)
	}
	for l, want := range xyz.Layers {
		if got := pm.Layers[l]; strings.Join(got.IDs, " ") != strings.Join(want.IDs, " ") {
			t.Errorf("layer %s: %d ids from /tiles.pmtiles, %d from /tiles.json", l, len(got.IDs), len(want.IDs))
		}
	}
}
