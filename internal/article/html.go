package article

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"

	"github.com/claimsmap/claimsmap/internal/gazetteer"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// MaxPageBytes is the largest page FromHTML and FromText read: a saved news
// page is far smaller, so anything larger is not one.
const MaxPageBytes = 10 << 20

// Draft is an article read from a web page or plain text, before it has a
// file: what a dataset's article file holds, less the licence.
type Draft struct {
	Title     string
	Byline    string // the author(s), without "By"
	Publisher string
	Date      string // YYYY-MM-DD, or "" when the page does not say
	URL       string // the page's canonical address, or ""
	Body      []string
	// Whole writes "republish: whole": the licence allows the whole text.
	Whole bool
}

// Errors FromHTML and FromText return; each is wrapped with the details.
var (
	ErrTooLarge = errors.New("too large")
	ErrNoBody   = errors.New("no article text")
	ErrNotText  = errors.New("not HTML or plain text")
)

// FromHTML extracts the article from a saved web page with a readability
// parser: title, byline, publisher, publication date, canonical address and
// the body's paragraphs. Photos, their captions and credits, scripts and
// navigation are left out. pageURL, if not nil, is where the page came from.
func FromHTML(b []byte, pageURL *url.URL) (*Draft, error) {
	if len(b) > MaxPageBytes {
		return nil, fmt.Errorf("%w: %d bytes, more than %d", ErrTooLarge, len(b), MaxPageBytes)
	}
	if !utf8.Valid(b) {
		// A page in a legacy encoding (windows-1251 is common in Ukraine
		// and Russia): decoded as its <meta charset> says, or as the
		// bytes suggest.
		r, err := charset.NewReader(bytes.NewReader(b), "")
		if err != nil {
			return nil, fmt.Errorf("%w: its encoding: %v", ErrNotText, err)
		}
		if b, err = io.ReadAll(r); err != nil {
			return nil, fmt.Errorf("%w: its encoding: %v", ErrNotText, err)
		}
	}
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("reading HTML: %w", err)
	}
	canonical := canonicalURL(doc)
	if pageURL == nil && canonical != "" {
		pageURL, _ = url.Parse(canonical)
	}
	if pageURL == nil {
		pageURL = &url.URL{Scheme: "https", Host: "example.invalid", Path: "/"}
	}
	ra, err := readability.FromDocument(doc, pageURL)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoBody, err)
	}
	d := &Draft{
		Title:     oneLine(ra.Title()),
		Byline:    byline(ra.Byline()),
		Publisher: oneLine(ra.SiteName()),
		URL:       canonical,
	}
	if t, err := ra.PublishedTime(); err == nil && !t.IsZero() {
		d.Date = t.Format(time.DateOnly)
	} else {
		d.Date = pageDate(doc)
	}
	if ra.Node != nil {
		d.Body = blocks(ra.Node)
	}
	// The headline and the byline are front matter, not body.
	for len(d.Body) > 0 && (sameText(d.Body[0], d.Title) || d.Byline != "" && sameText(byline(d.Body[0]), d.Byline)) {
		d.Body = d.Body[1:]
	}
	if len(d.Body) == 0 {
		return nil, fmt.Errorf("%w: the page has no paragraphs of text a reader would see", ErrNoBody)
	}
	return d, nil
}

// FromText reads plain text: the first paragraph is the title when it is a
// single short line, the rest the body.
func FromText(b []byte) (*Draft, error) {
	if len(b) > MaxPageBytes {
		return nil, fmt.Errorf("%w: %d bytes, more than %d", ErrTooLarge, len(b), MaxPageBytes)
	}
	if !utf8.Valid(b) {
		return nil, fmt.Errorf("%w: not UTF-8", ErrNotText)
	}
	ps := Split(string(bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))))
	d := &Draft{}
	if len(ps) > 1 && !strings.Contains(ps[0].Text, "\n") && len(ps[0].Text) <= 200 {
		d.Title = ps[0].Text
		ps = ps[1:]
	}
	for _, p := range ps {
		d.Body = append(d.Body, oneLine(p.Text))
	}
	if len(d.Body) == 0 {
		return nil, fmt.Errorf("%w: the text has no paragraphs", ErrNoBody)
	}
	return d, nil
}

// File returns the article file for d with its front matter; license is
// the licence note. It fails when a required field is missing.
func (d *Draft) File(license string) ([]byte, error) {
	switch {
	case d.Title == "":
		return nil, errors.New("the page has no title")
	case d.Date == "":
		return nil, errors.New("the page gives no publication date")
	case oneLine(license) == "":
		return nil, errors.New("no licence note")
	}
	if _, err := time.Parse(time.DateOnly, d.Date); err != nil {
		return nil, fmt.Errorf("date %q is not YYYY-MM-DD", d.Date)
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	field := func(k, v string) {
		if v = oneLine(v); v != "" {
			fmt.Fprintf(&b, "%s: %s\n", k, quoteIfNeeded(v))
		}
	}
	field("title", d.Title)
	field("publisher", d.Publisher)
	field("author", d.Byline)
	field("date", d.Date)
	if u, err := url.Parse(d.URL); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		field("url", d.URL)
	}
	field("license", license)
	if d.Whole {
		field("republish", "whole")
	}
	b.WriteString("---\n")
	for i, p := range d.Body {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(oneLine(p))
		b.WriteString("\n")
	}
	return b.Bytes(), nil
}

// Slug makes a file name slug from the title and date:
// "Trump, Putin to meet in Alaska" of 2025-08-08 gives
// trump-putin-to-meet-in-alaska-2025-08-08. A Cyrillic title is
// transliterated (the Ukrainian national system; Russian letters it lacks
// by their nearest Ukrainian ones): "Херсон під обстрілом" gives
// kherson-pid-obstrilom; other letters are dropped. At most eight words
// of the title are kept.
func (d *Draft) Slug() string {
	var words []string
	for _, w := range strings.FieldsFunc(strings.ToLower(d.Title), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if len(words) == 8 {
			break
		}
		if lat, ok := gazetteer.KMU(russianToUkrainian.Replace(w)); ok {
			w = strings.ToLower(lat)
		}
		w = strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, w)
		if w != "" {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		words = []string{"article"}
	}
	if d.Date != "" {
		words = append(words, d.Date)
	}
	return strings.Join(words, "-")
}

// russianToUkrainian spells the Russian letters Ukrainian lacks with the
// nearest Ukrainian ones, for transliteration.
var russianToUkrainian = strings.NewReplacer("ы", "и", "э", "е", "ё", "ьо", "ъ", "")

// quoteIfNeeded quotes a front matter value that starts or ends with a
// quote, which the parser would otherwise strip.
func quoteIfNeeded(v string) string {
	if strings.HasPrefix(v, `"`) || strings.HasPrefix(v, `'`) || strings.HasSuffix(v, `"`) || strings.HasSuffix(v, `'`) {
		return `"` + v + `"`
	}
	return v
}

// oneLine collapses runs of white space, line breaks included, into single
// spaces and replaces invalid UTF-8.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ToValidUTF8(s, "\uFFFD")), " ")
}

// byline strips what a byline says before the names: "By", "Written by".
func byline(s string) string {
	s = oneLine(s)
	lower := strings.ToLower(s)
	for _, p := range []string{"written by ", "words by ", "by "} {
		if strings.HasPrefix(lower, p) {
			return strings.TrimSpace(s[len(p):])
		}
	}
	return s
}

func sameText(a, b string) bool {
	return b != "" && strings.EqualFold(oneLine(a), oneLine(b))
}

// canonicalURL returns the page's canonical address: <link rel=canonical>
// or <meta property=og:url>, if it is http(s).
func canonicalURL(doc *html.Node) string {
	var found string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if found != "" {
			return
		}
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Link:
				if strings.EqualFold(attr(n, "rel"), "canonical") {
					found = attr(n, "href")
				}
			case atom.Meta:
				if attr(n, "property") == "og:url" {
					found = attr(n, "content")
				}
			case atom.Body:
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	u, err := url.Parse(strings.TrimSpace(found))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || !utf8.ValidString(u.String()) {
		// not an address a reader can follow: "http://0?\xa2" parses
		return ""
	}
	return u.String()
}

// pageDate finds a publication date the readability parser does not read:
// <meta name="date"> and its kin, an element with itemprop="datePublished"
// and a content attribute, or else the first <time datetime> of the page.
// It returns YYYY-MM-DD or "".
func pageDate(doc *html.Node) string {
	var declared, timed string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if declared == "" && dateKeys[strings.ToLower(cmp.Or(attr(n, "name"), attr(n, "property"), attr(n, "itemprop")))] {
				declared = isoDate(attr(n, "content"))
			}
			if timed == "" && n.DataAtom == atom.Time {
				timed = isoDate(attr(n, "datetime"))
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return cmp.Or(declared, timed)
}

// dateKeys are the names, properties and itemprops that give a page's
// publication date in their content attribute.
var dateKeys = map[string]bool{
	"date": true, "pubdate": true, "publishdate": true, "publish-date": true, "publication_date": true,
	"dc.date": true, "dc.date.issued": true, "dcterms.created": true, "datepublished": true,
	"article:published_time": true, "og:published_time": true,
}

// isoDate returns the YYYY-MM-DD a date attribute starts with, or "".
func isoDate(s string) string {
	s = strings.TrimSpace(s)
	if len(s) < 10 {
		return ""
	}
	if _, err := time.Parse(time.DateOnly, s[:10]); err != nil {
		return ""
	}
	return s[:10]
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// blocks returns the text of the block elements under n, one string per
// paragraph, heading, list item or quote, without photos and their
// captions.
func blocks(n *html.Node) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if t := oneLine(cur.String()); t != "" && strings.ContainsFunc(t, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			out = append(out, t)
		}
		cur.Reset()
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			cur.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Figure, atom.Figcaption, atom.Img, atom.Picture, atom.Script, atom.Style, atom.Noscript,
				atom.Nav, atom.Aside, atom.Button, atom.Form, atom.Svg, atom.Iframe, atom.Video, atom.Audio:
				return
			case atom.Br:
				cur.WriteByte(' ')
				return
			}
		}
		block := n.Type == html.ElementNode && isBlock(n.DataAtom)
		if block {
			flush()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			flush()
		}
	}
	walk(n)
	flush()
	return out
}

func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Main, atom.Header, atom.Footer,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Li, atom.Ul, atom.Ol,
		atom.Blockquote, atom.Pre, atom.Table, atom.Tr, atom.Td, atom.Th, atom.Dd, atom.Dt, atom.Hr:
		return true
	}
	return false
}
