package dataset

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/claimsmap/claimsmap/internal/gazetteer"
)

// decodeGazetteer parses the names and settlements files. What the values
// mean (known regions, unique ids) is checked when the atlas builds the
// gazetteer, which knows the divisions. There may be several settlements
// files (the hand-kept list, then GeoNames'): every row learns its file,
// and its source and licence from the file's manifest entry unless the row
// says its own.
func (d *Dataset) decodeGazetteer(fail func(error) bool) {
	for _, f := range d.Manifest.ByRole(RoleNames) {
		ns, err := gazetteer.ParseNames(bytes.NewReader(d.Raw[f.Path]))
		if err != nil {
			fail(fmt.Errorf("%s: %w", f.Path, err))
			continue
		}
		d.Names = append(d.Names, ns...)
		d.NamesPath = f.Path
	}
	var paths []string
	for _, f := range d.Manifest.ByRole(RoleSettlements) {
		ss, err := gazetteer.ParseSettlements(bytes.NewReader(d.Raw[f.Path]))
		if err != nil {
			fail(fmt.Errorf("%s: %w", f.Path, err))
			continue
		}
		for i := range ss {
			ss[i].File = f.Path
			if ss[i].Source == "" {
				ss[i].Source = f.Source
			}
			if ss[i].License == "" {
				ss[i].License = f.License
			}
		}
		d.Settlements = append(d.Settlements, ss...)
		paths = append(paths, f.Path)
	}
	d.SettlementsPath = strings.Join(paths, ", ")
}
