package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/claimsmap/claimsmap/internal/importer"
)

// importLayer is `claimsmap import`: it adds a control layer to a dataset
// folder from a GeoJSON file of occupied territory as an archive publishes
// it. Progress goes to stderr, the figures to stdout.
func importLayer(args []string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("import", flag.ContinueOnError)
	fset.SetOutput(stderr)
	var o importer.Options
	fset.StringVar(&o.Dir, "data", envOr("CLAIMSMAP_DATA", ""), "add the layer to the dataset folder `DIR` (env CLAIMSMAP_DATA)")
	fset.StringVar(&o.AsOf, "as-of", "", "the `DATE` the file describes, YYYY-MM-DD")
	fset.StringVar(&o.Source, "source", "", "who published the file (`TEXT`), credited wherever the layer is shown")
	fset.StringVar(&o.License, "license", importer.DefaultLicense, "the file's licence (`TEXT`)")
	fset.BoolVar(&o.Replace, "replace", false, "overwrite the date's control layer if it has one")
	fset.Usage = func() {
		fmt.Fprintln(stderr, "usage: claimsmap import --data DIR --as-of DATE --source TEXT [--license TEXT] [--replace] FILE\n\n"+
			"Adds FILE, a GeoJSON FeatureCollection of the polygons held on DATE, to the dataset in DIR as\n"+
			"layers/controlled-DATE.geojson: checked, clipped to Ukraine, split by claimed region and division,\n"+
			"and listed in manifest.json. A file that is refused leaves DIR as it was.")
		fset.PrintDefaults()
	}
	if err := fset.Parse(args); err != nil {
		return err
	}
	var missing []string
	for _, f := range []struct{ name, v string }{{"--data", o.Dir}, {"--as-of", o.AsOf}, {"--source", o.Source}} {
		if f.v == "" {
			missing = append(missing, f.name)
		}
	}
	switch {
	case len(missing) > 0:
		fset.Usage()
		return fmt.Errorf("import needs %v", missing)
	case fset.NArg() != 1:
		fset.Usage()
		return fmt.Errorf("import takes one FILE after the flags, got %q", fset.Args())
	}
	o.File = fset.Arg(0)
	o.Progress = stderr
	res, err := importer.Import(o)
	if errors.Is(err, importer.ErrExists) {
		return fmt.Errorf("%w; pass --replace to overwrite it", err)
	}
	if err != nil {
		return err
	}
	printImport(stdout, o.Dir, res)
	return nil
}

// printImport writes the figures of an import: km² held per claimed region
// and division, the total and its share of Ukraine.
func printImport(w io.Writer, dir string, res *importer.Result) {
	verb := "added"
	if res.Replaced {
		verb = "replaced"
	}
	fmt.Fprintf(w, "%s %s in %s: control on %s, %d features (default date now %s)\n", verb, res.Path, dir, res.AsOf, len(res.Areas), res.Snapshot)
	width := len("total")
	for _, a := range res.Areas {
		width = max(width, len(a.Region))
	}
	row := func(region, claimed string, km2, of float64, share string) {
		fmt.Fprintf(w, "  %-*s  %-7s  %10.1f  %10.1f  %s\n", width, region, claimed, km2, of, share)
	}
	fmt.Fprintf(w, "  %-*s  %-7s  %10s  %10s  %s\n", width, "region", "claimed", "held km²", "of km²", "share")
	for _, a := range res.Areas {
		claimed := "no"
		if a.WithinClaim {
			claimed = "yes"
		}
		row(a.Region, claimed, a.Km2, a.RegionKm2, fmt.Sprintf("%.1f%% of the %s", 100*a.Km2/a.RegionKm2, kind(a)))
	}
	row("total", "", res.TotalKm2, res.UkraineKm2, fmt.Sprintf("%.2f%% of Ukraine", 100*res.TotalKm2/res.UkraineKm2))
	fmt.Fprintf(w, "the file: %.1f km², of which %.1f km² outside Ukraine (dropped)\n", res.InputKm2, res.InputKm2-res.ClippedKm2)
	for _, r := range res.Repairs {
		fmt.Fprintln(w, "repaired:", r)
	}
}

func kind(a importer.Area) string {
	if a.WithinClaim {
		return "claimed region"
	}
	return "division"
}
