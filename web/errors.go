package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/claimsmap/claimsmap/internal/dataset"
	"github.com/claimsmap/claimsmap/internal/ogc"
	"github.com/claimsmap/claimsmap/internal/quote"
	"github.com/claimsmap/claimsmap/web/view"
)

// problem is an RFC 9457 problem document.
type problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail,omitempty"`
	Instance string `json:"instance,omitempty"`
}

// handleError is the one place errors become responses: problem JSON for
// data and API clients, an HTML page for people. Only server faults are
// logged; a 404 is the client's business.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, msg := http.StatusInternalServerError, "Something went wrong on our side. It has been logged; please try again later."
	var he *echo.HTTPError
	if errors.Is(err, dataset.ErrDeferredInvalid) {
		// A layer of an older date that the server validates after start
		// failed: the operator's fault to fix, not the reader's, and the
		// other dates are served.
		status, msg = http.StatusServiceUnavailable, "This date's control layer cannot be served: it failed the dataset's validation, which has been logged for the site's operator. Other dates are served."
	} else if errors.As(err, &he) {
		status = he.Code
		if m, ok := he.Message.(string); ok && m != "" && m != http.StatusText(status) {
			msg = m
		} else {
			// echo's own errors (no route, wrong method) carry only the
			// status text.
			msg = friendly(status)
		}
	}
	msg = quote.Clip(msg, 600)
	path := quote.Clip(c.Request().URL.Path, 200)
	if status >= 500 && status != http.StatusNotImplemented {
		s.log.Error("request failed", "method", c.Request().Method, "uri", c.Request().RequestURI, "status", status, "err", err)
	}
	// Where Accept chose between the two, a cache must keep them apart.
	if h := c.Response().Header(); !varies(h, "Accept") {
		h.Add("Vary", "Accept")
	}
	if wantsJSON(c.Request()) {
		b, _ := json.Marshal(problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: msg, Instance: path})
		c.Blob(status, "application/problem+json", b)
		return
	}
	var buf bytes.Buffer
	p := view.ErrorPage{
		Page:    view.Page{Title: http.StatusText(status), Path: path, BaseURL: s.cfg.BaseURL, Assets: s.assets.view(), Error: true},
		Status:  status,
		Heading: heading(status),
		Message: msg,
	}
	if rerr := view.Error(p).Render(c.Request().Context(), &buf); rerr != nil {
		c.String(status, msg)
		return
	}
	c.HTMLBlob(status, buf.Bytes())
}

func wantsJSON(r *http.Request) bool {
	switch {
	case strings.HasPrefix(r.URL.Path, "/layers/"), strings.HasPrefix(r.URL.Path, "/oembed"),
		strings.HasPrefix(r.URL.Path, "/tiles"), strings.HasPrefix(r.URL.Path, "/stats."),
		strings.HasPrefix(r.URL.Path, "/map/"), r.URL.Path == "/changes.geojson":
		return true
	case r.URL.Path == "/ogc" || strings.HasPrefix(r.URL.Path, "/ogc/"):
		f, _ := ogcNegotiate(r)
		return f == ogc.JSON
	case r.URL.Path == "/search" && r.URL.Query().Get("f") == "json":
		// The search's JSON answers its errors in JSON too.
		return true
	}
	accept := r.Header.Get("Accept")
	return strings.Contains(accept, "json") && !strings.Contains(accept, "text/html")
}

func heading(status int) string {
	switch status {
	case http.StatusNotFound:
		return "Page not found"
	case http.StatusBadRequest:
		return "That request could not be understood"
	case http.StatusMethodNotAllowed:
		return "Method not allowed"
	}
	if status >= 500 {
		return "Server error"
	}
	return http.StatusText(status)
}

func friendly(status int) string {
	switch status {
	case http.StatusNotFound:
		return "There is nothing at this address. The map, the regions and the data are linked from the home page."
	case http.StatusMethodNotAllowed:
		return "This address only answers GET and HEAD."
	}
	return http.StatusText(status)
}

// varies reports whether h's Vary already names field.
func varies(h http.Header, field string) bool {
	for _, v := range h.Values("Vary") {
		for _, f := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(f), field) {
				return true
			}
		}
	}
	return false
}
