// Package web is claimsmap's HTTP server: the echo route table, handlers
// that build view models from the atlas, and the responses rendered from
// them once per dataset version.
package web

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/net/netutil"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/dataset"
	"github.com/claimsmap/claimsmap/internal/tiles"
	"github.com/claimsmap/claimsmap/internal/workpool"
)

// Config is what the server needs from the outside.
type Config struct {
	// BaseURL is the public address of the site, for canonical links.
	BaseURL string
	// Data is the dataset folder.
	Data fs.FS
	// Static holds site.css and map.js.
	Static fs.FS
	Logger *slog.Logger
	// Limits bound the expensive work clients can ask for.
	Limits Limits
	// TrustedProxies are the addresses of reverse proxies whose
	// X-Forwarded-For, X-Forwarded-Proto and X-Forwarded-Host are
	// believed; requests from anywhere else are taken at their word only
	// for what the connection itself shows.
	TrustedProxies []*net.IPNet
	// AccessLogSample is the share of requests logged, one line each: 1
	// logs every request, 0 none; server errors are always logged.
	AccessLogSample float64
	// MaxConns bounds open connections (default 4096): beyond it new
	// connections wait in the kernel's queue instead of exhausting file
	// descriptors.
	MaxConns int
	// ShutdownGrace is how long requests in flight may take to finish
	// once shutdown starts (default 20 s); renders still running after it
	// are cancelled.
	ShutdownGrace time.Duration
}

// Server serves one atlas.
type Server struct {
	cfg    Config
	log    *slog.Logger
	echo   *echo.Echo
	assets *assets
	// cur is the site being served; Reload swaps in a new one whole, so a
	// request sees one dataset from start to end, never half of two.
	cur atomic.Pointer[site]
	// pool runs expensive work for every site; runs shares identical
	// runs, tileRuns the building of a date's vector tiles.
	pool     *workpool.Pool
	runs     *workpool.Group[*response]
	tileRuns *workpool.Group[*tiles.Set]
	limiter  *clientLimiter
	metrics  *metrics
	// draining is set when shutdown starts: /readyz then says 503 so a
	// load balancer stops sending new requests.
	draining atomic.Bool
	// verified is closed when the layers start deferred are validated.
	verified chan struct{}
}

// New loads the dataset, builds the atlas and renders every page, so that a
// broken dataset or template fails here and not on a reader's request.
func New(cfg Config) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://localhost:8080"
	}
	if err := checkBaseURL(cfg.BaseURL); err != nil {
		return nil, err
	}
	as, err := loadAssets(cfg.Static)
	if err != nil {
		return nil, err
	}
	if cfg.ShutdownGrace <= 0 {
		cfg.ShutdownGrace = 20 * time.Second
	}
	if cfg.MaxConns <= 0 {
		cfg.MaxConns = 4096
	}
	cfg.Limits = cfg.Limits.withDefaults()
	s := &Server{cfg: cfg, log: cfg.Logger, assets: as, limiter: newClientLimiter(cfg.Limits)}
	s.pool = workpool.New(cfg.Limits.Workers, cfg.Limits.Queue)
	s.runs = workpool.NewGroup[*response](s.pool)
	s.tileRuns = workpool.NewGroup[*tiles.Set](s.pool)
	s.metrics = newMetrics(s, s.pool)
	st, err := s.load(nil)
	if err != nil {
		return nil, err
	}
	s.cur.Store(st)
	s.metrics.served(st.atlas.Version, st.atlas.Snapshot)
	s.echo = s.routes()
	s.verified = make(chan struct{})
	go func() {
		defer close(s.verified)
		s.verifyDeferred(st.atlas.Data)
	}()
	return s, nil
}

// verifyDeferred validates, after start, the dated layers the start left
// for later, one at a time so that requests keep the other core. A problem
// found here is one `claimsmap check` would have refused: it is logged,
// and the dates it touches answer with an error naming the file, while
// the others are served. (A reload, which has a site to keep, verifies
// everything before it swaps.)
func (s *Server) verifyDeferred(d *dataset.Dataset) {
	n := d.Deferred()
	if n == 0 {
		return
	}
	start := time.Now()
	if err := d.Verify(context.Background(), nil, 1); err != nil {
		s.log.Error("the data folder has problems that claimsmap check would refuse; the dates they touch answer with an error", "err", err)
		return
	}
	s.log.Info("every dated layer validated", "deferred_at_start", n, "elapsed", time.Since(start).Round(time.Millisecond))
}

// Reload reads the dataset again and, if it loads and renders, serves it
// from then on; if not, the site already served stays and the error says
// what is wrong with the new data.
func (s *Server) Reload() error {
	st, err := s.load(s.current().atlas.Data)
	if err != nil {
		s.metrics.reloads.WithLabelValues("refused").Inc()
		return err
	}
	s.cur.Store(st)
	s.metrics.reloads.WithLabelValues("ok").Inc()
	s.metrics.served(st.atlas.Version, st.atlas.Snapshot)
	return nil
}

func (s *Server) current() *site { return s.cur.Load() }

// load builds everything served from the dataset. A panic on the way
// (a dataset shaped in a way the code did not foresee) is an error like any
// other: at start it stops the server with a message, on reload the site
// already served stays.
//
// The dataset is loaded lazily: the dated layers other than the latest
// are decoded when first asked for (their figures come from the folder's
// figures file, trusted by hash). On a reload (prev, the dataset served,
// not nil) every layer is validated before the swap, as check would, so a
// bad folder is refused whole; layers whose bytes and outlines prev has
// validated are not decoded again.
func (s *Server) load(prev *dataset.Dataset) (st *site, err error) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("loading the dataset panicked", "panic", r, "stack", string(debug.Stack()))
			st, err = nil, fmt.Errorf("loading the dataset failed unexpectedly: %v", r)
		}
	}()
	start := time.Now()
	d, err := dataset.LoadLazily(context.Background(), s.cfg.Data, dataset.Limits{})
	if err != nil {
		return nil, fmt.Errorf("loading dataset: %w", err)
	}
	if prev != nil {
		if err := d.Verify(context.Background(), prev, runtime.GOMAXPROCS(0)); err != nil {
			return nil, fmt.Errorf("loading dataset: %w", err)
		}
	}
	a, err := atlas.New(d)
	if err != nil {
		return nil, fmt.Errorf("building atlas: %w", err)
	}
	st, err = s.render(a)
	if err != nil {
		return nil, fmt.Errorf("rendering pages: %w", err)
	}
	s.log.Info("dataset loaded", "version", a.Version, "snapshot", a.Snapshot, "pages", len(st.pages), "elapsed", time.Since(start).Round(time.Millisecond))
	return st, nil
}

// checkBaseURL accepts an http(s) origin: the site is served at the root
// of its host, so a path would make every link wrong.
func checkBaseURL(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "":
		return fmt.Errorf("base URL %q: give an http or https address such as https://maps.example.org", raw)
	case strings.Trim(u.Path, "/") != "" || u.RawQuery != "" || u.Fragment != "":
		return fmt.Errorf("base URL %q: claimsmap is served at the root of its host; give the origin only (%s://%s), without a path", raw, u.Scheme, u.Host)
	}
	return nil
}

// Handler returns the server's HTTP handler.
func (s *Server) Handler() http.Handler { return s.echo }

// Serve serves on l until ctx is done, then shuts down gracefully: it
// stops accepting connections and tells load balancers it is going
// (/readyz answers 503), lets requests in flight finish within the grace
// period, then cancels the renders still running and closes what is left.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	srv := &http.Server{
		Handler:           s.echo,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		// Idle keep-alive connections cost a descriptor each; browsers
		// reopen one in a round trip.
		IdleTimeout:    30 * time.Second,
		MaxHeaderBytes: 64 << 10,
		ErrorLog:       slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	l = netutil.LimitListener(l, s.cfg.MaxConns)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	select {
	case err := <-errc:
		s.pool.CancelAll()
		return err
	case <-ctx.Done():
	}
	s.draining.Store(true)
	s.log.Info("shutting down", "grace", s.cfg.ShutdownGrace)
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownGrace)
	defer cancel()
	err := srv.Shutdown(sctx)
	// Whatever is still rendering has outlived the grace period (or has no
	// request left to answer): cancel it.
	s.pool.CancelAll()
	if err != nil {
		s.log.Warn("requests still in flight after the grace period were cut off", "grace", s.cfg.ShutdownGrace)
		srv.Close()
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	s.log.Info("stopped")
	return nil
}

func (s *Server) routes() *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.handleError
	e.Pre(middleware.RemoveTrailingSlashWithConfig(middleware.TrailingSlashConfig{RedirectCode: http.StatusMovedPermanently}))
	e.IPExtractor = ipExtractor(s.cfg.TrustedProxies)
	e.Use(s.observe)
	e.Use(middleware.Recover())
	e.Use(s.securityHeaders)
	e.Use(corsPreflight)
	e.Use(strictQuery)

	get := func(path string, h echo.HandlerFunc) {
		e.Match([]string{http.MethodGet, http.MethodHead}, path, h)
	}
	get("/", s.page)
	get("/about", s.page)
	get("/regions/:slug", s.page)
	get("/regions/:slug/named", s.regionPassages(listNamed))
	get("/regions/:slug/territorial", s.regionPassages(listTerritorial))
	get("/articles", s.articles)
	get("/articles/:slug", s.page)
	get("/places", s.places)
	get("/places/:id", s.place)
	get("/search", s.search)
	get("/layers", s.page)
	get("/stats.json", noQuery(s.statsFile))
	get("/stats.csv", noQuery(s.statsFile))
	get("/layers/:file", s.layer)
	get("/static/*", s.static)
	get("/embed/:slug", s.embed)
	get("/embed.js", s.hostScript)
	get("/oembed", s.oembedFor)
	get("/map/:file", s.image)
	get("/views/:file", s.mapView)
	s.historyRoutes(get)
	s.changesRoutes(get)
	get("/share", s.share)
	get("/healthz", noQuery(func(c echo.Context) error { return c.String(http.StatusOK, "ok\n") }))
	get("/readyz", noQuery(s.ready))
	get("/metrics", noQuery(echo.WrapHandler(s.metrics.handler())))
	get("/tiles/metadata.json", s.tileMetadata)
	s.ogcRoutes(e)
	s.tileRoutes(e)
	return e
}

// securityHeaders forbids inline code everywhere, and framing everywhere
// but the embeds, which exist to be framed by any site.
func (s *Server) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	hsts := strings.HasPrefix(s.cfg.BaseURL, "https://")
	const csp = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors "
	return func(c echo.Context) error {
		h := c.Response().Header()
		if strings.HasPrefix(c.Request().URL.Path, "/embed/") {
			h.Set("Content-Security-Policy", csp+"*")
		} else {
			h.Set("Content-Security-Policy", csp+"'none'")
			h.Set("X-Frame-Options", "DENY")
		}
		if openToAll(c.Request().URL.Path) {
			// Data for maps and GIS tools on any site: MapLibre fetches
			// tiles and GeoJSON cross-origin, oEmbed consumers the JSON.
			allowCrossOrigin(h)
		}
		if hsts {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		return next(c)
	}
}

// ready is /readyz: 200 while the server takes requests, 503 once it is
// shutting down, so that a load balancer drains it.
func (s *Server) ready(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	if s.draining.Load() {
		return c.String(http.StatusServiceUnavailable, "shutting down\n")
	}
	st := s.current()
	return c.String(http.StatusOK, "ready: dataset "+st.atlas.Version+", snapshot "+st.atlas.Snapshot+"\n")
}

// requestOrigin is the scheme and host for absolute links (GDAL and
// MapLibre need them). It is the configured base URL, unless the request
// comes from a proxy named in --trusted-proxies: then the origin the proxy
// says the client reached (X-Forwarded-Proto and X-Forwarded-Host, or
// Host). Trusting any client's headers would let one poison a shared
// cache with links to another site.
func (s *Server) requestOrigin(c echo.Context) string {
	base := strings.TrimRight(s.cfg.BaseURL, "/")
	r := c.Request()
	if !s.fromTrustedProxy(r) {
		return base
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	switch p := strings.ToLower(r.Header.Get("X-Forwarded-Proto")); p {
	case "http", "https":
		scheme = p
	}
	host := r.Host
	if h := r.Header.Get("X-Forwarded-Host"); h != "" {
		host, _, _ = strings.Cut(h, ",")
		host = strings.TrimSpace(host)
	}
	if host == "" || len(host) > 255 || strings.IndexFunc(host, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(".-:[]", r))
	}) >= 0 {
		return base
	}
	return scheme + "://" + host
}

// strictQuery refuses a query string that does not parse: echo drops the
// malformed pairs, and a filter silently dropped would serve wrong data
// (all features instead of a bbox, the full file instead of a simplified
// one).
func strictQuery(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if _, err := url.ParseQuery(c.Request().URL.RawQuery); err != nil {
			return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("The query string does not parse: %v.", err))
		}
		return next(c)
	}
}

// noQuery refuses query parameters for files that take none, rather than
// seeming to honour them.
func noQuery(h echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if c.Request().URL.RawQuery != "" {
			return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("%s takes no parameters.", c.Request().URL.Path))
		}
		return h(c)
	}
}

// openToAll reports whether a path serves data any site may fetch.
func openToAll(path string) bool {
	for _, p := range []string{"/layers/", "/tiles", "/ogc", "/oembed", "/stats.", "/map/", "/views/", "/embed.js", "/changes.geojson"} {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

// pageParams are the query parameters pages take.
var pageParams = map[string]bool{"date": true}

func (s *Server) page(c echo.Context) error {
	st := s.current()
	path := c.Request().URL.Path
	def, dated := pageDate(st.atlas, path)
	if path == "/layers" {
		if c.Request().URL.RawQuery != "" {
			return echo.NewHTTPError(http.StatusBadRequest, "/layers takes no parameters: it lists the downloads of the latest snapshot, and each download takes date.")
		}
		r, err := st.layersPage()
		if err != nil {
			return err
		}
		return r.serve(c)
	}
	if !dated {
		r, ok := st.pages[path]
		if !ok {
			if done, err := redirectRegion(c, st.atlas); done {
				return err
			}
			return pageNotFound(c)
		}
		return r.serve(c)
	}
	date := def
	if c.Request().URL.RawQuery != "" {
		if err := checkParams(c.QueryParams(), pageParams, "a page takes date (YYYY-MM-DD: the latest snapshot on or before it)"); err != nil {
			return err
		}
		if q := c.QueryParam("date"); q != "" {
			var err error
			if date, err = snapshotOn(st.atlas, q); err != nil {
				return err
			}
		}
	}
	markSnapshot(c, date)
	if r, ok := st.pages[path]; ok && date == st.atlas.Snapshot {
		return r.serve(c)
	}
	return s.datedPage(c, st, date, path)
}

// pageDate says whether path is a page that shows a date, and which by
// default: an article's own, else the latest.
func pageDate(a *atlas.Atlas, path string) (string, bool) {
	switch {
	case path == "/" || path == "/about":
		return a.Snapshot, true
	case strings.HasPrefix(path, "/regions/"):
		_, ok := a.Region(strings.TrimPrefix(path, "/regions/"))
		return a.Snapshot, ok
	}
	if la, ok := articleOf(a, path); ok {
		return la.ControlDate, true
	}
	return "", false
}

func pageNotFound(c echo.Context) error {
	switch {
	case strings.HasPrefix(c.Path(), "/regions/"):
		return echo.NewHTTPError(http.StatusNotFound, fmt.Sprintf("There is no claimed region %q. The claimed regions are Crimea, Luhansk, Donetsk, Zaporizhzhia and Kherson.", c.Param("slug")))
	case strings.HasPrefix(c.Path(), "/articles/"):
		return echo.NewHTTPError(http.StatusNotFound, fmt.Sprintf("There is no article %q.", c.Param("slug")))
	}
	return echo.ErrNotFound
}

func (s *Server) static(c echo.Context) error {
	r, ok := s.assets.byURL[c.Request().URL.Path]
	if !ok {
		return echo.ErrNotFound
	}
	return r.serve(c)
}
