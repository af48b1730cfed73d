package authoring

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimsmap/claimsmap/internal/dataset"
	"github.com/claimsmap/claimsmap/internal/defaultdata"
)

// neDir is where CI and developers have the Natural Earth extracts: the
// shared folder beside the repository.
const neDir = "../../../shared/data"

// TestCommittedDatasetIsReproducible regenerates the default dataset from
// its sources and checks every generated file equals the committed one:
// the layers in the repository are exactly what the waypoints and Natural
// Earth say, and nobody edited a generated file by hand.
func TestCommittedDatasetIsReproducible(t *testing.T) {
	if _, err := os.Stat(filepath.Join(neDir, Admin1File)); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("Natural Earth extracts missing in CI: %v", err)
		}
		t.Skipf("Natural Earth extracts not found at %s: %v", neDir, err)
	}
	committed := os.DirFS(filepath.Join("..", "..", defaultdata.Dir))
	dir := t.TempDir()
	// Everything but the layers and the manifest is input: copy it in; the
	// rest must be regenerated.
	err := fs.WalkDir(committed, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if strings.HasPrefix(p, "layers/") || p == dataset.ManifestName {
			return nil
		}
		b, err := fs.ReadFile(committed, p)
		if err != nil {
			return err
		}
		os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755)
		return os.WriteFile(filepath.Join(dir, p), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	var progress bytes.Buffer
	if err := Build(Options{NaturalEarth: os.DirFS(neDir), Dir: dir, Progress: &progress}); err != nil {
		t.Fatalf("Build: %v\n%s", err, progress.String())
	}
	t.Log(progress.String())
	err = fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		got, _ := os.ReadFile(filepath.Join(dir, p))
		want, err := fs.ReadFile(committed, p)
		if err != nil {
			t.Errorf("%s is generated but not committed", p)
			return nil
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: committed file differs from what build-data generates (%d bytes, want %d): run go run ./cmd/claimsmap build-data and commit", p, len(want), len(got))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dataset.Load(os.DirFS(dir)); err != nil {
		t.Errorf("generated dataset does not load: %v", err)
	}

	// A date dropped from the sources leaves its layers behind, which the
	// manifest made from the sources would not list: refused, and nothing
	// written.
	dropped, _ := filepath.Glob(filepath.Join(dir, "sources", "*-2015-02-18.*"))
	if len(dropped) == 0 {
		t.Fatal("no sources dated 2015-02-18 to drop")
	}
	for _, p := range dropped {
		os.Remove(p)
	}
	manifest, _ := os.ReadFile(filepath.Join(dir, dataset.ManifestName))
	err = Build(Options{NaturalEarth: os.DirFS(neDir), Dir: dir, Progress: &progress})
	if err == nil || !strings.Contains(err.Error(), "layers/controlled-2015-02-18.geojson") || !strings.Contains(err.Error(), "nothing was written") {
		t.Errorf("Build with a date's sources gone: %v", err)
	}
	if now, _ := os.ReadFile(filepath.Join(dir, dataset.ManifestName)); !bytes.Equal(now, manifest) {
		t.Error("the refused build rewrote the manifest")
	}
}
