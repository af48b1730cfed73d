package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
)

// response is a body encoded once and served many times: its gzip form and
// strong ETag are computed when it is made, never per request.
type response struct {
	body        []byte
	gz          []byte
	etag        string
	contentType string
	cache       string // Cache-Control
	disposition string // Content-Disposition, for downloads
}

func newResponse(body []byte, contentType, cacheControl string) *response {
	sum := sha256.Sum256(body)
	r := &response{
		body:        body,
		etag:        `"` + hex.EncodeToString(sum[:12]) + `"`,
		contentType: contentType,
		cache:       cacheControl,
	}
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	zw.Write(body)
	zw.Close()
	// Tiny bodies can grow under gzip; serve them plain.
	if b.Len() < len(body) {
		r.gz = b.Bytes()
	}
	return r
}

// Cache lifetimes.
const (
	cachePage      = "public, max-age=300"
	cacheImmutable = "public, max-age=31536000, immutable"
)

// serve writes r, answering conditional requests with 304 and clients that
// accept gzip with the precompressed body. HEAD gets the same headers and
// no body (net/http discards it).
func (r *response) serve(c echo.Context) error {
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, r.contentType)
	h.Set("ETag", r.etag)
	h.Set("Cache-Control", r.cache)
	h.Add("Vary", "Accept-Encoding")
	if r.disposition != "" {
		h.Set("Content-Disposition", r.disposition)
	}
	if inm := c.Request().Header.Get("If-None-Match"); etagMatch(inm, r.etag) || (r.gz != nil && etagMatch(inm, r.gzETag())) {
		return c.NoContent(http.StatusNotModified)
	}
	body := r.body
	if r.gz != nil && acceptsGzip(c.Request().Header.Get("Accept-Encoding")) {
		h.Set("Content-Encoding", "gzip")
		// Another representation, another strong validator (RFC 9110 8.8.3).
		h.Set("ETag", r.gzETag())
		body = r.gz
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	return c.Blob(http.StatusOK, r.contentType, body)
}

func (r *response) gzETag() string { return strings.TrimSuffix(r.etag, `"`) + `-gz"` }

func etagMatch(header, etag string) bool {
	if header == "" {
		return false
	}
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}

func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(name) != "gzip" && strings.TrimSpace(name) != "*" {
			continue
		}
		params = strings.ReplaceAll(params, " ", "")
		return params != "q=0" && params != "q=0.0" && params != "q=0.00" && params != "q=0.000"
	}
	return false
}
