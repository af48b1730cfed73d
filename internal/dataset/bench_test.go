package dataset

import (
	"testing"

	"github.com/claimsmap/claimsmap/internal/defaultdata"
)

// BenchmarkLoadDefault is what check and every reload pay for reading and
// validating the default dataset.
func BenchmarkLoadDefault(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(defaultdata.FS()); err != nil {
			b.Fatal(err)
		}
	}
}
