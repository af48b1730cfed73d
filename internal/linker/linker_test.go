package linker

import (
	"bytes"
	"os"
	"testing"

	"github.com/claimsmap/claimsmap/internal/gazetteer"
)

// newDefault returns a Linker over the default gazetteer files.
func newDefault(tb testing.TB) *Linker {
	tb.Helper()
	nb, err := os.ReadFile("../defaultdata/data/gazetteer/names.csv")
	if err != nil {
		tb.Fatal(err)
	}
	sb, err := os.ReadFile("../defaultdata/data/gazetteer/settlements.csv")
	if err != nil {
		tb.Fatal(err)
	}
	names, err := gazetteer.ParseNames(bytes.NewReader(nb))
	if err != nil {
		tb.Fatalf("names.csv: %v", err)
	}
	settlements, err := gazetteer.ParseSettlements(bytes.NewReader(sb))
	if err != nil {
		tb.Fatalf("settlements.csv: %v", err)
	}
	g, err := gazetteer.New(names, settlements, gazetteer.DefaultClaimed())
	if err != nil {
		tb.Fatal(err)
	}
	return New(g)
}
