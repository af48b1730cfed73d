package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

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
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "region\tclaimed\theld km²\tof km²\tshare\t")
	for _, a := range res.Areas {
		claimed := "no"
		if a.WithinClaim {
			claimed = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%.1f\t%.1f\t%.1f%%\t\n", a.Region, claimed, a.Km2, a.RegionKm2, 100*a.Km2/a.RegionKm2)
	}
	fmt.Fprintf(tw, "total\t\t%.1f\t%.1f\t%.2f%%\t\n", res.TotalKm2, res.UkraineKm2, 100*res.TotalKm2/res.UkraineKm2)
	tw.Flush()
	fmt.Fprintf(w, "the file: %.1f km², of which %.1f km² outside Ukraine (dropped)\n", res.InputKm2, res.InputKm2-res.ClippedKm2)
	for _, r := range res.Repairs {
		fmt.Fprintln(w, "repaired:", r)
	}
}
