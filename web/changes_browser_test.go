package web

import (
	"os"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestBrowserAxeHistoryChanges runs axe on the pages with the history
// chart and on the changes pages and embed, light and dark; where Chromium
// or axe-core is missing it skips, saying so (CI requires both).
func TestBrowserAxeHistoryChanges(t *testing.T) {
	ctx, base := browser(t)
	if os.Getenv("CLAIMSMAP_AXE") == "" && os.Getenv("CLAIMSMAP_REQUIRE_BROWSER") == "" {
		t.Skip("set CLAIMSMAP_AXE to axe-core's axe.min.js")
	}
	pages := []string{"/changes?from=2022-03-25&to=2022-11-12", "/changes/kherson", "/embed/changes?theme=dark", "/regions/luhansk?date=2022-03-25"}
	for _, scheme := range []string{"light", "dark"} {
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}}); err != nil {
			t.Fatal(err)
		}
		for _, p := range pages {
			if err := chromedp.Do(ctx, chromedp.Navigate(base+p), chromedp.WaitVisible(chromedp.CSS("main"))); err != nil {
				t.Fatal(err)
			}
			axe(t, ctx, p+" ("+scheme+")")
		}
	}
}
