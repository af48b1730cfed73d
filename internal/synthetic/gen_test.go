package synthetic

import (
	"os"
	"strconv"
	"testing"

	"github.com/claimsmap/claimsmap/internal/defaultdata"
)

// TestGenerate writes a synthetic dataset where CLAIMSMAP_SYNTHETIC_DIR
// says, with CLAIMSMAP_SYNTHETIC_SNAPSHOTS and _ARTICLES of each, for
// measuring a server on it (see the README's section on scale).
func TestGenerate(t *testing.T) {
	dir := os.Getenv("CLAIMSMAP_SYNTHETIC_DIR")
	if dir == "" {
		t.Skip("set CLAIMSMAP_SYNTHETIC_DIR to write a synthetic dataset there")
	}
	n := func(key string, def int) int {
		v, err := strconv.Atoi(os.Getenv(key))
		if err != nil {
			return def
		}
		return v
	}
	if err := Write(dir, defaultdata.FS(), n("CLAIMSMAP_SYNTHETIC_SNAPSHOTS", 200), n("CLAIMSMAP_SYNTHETIC_ARTICLES", 1000)); err != nil {
		t.Fatal(err)
	}
}
