// Command claimsmap serves the map of what Russia claims in Ukraine and what
// its forces hold, and maintains its dataset.
//
// Usage:
//
//	claimsmap serve [--addr HOST:PORT] [--data DIR] [--base-url URL]
//	    [--trusted-proxies CIDRS] [--access-log SHARE] [--render-workers N]
//	    [--render-queue N] [--client-rate R] [--client-burst N]
//	    [--max-conns N] [--shutdown-grace D]
//	    (SIGHUP reloads the dataset; SIGINT or SIGTERM shut down gracefully)
//	claimsmap check [--write-figures] [DIR]
//	claimsmap link [--data DIR] FILE|-
//	claimsmap build-data [--ne DIR] [--out DIR]
//	claimsmap export [--data DIR] [--site-url URL] [--base-url URL]
//	    [--max-files N] [--max-zoom Z] OUT
//
// Flags of serve also come from the environment: CLAIMSMAP_ADDR,
// CLAIMSMAP_DATA, CLAIMSMAP_BASE_URL, CLAIMSMAP_TRUSTED_PROXIES.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/atomicfile"
	"github.com/claimsmap/claimsmap/internal/authoring"
	"github.com/claimsmap/claimsmap/internal/datafs"
	"github.com/claimsmap/claimsmap/internal/dataset"
	"github.com/claimsmap/claimsmap/internal/defaultdata"
	"github.com/claimsmap/claimsmap/static"
	"github.com/claimsmap/claimsmap/web"
)

const usage = `claimsmap: what Russia claims in Ukraine, and what its forces hold.

Usage:
  claimsmap serve [flags]       serve the site (default dataset embedded)
  claimsmap check [DIR]         validate a dataset folder (default: the embedded one);
                                --write-figures writes its figures.json
  claimsmap link FILE|-         link an article's passages to the regions, as JSON
  claimsmap import [flags] FILE add a control layer from a GeoJSON of held territory
  claimsmap add-article --data DIR FILE|URL  add an article from a saved web page or text
  claimsmap build-data [flags]  regenerate the dataset's layers from their sources
  claimsmap export [flags] OUT  write the whole site as static files for a CDN
  claimsmap export-tiles [flags] write the vector tiles as a PMTiles archive

Run 'claimsmap COMMAND -h' for a command's flags.
`

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		switch {
		case errors.Is(err, errProblems):
			os.Exit(1)
		case errors.Is(err, flag.ErrHelp):
			// Help asked for (-h) is an answer, not a failure, as for
			// claimsmap -h.
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "claimsmap:", err)
		os.Exit(2)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	switch args[0] {
	case "serve":
		return serve(args[1:], stderr)
	case "build-data":
		return buildData(args[1:], stdout, stderr)
	case "check":
		return check(args[1:], stdout, stderr)
	case "link":
		return link(args[1:], os.Stdin, stdout, stderr)
	case "import":
		return importLayer(args[1:], stdout, stderr)
	case "add-article":
		return addArticle(args[1:], stdout, stderr)
	case "export":
		return exportSite(args[1:], stderr)
	case "export-tiles":
		return exportTiles(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}

// serveConfig is serve's flags and environment.
type serveConfig struct {
	addr      string
	data      string
	baseURL   string
	verbose   bool
	accessLog float64
	proxies   []*net.IPNet
	limits    web.Limits
	maxConns  int
	grace     time.Duration
}

func envOr(key, def string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return def
}

func parseServe(args []string, stderr io.Writer) (serveConfig, error) {
	var c serveConfig
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.addr, "addr", envOr("CLAIMSMAP_ADDR", "localhost:8080"), "listen on `HOST:PORT` (env CLAIMSMAP_ADDR)")
	fs.StringVar(&c.data, "data", envOr("CLAIMSMAP_DATA", ""), "serve the dataset in `DIR` instead of the embedded one (env CLAIMSMAP_DATA)")
	fs.StringVar(&c.baseURL, "base-url", envOr("CLAIMSMAP_BASE_URL", ""), "public `URL` of the site, for canonical links (env CLAIMSMAP_BASE_URL; default http://ADDR)")
	fs.BoolVar(&c.verbose, "v", false, "debug logging")
	fs.Float64Var(&c.accessLog, "access-log", 1, "share of requests logged, one line each: 1 all, 0 none, 0.01 one in a hundred (server errors always)")
	proxies := fs.String("trusted-proxies", envOr("CLAIMSMAP_TRUSTED_PROXIES", ""), "comma-separated `CIDRs` of reverse proxies whose X-Forwarded-* headers are believed (env CLAIMSMAP_TRUSTED_PROXIES; default none)")
	fs.IntVar(&c.limits.Workers, "render-workers", 0, "images and simplified downloads made at once (default half the CPUs, at least 1)")
	fs.IntVar(&c.limits.Queue, "render-queue", 0, "renders that may wait for a worker before new ones get 503 (default 4 per worker)")
	fs.Float64Var(&c.limits.Rate, "client-rate", 2, "new images and downloads each client may ask for per second, -1 for no limit")
	fs.IntVar(&c.limits.Burst, "client-burst", 20, "new images and downloads a client may ask for at once")
	fs.IntVar(&c.maxConns, "max-conns", 4096, "open connections at most")
	fs.DurationVar(&c.grace, "shutdown-grace", 20*time.Second, "how long requests in flight may take to finish at shutdown")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	for _, p := range strings.Split(*proxies, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if !strings.Contains(p, "/") {
			if ip := net.ParseIP(p); ip != nil && ip.To4() != nil {
				p += "/32"
			} else {
				p += "/128"
			}
		}
		_, n, err := net.ParseCIDR(p)
		if err != nil {
			return c, fmt.Errorf("--trusted-proxies: %q is not an address or CIDR such as 10.0.0.0/8", p)
		}
		c.proxies = append(c.proxies, n)
	}
	if c.accessLog < 0 || c.accessLog > 1 {
		return c, fmt.Errorf("--access-log %g: give a share from 0 to 1", c.accessLog)
	}
	if c.grace <= 0 {
		return c, fmt.Errorf("--shutdown-grace %s: give a positive duration such as 20s", c.grace)
	}
	// 0 would be taken for the default, which is not what it says.
	if !(c.limits.Rate > 0 || c.limits.Rate == -1) {
		return c, fmt.Errorf("--client-rate %g: give a positive rate per second, or -1 for no limit", c.limits.Rate)
	}
	for _, f := range []struct {
		name string
		n    int
	}{{"render-workers", c.limits.Workers}, {"render-queue", c.limits.Queue}, {"client-burst", c.limits.Burst}} {
		if f.n < 0 || f.n == 0 && isSet(fs, f.name) {
			return c, fmt.Errorf("--%s %d: give a positive number (leave it out for the default)", f.name, f.n)
		}
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("serve takes no arguments, got %q", fs.Args())
	}
	if _, _, err := net.SplitHostPort(c.addr); err != nil {
		return c, fmt.Errorf("--addr (or CLAIMSMAP_ADDR) %q: want HOST:PORT: %w", c.addr, err)
	}
	if c.baseURL == "" {
		// Listening on all interfaces (":8080", "0.0.0.0:8080") names no
		// host for links; localhost is the one that works on this machine.
		host, port, _ := net.SplitHostPort(c.addr)
		if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
			host = "localhost"
		}
		c.baseURL = "http://" + net.JoinHostPort(host, port)
	}
	return c, nil
}

func serve(args []string, stderr io.Writer) error {
	c, err := parseServe(args, stderr)
	if err != nil {
		return err
	}
	level := slog.LevelInfo
	if c.verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	data, err := dataFolder(c.data)
	if err != nil {
		return err
	}
	// SIGHUP reads the dataset again: a reviewed change to a --data folder
	// goes live without a restart, and a broken one is refused and logged.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	srv, err := web.New(web.Config{
		BaseURL: c.baseURL, Data: data, Static: static.FS(), Logger: log,
		Limits: c.limits, TrustedProxies: c.proxies, AccessLogSample: c.accessLog,
		MaxConns: c.maxConns, ShutdownGrace: c.grace,
	})
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				if err := srv.Reload(); err != nil {
					log.Error("reload refused; still serving the previous dataset", "err", err)
				}
			}
		}
	}()
	l, err := net.Listen("tcp", c.addr)
	if err != nil {
		return err
	}
	log.Info("serving", "url", "http://"+l.Addr().String(), "base_url", c.baseURL)
	return srv.Serve(ctx, l)
}

func buildData(args []string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("build-data", flag.ContinueOnError)
	fset.SetOutput(stderr)
	ne := fset.String("ne", "../shared/data", "`DIR` holding the Natural Earth extracts")
	out := fset.String("out", defaultdata.Dir, "dataset `DIR` to read sources/ from and write layers into")
	if err := fset.Parse(args); err != nil {
		return err
	}
	if fset.NArg() > 0 {
		return fmt.Errorf("build-data takes no arguments, got %q", fset.Args())
	}
	for _, d := range []string{*ne, *out} {
		if st, err := os.Stat(d); err != nil || !st.IsDir() {
			return fmt.Errorf("%s: not a readable directory", d)
		}
	}
	return authoring.Build(authoring.Options{NaturalEarth: os.DirFS(*ne), Dir: *out, Progress: stdout})
}

// errProblems says check found problems; they are already printed.
var errProblems = errors.New("the dataset has problems")

func check(args []string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("check", flag.ContinueOnError)
	fset.SetOutput(stderr)
	writeFigures := fset.Bool("write-figures", false, "once the folder is valid, write "+dataset.FiguresName+" (what each dated layer measures, so that serve need not decode every layer at start)")
	fset.Usage = func() {
		fmt.Fprintln(stderr, "usage: claimsmap check [--write-figures] [DIR]\n\nValidates a dataset folder (the embedded one without DIR) and lists every problem with its file and line.")
		fset.PrintDefaults()
	}
	if err := fset.Parse(args); err != nil {
		return err
	}
	var data fs.FS = defaultdata.FS()
	name := "the embedded dataset"
	switch fset.NArg() {
	case 0:
	case 1:
		name = fset.Arg(0)
		if st, err := os.Stat(name); err != nil || !st.IsDir() {
			return fmt.Errorf("%s: not a readable directory", name)
		}
		data = datafs.Dir(name)
	default:
		return fmt.Errorf("check takes one folder, got %q", fset.Args())
	}
	if *writeFigures {
		// The figures are what is written: a figures file that is wrong
		// must not stop its own repair.
		data = hiding{data, dataset.FiguresName}
	}
	d, err := dataset.Load(data)
	if err != nil {
		n := 0
		for _, line := range strings.Split(err.Error(), "\n") {
			fmt.Fprintln(stdout, line)
			n++
		}
		fmt.Fprintf(stdout, "%s: %d problem(s)\n", name, n)
		return errProblems
	}
	if err := buildAtlas(d); err != nil {
		fmt.Fprintln(stdout, err)
		return errProblems
	}
	fmt.Fprintf(stdout, "%s: ok (%d divisions, %d claimed regions, %d control snapshots, %d articles; version %s)\n",
		name, len(d.Divisions), len(d.Claims), len(d.Dates), len(d.Articles), d.Version)
	switch unlisted := d.Unlisted(); {
	case *writeFigures:
		if fset.NArg() == 0 {
			return fmt.Errorf("--write-figures needs a folder: the embedded dataset cannot be written")
		}
		b, err := d.EncodeFigures()
		if err != nil {
			return err
		}
		if err := atomicfile.Write(filepath.Join(name, dataset.FiguresName), b, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: wrote %s (%d snapshots)\n", name, dataset.FiguresName, len(d.Dates))
	case len(unlisted) > 0 && fset.NArg() > 0:
		fmt.Fprintf(stdout, "%s: %d of %d snapshots have no figures in %s for their layers as they are now, so serve decodes them at start; claimsmap check --write-figures %s writes it\n",
			name, len(unlisted), len(d.Dates), dataset.FiguresName, name)
	}
	return nil
}

// buildAtlas builds the atlas as the server would, turning a panic (data
// shaped in a way the code did not foresee) into a problem reported like
// the others rather than a stack trace.
func buildAtlas(d *dataset.Dataset) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("building the atlas failed unexpectedly (please report this as a bug in claimsmap): %v", r)
		}
	}()
	_, err = atlas.New(d)
	return err
}

// dataFolder is the dataset a --data flag names: the embedded default
// when it is empty, else the folder, read through datafs's limits.
func dataFolder(dir string) (fs.FS, error) {
	if dir == "" {
		return defaultdata.FS(), nil
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("--data %s: not a readable directory", dir)
	}
	return datafs.Dir(dir), nil
}

// isSet reports whether the flag was given on the command line.
func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	return set
}

// hiding is a folder without one file at its root, for check
// --write-figures to read the folder as if its figures file were not
// there.
type hiding struct {
	fs.FS
	name string
}

func (h hiding) Open(name string) (fs.File, error) {
	if name == h.name {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return h.FS.Open(name)
}

func (h hiding) Stat(name string) (fs.FileInfo, error) {
	if name == h.name {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
	}
	return fs.Stat(h.FS, name)
}

func (h hiding) ReadDir(name string) ([]fs.DirEntry, error) {
	es, err := fs.ReadDir(h.FS, name)
	if name == "." {
		es = slices.DeleteFunc(es, func(e fs.DirEntry) bool { return e.Name() == h.name })
	}
	return es, err
}
