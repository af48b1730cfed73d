package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// Cross-origin access to the data (openToAll): MapLibre and web GIS
// clients fetch tiles, layers and the OGC API from other sites, and read
// them by ranges and conditionally, which takes a preflight.

// corsRequestHeaders are the request headers other sites may send: those
// of conditional and range requests and of content negotiation.
var corsRequestHeaders = []string{"Accept", "Accept-Language", "Cache-Control", "If-Match", "If-Modified-Since", "If-None-Match", "If-Range", "If-Unmodified-Since", "Range"}

// corsExposed are the response headers scripts on other sites may read
// beyond the safelisted ones: what a range or conditional reader needs,
// the file name of a download and the snapshot a response shows.
var corsExposed = []string{"Accept-Ranges", "Content-Disposition", "Content-Encoding", "Content-Length", "Content-Range", "ETag", snapshotHeader}

// allowCrossOrigin marks a data response readable from any site.
func allowCrossOrigin(h http.Header) {
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Expose-Headers", strings.Join(corsExposed, ", "))
}

// corsPreflight completes echo's answer to OPTIONS (204 with Allow, for
// any path it routes) on the data routes: other sites may send GET and
// HEAD with the headers of range and conditional requests (a browser
// asks before sending If-None-Match or a multi-part Range), and may keep
// the answer a day.
func corsPreflight(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if c.Request().Method == http.MethodOptions && openToAll(c.Request().URL.Path) {
			h := c.Response().Header()
			allowCrossOrigin(h)
			h.Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
			h.Set("Access-Control-Allow-Headers", strings.Join(corsRequestHeaders, ", "))
			h.Set("Access-Control-Max-Age", "86400")
		}
		return next(c)
	}
}
