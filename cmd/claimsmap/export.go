package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/dataset"
	"github.com/claimsmap/claimsmap/internal/sitexport"
	"github.com/claimsmap/claimsmap/static"
	"github.com/claimsmap/claimsmap/web"
)

// exportConfig is export's flags.
type exportConfig struct {
	data     string
	baseURL  string
	siteURL  string
	out      string
	maxFiles int
	maxZoom  int
	// latestOnly are path prefixes exported for the latest date only.
	latestOnly []string
}

func parseExport(args []string, stderr io.Writer) (exportConfig, error) {
	var c exportConfig
	fset := flag.NewFlagSet("export", flag.ContinueOnError)
	fset.SetOutput(stderr)
	fset.Usage = func() {
		fmt.Fprintln(stderr, "usage: claimsmap export [flags] OUT\n\nWrites the whole site as static files into the folder OUT (new, empty, or an earlier export),\nfor any static file server, CDN or object store. See docs-export.md.\n\nFlags:")
		fset.PrintDefaults()
	}
	fset.StringVar(&c.data, "data", envOr("CLAIMSMAP_DATA", ""), "export the dataset in `DIR` instead of the embedded one (env CLAIMSMAP_DATA)")
	fset.StringVar(&c.baseURL, "base-url", envOr("CLAIMSMAP_BASE_URL", ""), "`URL` of the live site: links to what a static copy cannot serve (search, parameterised downloads, OGC queries, forms) go there; without it they are removed (env CLAIMSMAP_BASE_URL)")
	fset.StringVar(&c.siteURL, "site-url", "", "public `URL` the export will be served at, named in the maps' attribution, canonical links and the embed codes (default --base-url; one of them is needed)")
	fset.IntVar(&c.maxFiles, "max-files", 20000, "fail rather than write more than `N` files")
	fset.IntVar(&c.maxZoom, "max-zoom", 8, "export vector tiles from zoom 0 to `Z` (-1 for none); map clients overzoom beyond")
	latest := fset.String("latest-only", "", "comma-separated path `PREFIXES` whose pages are exported for the latest snapshot only, such as /places/ (one page per settlement and date)")
	if err := fset.Parse(args); err != nil {
		return c, err
	}
	for _, p := range strings.Split(*latest, ",") {
		if p = strings.TrimSpace(p); p != "" {
			if !strings.HasPrefix(p, "/") {
				return c, fmt.Errorf("--latest-only %q: give paths from the root, such as /places/", p)
			}
			c.latestOnly = append(c.latestOnly, p)
		}
	}
	if fset.NArg() != 1 {
		fset.Usage()
		return c, fmt.Errorf("export takes one folder, got %q", fset.Args())
	}
	c.out = fset.Arg(0)
	c.baseURL = strings.TrimRight(c.baseURL, "/")
	c.siteURL = strings.TrimRight(c.siteURL, "/")
	if c.siteURL == "" && c.baseURL == "" {
		// The maps carry the site's address in their attribution, so a
		// placeholder would be printed on every image.
		return c, errors.New("give --site-url, the address the export will be served at, or --base-url, the live site's")
	}
	for _, u := range []struct{ flag, v string }{{"--site-url", c.siteURL}, {"--base-url", c.baseURL}} {
		if u.v == "" {
			continue
		}
		if p, err := url.Parse(u.v); err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || p.Path != "" || p.RawQuery != "" {
			return c, fmt.Errorf("%s %q: give an origin such as https://maps.example.org", u.flag, u.v)
		}
	}
	if c.maxFiles <= 0 {
		return c, fmt.Errorf("--max-files %d: give a positive number", c.maxFiles)
	}
	return c, nil
}

func exportSite(args []string, stderr io.Writer) error {
	c, err := parseExport(args, stderr)
	if err != nil {
		return err
	}
	data, err := dataFolder(c.data)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Fprintln(stderr, "export: loading the dataset")
	opts, err := exportOptions(data, c)
	if err != nil {
		return err
	}
	opts.Progress = stderr
	sum, err := sitexport.Export(ctx, c.out, opts)
	if errors.Is(err, sitexport.ErrTooManyFiles) {
		return fmt.Errorf("export to %s failed, nothing was changed there: %w; or export the places' pages of the latest date only, --latest-only /places/", c.out, err)
	}
	if err != nil {
		return fmt.Errorf("export to %s failed, nothing was changed there: %w", c.out, err)
	}
	fmt.Fprintf(stderr, "export: wrote %d files (%d pages, %d tiles; %d empty tiles skipped), %.1f MB, to %s in %s\n",
		sum.Files, sum.Pages, sum.Tiles, sum.EmptyTiles, float64(sum.Bytes)/1e6, c.out, sum.Elapsed.Round(100_000_000))
	if c.baseURL != "" {
		fmt.Fprintf(stderr, "export: %d links to what a static copy cannot serve point to %s\n", sum.ToLive, c.baseURL)
	} else {
		fmt.Fprintf(stderr, "export: %d links to what a static copy cannot serve were removed (give --base-url to keep them)\n", sum.Dropped)
	}
	for _, f := range sum.Failed {
		fmt.Fprintln(stderr, "export: the site links to", f, "which did not answer 200; the link was removed")
	}
	return nil
}

// exportOptions renders the site in memory and lists where the crawl
// starts: every page, embed, image and layer of every snapshot, and the
// documents nothing else links to. The crawl finds the rest by following
// links.
func exportOptions(data fs.FS, c exportConfig) (sitexport.Options, error) {
	origin := c.siteURL
	if origin == "" {
		origin = c.baseURL
	}
	srv, err := web.New(web.Config{
		BaseURL: origin, Data: data, Static: static.FS(), Logger: slog.New(slog.DiscardHandler),
		// Every core renders, and no client limit: this is the only client.
		Limits: web.Limits{Workers: runtime.NumCPU(), Queue: 64, Rate: -1},
	})
	if err != nil {
		return sitexport.Options{}, err
	}
	// The server holds its atlas privately; the list of dates, regions
	// and articles comes from a second load of the same data.
	d, err := dataset.Load(data)
	if err != nil {
		return sitexport.Options{}, err
	}
	a, err := atlas.New(d)
	if err != nil {
		return sitexport.Options{}, err
	}
	return sitexport.Options{
		Handler: srv.Handler(),
		Origin:  origin,
		Live:    c.baseURL,
		// Embed codes and image links shown to readers name the site:
		// at the export's own address they must name its files.
		RewriteText: c.siteURL != "",
		Entries:     exportEntries(a),
		MaxZoom:     c.maxZoom,
		LatestOnly:  c.latestOnly,
		MaxFiles:    c.maxFiles,
		Workers:     runtime.NumCPU(),
	}, nil
}

// exportEntries lists the URLs the crawl starts from.
func exportEntries(a *atlas.Atlas) []string {
	e := []string{"/", "/about", "/places", "/articles", "/layers", "/changes",
		"/stats.csv", "/stats.json", "/tiles.json", "/tiles.pmtiles", "/ogc", "/ogc/collections", "/embed.js"}
	slugs := []string{"ukraine"}
	for _, r := range a.Regions {
		slugs = append(slugs, r.Slug)
	}
	for _, la := range a.Articles {
		e = append(e, "/articles/"+la.Slug)
	}
	for _, l := range atlas.Layers() {
		e = append(e, "/layers/"+l.Name+".geojson", "/layers/"+l.Name+".kml")
	}
	for _, s := range slugs {
		e = append(e, "/embed/"+s, "/map/"+s+".svg", "/map/"+s+".pdf", "/map/"+s+".png", "/map/"+s+".png?width=1200&height=800")
	}
	for _, d := range a.Dates {
		q := "?date=" + d
		// The TileJSON of a date names its tiles at /tiles/{date}/...
		e = append(e, "/"+q, "/about"+q, "/places"+q, "/tiles.json"+q)
		for _, r := range a.Regions {
			e = append(e, "/regions/"+r.Slug+q)
		}
		for _, s := range slugs {
			e = append(e, "/embed/"+s+q,
				"/map/"+s+".svg"+q, "/map/"+s+".pdf"+q, "/map/"+s+".png"+q,
				// The size the pages' download links ask for.
				"/map/"+s+".png"+q+"&width=1200&height=800")
		}
		for _, l := range atlas.Layers() {
			if l.Dated {
				e = append(e, "/layers/"+l.Name+".geojson"+q, "/layers/"+l.Name+".kml"+q)
			}
		}
	}
	return e
}
