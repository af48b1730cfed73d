package web

import (
	"os"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestBrowserPlacesSearch runs axe on the places list, a place page and the
// search pages, light and dark, and checks that none of them scrolls
// sideways on a 360 px phone; where Chromium or axe-core is missing it
// skips, saying so (CI requires both).
func TestBrowserPlacesSearch(t *testing.T) {
	ctx, base := browser(t)
	if os.Getenv("CLAIMSMAP_AXE") == "" && os.Getenv("CLAIMSMAP_REQUIRE_BROWSER") == "" {
		t.Skip("set CLAIMSMAP_AXE to axe-core's axe.min.js")
	}
	pages := []string{"/places", "/places?region=donetsk&holder=russia&page=2", "/places/pokrovsk", "/places/lviv", "/search", "/search?q=Novoselivka", "/search?q=Qwxzv"}
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
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 740)); err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+p), chromedp.WaitVisible(chromedp.CSS("main"))); err != nil {
			t.Fatal(err)
		}
		over, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`))
		if err != nil {
			t.Fatal(err)
		}
		if over {
			wide, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("main *")].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth).slice(0, 5).map(e => e.tagName + "." + e.className + " " + Math.round(e.getBoundingClientRect().right))`))
			t.Errorf("%s scrolls sideways at 360 px: %v", p, wide)
		}
	}
}
