package web

import (
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/claimsmap/claimsmap/internal/workpool"
)

// metrics are the server's Prometheus metrics, in a registry of its own
// (not the global one), so that tests can run several servers.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	cache    *prometheus.CounterVec
	runs     *prometheus.CounterVec
	reloads  *prometheus.CounterVec
	dataset  *prometheus.GaugeVec
}

func newMetrics(s *Server, pool *workpool.Pool) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "claimsmap_http_requests_total", Help: "HTTP requests by route, method and status code.",
		}, []string{"route", "method", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "claimsmap_http_request_duration_seconds", Help: "Time to answer HTTP requests, by route.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route"}),
		cache: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "claimsmap_cache_requests_total", Help: "Lookups in the caches of made responses, by cache and result (hit or miss).",
		}, []string{"cache", "result"}),
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "claimsmap_render_runs_total", Help: "Expensive runs (images, simplified downloads) by outcome: done, failed, cancelled, busy (refused with 503).",
		}, []string{"outcome"}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "claimsmap_dataset_reloads_total", Help: "Dataset reloads by result (ok or refused).",
		}, []string{"result"}),
		dataset: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "claimsmap_dataset_info", Help: "The dataset served: 1 for its version and latest snapshot date.",
		}, []string{"version", "snapshot"}),
	}
	pool.Observe = func(outcome string) { m.runs.WithLabelValues(outcome).Inc() }
	m.reg.MustRegister(m.requests, m.latency, m.cache, m.runs, m.reloads, m.dataset,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "claimsmap_render_queue_depth", Help: "Expensive runs waiting for a worker.",
		}, func() float64 { return float64(pool.Queued()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "claimsmap_render_running", Help: "Expensive runs on a worker now.",
		}, func() float64 { return float64(pool.Running()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "claimsmap_render_workers", Help: "Expensive runs the server does at once.",
		}, func() float64 { return float64(pool.Workers()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "claimsmap_latest_snapshot_age_seconds", Help: "Age of the latest control snapshot served: how stale the map is.",
		}, func() float64 {
			st := s.current()
			if st == nil {
				return 0
			}
			t, err := time.Parse(time.DateOnly, st.atlas.Snapshot)
			if err != nil {
				return 0
			}
			return time.Since(t).Seconds()
		}),
	)
	return m
}

func (m *metrics) cacheHit(cache string)  { m.cache.WithLabelValues(cache, "hit").Inc() }
func (m *metrics) cacheMiss(cache string) { m.cache.WithLabelValues(cache, "miss").Inc() }

// served records the dataset now served.
func (m *metrics) served(version, snapshot string) {
	m.dataset.Reset()
	m.dataset.WithLabelValues(version, snapshot).Set(1)
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// route names the route a request matched, for metrics and logs: the
// route's pattern, never the raw path, so that labels stay few.
func route(c echo.Context) string {
	if p := c.Path(); p != "" && c.Get(routeMatched) == nil {
		return p
	}
	return "unmatched"
}

// routeMatched is set on requests that no route matched.
const routeMatched = "claimsmap.unmatched"

// observe is the middleware that logs each request (one structured line,
// sampled at s.cfg.AccessLogSample; server errors always) and counts it.
func (s *Server) observe(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			// Have the error handler write the response now, so that the
			// status logged is the status sent.
			c.Error(err)
		}
		res := c.Response()
		status := res.Status
		var he *echo.HTTPError
		if err != nil && errors.As(err, &he) && he.Code == statusClientClosed {
			status = statusClientClosed
		}
		d := time.Since(start)
		rt := route(c)
		s.metrics.requests.WithLabelValues(rt, c.Request().Method, strconv.Itoa(status)).Inc()
		s.metrics.latency.WithLabelValues(rt).Observe(d.Seconds())
		if sample := s.cfg.AccessLogSample; status >= 500 && status != statusClientClosed || sample >= 1 || sample > 0 && rand.Float64() < sample {
			uri := c.Request().RequestURI
			if len(uri) > 300 {
				uri = uri[:300] + "…"
			}
			s.log.Info("request", "method", c.Request().Method, "uri", uri, "route", rt, "status", status,
				"bytes", res.Size, "ms", float64(d.Microseconds())/1000, "client", c.RealIP())
		}
		return nil
	}
}

// ipExtractor decides whose address a request comes from: the connection's
// peer, unless that peer is a proxy the operator named, in which case the
// last address in X-Forwarded-For that is not a trusted proxy.
func ipExtractor(trusted []*net.IPNet) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, n := range trusted {
		opts = append(opts, echo.TrustIPRange(n))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

// fromTrustedProxy reports whether the request's peer is one of the
// configured proxies.
func (s *Server) fromTrustedProxy(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip := net.ParseIP(host)
	if ip == nil {
		return false
	}
	for _, n := range s.cfg.TrustedProxies {
		if n.Contains(ip) {
			return true
		}
	}
	return false
}
