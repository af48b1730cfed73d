package importer

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/claimsmap/claimsmap/geo"
	"github.com/claimsmap/claimsmap/internal/dataset"
)

// referenceFile is a third-party file kept beside the repository, never
// in it (see ../shared/reference/README.md): DeepStateMap's territory of
// 2024-07-08, as a public archive keeps it.
const referenceFile = "../../../shared/reference/deepstatemap_data_20240708.geojson"

// referenceKm2 is the file's geodesic area on the WGS84 ellipsoid, as its
// README gives it: an oracle independent of claimsmap's code.
const referenceKm2 = 109361

// needReference skips, loudly, where the reference file is missing, except
// in CI, where it must be there.
func needReference(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(referenceFile); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("the reference file is missing and CI is set: %v", err)
		}
		t.Skipf("SKIPPED: the import of the real-world reference file did not run: %v (it belongs in ../shared/reference beside the repository; CI must provide it)", err)
	}
	return referenceFile
}

func relDiff(a, b float64) float64 { return math.Abs(a-b) / b }

func TestImportReference(t *testing.T) {
	ref := needReference(t)
	dir := copyDataset(t)
	res, err := Import(Options{Dir: dir, File: ref, AsOf: "2024-07-08", Source: "DeepStateMap.Live, as archived by cyterat/deepstate-map-data"})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range res.Areas {
		t.Logf("%-14s within claim %-5v %9.1f km² of %9.1f (%.1f%%)", a.Region, a.WithinClaim, a.Km2, a.RegionKm2, 100*a.Km2/a.RegionKm2)
	}
	t.Logf("file %.1f km², inside Ukraine %.1f km², imported %.1f km² = %.2f%% of Ukraine (%.1f km²); repairs %q",
		res.InputKm2, res.ClippedKm2, res.TotalKm2, 100*res.TotalKm2/res.UkraineKm2, res.UkraineKm2, res.Repairs)

	// The figures against the file's own geometry, read and measured
	// without the importer: orb's GeoJSON reader, one overlay with the
	// outline of Ukraine as the dataset had it before the import.
	b, err := os.ReadFile(ref)
	if err != nil {
		t.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		t.Fatal(err)
	}
	var parts []orb.MultiPolygon
	for _, f := range fc.Features {
		parts = append(parts, geo.Multi(f.Geometry))
	}
	file, err := geo.UnionAll(parts...)
	if err != nil {
		t.Fatal(err)
	}
	if km2 := geo.Area(file); relDiff(km2, referenceKm2) > 0.005 {
		t.Errorf("the file measures %.0f km², its README %d km² on the ellipsoid", km2, referenceKm2)
	}
	before, err := dataset.Load(os.DirFS(dir)) // the new layer is not in Divisions
	if err != nil {
		t.Fatalf("the dataset does not load after the import: %v", err)
	}
	var divs []orb.MultiPolygon
	for _, d := range before.Divisions {
		divs = append(divs, d.Geometry)
	}
	ukraine, err := geo.UnionAll(divs...)
	if err != nil {
		t.Fatal(err)
	}
	inside, err := geo.Intersection(file, ukraine)
	if err != nil {
		t.Fatal(err)
	}
	want := geo.Area(inside)
	if relDiff(res.TotalKm2, want) > 0.005 {
		t.Errorf("imported %.1f km², but the file's geometry inside Ukraine measures %.1f km²", res.TotalKm2, want)
	}

	// The layer as written: its features add up to the total, each
	// area_km2 is its geometry's area, and Crimea is held whole (but for
	// where DeepState's coast and Natural Earth's differ).
	d, err := dataset.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	s, ok := d.Snapshot("2024-07-08")
	if !ok {
		t.Fatal("the dataset does not list the 2024-07-08 snapshot")
	}
	if d.Manifest.Snapshot != "2025-08-08" {
		t.Errorf("manifest snapshot = %s; an older import must not change the latest date", d.Manifest.Snapshot)
	}
	lb, err := os.ReadFile(filepath.Join(dir, res.Path))
	if err != nil {
		t.Fatal(err)
	}
	layer, err := geojson.UnmarshalFeatureCollection(lb)
	if err != nil {
		t.Fatal(err)
	}
	sum, sumProps := 0.0, 0.0
	for _, f := range layer.Features {
		km2 := geo.Area(f.Geometry)
		prop, _ := f.Properties["area_km2"].(float64)
		if math.Abs(km2-prop) > 0.05 {
			t.Errorf("%s: area_km2 %.1f, its geometry %.2f km²", f.Properties["region"], prop, km2)
		}
		if !geo.Valid(geo.Multi(f.Geometry)) {
			t.Errorf("%s: geometry not valid", f.Properties["region"])
		}
		sum += km2
		sumProps += prop
	}
	if relDiff(sum, res.TotalKm2) > 1e-6 || math.Abs(sumProps-res.TotalKm2) > 0.05*float64(len(layer.Features)) {
		t.Errorf("features add up to %.1f km² (area_km2: %.1f), total %.1f", sum, sumProps, res.TotalKm2)
	}
	if len(s.Areas) != len(layer.Features) {
		t.Errorf("snapshot has %d areas, the layer %d features", len(s.Areas), len(layer.Features))
	}
	for _, a := range res.Areas {
		if a.Region == "crimea" && a.Km2/a.RegionKm2 < 0.985 {
			t.Errorf("Crimea %.1f%% held, want all but the coast's differences", 100*a.Km2/a.RegionKm2)
		}
	}
}
