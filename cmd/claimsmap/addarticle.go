package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/claimsmap/claimsmap/internal/article"
	"github.com/claimsmap/claimsmap/internal/atomicfile"
	"github.com/claimsmap/claimsmap/internal/dataset"
	"github.com/claimsmap/claimsmap/internal/quote"
)

// defaultArticleLicense is the licence note of an article brought in from
// the web when --license is not given: the text is its publisher's.
const defaultArticleLicense = "Copyright its publisher. Quoted for analysis and reference; not covered by claimsmap's licences."

// fetchTimeout bounds the fetch of a URL argument.
const fetchTimeout = 30 * time.Second

// addArticleConfig is add-article's flags.
type addArticleConfig struct {
	data, date, title, publisher, pageURL, license, slug string
	replace, whole                                       bool
	source                                               string // FILE or URL
}

func addArticle(args []string, stdout, stderr io.Writer) error {
	var c addArticleConfig
	fset := flag.NewFlagSet("add-article", flag.ContinueOnError)
	fset.SetOutput(stderr)
	fset.StringVar(&c.data, "data", envOr("CLAIMSMAP_DATA", ""), "the dataset folder `DIR` to add the article to (required)")
	fset.StringVar(&c.date, "date", "", "publication `DATE` (YYYY-MM-DD) when the page does not give one, or to correct it")
	fset.StringVar(&c.title, "title", "", "the article's `TITLE`, instead of the page's")
	fset.StringVar(&c.publisher, "publisher", "", "the `PUBLISHER`, instead of the page's site name")
	fset.StringVar(&c.pageURL, "url", "", "the original address `URL`, instead of the page's canonical link")
	fset.StringVar(&c.license, "license", defaultArticleLicense, "the licence `NOTE` for the front matter")
	fset.StringVar(&c.slug, "slug", "", "the file name `SLUG` (default: from the title and date)")
	fset.BoolVar(&c.replace, "replace", false, "overwrite an article file of the same name")
	fset.BoolVar(&c.whole, "whole", false, "the licence allows showing the whole text (writes republish: whole); without it the site shows in full only the passages it links to the map")
	fset.Usage = func() {
		fmt.Fprintln(stderr, "usage: claimsmap add-article --data DIR [flags] FILE|URL\n\nReads a saved web page (HTML) or plain text, extracts its title, byline,\npublisher, date and text, writes DIR/articles/SLUG.txt and prints the linked\nresult as 'claimsmap link' does. A page it cannot read changes nothing.")
		fset.PrintDefaults()
	}
	if err := fset.Parse(args); err != nil {
		return err
	}
	if fset.NArg() != 1 || c.data == "" {
		fset.Usage()
		return errors.New("add-article takes --data DIR and one FILE or URL")
	}
	c.source = fset.Arg(0)
	return c.run(stdout, stderr)
}

func (c *addArticleConfig) run(stdout, stderr io.Writer) error {
	// The dataset must load before anything is written, so that a wrong
	// DIR is told at once.
	a, err := loadAtlas(c.data)
	if err != nil {
		return err
	}
	d, err := c.read()
	if err != nil {
		return fmt.Errorf("%s: %w; nothing was written", c.source, err)
	}
	c.override(d)
	d.Whole = c.whole
	if d.Date == "" {
		return fmt.Errorf("%s: the page gives no publication date; pass --date YYYY-MM-DD; nothing was written", c.source)
	}
	b, err := d.File(c.license)
	if err != nil {
		return fmt.Errorf("%s: %w; nothing was written", c.source, err)
	}
	slug := c.slug
	if slug == "" {
		slug = d.Slug()
	} else if !article.ValidSlug(slug) {
		return fmt.Errorf("--slug %q is not a lower-case slug: letters, digits and hyphens, like alaska-summit-2025-08-08; nothing was written", quote.Clip(slug, 80))
	}
	name := path.Join(dataset.ArticlesDir, slug+".txt")
	// The file must read back as an article before it is written.
	if _, err := article.Parse(name, b); err != nil {
		return fmt.Errorf("%s: %w; nothing was written", c.source, err)
	}
	dest := filepath.Join(c.data, filepath.FromSlash(name))
	if _, err := os.Stat(dest); err == nil && !c.replace {
		return fmt.Errorf("%s already exists; pass --replace to overwrite it, or --slug to name another file; nothing was written", dest)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	// An article of the same slug written as Markdown would make two
	// articles of one slug, which the dataset refuses.
	md := filepath.Join(c.data, filepath.FromSlash(path.Join(dataset.ArticlesDir, slug+".md")))
	if _, err := os.Stat(md); err == nil {
		return fmt.Errorf("%s already has the slug %s; pass --slug to name another file; nothing was written", md, slug)
	}
	res, err := linkBytes(a, name, b)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return err
	}
	if err := atomicfile.Write(dest, b, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "add-article: wrote %s; a running server shows it after a reload (kill -HUP its pid)\n", dest)
	if d.URL == "" {
		fmt.Fprintf(stderr, "add-article: the page gives no address of its own (no canonical link): its page on the site cannot link to the original; give it with --url and --replace\n")
	}
	return writeJSON(stdout, res)
}

// read reads the FILE or fetches the URL and extracts the article.
func (c *addArticleConfig) read() (*article.Draft, error) {
	b, pageURL, contentType, err := c.load()
	if err != nil {
		return nil, err
	}
	if contentType == "" {
		contentType = http.DetectContentType(b)
	}
	switch {
	case strings.HasPrefix(contentType, "text/html"), strings.HasPrefix(contentType, "application/xhtml"):
		return article.FromHTML(b, pageURL)
	case strings.HasPrefix(contentType, "text/plain"):
		return article.FromText(b)
	}
	return nil, fmt.Errorf("%w: it looks like %s", article.ErrNotText, contentType)
}

// load returns the bytes of the source, its address when it was fetched,
// and the content type the server gave.
func (c *addArticleConfig) load() (b []byte, pageURL *url.URL, contentType string, err error) {
	if u, err := url.Parse(c.source); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		b, contentType, err := fetch(u)
		return b, u, contentType, err
	}
	st, err := os.Stat(c.source)
	if err != nil {
		return nil, nil, "", err
	}
	if st.Size() > article.MaxPageBytes {
		return nil, nil, "", fmt.Errorf("%w: %d bytes, more than %d", article.ErrTooLarge, st.Size(), article.MaxPageBytes)
	}
	// The size is checked again as the file is read: a device or a pipe
	// has none to state (/dev/zero would be read until memory ran out).
	f, err := os.Open(c.source)
	if err != nil {
		return nil, nil, "", err
	}
	defer f.Close()
	b, err = readCapped(f, article.MaxPageBytes)
	return b, nil, "", err
}

// readCapped reads r to its end, refusing more than most bytes.
func readCapped(r io.Reader, most int) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, int64(most)+1))
	if err != nil {
		return nil, err
	}
	if len(b) > most {
		return nil, fmt.Errorf("%w: more than %d bytes", article.ErrTooLarge, most)
	}
	return b, nil
}

// fetch gets a page, with a timeout and a size cap.
func fetch(u *url.URL) ([]byte, string, error) {
	client := &http.Client{Timeout: fetchTimeout}
	resp, err := client.Get(u.String())
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, "", fmt.Errorf("the server answered %s", resp.Status)
	}
	b, err := readCapped(resp.Body, article.MaxPageBytes)
	if err != nil {
		return nil, "", err
	}
	return b, resp.Header.Get("Content-Type"), nil
}

// override applies the flags that correct what the page says.
func (c *addArticleConfig) override(d *article.Draft) {
	if c.date != "" {
		d.Date = c.date
	}
	if c.title != "" {
		d.Title = c.title
	}
	if c.publisher != "" {
		d.Publisher = c.publisher
	}
	if c.pageURL != "" {
		d.URL = c.pageURL
	} else if d.URL == "" && strings.Contains(c.source, "://") {
		d.URL = c.source
	}
}
