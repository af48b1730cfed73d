package web

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"path"
	"strings"

	"github.com/claimsmap/claimsmap/web/view"
)

// assets serves the static files at content-hashed URLs
// (/static/site.3f9a1c2b.css), so that they can be cached for a year and a
// new release is fetched at once.
type assets struct {
	byURL  map[string]*response
	urlFor map[string]string // file name -> hashed URL
	host   *response         // host.js, served at the stable /embed.js
}

func loadAssets(fsys fs.FS) (*assets, error) {
	a := &assets{byURL: map[string]*response{}, urlFor: map[string]string{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(p)
		url := "/static/" + strings.TrimSuffix(p, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		ct := mime.TypeByExtension(ext)
		if ext == ".js" {
			ct = "text/javascript; charset=utf-8"
		}
		a.byURL[url] = newResponse(b, ct, cacheImmutable)
		a.urlFor[p] = url
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("loading static files: %w", err)
	}
	hb, err := fs.ReadFile(fsys, "host.js")
	if err != nil {
		return nil, fmt.Errorf("loading static files: %w", err)
	}
	a.host = newResponse(hb, "text/javascript; charset=utf-8", "public, max-age=3600")
	for _, need := range []string{"site.css", "map.js", "embed.js", "favicon.svg"} {
		if a.urlFor[need] == "" {
			return nil, fmt.Errorf("loading static files: %s is missing", need)
		}
	}
	return a, nil
}

func (a *assets) view() view.Assets {
	return view.Assets{CSS: a.urlFor["site.css"], JS: a.urlFor["map.js"], Icon: a.urlFor["favicon.svg"]}
}
