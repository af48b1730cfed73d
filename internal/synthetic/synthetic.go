// Package synthetic writes large datasets for measuring how start-up and
// memory grow with the data: the default dataset with many more control
// snapshots (weekly, copies of the latest layers) and many more articles
// (the default article under new dates and slugs, its paragraphs rotated
// so that no two are the same text). Nothing here is data to publish.
package synthetic

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/claimsmap/claimsmap/internal/dataset"
)

// Write copies the dataset in src into dir (which must be empty or absent),
// adds snapshots and articles until it has at least that many of each,
// and writes the figures file (dataset.FiguresName) for the result.
func Write(dir string, src fs.FS, snapshots, articles int) error {
	mb, err := fs.ReadFile(src, dataset.ManifestName)
	if err != nil {
		return err
	}
	var m map[string]any
	if err := json.Unmarshal(mb, &m); err != nil {
		return err
	}
	files, _ := m["files"].([]any)

	// Copy everything.
	err = fs.WalkDir(src, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := fs.ReadFile(src, p)
		if err != nil {
			return err
		}
		return put(dir, p, b)
	})
	if err != nil {
		return err
	}

	// Snapshots: copies of the latest control and contested layers.
	var latest string
	have := 0
	dates := map[string]bool{}
	byRole := map[string]map[string]any{}
	for _, f := range files {
		fm := f.(map[string]any)
		role, _ := fm["role"].(string)
		asOf, _ := fm["as_of"].(string)
		if role == "controlled" {
			have++
			dates[asOf] = true
			if asOf > latest {
				latest = asOf
			}
		}
	}
	for _, f := range files {
		fm := f.(map[string]any)
		if asOf, _ := fm["as_of"].(string); asOf == latest {
			if role, _ := fm["role"].(string); role == "controlled" || role == "contested" {
				byRole[role] = fm
			}
		}
	}
	t, err := time.Parse(time.DateOnly, latest)
	if err != nil {
		return fmt.Errorf("latest snapshot %q: %w", latest, err)
	}
	// New snapshots go before the first existing one, a week apart, so the
	// latest snapshot (and so the default pages) stays the same.
	t = t.AddDate(0, 0, -7*(snapshots))
	for n := have; n < snapshots; n++ {
		t = t.AddDate(0, 0, 7)
		date := t.Format(time.DateOnly)
		if dates[date] {
			t = t.AddDate(0, 0, 1)
			date = t.Format(time.DateOnly)
		}
		for _, role := range []string{"controlled", "contested"} {
			fm, ok := byRole[role]
			if !ok {
				continue
			}
			b, err := fs.ReadFile(src, fm["path"].(string))
			if err != nil {
				return err
			}
			b = bytes.ReplaceAll(b, []byte(latest), []byte(date))
			p := fmt.Sprintf("layers/synthetic-%s-%s.geojson", role, date)
			if err := put(dir, p, b); err != nil {
				return err
			}
			nf := map[string]any{}
			for k, v := range fm {
				nf[k] = v
			}
			nf["path"], nf["as_of"] = p, date
			nf["title"] = fmt.Sprintf("Synthetic copy of the %s layer of %s, dated %s", role, latest, date)
			files = append(files, nf)
		}
	}
	m["files"] = files
	mb, err = json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := put(dir, dataset.ManifestName, mb); err != nil {
		return err
	}

	// Articles.
	entries, err := fs.ReadDir(src, dataset.ArticlesDir)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return fmt.Errorf("%s: no article to copy", dataset.ArticlesDir)
	}
	b, err := fs.ReadFile(src, path.Join(dataset.ArticlesDir, entries[0].Name()))
	if err != nil {
		return err
	}
	head, body, ok := strings.Cut(strings.TrimPrefix(string(b), "---\n"), "\n---\n")
	if !ok {
		return fmt.Errorf("%s: no front matter", entries[0].Name())
	}
	paras := strings.Split(strings.TrimSpace(body), "\n\n")
	day := time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC)
	for n := len(entries); n < articles; n++ {
		date := day.AddDate(0, 0, n%1200).Format(time.DateOnly)
		var fm []string
		for _, l := range strings.Split(head, "\n") {
			switch {
			case strings.HasPrefix(l, "date:"):
				l = "date: " + date
			case strings.HasPrefix(l, "title:"):
				l = fmt.Sprintf("title: Synthetic article %d (%s)", n, strings.TrimSpace(strings.TrimPrefix(l, "title:")))
			case strings.HasPrefix(l, "url:"):
				l = fmt.Sprintf("url: https://example.org/synthetic/%d", n)
			}
			fm = append(fm, l)
		}
		k := n % len(paras)
		rot := append(append([]string{}, paras[k:]...), paras[:k]...)
		text := "---\n" + strings.Join(fm, "\n") + "\n---\n" + strings.Join(rot, "\n\n") + "\n"
		if err := put(dir, fmt.Sprintf("%s/synthetic-%04d-%s.txt", dataset.ArticlesDir, n, date), []byte(text)); err != nil {
			return err
		}
	}

	// The figures of every dated layer, as claimsmap check --write-figures
	// writes them for a maintained dataset.
	d, err := dataset.Load(os.DirFS(dir))
	if err != nil {
		return fmt.Errorf("the synthetic dataset does not load: %w", err)
	}
	fb, err := d.EncodeFigures()
	if err != nil {
		return err
	}
	return put(dir, dataset.FiguresName, fb)
}

func put(dir, p string, b []byte) error {
	full := filepath.Join(dir, filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return err
	}
	return os.WriteFile(full, b, 0o644)
}
