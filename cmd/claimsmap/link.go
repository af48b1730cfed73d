package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/claimsmap/claimsmap/internal/article"
	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/datafs"
	"github.com/claimsmap/claimsmap/internal/dataset"
	"github.com/claimsmap/claimsmap/internal/defaultdata"
	"github.com/claimsmap/claimsmap/internal/linker"
)

// linkResult is what link prints: the passages in the shape the issue
// fixed, plus the article's front matter and the checked figures.
type linkResult struct {
	Article  *linkArticle     `json:"article,omitempty"`
	Passages []linker.Passage `json:"passages"`
	Figures  []linkFigure     `json:"checked_figures"`
}

type linkArticle struct {
	Slug      string `json:"slug"`
	Title     string `json:"title"`
	Publisher string `json:"publisher,omitempty"`
	Author    string `json:"author,omitempty"`
	Date      string `json:"date"`
	URL       string `json:"url,omitempty"`
}

type linkFigure struct {
	Passage  string  `json:"passage"`
	Text     string  `json:"text"`
	Kind     string  `json:"kind"`
	Value    float64 `json:"value"`
	Measured float64 `json:"measured"`
	AsOf     string  `json:"as_of"`
	What     string  `json:"what"`
}

func link(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("link", flag.ContinueOnError)
	fset.SetOutput(stderr)
	data := fset.String("data", envOr("CLAIMSMAP_DATA", ""), "take the gazetteer and control layers from the dataset in `DIR` (default: the embedded one)")
	fset.Usage = func() {
		fmt.Fprintln(stderr, "usage: claimsmap link [--data DIR] FILE|-\n\nLinks each passage (paragraph) of an article to the claimed regions and prints JSON.\nFILE is plain text or an article with front matter; - reads standard input.")
		fset.PrintDefaults()
	}
	if err := fset.Parse(args); err != nil {
		return err
	}
	if fset.NArg() != 1 {
		fset.Usage()
		return fmt.Errorf("link takes one FILE (or - for standard input)")
	}
	name := fset.Arg(0)
	var b []byte
	var err error
	if name == "-" {
		b, err = readCapped(stdin, article.MaxPageBytes)
		name = "stdin.txt"
	} else {
		var f *os.File
		if f, err = os.Open(name); err == nil {
			b, err = readCapped(f, article.MaxPageBytes)
			f.Close()
		}
	}
	if err != nil {
		return err
	}
	a, err := loadAtlas(*data)
	if err != nil {
		return err
	}
	res, err := linkBytes(a, name, b)
	if err != nil {
		return err
	}
	return writeJSON(stdout, res)
}

// loadAtlas loads the dataset in dir, or the embedded one when dir is "".
func loadAtlas(dir string) (*atlas.Atlas, error) {
	var fsys fs.FS = defaultdata.FS()
	if dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("%s: not a readable directory", dir)
		}
		// Read as serve and check read it: a link leading out of the
		// folder, a pipe or a device is refused, not followed.
		fsys = datafs.Dir(dir)
	}
	d, err := dataset.Load(fsys)
	if err != nil {
		return nil, fmt.Errorf("loading dataset: %w", err)
	}
	return atlas.New(d)
}

// linkBytes links the article (with front matter) or plain text in b; name
// is its file name, used for the slug and in errors.
func linkBytes(a *atlas.Atlas, name string, b []byte) (*linkResult, error) {
	res := &linkResult{Passages: []linker.Passage{}, Figures: []linkFigure{}}
	var passages []article.Passage
	la := &atlas.LinkedArticle{Article: &article.Article{Date: a.Snapshot}, ControlDate: a.Snapshot}
	if article.HasFrontMatter(b) {
		art, err := article.Parse(linkFileName(name), b)
		if err != nil {
			return nil, err
		}
		passages = art.Passages
		la = &atlas.LinkedArticle{Article: art}
		la.ControlDate = a.ControlDateFor(art.Date)
		res.Article = &linkArticle{Slug: art.Slug, Title: art.Title, Publisher: art.Publisher, Author: art.Author, Date: art.Date, URL: art.URL}
	} else {
		passages = article.Split(string(b))
	}
	for _, p := range passages {
		lp := a.Linker.Passage(p.Index, p.Text)
		lp.Kind = p.Kind // told with the article's title
		res.Passages = append(res.Passages, lp)
		for _, f := range lp.Figures {
			if c, ok := a.CheckFigure(la, f); ok {
				res.Figures = append(res.Figures, linkFigure{Passage: lp.ID, Text: f.Text, Kind: f.Kind, Value: f.Value, Measured: c.Measured, AsOf: c.Date, What: c.What})
			}
		}
	}
	return res, nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// linkFileName makes any file name acceptable to the article parser, which
// wants a slug: the slug only names the output.
func linkFileName(name string) string {
	base := strings.ToLower(strings.TrimSuffix(filepath.Base(name), filepath.Ext(name)))
	var b strings.Builder
	for _, r := range base {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	s := strings.Trim(b.String(), "-")
	if s == "" {
		s = "article"
	}
	return s + ".txt"
}
