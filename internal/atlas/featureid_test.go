package atlas

import (
	"strings"
	"testing"

	"github.com/claimsmap/claimsmap/internal/tiles"
)

// TestFeatureIDs checks that every feature of every layer on every date
// has an id of region (or place), status and date, that no two share one,
// and that neither do their vector-tile ids, which are hashes of them.
func TestFeatureIDs(t *testing.T) {
	a := defaultAtlas(t)
	seen := map[string]string{}
	hashes := map[uint64]string{}
	for _, date := range a.Dates {
		v, err := a.At(date)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range Layers() {
			if !l.Dated && date != a.Snapshot {
				continue
			}
			fc, err := v.LayerFeatures(l.Name)
			if err != nil {
				t.Fatal(err)
			}
			for i, f := range fc.Features {
				id, _ := f.ID.(string)
				key, _ := f.Properties["region"].(string)
				if p, ok := f.Properties["place"].(string); ok {
					key = p
				}
				if !strings.HasPrefix(id, key+"-") || l.Dated != strings.HasSuffix(id, "-"+date) {
					t.Errorf("%s %s feature %d: id %q, want %s-…%s", date, l.Name, i, id, key, map[bool]string{true: "-" + date}[l.Dated])
				}
				if prev, dup := seen[id]; dup {
					t.Errorf("id %q given to %s and to %s %s", id, prev, date, l.Name)
				}
				seen[id] = date + " " + l.Name
				h, _ := tiles.FeatureID(id, i)
				if prev, dup := hashes[h]; dup && prev != id {
					t.Errorf("tile id %d of %q and of %q", h, id, prev)
				}
				hashes[h] = id
			}
		}
	}
	if want := "donetsk-controlled-" + a.Snapshot; seen[want] == "" {
		t.Errorf("no feature %s", want)
	}
}
