package web

import (
	"os"
	"testing"

	"github.com/claimsmap/claimsmap/internal/defaultdata"
	"github.com/claimsmap/claimsmap/internal/synthetic"
	"github.com/claimsmap/claimsmap/static"
)

// BenchmarkStartSynthetic measures New on a dataset of 200 snapshots and
// 1,000 articles: start-up must not grow with the data.
func BenchmarkStartSynthetic(b *testing.B) {
	dir := b.TempDir()
	if err := synthetic.Write(dir, defaultdata.FS(), 200, 1000); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := New(Config{Data: os.DirFS(dir), Static: static.FS()}); err != nil {
			b.Fatal(err)
		}
	}
}
