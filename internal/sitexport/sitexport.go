// Package sitexport writes a website, given as an http.Handler, into a
// folder of static files that any file server, CDN or object store can
// serve with working links.
//
// It asks the handler for a list of entry URLs, follows every same-site
// link in the HTML (href, src, action, and meta content holding a URL)
// and in JSON documents (absolute URLs of the site; the tile template of a
// TileJSON at /tiles.json, whose tiles it enumerates), and writes each
// answer to a file. Static hosts ignore query strings, so the query
// parameters the export keeps become leading path segments in a fixed
// order (date, region, from, to, page, passages, width, height):
//
//	/                                        → index.html
//	/regions/donetsk?date=2024-12-31         → date/2024-12-31/regions/donetsk/index.html
//	/layers/controlled.kml?date=2024-12-31   → date/2024-12-31/layers/controlled.kml
//	/map/ukraine.png?height=800&width=1200   → width/1200/height/800/map/ukraine.png
//	/ogc/collections?f=json                  → ogc/collections.json
//
// Then it rewrites every link in the exported HTML and JSON to those
// files. A link to what a static copy cannot answer (other parameters,
// search, OGC item queries, oEmbed) goes to the live site when one is
// given and is removed otherwise; forms, which always need a server, go
// to the live site or are removed.
//
// The export is built in a temporary folder beside the destination and
// renamed into place at the end: a failed export leaves the destination as
// it was.
package sitexport

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"math"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// Marker is the file every export holds at its root. An existing
// destination is replaced only if it holds one, so a mistyped folder
// (the home folder, a source tree) is never deleted.
const Marker = ".claimsmap-export"

// Options say what to export and how.
type Options struct {
	// Handler answers the site's requests.
	Handler http.Handler
	// Origin is the scheme and host the handler writes in absolute links
	// to itself (its base URL); such links are the site's own.
	Origin string
	// Live is the origin of a live copy of the site, for links to what
	// the export cannot hold; empty removes those links.
	Live string
	// RewriteText also rewrites the site's absolute URLs in the text of
	// pages and in other attributes (embed codes, image links to copy):
	// set it when Origin is where the export will be served.
	RewriteText bool
	// Entries are root-relative URLs to start from; / is always one.
	Entries []string
	// MaxZoom is the deepest zoom of vector tiles exported from the
	// TileJSON at /tiles.json; negative exports no tiles.
	MaxZoom int
	// LatestOnly are path prefixes (such as /places/) whose pages are
	// exported for the default date only: links to their other dates go
	// to the live site or are removed. A site with many such pages per
	// date stays small.
	LatestOnly []string
	// MaxFiles bounds the files written; beyond it the export fails.
	MaxFiles int
	// Workers is how many requests run at once (default 2).
	Workers int
	// Progress, if set, gets a line every hundred files.
	Progress io.Writer
}

// Summary counts what an export wrote.
type Summary struct {
	Files      int   // files written
	Bytes      int64 // their total size
	Pages      int   // of which HTML pages
	Tiles      int   // of which vector tiles
	EmptyTiles int   // tiles the site has no data for (204), not written
	ToLive     int   // links pointed to the live site
	Dropped    int   // links removed: no live site, or not exportable
	// Failed lists the site's own links that did not answer 200, with
	// their status: broken links of the site itself.
	Failed  []string
	Elapsed time.Duration
}

// ErrTooManyFiles says the export would exceed Options.MaxFiles.
var ErrTooManyFiles = errors.New("too many files")

// Export writes the site into the folder out.
func Export(ctx context.Context, out string, o Options) (Summary, error) {
	start := time.Now()
	origin, err := url.Parse(strings.TrimRight(o.Origin, "/"))
	if err != nil || origin.Host == "" {
		return Summary{}, fmt.Errorf("origin %q: want an absolute URL such as https://maps.example.org", o.Origin)
	}
	if o.Workers <= 0 {
		o.Workers = 2
	}
	if o.MaxFiles <= 0 {
		o.MaxFiles = math.MaxInt
	}
	out = filepath.Clean(out)
	if err := checkDestination(out); err != nil {
		return Summary{}, err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(out), "."+filepath.Base(out)+".tmp-*")
	if err != nil {
		return Summary{}, fmt.Errorf("export to %s: %w", out, err)
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return Summary{}, err
	}
	c := &crawler{o: o, origin: origin, tmp: tmp, seen: map[string]*entry{}, files: map[string]string{}, start: start}
	c.cond = sync.NewCond(&c.mu)
	if err := c.crawl(ctx); err != nil {
		return c.sum, err
	}
	if err := c.rewrite(); err != nil {
		return c.sum, err
	}
	if err := os.WriteFile(filepath.Join(tmp, Marker), fmt.Appendf(nil, "claimsmap static export of %s, %s\n", o.Origin, time.Now().UTC().Format(time.RFC3339)), 0o644); err != nil {
		return c.sum, err
	}
	if err := swap(tmp, out); err != nil {
		return c.sum, err
	}
	ok = true
	sort.Strings(c.sum.Failed)
	c.sum.Elapsed = time.Since(start)
	return c.sum, nil
}

// checkDestination refuses to replace anything but an empty folder or an
// earlier export.
func checkDestination(out string) error {
	st, err := os.Stat(out)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		return err
	case !st.IsDir():
		return fmt.Errorf("%s exists and is not a folder", out)
	}
	if _, err := os.Stat(filepath.Join(out, Marker)); err == nil {
		return nil
	}
	ents, err := os.ReadDir(out)
	if err != nil {
		return err
	}
	if len(ents) > 0 {
		return fmt.Errorf("%s is not empty and holds no earlier export (no %s): give a new or empty folder", out, Marker)
	}
	return nil
}

// swap renames tmp to out, replacing an earlier export; if that fails, the
// earlier one is put back.
func swap(tmp, out string) error {
	if _, err := os.Stat(out); errors.Is(err, os.ErrNotExist) {
		return os.Rename(tmp, out)
	}
	old := tmp + ".old"
	if err := os.Rename(out, old); err != nil {
		return fmt.Errorf("moving the earlier export aside: %w", err)
	}
	if err := os.Rename(tmp, out); err != nil {
		os.Rename(old, out)
		return fmt.Errorf("moving the export into place: %w", err)
	}
	return os.RemoveAll(old)
}

// entry is one URL of the crawl.
type entry struct {
	page     page
	file     string // the file holding it ("" if none)
	own      bool   // this entry wrote file (others alias it)
	kind     kind
	redirect string // key of the URL it redirects to
}

type kind int

const (
	other kind = iota
	htmlDoc
	jsonDoc
)

type crawler struct {
	o      Options
	origin *url.URL
	tmp    string
	start  time.Time

	mu      sync.Mutex
	cond    *sync.Cond
	seen    map[string]*entry
	files   map[string]string // file → key of the entry that owns it
	queue   []*entry
	pending int // queued or being fetched
	err     error
	sum     Summary
}

func (c *crawler) crawl(ctx context.Context) error {
	c.mu.Lock()
	for _, e := range append([]string{"/"}, c.o.Entries...) {
		u, err := c.origin.Parse(e)
		if err != nil {
			c.mu.Unlock()
			return fmt.Errorf("entry %q: %w", e, err)
		}
		if p, ok := c.exportable(u); ok {
			c.enqueue(p)
		}
	}
	c.mu.Unlock()
	var wg sync.WaitGroup
	for range c.o.Workers {
		wg.Go(func() {
			for {
				c.mu.Lock()
				for len(c.queue) == 0 && c.pending > 0 && c.err == nil {
					c.cond.Wait()
				}
				if len(c.queue) == 0 || c.err != nil {
					c.mu.Unlock()
					return
				}
				e := c.queue[0]
				c.queue = c.queue[1:]
				c.mu.Unlock()
				err := c.visit(ctx, e)
				c.mu.Lock()
				if err != nil && c.err == nil {
					c.err = err
				}
				c.pending--
				c.cond.Broadcast()
				c.mu.Unlock()
			}
		})
	}
	wg.Wait()
	return c.err
}

// enqueue adds p unless it was seen; c.mu is held.
func (c *crawler) enqueue(p page) *entry {
	if e, ok := c.seen[p.key()]; ok {
		return e
	}
	e := &entry{page: p}
	c.seen[p.key()] = e
	if f, ok := p.knownFile(); ok {
		if _, taken := c.files[f]; taken {
			e.file = f // another URL already names this file
			return e
		}
	}
	c.queue = append(c.queue, e)
	c.pending++
	return e
}

// visit fetches one URL, writes its file and queues its links.
func (c *crawler) visit(ctx context.Context, e *entry) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	rec, err := c.fetch(ctx, e.page.url())
	if err != nil {
		return err
	}
	switch rec.Code {
	case http.StatusOK:
	case http.StatusNoContent:
		c.mu.Lock()
		if strings.HasPrefix(e.page.path, "/tiles/") {
			c.sum.EmptyTiles++
		}
		c.mu.Unlock()
		return nil
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		u, err := c.origin.Parse(e.page.url())
		if err == nil {
			u, err = u.Parse(rec.Header().Get("Location"))
		}
		if err == nil && c.sameSite(u) {
			if p, ok := c.exportable(u); ok {
				c.mu.Lock()
				e.redirect = c.enqueue(p).page.key()
				c.mu.Unlock()
				return nil
			}
		}
		fallthrough
	default:
		c.mu.Lock()
		c.sum.Failed = append(c.sum.Failed, fmt.Sprintf("%s (%d)", e.page.url(), rec.Code))
		c.mu.Unlock()
		return nil
	}
	ct := rec.Header().Get("Content-Type")
	mt, _, _ := mime.ParseMediaType(ct)
	file := e.page.file(ct)
	body := rec.Body.Bytes()
	switch {
	case mt == "text/html":
		e.kind = htmlDoc
	case mt == "application/json" || strings.HasSuffix(mt, "+json") && mt != "application/geo+json":
		e.kind = jsonDoc
	}
	c.mu.Lock()
	e.file = file
	if _, taken := c.files[file]; taken {
		c.mu.Unlock()
		return nil
	}
	c.files[file] = e.page.key()
	e.own = true
	c.sum.Files++
	c.sum.Bytes += int64(len(body))
	if e.kind == htmlDoc {
		c.sum.Pages++
	}
	if strings.HasPrefix(e.page.path, "/tiles/") {
		c.sum.Tiles++
	}
	n := c.sum.Files
	if n > c.o.MaxFiles {
		c.mu.Unlock()
		return fmt.Errorf("%w: the export would hold more than %d files (raise --max-files if that is expected)", ErrTooManyFiles, c.o.MaxFiles)
	}
	if n%100 == 0 && c.o.Progress != nil {
		fmt.Fprintf(c.o.Progress, "export: %d files, %.1f MB, %s\n", n, float64(c.sum.Bytes)/1e6, time.Since(c.start).Round(100*time.Millisecond))
	}
	c.mu.Unlock()
	path := filepath.Join(c.tmp, filepath.FromSlash(file))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("%s: %w", e.page.url(), err)
	}
	if err := os.WriteFile(path, body, 0o644); err != nil {
		return fmt.Errorf("%s: %w", e.page.url(), err)
	}
	return c.follow(e, body)
}

// fetch asks the handler for target as a browser would, waiting and
// asking again while the site is busy (503: its render queue is full).
func (c *crawler) fetch(ctx context.Context, target string) (*httptest.ResponseRecorder, error) {
	for attempt := 0; ; attempt++ {
		req := httptest.NewRequestWithContext(ctx, http.MethodGet, c.origin.String()+target, nil)
		req.Header.Set("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
		rec := httptest.NewRecorder()
		c.o.Handler.ServeHTTP(rec, req)
		if (rec.Code != http.StatusServiceUnavailable && rec.Code != http.StatusTooManyRequests) || attempt == 20 {
			return rec, nil
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(time.Duration(attempt+1) * 100 * time.Millisecond):
		}
	}
}

// follow queues the links of a document just fetched.
func (c *crawler) follow(e *entry, body []byte) error {
	base, err := c.origin.Parse(e.page.url())
	if err != nil {
		return err
	}
	var links []page
	collect := func(tag, attr, val string) (string, verdict) {
		if u, ok := c.siteLink(base, tag, val); ok {
			if p, ok := c.exportable(u); ok {
				links = append(links, p)
			}
		}
		return val, keep
	}
	switch e.kind {
	case htmlDoc:
		var text func(string) string
		if c.o.RewriteText {
			// The URLs readers copy are exported too.
			text = func(s string) string {
				for _, m := range siteURL.FindAllString(s, -1) {
					if u, ok := c.textURL(base, m); ok {
						if p, ok := c.exportable(u); ok {
							links = append(links, p)
						}
					}
				}
				return s
			}
		}
		if _, err := rewriteHTML(body, collect, text); err != nil {
			return fmt.Errorf("%s: %w", e.page.url(), err)
		}
	case jsonDoc:
		if _, err := rewriteJSON(body, collect); err != nil {
			return fmt.Errorf("%s: %w", e.page.url(), err)
		}
		if e.page.path == "/tiles.json" && c.o.MaxZoom >= 0 {
			tl, err := c.tileList(body)
			if err != nil {
				return fmt.Errorf("%s: %w", e.page.url(), err)
			}
			links = append(links, tl...)
		}
	}
	c.mu.Lock()
	for _, p := range links {
		c.enqueue(p)
	}
	c.mu.Unlock()
	return nil
}

// exportable is the package's exportable, less the other dates of
// the pages Options.LatestOnly names.
func (c *crawler) exportable(u *url.URL) (page, bool) {
	p, ok := exportable(u)
	if ok && p.query.Has("date") {
		for _, pre := range c.o.LatestOnly {
			if strings.HasPrefix(p.path, pre) {
				return p, false
			}
		}
	}
	return p, ok
}

// siteLink resolves val, found in a document at base, and reports whether
// it is a link to the site itself. In JSON (tag "") only absolute URLs
// count: other strings that start with a slash are not links.
func (c *crawler) siteLink(base *url.URL, tag, val string) (*url.URL, bool) {
	val = strings.TrimSpace(val)
	if val == "" || strings.HasPrefix(val, "#") {
		return nil, false
	}
	if tag == "" && val != c.origin.String() && !strings.HasPrefix(val, c.origin.String()+"/") {
		return nil, false
	}
	u, err := base.Parse(val)
	if err != nil || !c.sameSite(u) {
		return nil, false
	}
	return u, true
}

func (c *crawler) sameSite(u *url.URL) bool {
	return strings.EqualFold(u.Scheme, c.origin.Scheme) && strings.EqualFold(u.Host, c.origin.Host)
}

// tileList lists the tiles of a TileJSON: those its bounds cover, zoom by
// zoom up to Options.MaxZoom (or the TileJSON's own maximum if lower), at
// the site's URLs its tile template gives.
func (c *crawler) tileList(body []byte) ([]page, error) {
	var tj struct {
		Tiles   []string   `json:"tiles"`
		MinZoom int        `json:"minzoom"`
		MaxZoom int        `json:"maxzoom"`
		Bounds  [4]float64 `json:"bounds"`
	}
	if err := json.Unmarshal(body, &tj); err != nil {
		return nil, err
	}
	var tmpl string
	for _, t := range tj.Tiles {
		if rest, ok := strings.CutPrefix(t, c.origin.String()); ok && strings.HasPrefix(rest, "/") && !strings.Contains(rest, "?") {
			tmpl = rest
			break
		}
	}
	if tmpl == "" {
		return nil, fmt.Errorf("no tile URL of the site in %q", tj.Tiles)
	}
	var out []page
	for z := tj.MinZoom; z <= min(tj.MaxZoom, c.o.MaxZoom); z++ {
		nw := maptile.At(orb.Point{tj.Bounds[0], tj.Bounds[3]}, maptile.Zoom(z))
		se := maptile.At(orb.Point{tj.Bounds[2], tj.Bounds[1]}, maptile.Zoom(z))
		for x := nw.X; x <= se.X; x++ {
			for y := nw.Y; y <= se.Y; y++ {
				r := strings.NewReplacer("{z}", fmt.Sprint(z), "{x}", fmt.Sprint(x), "{y}", fmt.Sprint(y))
				out = append(out, page{path: r.Replace(tmpl)})
			}
		}
	}
	return out, nil
}

// rewrite points every link of the exported HTML and JSON at the files
// written, the live site, or nowhere.
func (c *crawler) rewrite() error {
	for _, e := range c.seen {
		if !e.own || e.kind == other {
			continue
		}
		path := filepath.Join(c.tmp, filepath.FromSlash(e.file))
		body, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		base, err := c.origin.Parse(e.page.url())
		if err != nil {
			return err
		}
		fn := func(tag, attr, val string) (string, verdict) { return c.relink(base, tag, val) }
		var nb []byte
		if e.kind == htmlDoc {
			var text func(string) string
			if c.o.RewriteText {
				text = func(s string) string { return c.relinkText(base, s) }
			}
			nb, err = rewriteHTML(body, fn, text)
		} else {
			nb, err = rewriteJSON(body, fn)
			if err == nil && e.page.path == "/tiles.json" && c.o.MaxZoom >= 0 {
				nb, err = capZoom(nb, c.o.MaxZoom)
			}
		}
		if err != nil {
			return fmt.Errorf("%s: %w", e.page.url(), err)
		}
		if !bytes.Equal(nb, body) {
			c.sum.Bytes += int64(len(nb) - len(body))
			if err := os.WriteFile(path, nb, 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

// relink is the new value of one link.
func (c *crawler) relink(base *url.URL, tag, val string) (string, verdict) {
	u, ok := c.siteLink(base, tag, val)
	if !ok {
		return val, keep
	}
	frag := ""
	if u.Fragment != "" {
		frag = "#" + u.EscapedFragment()
	}
	if tag != "form" {
		if strings.Contains(u.Path, "{") {
			// A URL template (TileJSON's tiles): the exported tree has
			// the same shape below the root. Map clients want it
			// absolute, which it can be when Origin is the export's.
			if strings.HasPrefix(u.Path, "/tiles/") && c.o.MaxZoom >= 0 {
				if c.o.RewriteText {
					return c.origin.String() + u.Path, replace
				}
				return u.Path, replace
			}
		} else if p, ok := c.exportable(u); ok {
			if f := c.fileOf(p.key()); f != "" {
				return href(f) + frag, replace
			}
		}
	}
	if c.o.Live != "" {
		c.sum.ToLive++
		return strings.TrimRight(c.o.Live, "/") + u.RequestURI() + frag, replace
	}
	c.sum.Dropped++
	return val, drop
}

// siteURL finds the site's absolute URLs in text.
var siteURL = regexp.MustCompile(`https?://[^\s"'<>()\[\]]+`)

// relinkText rewrites the site's absolute URLs in text to the export's
// files at the same origin, or to the live site; others stay as they are.
// Punctuation that ends a sentence is not part of a URL.
func (c *crawler) relinkText(base *url.URL, s string) string {
	return siteURL.ReplaceAllStringFunc(s, func(m string) string {
		u, ok := c.textURL(base, m)
		if !ok {
			return m
		}
		rest := m[len(strings.TrimRight(m, ".,;:!?")):]
		escaped := strings.Contains(m, "&amp;")
		frag := ""
		if u.Fragment != "" {
			frag = "#" + u.EscapedFragment()
		}
		if p, ok := c.exportable(u); ok {
			if f := c.fileOf(p.key()); f != "" {
				return c.origin.String() + href(f) + frag + rest
			}
		}
		if c.o.Live != "" {
			live := strings.TrimRight(c.o.Live, "/") + u.RequestURI() + frag
			if escaped {
				live = strings.ReplaceAll(live, "&", "&amp;")
			}
			return live + rest
		}
		return m
	})
}

// textURL reads a URL found in text, without the punctuation that ends a
// sentence, and reports whether it is the site's.
func (c *crawler) textURL(base *url.URL, m string) (*url.URL, bool) {
	m = strings.TrimRight(m, ".,;:!?")
	// An embed code is HTML shown as text: its URLs escape & once more.
	if strings.Contains(m, "&amp;") {
		m = html.UnescapeString(m)
	}
	return c.siteLink(base, "", m)
}

// fileOf follows redirects from key to the file that holds it.
func (c *crawler) fileOf(key string) string {
	for range 5 {
		e, ok := c.seen[key]
		if !ok {
			return ""
		}
		if e.redirect == "" {
			return e.file
		}
		key = e.redirect
	}
	return ""
}

// capZoom lowers a TileJSON's maxzoom, and its layers', to the deepest
// zoom exported: a map client then overzooms the deepest tiles instead
// of asking for files that do not exist.
func capZoom(body []byte, maxZoom int) ([]byte, error) {
	var tj map[string]any
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	if err := d.Decode(&tj); err != nil {
		return nil, err
	}
	lower := func(m map[string]any) {
		if n, ok := m["maxzoom"].(json.Number); ok {
			if z, err := n.Int64(); err == nil && z > int64(maxZoom) {
				m["maxzoom"] = maxZoom
			}
		}
	}
	lower(tj)
	if ls, ok := tj["vector_layers"].([]any); ok {
		for _, l := range ls {
			if m, ok := l.(map[string]any); ok {
				lower(m)
			}
		}
	}
	var out bytes.Buffer
	e := json.NewEncoder(&out)
	e.SetEscapeHTML(false)
	if err := e.Encode(tj); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(out.Bytes(), []byte("\n")), nil
}
