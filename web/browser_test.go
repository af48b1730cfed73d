package web

import (
	"context"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/claimsmap/claimsmap/internal/defaultdata"
	"github.com/claimsmap/claimsmap/static"
)

// browser starts headless Chromium against a test server of the default
// dataset. Where no Chromium is installed the test is skipped, unless
// CLAIMSMAP_REQUIRE_BROWSER is set (CI sets it), where it fails.
func browser(t *testing.T) (ctx context.Context, base string) {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	path := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		if os.Getenv("CLAIMSMAP_REQUIRE_BROWSER") != "" {
			t.Fatal("no Chromium found, and CLAIMSMAP_REQUIRE_BROWSER is set: apt-get install chromium")
		}
		t.Skip("no Chromium on PATH: install Debian's chromium to run the browser tests (CI does)")
	}
	ts := httptest.NewServer(testServer(t).Handler())
	t.Cleanup(ts.Close)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancel3)
	return ctx, ts.URL
}

// TestBrowserKeyboardToRegion is what a keyboard user does: open the map,
// tab to the Donetsk region, press Enter, and read its figures.
func TestBrowserKeyboardToRegion(t *testing.T) {
	ctx, base := browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("svg.map-svg"))); err != nil {
		t.Fatal(err)
	}
	found := false
	for i := 0; i < 60 && !found; i++ {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.activeElement && document.activeElement.getAttribute("data-region")) || ""`))
		if err != nil {
			t.Fatal(err)
		}
		found = focused == "donetsk"
	}
	if !found {
		t.Fatal("tabbing through the page never focused the Donetsk region")
	}
	name, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.getAttribute("aria-label")`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(name, "Donetsk: claimed by Russia") {
		t.Errorf("focused region's accessible name = %q", name)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(chromedp.CSS("dl.facts"))); err != nil {
		t.Fatal(err)
	}
	url, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(url, "/regions/donetsk") {
		t.Errorf("Enter led to %s, want /regions/donetsk", url)
	}
	h1, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h1, "Donetsk Oblast") {
		t.Errorf("h1 = %q", h1)
	}
	figures, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("dl.facts")))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"Held by Russian forces", "km²", "of the region"} {
		if !strings.Contains(figures, w) {
			t.Errorf("figures lack %q: %q", w, figures)
		}
	}
}

// TestBrowserWithoutJavaScript checks the map is complete with scripts off:
// regions drawn and linked, no zoom buttons (they need the script).
func TestBrowserWithoutJavaScript(t *testing.T) {
	ctx, base := browser(t)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("svg.map-svg"))); err != nil {
		t.Fatal(err)
	}
	regions, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSSAll("svg a.region")))
	if err != nil {
		t.Fatal(err)
	}
	if len(regions) != 5 {
		t.Errorf("%d region links without JavaScript, want 5", len(regions))
	}
	buttons, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".map-controls button").length`))
	if err != nil {
		t.Fatal(err)
	}
	if buttons != 0 {
		t.Errorf("%d zoom buttons without JavaScript, want none", buttons)
	}
}

// TestBrowserArticleToRegion follows a mention from the article to its
// region and finds the passage there with the mention highlighted.
func TestBrowserArticleToRegion(t *testing.T) {
	ctx, base := browser(t)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/articles/alaska-summit-2025-08-08"),
		chromedp.WaitVisible(chromedp.CSS(`#p5 a.mention[href="/regions/zaporizhzhia"]`)),
	); err != nil {
		t.Fatal(err)
	}
	// Hovering the passage lights up its regions on the map.
	box, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => {
		const el = document.querySelector("#p5");
		el.scrollIntoView();
		const r = el.getBoundingClientRect();
		return [r.left + r.width / 2, r.top + r.height / 2];
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, box[0], box[1])); err != nil {
		t.Fatal(err)
	}
	lit, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#article-map a.region.hover").length`))
	if err != nil {
		t.Fatal(err)
	}
	if lit != 5 {
		t.Errorf("focusing passage p5 lit %d regions on the map, want 5", lit)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#p5 a.mention[href="/regions/zaporizhzhia"]`)),
		chromedp.WaitVisible(chromedp.CSS("#news-h")),
	); err != nil {
		t.Fatal(err)
	}
	url, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(url, "/regions/zaporizhzhia") {
		t.Fatalf("the mention led to %s", url)
	}
	marked, err := chromedp.Run(ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll(".quote mark")).map(m => m.textContent + " -> " + m.querySelector("a").getAttribute("href")).join("; ")`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(marked, "Zaporizhzhia -> /articles/alaska-summit-2025-08-08#p5") {
		t.Errorf("highlighted mentions on the region page: %q", marked)
	}
}

// liveServer serves the default dataset on a real loopback port with its
// base URL set to that address, so that the snippets it writes work.
func liveServer(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + l.Addr().String()
	s, err := New(Config{BaseURL: base, Data: defaultdata.FS(), Static: static.FS()})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(s.Handler())
	ts.Listener.Close()
	ts.Listener = l
	ts.Start()
	t.Cleanup(ts.Close)
	return base
}

// axe runs axe-core in the page and fails on any violation. axe-core is an
// npm package: CI installs it and names its axe.min.js in CLAIMSMAP_AXE.
func axe(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	path := os.Getenv("CLAIMSMAP_AXE")
	if path == "" {
		if os.Getenv("CLAIMSMAP_REQUIRE_BROWSER") != "" {
			t.Fatal("CLAIMSMAP_AXE is not set: point it at axe-core's axe.min.js (npm install axe-core)")
		}
		t.Logf("axe check of %s skipped: set CLAIMSMAP_AXE to axe-core's axe.min.js", what)
		return
	}
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(src)+";true")); err != nil {
		t.Fatal(err)
	}
	res, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}).then(r => JSON.stringify(r.violations.map(v => v.id + ": " + v.help + " (" + v.nodes.map(n => n.target.join(" ")).slice(0, 3).join(", ") + ")")))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if res != "[]" {
		t.Errorf("axe found violations on %s: %s", what, res)
	}
}

// TestBrowserEmbedInHostPage puts the iframe snippet into a plain page on
// another origin, at a phone's width and a desktop's, and checks that the
// host script sizes the iframe to the embed, that the legend is visible,
// and that the page passes axe.
func TestBrowserEmbedInHostPage(t *testing.T) {
	ctx, _ := browser(t)
	base := liveServer(t)
	srv := testServer(t)
	snippet := srv.iframeSnippet(base+"/embed/donetsk", "Map: Donetsk Oblast, claim and control", 1200, embedHeight(1200))
	snippet = strings.ReplaceAll(snippet, "https://claimsmap.example", base)
	host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>A report</title>
<style>body{margin:0;padding:8px;font-family:sans-serif}</style></head>
<body><main><h1>A report</h1><p>Text before the map.</p>%s<p>Text after the map.</p></main></body></html>`, snippet)
	}))
	t.Cleanup(host.Close)

	for _, width := range []int64{360, 600, 1200} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			// What the embed measures on its own at the iframe's width, in a
			// window tall enough not to constrain it.
			inner := width - 16
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(inner, 3000), chromedp.Navigate(base+"/embed/donetsk"), chromedp.WaitReady(chromedp.CSS("main"))); err != nil {
				t.Fatal(err)
			}
			want, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`Math.ceil(document.documentElement.getBoundingClientRect().height)`))
			if err != nil {
				t.Fatal(err)
			}
			// The embed shows one of its two maps, by its width.
			const shown = `[...document.querySelectorAll("figure.map")].filter(f => f.getClientRects().length > 0)`
			legend, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const f = `+shown+`; if (f.length !== 1) return [0, 0, 0, 0]; const r = f[0].querySelector(".legend-html").getBoundingClientRect(); return [r.width, r.height, r.bottom, f[0].querySelector(".map-svg").getBoundingClientRect().height]; })()`))
			if err != nil {
				t.Fatal(err)
			}
			if legend[0] == 0 || legend[1] == 0 || legend[2] > want {
				t.Errorf("legend not visible in the embed at %d px: %v (page %.0f px)", inner, legend, want)
			}
			if legend[3] < float64(inner)*mapHeight/mapWidth*0.95 {
				t.Errorf("map is %.0f px tall at %d px wide: it should fill the width", legend[3], inner)
			}
			// Every label of the map shown is at least 11 px on screen.
			small, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => {
				const out = [];
				for (const f of `+shown+`) for (const t of f.querySelectorAll("svg text")) {
					if (!t.getClientRects().length || !t.textContent.trim()) continue;
					const px = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
					if (px < 10.95) out.push(t.textContent + " " + px.toFixed(1));
				}
				return out.slice(0, 5);
			})()`))
			if err != nil {
				t.Fatal(err)
			}
			if len(small) > 0 {
				t.Errorf("at %d px the embed's map draws labels under 11 px: %v", inner, small)
			}

			if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(host.URL), chromedp.WaitVisible(chromedp.CSS("iframe"))); err != nil {
				t.Fatal(err)
			}
			var got float64
			for i := 0; i < 50; i++ {
				got, err = chromedp.Run(ctx, chromedp.Evaluate[float64](`document.querySelector("iframe").getBoundingClientRect().height`))
				if err != nil {
					t.Fatal(err)
				}
				if math.Abs(got-want) <= 2 {
					break
				}
				time.Sleep(100 * time.Millisecond)
			}
			if math.Abs(got-want) > 2 {
				t.Errorf("at %d px the iframe is %.0f px tall, the embed %.0f px", width, got, want)
			}
			frameW, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.querySelector("iframe").getBoundingClientRect().width`))
			if err != nil {
				t.Fatal(err)
			}
			if frameW > float64(width) {
				t.Errorf("iframe %.0f px wide in a %d px page", frameW, width)
			}
			axe(t, ctx, fmt.Sprintf("the host page at %d px", width))
			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/embed/donetsk"), chromedp.WaitReady(chromedp.CSS("main"))); err != nil {
				t.Fatal(err)
			}
			axe(t, ctx, fmt.Sprintf("the embed at %d px", width))
		})
	}
}

// TestBrowserAxe runs axe on every kind of page, light and dark.
func TestBrowserAxe(t *testing.T) {
	ctx, base := browser(t)
	if os.Getenv("CLAIMSMAP_AXE") == "" && os.Getenv("CLAIMSMAP_REQUIRE_BROWSER") == "" {
		t.Skip("set CLAIMSMAP_AXE to axe-core's axe.min.js")
	}
	pages := []string{"/", "/regions/donetsk", "/regions/crimea", "/articles/alaska-summit-2025-08-08", "/places", "/layers", "/about", "/ogc?f=html", "/share?region=kherson", "/regions/atlantis",
		"/places/pokrovsk", "/search?q=pokrovsk", "/articles",
		// a zoomed view the script swaps in, with its towns and their links
		"/regions/donetsk#view=4/48.0350/37.8082"}
	for _, scheme := range []string{"light", "dark"} {
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}}); err != nil {
			t.Fatal(err)
		}
		for _, p := range pages {
			if err := chromedp.Do(ctx, chromedp.Navigate(base+p), chromedp.WaitVisible(chromedp.CSS("main"))); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(p, "#view=") {
				for i := 0; i < 100; i++ {
					z, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#map svg.map-svg").getAttribute("data-zoom")`))
					if z == "4" {
						break
					}
					time.Sleep(50 * time.Millisecond)
				}
			}
			axe(t, ctx, p+" ("+scheme+")")
		}
	}
}

// TestBrowserTimeline moves the timeline slider as a reader does and sees
// the map, the legend's date and the figures change in place, and the
// address follow; the back button returns to the latest snapshot.
func TestBrowserTimeline(t *testing.T) {
	ctx, base := browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(".timeline-slider"))); err != nil {
		t.Fatal(err)
	}
	type state struct {
		URL, Legend, Total, Map string
		Slider                  string
	}
	read := func() state {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[state](`(() => ({
			URL: location.pathname + location.search,
			Legend: (document.querySelector("svg.map-svg .legend-title") || {}).textContent || "",
			Total: (document.querySelector(".figures-table tfoot") || document.querySelector(".figures-table") || {}).textContent || "",
			Map: (document.querySelector("svg.map-svg") || {}).innerHTML || "",
			Slider: (document.querySelector(".timeline-slider") || {}).value || "",
		}))()`))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	before := read()
	if !strings.Contains(before.Legend, "8 August 2025") {
		t.Fatalf("legend before moving the timeline: %q", before.Legend)
	}
	// Move the slider to the first snapshot, as dragging it does.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const s = document.querySelector(".timeline-slider"); s.focus(); s.value = "0"; s.dispatchEvent(new Event("input", {bubbles: true})); s.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`)); err != nil {
		t.Fatal(err)
	}
	var after state
	for i := 0; i < 100; i++ {
		if after = read(); strings.Contains(after.Legend, "18 March 2014") {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(after.Legend, "18 March 2014") {
		t.Fatalf("legend after moving the timeline to the first snapshot: %q", after.Legend)
	}
	if after.URL != "/?date=2014-03-18" {
		t.Errorf("address after moving the timeline: %q, want /?date=2014-03-18", after.URL)
	}
	if after.Total == before.Total || after.Map == before.Map {
		t.Error("the figures or the map did not change with the date")
	}
	if after.Slider != "0" {
		t.Errorf("slider at %q after the page changed, want 0", after.Slider)
	}
	if focused, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.activeElement && document.activeElement.classList.contains("timeline-slider")`)); !focused {
		t.Error("the slider lost the keyboard focus when the page changed")
	}
	if err := chromedp.Do(ctx, chromedp.NavigateBack()); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 100; i++ {
		if after = read(); strings.Contains(after.Legend, "8 August 2025") {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if after.URL != "/" || !strings.Contains(after.Legend, "8 August 2025") {
		t.Errorf("after the back button: %q, legend %q", after.URL, after.Legend)
	}
}

// TestBrowserPhone opens the pages at a phone's width (390 px): nothing
// is wider than the screen, so no table or map is cut off, and the map
// takes the one-finger swipe as a page scroll (touch-action) while two
// fingers are left to the script's pinch.
func TestBrowserPhone(t *testing.T) {
	ctx, base := browser(t)
	// Every kind of page, at the narrowest common phone width.
	for _, p := range []string{"/", "/regions/donetsk", "/articles/alaska-summit-2025-08-08", "/about", "/changes",
		"/places", "/places/pokrovsk", "/search?q=pokrovsk", "/articles", "/layers", "/share", "/regions/donetsk/named",
		"/changes/donetsk"} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 780, chromedp.EmulateMobile), chromedp.Navigate(base+p), chromedp.WaitReady(chromedp.CSS("main"))); err != nil {
			t.Fatal(err)
		}
		wide, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => {
			const w = document.documentElement.clientWidth, out = [];
			document.querySelectorAll("main *").forEach(el => {
				const r = el.getBoundingClientRect();
				if (r.right > w + 1 && !el.closest(".table-wrap") && getComputedStyle(el).position !== "fixed") out.push(el.tagName + "." + el.className + " " + Math.round(r.right));
			});
			return out.slice(0, 5);
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		if len(wide) > 0 {
			t.Errorf("%s at 360 px: wider than the screen: %v", p, wide)
		}
		if scrolls, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`)); err != nil || scrolls {
			t.Errorf("%s at 360 px: the page scrolls sideways (%v)", p, err)
		}
		if strings.HasPrefix(p, "/articles/") {
			first, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector(".article-figure svg.map-svg").getBoundingClientRect().top < document.querySelector("article .passage:not(.headline)").getBoundingClientRect().top`))
			if err != nil {
				t.Fatal(err)
			}
			if !first {
				t.Errorf("%s at 360 px: the map comes after the article's text", p)
			}
			// Scrolled to a passage far down, the map is still on screen.
			inView, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
				const ps = document.querySelectorAll("article .passage");
				ps[ps.length - 1].scrollIntoView();
				const r = document.querySelector(".article-figure svg.map-svg").getBoundingClientRect();
				return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 100;
			})()`))
			if err != nil {
				t.Fatal(err)
			}
			if !inView {
				t.Errorf("%s at 360 px: the map leaves the screen while the last passage is read", p)
			}
		}
		// Each label of the share form sits just above its control.
		apart, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".share-form select")].filter(sel => {
			const l = sel.labels && sel.labels[0];
			if (!l) return true;
			const a = l.getBoundingClientRect(), b = sel.getBoundingClientRect();
			return !(b.top >= a.bottom - 1 && b.top - a.bottom < 8 && Math.abs(a.left - b.left) < 2);
		}).map(sel => sel.id)`))
		if err != nil {
			t.Fatal(err)
		}
		if len(apart) > 0 {
			t.Errorf("%s at 360 px: the share form's labels are not with their controls: %v", p, apart)
		}
		ta, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector("svg.map-svg") && getComputedStyle(document.querySelector("svg.map-svg")).touchAction) || "none found"`))
		if err != nil {
			t.Fatal(err)
		}
		if ta != "none found" && !strings.Contains(ta, "pan-y") {
			t.Errorf("%s: the map's touch-action is %q: a one-finger swipe would not scroll the page", p, ta)
		}
	}
}

// TestBrowserKeyboardZoom: with a region of the map focused, + zooms and
// the server's view of the closer scale is swapped in, with towns that were
// not there, labels of the same size on screen and a scale bar that
// changed; the arrows pan; the address keeps the view, which a reload
// restores; 0 returns to the whole map and the back button to the zoom.
func TestBrowserKeyboardZoom(t *testing.T) {
	ctx, base := browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/regions/donetsk"), chromedp.WaitVisible(chromedp.CSS(".map-controls"))); err != nil {
		t.Fatal(err)
	}
	type state struct {
		Zoom   float64  `json:"zoom"`
		Towns  []string `json:"towns"`
		Scale  string   `json:"scale"`
		Height float64  `json:"height"`
		Hash   string   `json:"hash"`
	}
	read := func() state {
		st, err := chromedp.Run(ctx, chromedp.Evaluate[state](`(() => {
			const svg = document.querySelector("#map svg.map-svg");
			const towns = [...svg.querySelectorAll(".towns text")];
			return {
				zoom: +svg.getAttribute("data-zoom"),
				towns: towns.map(t => t.textContent),
				scale: svg.querySelector(".scale text").textContent,
				height: towns.length ? towns[0].getBoundingClientRect().height : 0,
				hash: location.hash,
			};
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	// wait polls until the map is drawn at zoom z.
	wait := func(z float64) state {
		for i := 0; i < 100; i++ {
			if st := read(); st.Zoom == z {
				return st
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("the map never showed zoom %g: %+v", z, read())
		return state{}
	}
	focus := func() {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(document.querySelector("#map svg.map-svg a.region[data-region=donetsk]").focus(), true)`)); err != nil {
			t.Fatal(err)
		}
	}
	start := wait(1)
	if len(start.Towns) == 0 {
		t.Fatal("the region's map draws no towns")
	}
	focus()
	if err := chromedp.Do(ctx, chromedp.KeyEvent("+"), chromedp.KeyEvent("+")); err != nil {
		t.Fatal(err)
	}
	zoomed := wait(4)
	var added []string
	for _, n := range zoomed.Towns {
		if !slices.Contains(start.Towns, n) {
			added = append(added, n)
		}
	}
	if len(added) < 5 {
		t.Errorf("zooming in added %d town labels (%v); want several", len(added), added)
	}
	if math.Abs(zoomed.Height-start.Height) > 0.5 {
		t.Errorf("a town label is %.1f px tall zoomed in, %.1f px on the whole view: labels must keep their size", zoomed.Height, start.Height)
	}
	if zoomed.Scale == start.Scale {
		t.Errorf("the scale bar says %q at both zooms", zoomed.Scale)
	}
	if !strings.HasPrefix(zoomed.Hash, "#view=4/") {
		t.Errorf("the address keeps no view: hash %q", zoomed.Hash)
	}
	// The redraw keeps the keyboard's place: the region still has the
	// focus, so the next key goes on working.
	still, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.activeElement && document.activeElement.matches("#map svg.map-svg a.region[data-region=donetsk]")`))
	if err != nil {
		t.Fatal(err)
	}
	if !still {
		t.Error("the region lost the keyboard focus when the zoomed map was drawn")
	}
	focus()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowRight)); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 100 && read().Hash == zoomed.Hash; i++ {
		time.Sleep(100 * time.Millisecond)
	}
	panned := read()
	if panned.Hash == zoomed.Hash {
		t.Fatalf("the right arrow did not move the view: %q", panned.Hash)
	}

	// The address restores the view.
	url, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/about"), chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(".map-controls"))); err != nil {
		t.Fatal(err)
	}
	if restored := wait(4); restored.Hash != panned.Hash || !slices.Equal(restored.Towns, panned.Towns) {
		t.Errorf("reloading %s showed %+v, want %+v", url, restored, panned)
	}

	focus()
	if err := chromedp.Do(ctx, chromedp.KeyEvent("0")); err != nil {
		t.Fatal(err)
	}
	if back := wait(1); back.Hash != "" || !slices.Equal(back.Towns, start.Towns) {
		t.Errorf("after 0: %+v, want the whole map %+v", back, start)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(history.back(), true)`)); err != nil {
		t.Fatal(err)
	}
	if again := wait(4); again.Hash != panned.Hash {
		t.Errorf("back after 0 showed %q, want %q", again.Hash, panned.Hash)
	}
}

// TestBrowserTooltips: hovering a region shows its figures in a tooltip,
// focusing it by keyboard shows them too, and Escape hides them.
func TestBrowserTooltips(t *testing.T) {
	ctx, base := browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(".map-controls"))); err != nil {
		t.Fatal(err)
	}
	tipText := func() string {
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const t = document.querySelector(".map-tip"); return t && !t.hidden ? t.textContent : ""; })()`))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	box, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => {
		const r = document.querySelector('svg.map-svg a.region[data-region="donetsk"] .controlled').getBoundingClientRect();
		return [r.left + r.width / 2, r.top + r.height / 2];
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, box[0], box[1])); err != nil {
		t.Fatal(err)
	}
	if tip := tipText(); !strings.Contains(tip, "Donetsk") || !strings.Contains(tip, "km²") || !strings.Contains(tip, "%") {
		t.Errorf("hovering Donetsk shows tooltip %q, want its figures", tip)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape)); err != nil {
		t.Fatal(err)
	}
	if tip := tipText(); tip != "" {
		t.Errorf("after Escape the tooltip still says %q", tip)
	}
	// The keyboard, as a reader uses it: Tab to the first region.
	region := ""
	for i := 0; i < 60 && region == ""; i++ {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		if region, err = chromedp.Run(ctx, chromedp.Evaluate[string](`(document.activeElement && document.activeElement.getAttribute("data-region")) || ""`)); err != nil {
			t.Fatal(err)
		}
	}
	if region == "" {
		t.Fatal("Tab never reached a region of the map")
	}
	name, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.getAttribute("aria-label").split(":")[0]`))
	if err != nil {
		t.Fatal(err)
	}
	if tip := tipText(); !strings.Contains(tip, name) || !strings.Contains(tip, "km²") {
		t.Errorf("focusing %s by keyboard shows tooltip %q, want its figures", name, tip)
	}
}

// TestBrowserSharePreview: on /share, a change of choice updates the code
// and the preview in place, and the address follows.
func TestBrowserSharePreview(t *testing.T) {
	ctx, base := browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/share"), chromedp.WaitVisible(chromedp.CSS(".share-preview iframe"))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const s = document.querySelector("#share-region"); s.value = "donetsk"; return s.dispatchEvent(new Event("change", {bubbles: true})); })()`)); err != nil {
		t.Fatal(err)
	}
	var src, code, loc string
	for i := 0; i < 50; i++ {
		src, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".share-preview iframe").getAttribute("src")`))
		if strings.Contains(src, "/embed/donetsk") {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	code, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#share-iframe").value`))
	loc, _ = chromedp.Run(ctx, chromedp.Location())
	if !strings.Contains(src, "/embed/donetsk") || !strings.Contains(code, "/embed/donetsk") || !strings.Contains(loc, "region=donetsk") {
		t.Errorf("after choosing Donetsk: preview %q, code %q, address %q", src, code, loc)
	}
}
