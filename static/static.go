// Package static embeds the site's stylesheet and scripts. The web package
// serves them at content-hashed URLs with long cache lifetimes.
package static

import "embed"

//go:embed *.css *.js favicon.svg
var files embed.FS

// FS returns the static files.
func FS() embed.FS { return files }
