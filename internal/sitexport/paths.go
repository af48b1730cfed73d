package sitexport

import (
	"mime"
	"net/url"
	"path"
	"regexp"
	"strings"
)

// queryOrder is the order in which query parameters become leading path
// segments: /regions/donetsk?date=2024-12-31 is written as
// /date/2024-12-31/regions/donetsk/index.html. A static host ignores query
// strings, so a parameter the export keeps must live in the path; one
// fixed order gives every URL one file.
var queryOrder = []string{"date", "region", "from", "to", "page", "passages", "width", "height"}

// keptParams are the query parameters the export writes files for. f
// chooses the representation (f=json a .json file, f=html the page) and
// takes no segment. Any other parameter (simplify, precision, theme,
// scale, bbox, limit, ...) asks the server to compute something per
// request: those links go to the live site.
var keptParams = func() map[string]bool {
	m := map[string]bool{"f": true}
	for _, k := range queryOrder {
		m[k] = true
	}
	return m
}()

// serverOnly are paths a static copy cannot answer: they read their
// input from the query (search, share, oEmbed), describe an API that
// takes queries (OpenAPI), page through features on request (OGC items),
// or report on the running process.
var serverOnly = []string{"/share", "/search", "/oembed", "/healthz", "/readyz", "/metrics", "/ogc/api", "/tiles/metadata.json"}

// safeSegment is what a path segment or a query value must look like to
// become part of a file name on any host.
var safeSegment = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9._-]*$`)

// page is one URL of the site, reduced to what names its file.
type page struct {
	path  string     // URL path, starting with /
	query url.Values // the kept parameters
}

// key identifies the page: its path and sorted query.
func (p page) key() string {
	if len(p.query) == 0 {
		return p.path
	}
	return p.path + "?" + p.query.Encode()
}

// url is the request the crawler makes for the page.
func (p page) url() string { return p.key() }

// exportable returns the page u names, or false if the export cannot hold
// it and a link to it must go to the live site.
func exportable(u *url.URL) (page, bool) {
	p := page{path: u.Path, query: u.Query()}
	if p.path == "" {
		p.path = "/"
	}
	// RawPath is set when the path escapes a slash or the like: one
	// segment in the URL, two on disk.
	if !strings.HasPrefix(p.path, "/") || u.RawPath != "" {
		return p, false
	}
	for _, s := range serverOnly {
		if p.path == s || strings.HasPrefix(p.path, s+"/") {
			return p, false
		}
	}
	if strings.HasPrefix(p.path, "/ogc/collections/") && strings.Contains(p.path, "/items") {
		return p, false
	}
	if p.path != "/" {
		for _, seg := range strings.Split(strings.TrimPrefix(p.path, "/"), "/") {
			if !safeSegment.MatchString(seg) {
				return p, false
			}
		}
	}
	for k, vs := range p.query {
		if !keptParams[k] || len(vs) != 1 || !safeSegment.MatchString(vs[0]) {
			return p, false
		}
	}
	if f := p.query.Get("f"); f != "" && f != "json" && f != "html" {
		return p, false
	}
	return p, true
}

// file returns the file that holds p, relative to the export's root and
// with forward slashes, given the response's content type. A path with an
// extension keeps it, so the host serves the right type; a page becomes
// a folder's index.html; any other response without an extension gets
// one from its type (the OGC documents: .json).
func (p page) file(contentType string) string {
	var b strings.Builder
	for _, k := range queryOrder {
		if v := p.query.Get(k); v != "" {
			b.WriteString("/" + k + "/" + v)
		}
	}
	prefix := b.String()
	mt, _, _ := mime.ParseMediaType(contentType)
	switch {
	case p.query.Get("f") == "json" && !hasExt(p.path):
		return strings.TrimPrefix(prefix+strings.TrimSuffix(p.path, "/")+".json", "/")
	case hasExt(p.path):
		return strings.TrimPrefix(prefix+p.path, "/")
	case mt == "text/html" || p.query.Get("f") == "html":
		return strings.TrimPrefix(prefix+strings.TrimSuffix(p.path, "/")+"/index.html", "/")
	}
	return strings.TrimPrefix(prefix+strings.TrimSuffix(p.path, "/")+extFor(mt), "/")
}

// knownFile returns p's file when it does not depend on the response.
func (p page) knownFile() (string, bool) {
	if hasExt(p.path) || p.query.Get("f") != "" {
		return p.file(""), true
	}
	return "", false
}

func hasExt(p string) bool { return strings.Contains(path.Base(p), ".") }

func extFor(mt string) string {
	switch {
	case mt == "application/geo+json":
		return ".geojson"
	case mt == "application/json" || strings.HasSuffix(mt, "+json"):
		return ".json"
	}
	if exts, _ := mime.ExtensionsByType(mt); len(exts) > 0 {
		return exts[0]
	}
	return ".bin"
}

// href is the link to file from any exported page: root-relative, and a
// folder's index.html named by the folder, as static hosts serve it.
func href(file string) string {
	if file == "index.html" {
		return "/"
	}
	if d, ok := strings.CutSuffix(file, "/index.html"); ok {
		return "/" + d + "/"
	}
	return "/" + file
}
