package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

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
	r := &response{body: body, etag: etagOf(body), contentType: contentType, cache: cacheControl}
	r.gz = gzipped(body, gzip.BestCompression)
	return r
}

// oneOff is the response of a body encoded for one request alone (a
// filtered page of features): it gets an ETag all the same, so that a client asking
// again gets 304, but is compressed only for a client that takes gzip,
// and at the default level, which on GeoJSON takes half the time of the
// best for a body within 1% of its size.
func oneOff(c echo.Context, body []byte, contentType, cacheControl string) *response {
	r := &response{body: body, etag: etagOf(body), contentType: contentType, cache: cacheControl}
	if h := c.Request().Header; h.Get("Range") == "" && acceptsGzip(h.Get("Accept-Encoding")) {
		r.gz = gzipped(body, gzip.DefaultCompression)
	}
	return r
}

func etagOf(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}

// gzipped compresses body, or returns nil when that does not make it
// smaller (tiny bodies can grow under gzip; they are served plain).
func gzipped(body []byte, level int) []byte {
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, level) // only fails for a bad level
	zw.Write(body)
	zw.Close()
	if b.Len() >= len(body) {
		return nil
	}
	return b.Bytes()
}

// Cache lifetimes.
const (
	cachePage      = "public, max-age=300"
	cacheImmutable = "public, max-age=31536000, immutable"
)

// serve writes r through http.ServeContent, which answers conditional
// requests (If-None-Match with 304, If-Range) and byte ranges (206, 416)
// the way GIS clients rely on: GDAL's /vsicurl/, and QGIS built on it,
// read a remote file by ranges and refuse one served whole.
//
// Clients that accept gzip get the precompressed body, but a range always
// counts bytes of the identity body: a client asking for bytes 1000-1999
// means the file's bytes, and a range of a gzip stream is no use to it.
// The representation is chosen first, so the 304 carries the ETag the 200
// would have. HEAD gets the same headers and no body.
func (r *response) serve(c echo.Context) error {
	req := c.Request()
	if rg := req.Header.Get("Range"); rg != "" {
		ir := req.Header.Get("If-Range")
		switch satisfiable(rg, len(r.body)) {
		case rangeInvalid:
			// RFC 9110 14.2: a Range that does not parse is ignored
			// (net/http would answer 416).
			req.Header.Del("Range")
		case rangeUnsatisfiable:
			if ir == "" || ir == r.etag {
				// Answered here, not by ServeContent, so that the API and
				// the downloads say it in problem JSON like any 4xx.
				c.Response().Header().Set("Content-Range", fmt.Sprintf("bytes */%d", len(r.body)))
				return echo.NewHTTPError(http.StatusRequestedRangeNotSatisfiable, fmt.Sprintf("Range %q: the file is %d bytes long; ask for a range that starts before its end.", clip(rg), len(r.body)))
			}
		}
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, r.contentType)
	h.Set("Cache-Control", r.cache)
	h.Add("Vary", "Accept-Encoding")
	if r.disposition != "" {
		h.Set("Content-Disposition", r.disposition)
	}
	body, etag := r.body, r.etag
	if r.gz != nil && req.Header.Get("Range") == "" && acceptsGzip(req.Header.Get("Accept-Encoding")) {
		// Another representation, another strong validator (RFC 9110 8.8.3).
		body, etag = r.gz, r.gzETag()
		h.Set("Content-Encoding", "gzip")
		// ServeContent leaves Content-Length out when the body is encoded.
		h.Set("Content-Length", strconv.Itoa(len(body)))
	}
	h.Set("ETag", etag)
	// No modification time: the ETag is the validator, and a response is
	// made from one dataset version and never changes.
	http.ServeContent(c.Response(), req, "", time.Time{}, bytes.NewReader(body))
	return nil
}

func (r *response) gzETag() string { return strings.TrimSuffix(r.etag, `"`) + `-gz"` }

// acceptsGzip reads Accept-Encoding (RFC 9110 12.5.3): gzip, or x-gzip,
// with a q above 0; a "*" counts when gzip is not named.
func acceptsGzip(header string) bool {
	named, star := -1.0, -1.0
	qualities(header, func(name string, q float64) {
		switch name {
		case "gzip", "x-gzip":
			named = max(named, q)
		case "*":
			star = max(star, q)
		}
	})
	if named >= 0 {
		return named > 0
	}
	return star > 0
}

type rangeCheck int

const (
	rangeSatisfiable rangeCheck = iota
	rangeInvalid
	rangeUnsatisfiable
)

// satisfiable reads a Range header (RFC 9110 14.1.2) against a body of
// size bytes: invalid if it does not parse, unsatisfiable if no range of
// it overlaps the body.
func satisfiable(header string, size int) rangeCheck {
	specs, ok := strings.CutPrefix(header, "bytes=")
	if !ok {
		return rangeInvalid
	}
	digits := func(s string) (int64, bool) {
		if s == "" || strings.Trim(s, "0123456789") != "" {
			return 0, false
		}
		n, err := strconv.ParseInt(s, 10, 64)
		return n, err == nil
	}
	trim := func(s string) string { return strings.Trim(s, " \t\r\n") } // as net/http does
	overlap, found := false, false
	for _, spec := range strings.Split(specs, ",") {
		if spec = trim(spec); spec == "" {
			continue
		}
		found = true
		first, last, ok := strings.Cut(spec, "-")
		if !ok {
			return rangeInvalid
		}
		first, last = trim(first), trim(last)
		if first == "" { // the last n bytes
			if _, ok := digits(last); !ok {
				return rangeInvalid
			}
			overlap = true // even -0, which net/http serves as 206 and nothing
			continue
		}
		a, ok := digits(first)
		if !ok {
			return rangeInvalid
		}
		if last != "" {
			b, ok := digits(last)
			if !ok || b < a {
				return rangeInvalid
			}
		}
		overlap = overlap || a < int64(size)
	}
	if !found {
		return rangeInvalid
	}
	if !overlap && size > 0 { // net/http serves an empty body whole
		return rangeUnsatisfiable
	}
	return rangeSatisfiable
}
