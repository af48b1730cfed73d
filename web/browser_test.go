package web

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
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
