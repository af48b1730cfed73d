package importer

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/claimsmap/claimsmap/geo"
	"github.com/claimsmap/claimsmap/internal/dataset"
	"github.com/claimsmap/claimsmap/internal/defaultdata"
)

// copyDataset copies the embedded dataset into a folder the test may
// change.
func copyDataset(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.CopyFS(dir, defaultdata.FS()); err != nil {
		t.Fatal(err)
	}
	return dir
}

// hashDir returns every file and folder under dir (temporary files
// included) with the SHA-256 of its content.
func hashDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			out[rel+"/"] = "dir"
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		out[rel] = hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameTree(t *testing.T, before, after map[string]string) {
	t.Helper()
	for p, h := range before {
		if after[p] != h {
			t.Errorf("%s changed", p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("%s appeared", p)
		}
	}
}

func TestRefusals(t *testing.T) {
	dir := copyDataset(t)
	big := filepath.Join(t.TempDir(), "big.geojson")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	// Sparse: 200 MB on paper, nothing on disk, and never read.
	if err := os.Truncate(big, 200<<20); err != nil {
		t.Fatal(err)
	}
	ok := Options{Dir: dir, File: "testdata/small.geojson", AsOf: "2024-07-08", Source: "a test"}
	with := func(change func(o *Options)) Options {
		o := ok
		change(&o)
		return o
	}
	file := func(name string) Options { return with(func(o *Options) { o.File = "testdata/" + name }) }
	for _, tc := range []struct {
		name string
		opts Options
		want []string
	}{
		{"unclosed ring", file("unclosed.geojson"), []string{"testdata/unclosed.geojson: feature 0: ring 0: not closed: position 0 [37.5 48] differs from the last, position 3 [37.5 48.3]"}},
		{"latitude 95", file("latitude95.geojson"), []string{"feature 1: polygon 1: ring 0, position 2 [36.4 95]: latitude 95 is outside -90 to 90"}},
		{"empty geometry", file("empty.geojson"), []string{"feature 0: MultiPolygon geometry is empty"}},
		{"null geometry", file("null-geometry.geojson"), []string{"feature 0: geometry is missing or null (empty)"}},
		{"LineString", file("linestring.geojson"), []string{"feature 0: geometry is a LineString; only Polygon and MultiPolygon"}},
		{"Feature, not FeatureCollection", file("feature.geojson"), []string{`the file is a GeoJSON "Feature"; want a FeatureCollection`}},
		{"not JSON", file("notjson.geojson"), []string{"testdata/notjson.geojson: not JSON: line 1, column 2"}},
		{"200 MB", with(func(o *Options) { o.File = big }), []string{"209715200 bytes is more than the 104857600 bytes (100 MB)"}},
		{"EPSG:3857", file("epsg3857.geojson"), []string{`crs "urn:ogc:def:crs:EPSG::3857" is not WGS84 longitude/latitude`}},
		{"three positions", file("three-positions.geojson"), []string{"feature 0: ring 0: 3 positions; a ring needs at least 4"}},
		{"outside Ukraine", file("outside-ukraine.geojson"), []string{"none of its", "lies inside Ukraine"}},
		{"the whole world", file("world.geojson"), []string{"feature 0: polygon 0 spans -180–180°E", "a polygon covering the world?"}},
		{"missing file", file("no-such.geojson"), []string{"no-such.geojson", "no such file"}},
		{"date taken", with(func(o *Options) { o.AsOf = "2025-08-08" }), []string{"2025-08-08: the date already has a control layer, layers/controlled-2025-08-08.geojson"}},
		{"not a date", with(func(o *Options) { o.AsOf = "2024-13-01" }), []string{`as-of date "2024-13-01" is not a date`}},
		{"no source", with(func(o *Options) { o.Source = " " }), []string{"the source is empty"}},
		{"no dataset", with(func(o *Options) { o.Dir = filepath.Join(dir, "nope") }), []string{"not a readable directory"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := hashDir(t, dir)
			var progress bytes.Buffer
			tc.opts.Progress = &progress
			res, err := Import(tc.opts)
			if err == nil {
				t.Fatalf("imported %+v, want a refusal", res)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\nlacks %q", err, w)
				}
			}
			sameTree(t, before, hashDir(t, dir))
		})
	}
	if _, err := Import(with(func(o *Options) { o.AsOf = "2025-08-08" })); !errors.Is(err, ErrExists) {
		t.Errorf("a taken date: %v, want ErrExists", err)
	}
}

// TestBowTie documents what happens to a self-intersecting polygon: it is
// repaired by the even-odd rule (a bow-tie becomes its two triangles, both
// kept), the repair is reported with the feature and position, and the
// result is valid.
func TestBowTie(t *testing.T) {
	dir := copyDataset(t)
	var progress bytes.Buffer
	res, err := Import(Options{Dir: dir, File: "testdata/bowtie.geojson", AsOf: "2024-07-08", Source: "a test", Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	want := "feature 0: ring 0 crosses or touches itself between positions 0 and 1, near [36.2 49.7]: repaired by the even-odd rule"
	if len(res.Repairs) != 1 || res.Repairs[0] != want {
		t.Errorf("repairs = %q, want [%q]", res.Repairs, want)
	}
	if !strings.Contains(progress.String(), want) {
		t.Errorf("progress does not report the repair:\n%s", progress.String())
	}
	left := orb.Polygon{{{36.0, 49.5}, {36.2, 49.7}, {36.0, 49.9}, {36.0, 49.5}}}
	right := orb.Polygon{{{36.4, 49.5}, {36.4, 49.9}, {36.2, 49.7}, {36.4, 49.5}}}
	triangles := geo.Area(orb.MultiPolygon{left, right})
	if len(res.Areas) != 1 || res.Areas[0].Region != "kharkiv" || math.Abs(res.Areas[0].Km2-triangles) > 0.001*triangles {
		t.Errorf("areas = %+v, want both triangles (%.1f km²) in kharkiv", res.Areas, triangles)
	}
	d, err := dataset.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	s, ok := d.Snapshot("2024-07-08")
	if !ok || len(s.Areas) != 1 {
		t.Fatalf("snapshot = %+v, %v", s, ok)
	}
	if g := s.Areas[0].Geometry; len(g) != 2 || !geo.Valid(g) {
		t.Errorf("written geometry %v: want two valid triangles", g)
	}
}

func TestImport(t *testing.T) {
	dir := copyDataset(t)
	before := hashDir(t, dir)
	res, err := Import(Options{Dir: dir, File: "testdata/small.geojson", AsOf: "2025-09-01", Source: "a test source", License: "CC0"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Path != "layers/controlled-2025-09-01.geojson" || res.Snapshot != "2025-09-01" || res.Replaced {
		t.Errorf("result = %+v", res)
	}
	after := hashDir(t, dir)
	for p, h := range before {
		if p != dataset.ManifestName && after[p] != h {
			t.Errorf("%s changed", p)
		}
	}
	if len(after) != len(before)+1 || after[filepath.FromSlash(res.Path)] == "" {
		t.Errorf("want exactly one new file, %s", res.Path)
	}
	d, err := dataset.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	if d.Manifest.Snapshot != "2025-09-01" {
		t.Errorf("manifest snapshot = %s, want the new latest date", d.Manifest.Snapshot)
	}
	s, ok := d.Snapshot("2025-09-01")
	if !ok {
		t.Fatal("the new snapshot does not load")
	}
	f := s.File
	if f.Source != "a test source" || f.License != "CC0" || !f.Approximate || !strings.Contains(f.Method, "small.geojson (SHA-256 ") {
		t.Errorf("manifest entry = %+v", f)
	}
	got := map[string]bool{}
	for _, a := range s.Areas {
		got[a.Region] = a.WithinClaim
	}
	if len(got) != 2 || got["donetsk"] != true || got["kharkiv"] != false {
		t.Errorf("regions = %v, want donetsk within the claim and kharkiv outside", got)
	}

	// The same date again: refused, then replaced.
	before = hashDir(t, dir)
	if _, err := Import(Options{Dir: dir, File: "testdata/bowtie.geojson", AsOf: "2025-09-01", Source: "x"}); !errors.Is(err, ErrExists) {
		t.Fatalf("importing a taken date: %v, want ErrExists", err)
	}
	sameTree(t, before, hashDir(t, dir))
	res, err = Import(Options{Dir: dir, File: "testdata/bowtie.geojson", AsOf: "2025-09-01", Source: "x", Replace: true})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Replaced {
		t.Error("Replaced = false")
	}
	d, err = dataset.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := d.Snapshot("2025-09-01"); len(s.Areas) != 1 || s.File.Source != "x" {
		t.Errorf("replaced snapshot = %+v", s)
	}
	orig, _ := dataset.Load(defaultdata.FS())
	if n, want := len(d.Manifest.ByRole(dataset.RoleControlled)), len(orig.Manifest.ByRole(dataset.RoleControlled))+1; n != want {
		t.Errorf("%d control layers, want %d: the default ones and the replaced import", n, want)
	}
}

// TestWriteUndo checks that a failed manifest write takes the new layer
// away again, or puts back the one it replaced.
func TestWriteUndo(t *testing.T) {
	dir := t.TempDir()
	// A manifest.json that is a non-empty folder cannot be renamed over.
	if err := os.MkdirAll(filepath.Join(dir, "manifest.json", "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	lp := filepath.Join(dir, "layers", "controlled-2024-07-08.geojson")
	if err := write(dir, "layers/controlled-2024-07-08.geojson", []byte("new"), nil, []byte("{}")); err == nil {
		t.Fatal("write succeeded")
	}
	if _, err := os.Stat(lp); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("new layer left behind: %v", err)
	}
	os.WriteFile(lp, []byte("old"), 0o644)
	if err := write(dir, "layers/controlled-2024-07-08.geojson", []byte("new"), []byte("old"), []byte("{}")); err == nil {
		t.Fatal("write succeeded")
	}
	if b, _ := os.ReadFile(lp); string(b) != "old" {
		t.Errorf("replaced layer holds %q, want it put back", b)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "layers"))
	if len(entries) != 1 {
		t.Errorf("layers/ holds %d entries, want the old layer only", len(entries))
	}
}

func TestCRS(t *testing.T) {
	for crs, ok := range map[string]bool{
		``:     true,
		`null`: true,
		`{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}}`: true,
		`{"type":"name","properties":{"name":"EPSG:4326"}}`:                     true,
		`{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4326"}}`:    true,
		`{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3857"}}`:    false,
		`{"type":"name","properties":{"name":"EPSG:28406"}}`:                    false,
		`{"type":"link","properties":{"href":"http://example.org/crs"}}`:        false,
		`"CRS84"`: false,
	} {
		if err := checkCRS([]byte(crs)); (err == nil) != ok {
			t.Errorf("crs %s: %v, want accepted %v", crs, err, ok)
		}
	}
}

// TestReplaceBuilt replaces a layer build-data made and says what else
// describes the date.
func TestReplaceBuilt(t *testing.T) {
	dir := copyDataset(t)
	var progress bytes.Buffer
	res, err := Import(Options{Dir: dir, File: "testdata/small.geojson", AsOf: "2025-08-08", Source: "a test", Replace: true, Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Replaced || res.Snapshot != "2025-08-08" {
		t.Errorf("result = %+v", res)
	}
	for _, w := range []string{"note: sources/frontline-2025-08-08.csv describes 2025-08-08 too", "note: layers/contested-2025-08-08.geojson stays"} {
		if !strings.Contains(progress.String(), w) {
			t.Errorf("progress lacks %q:\n%s", w, progress.String())
		}
	}
	d, err := dataset.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := d.Snapshot("2025-08-08"); len(s.Areas) != 2 || s.File.Source != "a test" {
		t.Errorf("replaced snapshot = %+v", s.File)
	}
}
