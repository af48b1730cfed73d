package dataset

import (
	"bytes"
	"fmt"

	"github.com/claimsmap/claimsmap/internal/gazetteer"
)

// decodeGazetteer parses the names and settlements files. What the values
// mean (known regions, unique ids) is checked when the atlas builds the
// gazetteer, which knows the divisions.
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
	for _, f := range d.Manifest.ByRole(RoleSettlements) {
		ss, err := gazetteer.ParseSettlements(bytes.NewReader(d.Raw[f.Path]))
		if err != nil {
			fail(fmt.Errorf("%s: %w", f.Path, err))
			continue
		}
		d.Settlements = append(d.Settlements, ss...)
		d.SettlementsPath = f.Path
	}
}
