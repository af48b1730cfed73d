package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/paulmach/orb/maptile"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/atomicfile"
	"github.com/claimsmap/claimsmap/internal/dataset"
	"github.com/claimsmap/claimsmap/internal/tiles"
	"github.com/claimsmap/claimsmap/web"
)

// exportTilesConfig is export-tiles' flags.
type exportTilesConfig struct {
	out, data, date string
	maxZoom         int
}

func parseExportTiles(args []string, stderr io.Writer) (exportTilesConfig, error) {
	fset := flag.NewFlagSet("export-tiles", flag.ContinueOnError)
	fset.SetOutput(stderr)
	var c exportTilesConfig
	fset.StringVar(&c.out, "out", "", "write the archive to `FILE`.pmtiles")
	fset.StringVar(&c.data, "data", envOr("CLAIMSMAP_DATA", ""), "read the dataset folder `DIR` (default: the embedded dataset; env CLAIMSMAP_DATA)")
	fset.StringVar(&c.date, "date", "", "the snapshot on or before `DATE` (YYYY-MM-DD; default: the latest)")
	fset.IntVar(&c.maxZoom, "maxzoom", int(tiles.DefaultMaxZoom), "the deepest zoom `N` written, 0 to 12")
	fset.Usage = func() {
		fmt.Fprintln(stderr, "usage: claimsmap export-tiles --out FILE.pmtiles [--data DIR] [--date DATE] [--maxzoom N]\n\n"+
			"Writes the vector tiles of one snapshot, the server's /tiles/{z}/{x}/{y}.mvt, as a PMTiles v3\n"+
			"archive that any static host serving HTTP ranges can offer to MapLibre or OpenLayers.\n"+
			"FILE is replaced whole, or left as it was if anything fails.")
		fset.PrintDefaults()
	}
	if err := fset.Parse(args); err != nil {
		return c, err
	}
	switch {
	case fset.NArg() > 0:
		fset.Usage()
		return c, fmt.Errorf("export-tiles takes no arguments after the flags, got %q", fset.Args())
	case c.out == "":
		fset.Usage()
		return c, fmt.Errorf("export-tiles needs --out FILE.pmtiles")
	case c.maxZoom < int(tiles.DefaultMinZoom) || c.maxZoom > int(tiles.DefaultMaxZoom):
		return c, fmt.Errorf("--maxzoom %d: give a zoom from %d to %d", c.maxZoom, tiles.DefaultMinZoom, tiles.DefaultMaxZoom)
	}
	return c, nil
}

// exportTiles is `claimsmap export-tiles`: progress goes to stderr, the
// summary to stdout.
func exportTiles(args []string, stdout, stderr io.Writer) error {
	c, err := parseExportTiles(args, stderr)
	if err != nil {
		return err
	}
	data, err := dataFolder(c.data)
	if err != nil {
		return err
	}
	d, err := dataset.Load(data)
	if err != nil {
		return fmt.Errorf("dataset: %w", err)
	}
	a, err := atlas.New(d)
	if err != nil {
		return err
	}
	date, err := a.SnapshotOn(c.date)
	if err != nil {
		return fmt.Errorf("--date: %w (snapshots: %v)", err, a.Dates)
	}
	v, err := a.At(date)
	if err != nil {
		return err
	}
	set, err := web.TileSet(v)
	if err != nil {
		return err
	}
	info := web.ArchiveInfo(a, date)
	info.MaxZoom = maptile.Zoom(c.maxZoom)
	info.Progress = func(z maptile.Zoom, written, looked int) {
		fmt.Fprintf(stderr, "zoom %2d: %6d tiles looked at, %7d written so far\n", z, looked, written)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Fprintf(stderr, "writing the tiles of %s, zooms 0 to %d, to %s\n", date, c.maxZoom, c.out)
	var b bytes.Buffer
	if err := set.WriteArchive(ctx, &b, info); err != nil {
		return fmt.Errorf("%s: %w; the file was not written", c.out, err)
	}
	if err := atomicfile.Write(c.out, b.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s: snapshot %s, zooms 0 to %d, %d bytes\n", c.out, date, c.maxZoom, b.Len())
	return nil
}
