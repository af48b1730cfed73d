package web

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"runtime"
	"strconv"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"

	"github.com/claimsmap/claimsmap/internal/workpool"
)

// Limits bound what clients can make the server do. The zero value takes
// the defaults.
type Limits struct {
	// Workers is how many expensive runs (images, simplified downloads,
	// changes between dates, the vector tiles of a past date) go at once;
	// default half the CPUs, at least one, so cheap responses always have
	// a core.
	Workers int
	// Queue is how many more may wait for a worker before new ones get
	// 503; default four per worker.
	Queue int
	// Rate and Burst are each client's allowance of expensive runs per
	// second (cached answers are not counted); default 2 a second with a
	// burst of 20. A negative Rate turns the limit off.
	Rate  float64
	Burst int
}

func (l Limits) withDefaults() Limits {
	if l.Workers <= 0 {
		l.Workers = max(1, runtime.GOMAXPROCS(0)/2)
	}
	if l.Queue <= 0 {
		l.Queue = 4 * l.Workers
	}
	if l.Rate == 0 {
		l.Rate = 2
	}
	if l.Burst <= 0 {
		l.Burst = 20
	}
	return l
}

// retryAfterBusy is the Retry-After of a 503 when every worker is busy:
// runs take a fraction of a second to a few seconds.
const retryAfterBusy = 2

// refusalDelay is how long a 429 waits before it is sent (see allow).
const refusalDelay = 250 * time.Millisecond

// clientLimiter keeps each client's allowance of expensive runs.
type clientLimiter struct {
	store *middleware.RateLimiterMemoryStore
	every time.Duration // time to earn one more run
}

func newClientLimiter(l Limits) *clientLimiter {
	if l.Rate < 0 {
		return nil
	}
	return &clientLimiter{
		store: middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
			Rate: rate.Limit(l.Rate), Burst: l.Burst, ExpiresIn: 3 * time.Minute,
		}),
		every: time.Duration(float64(time.Second) / l.Rate),
	}
}

// allow charges c's client one expensive run, or answers 429.
func (cl *clientLimiter) allow(c echo.Context) error {
	if cl == nil {
		return nil
	}
	ok, err := cl.store.Allow(c.RealIP())
	if err != nil || ok {
		return err
	}
	// A client over its allowance waits a moment for its 429: one that
	// ignores Retry-After and asks again at once, on many connections,
	// then costs the server a sleeping goroutine per connection rather
	// than a core's worth of refusals, and readers of the pages keep the
	// CPU. The wait ends with the request.
	t := time.NewTimer(refusalDelay)
	select {
	case <-t.C:
	case <-c.Request().Context().Done():
		t.Stop()
	}
	c.Response().Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(cl.every.Seconds())))))
	return echo.NewHTTPError(http.StatusTooManyRequests, "Too many new images or downloads from your address: please wait a moment. Images and files already made are not limited.")
}

// expensive runs make under key on the shared worker pool, charging the
// client one run unless another client's identical run is under way. It
// maps the pool's refusals to responses: 429 when the client is over its
// allowance, 503 with Retry-After when the workers are full.
func (s *Server) expensive(c echo.Context, key string, make func(context.Context) (*response, error)) (*response, error) {
	return runExpensive(s, c, s.runs, key, make)
}

// serveMade serves the response kept holds under key, or makes it on the
// pool as expensive work (one run for all who ask at once), keeps it and
// serves it. what names the cache in the metrics. key is also the run's
// key, so it must name the atlas version: the pool outlives a reload.
func (s *Server) serveMade(c echo.Context, kept *lru.Cache[string, *response], what, key string, make func(context.Context) (*response, error)) error {
	if r, ok := kept.Get(key); ok {
		s.metrics.cacheHit(what)
		return r.serve(c)
	}
	s.metrics.cacheMiss(what)
	r, err := s.expensive(c, key, func(ctx context.Context) (*response, error) {
		r, err := make(ctx)
		if err == nil {
			kept.Add(key, r)
		}
		return r, err
	})
	if err != nil {
		return err
	}
	return r.serve(c)
}

// bounded runs make under key on the shared worker pool like expensive,
// without charging the client: for work whose total is bounded by what
// the server holds, not by what clients ask (the simplification of each
// zoom of a tile set, at most one run per zoom and set), so that loading a
// date's map never counts against a reader's allowance twice.
func (s *Server) bounded(c echo.Context, key string, make func(context.Context) (*response, error)) (*response, error) {
	return runPooled(c, s.runs, key, make)
}

// runExpensive is expensive for runs of any result, in group g on the
// server's pool: the vector tiles of a date are a *tiles.Set.
func runExpensive[V any](s *Server, c echo.Context, g *workpool.Group[V], key string, make func(context.Context) (V, error)) (V, error) {
	if g.Waiting(key) == 0 {
		if err := s.limiter.allow(c); err != nil {
			var zero V
			return zero, err
		}
	}
	return runPooled(c, g, key, make)
}

// runPooled runs make under key in group g and maps the pool's refusals
// to responses: 503 with Retry-After when the workers are full.
func runPooled[V any](c echo.Context, g *workpool.Group[V], key string, make func(context.Context) (V, error)) (V, error) {
	var zero V
	r, err := g.Do(c.Request().Context(), key, make)
	switch {
	case errors.Is(err, workpool.ErrBusy):
		c.Response().Header().Set("Retry-After", strconv.Itoa(retryAfterBusy))
		return zero, echo.NewHTTPError(http.StatusServiceUnavailable, "The server is busy making other images and files: please try again in a few seconds.")
	case errors.Is(err, context.Canceled) && c.Request().Context().Err() == nil:
		// Cancelled by shutdown, not by this client.
		c.Response().Header().Set("Retry-After", strconv.Itoa(retryAfterBusy))
		return zero, echo.NewHTTPError(http.StatusServiceUnavailable, "The server is restarting: please try again in a few seconds.")
	case err != nil && c.Request().Context().Err() != nil:
		// The client has gone; nobody reads this answer.
		return zero, echo.NewHTTPError(statusClientClosed, "client closed the request")
	case err != nil:
		return zero, err
	}
	return r, nil
}

// statusClientClosed is logged for requests whose client left before the
// answer was ready (nginx's 499); it is never seen by a client.
const statusClientClosed = 499

// imageWidths are the widths (and heights) images are made at: a request
// is served the next size up, so that a client cannot make the server
// render every pixel size, and the cache holds a few sizes well.
var imageSides = []int{300, 400, 600, 800, 1000, 1200, 1600, 2000, 2400}

// maxImageSide bounds every side of an image in pixels, after a PNG's
// scale.
const maxImageSide = 2400

// keepRatio raises one side of a quantised width and height to the next
// allowed size until their ratio is within the 1:2 to 3:1 the map is drawn
// at: each rounded up alone, a request inside it (1700 × 580, 2.9:1) could
// fall outside it (2000 × 600, 3.3:1). It stops at the largest side the
// scale allows, and leaves a ratio asked for outside the bounds alone.
func keepRatio(w, h int, scale float64) (int, int) {
	if w == 0 || h == 0 {
		return w, h
	}
	next := func(n int) int {
		for _, s := range imageSides {
			if s > n && float64(s)*scale <= maxImageSide {
				return s
			}
		}
		return n
	}
	for float64(w) > 3*float64(h) {
		n := next(h)
		if n == h {
			break
		}
		h = n
	}
	for 2*float64(w) < float64(h) {
		n := next(w)
		if n == w {
			break
		}
		w = n
	}
	return w, h
}

// quantise returns the allowed side at or above n (0 stays 0, the
// default), or an error above the largest.
func quantise(name string, n int, scale float64) (int, error) {
	if n <= 0 {
		return n, nil
	}
	for _, s := range imageSides {
		if s >= n {
			if float64(s)*scale > maxImageSide {
				break
			}
			return s, nil
		}
	}
	if scale > 1 {
		return 0, echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("%s %d px at scale %g: no side may exceed %d px (%d px at scale %g).", name, n, scale, maxImageSide, int(maxImageSide/scale), scale))
	}
	return 0, echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("%s %d px: no side may exceed %d px.", name, n, maxImageSide))
}
