package dataset_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/claimsmap/claimsmap/internal/datafs"
	"github.com/claimsmap/claimsmap/internal/dataset"
	"github.com/claimsmap/claimsmap/internal/dataset/datasettest"
)

// older is a dated layer other than the default date's: LoadLazily defers
// it when the figures file lists it.
const older = "layers/controlled-2023-12-31.geojson"

func loadBoth(t *testing.T, dir string) (whole, lazy *dataset.Dataset) {
	t.Helper()
	whole, err := dataset.Load(datafs.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	lazy, err = dataset.LoadLazily(context.Background(), datafs.Dir(dir), dataset.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return whole, lazy
}

// sameDates checks that a lazily loaded dataset has the figures and the
// geometry of every date that a whole load has.
func sameDates(t *testing.T, whole, lazy *dataset.Dataset) {
	t.Helper()
	if !reflect.DeepEqual(whole.Dates, lazy.Dates) {
		t.Fatalf("dates %v, want %v", lazy.Dates, whole.Dates)
	}
	if whole.Version != lazy.Version {
		t.Errorf("version %s, want %s", lazy.Version, whole.Version)
	}
	for _, date := range whole.Dates {
		wf, _ := whole.Figures(date)
		lf, ok := lazy.Figures(date)
		if !ok || !reflect.DeepEqual(wf, lf) {
			t.Errorf("%s: figures %+v, want %+v", date, lf, wf)
		}
		ws, err := whole.LoadSnapshot(date)
		if err != nil {
			t.Fatal(err)
		}
		ls, err := lazy.LoadSnapshot(date)
		if err != nil {
			t.Fatalf("%s: %v", date, err)
		}
		if !reflect.DeepEqual(ws, ls) {
			t.Errorf("%s: the lazily decoded snapshot differs from the whole load's", date)
		}
	}
}

// TestLazyMatchesLoad: with the figures file, a lazy load defers every
// date but the default one, and gives the same figures and geometry as a
// whole load.
func TestLazyMatchesLoad(t *testing.T) {
	dir := datasettest.CopyDefault(t)
	datasettest.WriteFigures(t, dir)
	whole, lazy := loadBoth(t, dir)
	if n, want := lazy.Deferred(), len(whole.Dates)-1; n != want {
		t.Errorf("%d dates deferred, want %d (all but the default)", n, want)
	}
	if n := whole.Deferred(); n != 0 {
		t.Errorf("a whole load deferred %d dates", n)
	}
	sameDates(t, whole, lazy)
	if err := lazy.Verify(context.Background(), nil, 2); err != nil {
		t.Fatal(err)
	}
	if n := lazy.Deferred(); n != 0 {
		t.Errorf("%d dates still deferred after Verify", n)
	}
	// Verified first, then decoded from the layers it compressed.
	packed, err := dataset.LoadLazily(context.Background(), datafs.Dir(dir), dataset.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if err := packed.Verify(context.Background(), nil, 2); err != nil {
		t.Fatal(err)
	}
	sameDates(t, whole, packed)
}

// TestLazyWithoutFigures: without the figures file every date is decoded
// at load, as before it existed.
func TestLazyWithoutFigures(t *testing.T) {
	dir := datasettest.CopyDefault(t)
	whole, lazy := loadBoth(t, dir)
	if n := lazy.Deferred(); n != 0 {
		t.Errorf("%d dates deferred without a figures file", n)
	}
	sameDates(t, whole, lazy)
}

// TestStaleFigures: a layer changed since the figures were written is
// measured again, not shown with the old figures, and its stale entry is
// no error.
func TestStaleFigures(t *testing.T) {
	dir := datasettest.CopyDefault(t)
	datasettest.WriteFigures(t, dir)
	// A smaller, valid polygon for Crimea's control.
	datasettest.SetGeometry(older, 0, orb.Polygon{{{34, 45}, {34.5, 45}, {34.5, 45.5}, {34, 45.5}, {34, 45}}})(t, dir)
	whole, lazy := loadBoth(t, dir)
	sameDates(t, whole, lazy)
	f, _ := lazy.Figures("2023-12-31")
	if km2 := f.Controlled[0].Km2; km2 > 5000 {
		t.Errorf("Crimea's control on 2023-12-31 measures %.0f km²: the stale figures were used", km2)
	}
}

// TestForgedFigures: figures listed for a layer's exact bytes that are not
// what it measures are refused by Load (check), and by a lazy load when
// the layer is decoded or verified.
func TestForgedFigures(t *testing.T) {
	dir := datasettest.CopyDefault(t)
	datasettest.WriteFigures(t, dir)
	datasettest.EditFigures(func(path string, e map[string]any) {
		if path == older {
			e["areas"].([]any)[0].(map[string]any)["km2"] = 1.0
		}
	})(t, dir)
	const want = "figures.json: the figures listed for " + older + " are not what it measures (feature 0: crimea 1.000 km² listed"
	_, err := dataset.Load(datafs.Dir(dir))
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("Load: %v, want %q", err, want)
	}
	lazy, err := dataset.LoadLazily(context.Background(), datafs.Dir(dir), dataset.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lazy.LoadSnapshot("2023-12-31"); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("LoadSnapshot: %v, want %q", err, want)
	}
	if err := lazy.Verify(context.Background(), nil, 1); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Verify: %v, want %q", err, want)
	}
}

// verifiedCopy copies the default dataset with its figures into a folder
// a test can break, and loads and verifies it, as a server does before it
// serves a folder.
func verifiedCopy(t *testing.T) (string, *dataset.Dataset) {
	t.Helper()
	dir := datasettest.CopyDefault(t)
	datasettest.WriteFigures(t, dir)
	good, err := dataset.LoadLazily(context.Background(), datafs.Dir(dir), dataset.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if err := good.Verify(context.Background(), nil, 2); err != nil {
		t.Fatal(err)
	}
	return dir, good
}

// TestForgedFiguresOnReload: figures edited under the same layer hashes
// are checked again by a reload's Verify, even though the dataset being
// replaced validated those very layers.
func TestForgedFiguresOnReload(t *testing.T) {
	dir, good := verifiedCopy(t)
	datasettest.EditFigures(func(path string, e map[string]any) {
		if path == older {
			e["areas"].([]any)[0].(map[string]any)["km2"] = 99999.0
		}
	})(t, dir)
	lazy, err := dataset.LoadLazily(context.Background(), datafs.Dir(dir), dataset.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	const want = "figures.json: the figures listed for " + older + " are not what it measures"
	if err := lazy.Verify(context.Background(), good, 2); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Verify after the figures were edited: %v, want %q", err, want)
	}
}

// TestDeferredLayerBroken: a deferred layer that Load refuses is refused
// by Verify and when asked for, with Load's message, and a verified
// dataset does not vouch for it.
func TestDeferredLayerBroken(t *testing.T) {
	dir, good := verifiedCopy(t)
	datasettest.SetGeometry(older, 0, datasettest.Bowtie)(t, dir)
	datasettest.Rehash(older)(t, dir)
	const want = older + ": feature 0 (region crimea): polygon 0 ring 0 crosses or touches itself at 33.25, 47.25"
	if _, err := dataset.Load(datafs.Dir(dir)); err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("Load: %v, want %q", err, want)
	}
	lazy, err := dataset.LoadLazily(context.Background(), datafs.Dir(dir), dataset.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lazy.LoadSnapshot("2023-12-31"); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("LoadSnapshot: %v, want %q", err, want)
	}
	if _, err := lazy.LoadSnapshot("2022-11-12"); err != nil {
		t.Errorf("another date: %v", err)
	}
	// The dataset verified before the layer broke vouches for its other
	// layers only.
	if err := lazy.Verify(context.Background(), good, 2); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Verify: %v, want %q", err, want)
	}
}

// TestBadFiguresFile: a figures file that does not parse is refused like
// any other file of the folder.
func TestBadFiguresFile(t *testing.T) {
	for _, tc := range []struct {
		name, body, want string
	}{
		{"not JSON", "{", "figures.json: "},
		{"text after it", `{"layers":[]} garbage`, "figures.json: line 1, column 15: something follows the JSON value"},
		{"unknown field", `{"layers":[],"extra":1}`, `figures.json: `},
		{"short hash", `{"layers":[{"path":"layers/a.geojson","sha256":"ab","areas":[]}]}`, `figures.json: layers[0] (layers/a.geojson): sha256 "ab" is not a SHA-256`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := datasettest.CopyDefault(t)
			if err := os.WriteFile(filepath.Join(dir, dataset.FiguresName), []byte(tc.body), 0o644); err != nil {
				t.Fatal(err)
			}
			for name, load := range map[string]func() error{
				"Load": func() error { _, err := dataset.Load(datafs.Dir(dir)); return err },
				"LoadLazily": func() error {
					_, err := dataset.LoadLazily(context.Background(), datafs.Dir(dir), dataset.Limits{})
					return err
				},
			} {
				if err := load(); err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("%s: %v, want %q", name, err, tc.want)
				}
			}
		})
	}
}
