package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/claimsmap/claimsmap/internal/defaultdata"
	"github.com/claimsmap/claimsmap/static"
)

// TestLoad is the load script: with wrk on loopback it prints, in one
// run, requests per second and p99 latency for a page, a region page, an
// embed, a layer, a tile and a PNG, each beside the same bytes served as a
// static file by the standard library; then the rate and p99 of / while
// another client hammers distinct image sizes, and the process's peak
// memory. It runs only when asked (CLAIMSMAP_LOADTEST=1, or `make
// loadtest`): load figures are for notes, not for CI, whose machine's load
// varies. CLAIMSMAP_LOADTEST_DURATION sets each run's length (default 5s).
func TestLoad(t *testing.T) {
	if os.Getenv("CLAIMSMAP_LOADTEST") == "" {
		t.Skip("load test: set CLAIMSMAP_LOADTEST=1 (needs wrk: apt-get install wrk)")
	}
	wrk, err := exec.LookPath("wrk")
	if err != nil {
		t.Fatal("wrk not found: apt-get install wrk")
	}
	dur := "5s"
	if d := os.Getenv("CLAIMSMAP_LOADTEST_DURATION"); d != "" {
		dur = d
	}
	type result struct{ rps, p99ms float64 }
	run := func(args ...string) result {
		out, err := exec.Command(wrk, append([]string{"-d" + dur, "--latency"}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("wrk %v: %v\n%s", args, err, out)
		}
		var r result
		if m := regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`).FindSubmatch(out); m != nil {
			r.rps, _ = strconv.ParseFloat(string(m[1]), 64)
		}
		if m := regexp.MustCompile(`\s99%\s+([0-9.]+)(us|ms|s)`).FindSubmatch(out); m != nil {
			v, _ := strconv.ParseFloat(string(m[1]), 64)
			r.p99ms = v * map[string]float64{"us": 0.001, "ms": 1, "s": 1000}[string(m[2])]
		}
		return r
	}
	listen := func(h http.Handler) (string, func()) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		srv := &http.Server{Handler: h}
		go srv.Serve(l)
		return "http://" + l.Addr().String(), func() { srv.Close() }
	}
	serve := func(cfg Config) (string, func()) {
		cfg.Data, cfg.Static = defaultdata.FS(), static.FS()
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		cfg.BaseURL = "http://" + l.Addr().String()
		s, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		ctx, stop := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { s.Serve(ctx, l); close(done) }()
		return cfg.BaseURL, func() { stop(); <-done }
	}

	ours, stop := serve(Config{})
	defer stop()
	dir := t.TempDir()
	paths := []string{"/", "/regions/donetsk", "/embed/donetsk", "/layers/controlled.geojson", "/tiles/6/38/22.mvt", "/map/ukraine.png"}
	for i, p := range paths {
		r, err := http.Get(ours + p)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r.Body)
		r.Body.Close()
		if r.StatusCode != 200 {
			t.Fatalf("%s: %d", p, r.StatusCode)
		}
		if err := os.WriteFile(filepath.Join(dir, strconv.Itoa(i)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files, stopFiles := listen(http.FileServer(http.Dir(dir)))
	defer stopFiles()

	var out bytes.Buffer
	tw := tabwriter.NewWriter(&out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "endpoint\tclaimsmap req/s\tp99 ms\tstatic file req/s\tp99 ms\tratio\t\n")
	base := map[string]result{}
	for i, p := range paths {
		a := run("-t1", "-c16", ours+p)
		b := run("-t1", "-c16", files+"/"+strconv.Itoa(i))
		base[p] = a
		fmt.Fprintf(tw, "%s\t%.0f\t%.1f\t%.0f\t%.1f\t%.2f\t\n", p, a.rps, a.p99ms, b.rps, b.p99ms, a.rps/b.rps)
	}
	tw.Flush()

	// / while another client asks for image sizes it has not asked for
	// before, with and without the per-client limit.
	script := filepath.Join(dir, "sizes.lua")
	os.WriteFile(script, []byte(`
counter = 0
request = function()
  counter = counter + 1
  local w = 400 + (counter * 37) % 2000
  local h = 300 + (counter * 53) % 1000
  local themes = {"light", "dark"}
  return wrk.format("GET", "/map/ukraine.png?width=" .. w .. "&height=" .. h .. "&theme=" .. themes[counter % 2 + 1])
end
`), 0o644)
	fmt.Fprintf(&out, "\n/ while another client (32 connections) asks for distinct PNG sizes:\n")
	tw = tabwriter.NewWriter(&out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "limits\t/ req/s\tp99 ms\tshare of / alone\timage req/s\tpeak RSS MB\t\n")
	for _, tc := range []struct {
		name string
		cfg  Config
	}{{"default", Config{}}, {"no per-client limit", Config{Limits: Limits{Rate: -1}}}} {
		u, stop := serve(tc.cfg)
		var hammer result
		var done atomic.Bool
		go func() {
			hammer = run("-t1", "-c32", "-s", script, u)
			done.Store(true)
		}()
		time.Sleep(500 * time.Millisecond)
		page := run("-t1", "-c16", u+"/")
		for !done.Load() {
			time.Sleep(50 * time.Millisecond)
		}
		stop()
		fmt.Fprintf(tw, "%s\t%.0f\t%.1f\t%.2f\t%.0f\t%d\t\n", tc.name, page.rps, page.p99ms, page.rps/base["/"].rps, hammer.rps, peakRSSMB())
		if page.rps < base["/"].rps/2 || page.p99ms > 100 {
			t.Errorf("%s: / at %.0f req/s (alone %.0f), p99 %.1f ms: target at least half the rate and p99 under 100 ms", tc.name, page.rps, base["/"].rps, page.p99ms)
		}
	}
	tw.Flush()
	if m := peakRSSMB(); m > 300 {
		t.Errorf("peak memory %d MB, target under 300 MB", m)
	}
	t.Logf("load, %s per run, on %s:\n%s", dur, strings.TrimSpace(cpuName()), out.String())
}

// peakRSSMB is the test process's peak resident memory (VmHWM), in MB.
func peakRSSMB() int {
	b, _ := os.ReadFile("/proc/self/status")
	m := regexp.MustCompile(`VmHWM:\s+(\d+) kB`).FindSubmatch(b)
	if m == nil {
		return 0
	}
	kb, _ := strconv.Atoi(string(m[1]))
	return kb / 1024
}

func cpuName() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	if m := regexp.MustCompile(`model name\s*:\s*(.*)`).FindSubmatch(b); m != nil {
		return fmt.Sprintf("%s × %d", m[1], bytes.Count(b, []byte("processor\t:")))
	}
	return "unknown CPU"
}
