package synthetic

import (
	"os"
	"testing"

	"github.com/claimsmap/claimsmap/internal/dataset"
	"github.com/claimsmap/claimsmap/internal/defaultdata"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, defaultdata.FS(), 20, 12); err != nil {
		t.Fatal(err)
	}
	d, err := dataset.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(d.Dates); n != 20 {
		t.Errorf("%d snapshots, want 20", n)
	}
	if n := len(d.Articles); n != 12 {
		t.Errorf("%d articles, want 12", n)
	}
	if d.Manifest.Snapshot != "2025-08-08" {
		t.Errorf("latest snapshot %s", d.Manifest.Snapshot)
	}
}
