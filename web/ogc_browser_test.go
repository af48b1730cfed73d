package web

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserOGCItemsNarrow opens the data API's HTML pages at 360 px,
// the narrowest phone in common use: the page itself must not scroll
// sideways (a wide table scrolls inside its own box), and the map of an
// items page fits the screen.
func TestBrowserOGCItemsNarrow(t *testing.T) {
	ctx, base := browser(t)
	for _, p := range []string{
		"/ogc/collections/controlled/items?f=html",
		"/ogc/collections/places/items?f=html&limit=50",
		"/ogc/collections/claimed/items?f=html&sortby=-area_km2",
		"/ogc/collections/controlled/items/donetsk-controlled-2025-08-08?f=html",
		"/ogc/collections?f=html",
	} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile), chromedp.Navigate(base+p), chromedp.WaitReady(chromedp.CSS("main"))); err != nil {
			t.Fatal(err)
		}
		over, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - document.documentElement.clientWidth`))
		if err != nil {
			t.Fatal(err)
		}
		mapRight, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(() => { const m = document.querySelector(".ogc-map svg"); return m ? m.getBoundingClientRect().right : 0 })()`))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(p, "/items?") && (mapRight == 0 || mapRight > 360) {
			t.Errorf("%s at 360 px: the map's right edge is at %g px (0: no map)", p, mapRight)
		}
		if over > 0 {
			wide, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => {
				const w = document.documentElement.clientWidth, out = [];
				document.querySelectorAll("body *").forEach(el => {
					const r = el.getBoundingClientRect();
					if (r.right > w + 1 && !el.closest(".table-wrap")) out.push(el.tagName + "." + el.className + " " + Math.round(r.right));
				});
				return out.slice(0, 8);
			})()`))
			t.Errorf("%s at 360 px: the page scrolls sideways by %d px: %v", p, over, wide)
		}
		if strings.Contains(p, "/items?") {
			axe(t, ctx, p+" at 360 px")
		}
	}
}
