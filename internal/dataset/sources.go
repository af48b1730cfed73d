package dataset

import (
	"bytes"
	"fmt"
	"path"
	"strings"

	"github.com/claimsmap/claimsmap/internal/frontline"
)

// decodeSources checks the source files the loader knows the format of:
// the line of contact's waypoints and its check points. Layers are
// generated from them, so a broken one would break the next build-data.
func (d *Dataset) decodeSources(fail func(error) bool) {
	for _, f := range d.Manifest.ByRole(RoleSource) {
		base := path.Base(f.Path)
		var err error
		switch {
		case strings.HasPrefix(base, "frontline-") && path.Ext(base) == ".csv":
			_, err = frontline.ParseWaypoints(bytes.NewReader(d.Raw[f.Path]))
		case strings.HasPrefix(base, "anchors-") && path.Ext(base) == ".csv":
			_, err = frontline.ParseAnchors(bytes.NewReader(d.Raw[f.Path]))
		}
		if err != nil {
			fail(fmt.Errorf("%s: %w", f.Path, err))
		}
	}
}
