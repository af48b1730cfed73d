// Package defaultdata embeds the default dataset, so that the binary serves
// a complete site with no files beside it.
package defaultdata

import (
	"embed"
	"io/fs"
)

//go:embed all:data
var files embed.FS

// FS returns the default dataset folder.
func FS() fs.FS {
	sub, err := fs.Sub(files, "data")
	if err != nil {
		panic(err) // the embedded path is fixed at compile time
	}
	return sub
}

// Dir is the default dataset's folder relative to the repository root,
// where `claimsmap build-data` writes by default.
const Dir = "internal/defaultdata/data"
