// Package article reads the news articles of a dataset: a text or Markdown
// file with front matter (title, publisher, author, date, original URL,
// licence note) and a body split into passages on blank lines.
package article

import (
	"bufio"
	"bytes"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Article is one article and its passages.
type Article struct {
	Slug      string // from the file name: alaska-summit-2025-08-08
	Path      string
	Title     string
	Publisher string
	Author    string
	Date      string // YYYY-MM-DD
	URL       string
	License   string
	// Whole is set by "republish: whole" in the front matter: the licence
	// allows the whole text to be shown. Without it the site shows in full
	// only the passages it links to the map, and shortens the rest.
	Whole    bool
	Passages []Passage
}

// Passage is one paragraph of an article.
type Passage struct {
	Index int
	ID    string // p0, p1, ...
	Text  string
	Line  int // line of the file where the passage starts
	// Kind is KindBody, KindHeadline, KindByline, KindCaption or KindCredit
	// (see KindOf).
	Kind string
}

// Permalink returns the passage's address on the site.
func (a *Article) Permalink(p Passage) string { return "/articles/" + a.Slug + "#" + p.ID }

var slugRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// ValidSlug reports whether s can name an article: lower-case ASCII
// letters, digits and hyphens, starting with a letter or digit.
func ValidSlug(s string) bool { return slugRE.MatchString(s) }

// fields lists the front matter keys; required ones must be present.
var fields = map[string]bool{
	"title": true, "date": true, "license": true,
	"publisher": false, "author": false, "url": false, "republish": false,
}

// Parse reads an article file. name is the file's path within the dataset,
// used for the slug and in errors.
func Parse(name string, b []byte) (*Article, error) {
	if !utf8.Valid(b) {
		return nil, fmt.Errorf("%s: not UTF-8 text", name)
	}
	base := path.Base(name)
	slug := strings.TrimSuffix(strings.TrimSuffix(base, ".md"), ".txt")
	if slug == base || !slugRE.MatchString(slug) {
		return nil, fmt.Errorf("%s: file name must be a lower-case slug ending in .txt or .md, like alaska-summit-2025-08-08.txt", name)
	}
	a := &Article{Slug: slug, Path: name}
	// Editors on Windows may start the file with a byte-order mark.
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	body, bodyLine, err := a.frontMatter(name, b)
	if err != nil {
		return nil, err
	}
	a.Passages = split(body, bodyLine)
	if len(a.Passages) == 0 {
		return nil, fmt.Errorf("%s: the article has no text after its front matter", name)
	}
	for i := range a.Passages {
		a.Passages[i].Kind = KindOf(i, a.Passages[i].Text, a.Title)
	}
	return a, nil
}

// frontMatter reads the block between two lines of "---" at the top of the
// file and returns the body after it and the body's first line number.
func (a *Article) frontMatter(name string, b []byte) ([]byte, int, error) {
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 64*1024), len(b)+1)
	if !sc.Scan() || strings.TrimSpace(sc.Text()) != "---" {
		return nil, 0, fmt.Errorf("%s:1: front matter missing: start the file with a line \"---\", then title:, date:, license: (and publisher:, author:, url:, republish:), then \"---\"", name)
	}
	seen := map[string]bool{}
	line, offset := 1, len(sc.Bytes())+1
	for sc.Scan() {
		line++
		offset += len(sc.Bytes()) + 1
		text := sc.Text()
		if strings.TrimSpace(text) == "---" {
			for k, required := range fields {
				if required && !seen[k] {
					return nil, 0, fmt.Errorf("%s:%d: front matter lacks %q", name, line, k)
				}
			}
			if offset > len(b) {
				offset = len(b)
			}
			return b[offset:], line + 1, nil
		}
		if strings.TrimSpace(text) == "" || strings.HasPrefix(strings.TrimSpace(text), "#") {
			continue
		}
		k, v, ok := strings.Cut(text, ":")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok {
			return nil, 0, fmt.Errorf("%s:%d: front matter line %q is not \"key: value\"", name, line, text)
		}
		if _, known := fields[k]; !known {
			return nil, 0, fmt.Errorf("%s:%d: unknown front matter key %q (known: title, publisher, author, date, url, license, republish)", name, line, k)
		}
		if seen[k] {
			return nil, 0, fmt.Errorf("%s:%d: %q given twice", name, line, k)
		}
		seen[k] = true
		v = unquote(v)
		if v == "" && fields[k] {
			return nil, 0, fmt.Errorf("%s:%d: %q is empty", name, line, k)
		}
		switch k {
		case "title":
			a.Title = v
		case "publisher":
			a.Publisher = v
		case "author":
			a.Author = v
		case "license":
			a.License = v
		case "republish":
			switch v {
			case "whole":
				a.Whole = true
			case "excerpts":
			default:
				return nil, 0, fmt.Errorf("%s:%d: republish %q must be whole (the licence allows the whole text) or excerpts (the default)", name, line, v)
			}
		case "date":
			if _, err := time.Parse(time.DateOnly, v); err != nil {
				return nil, 0, fmt.Errorf("%s:%d: date %q is not YYYY-MM-DD", name, line, v)
			}
			a.Date = v
		case "url":
			u, err := url.Parse(v)
			if v != "" && (err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "") {
				return nil, 0, fmt.Errorf("%s:%d: url %q is not an http(s) address", name, line, v)
			}
			a.URL = v
		}
	}
	if err := sc.Err(); err != nil {
		return nil, 0, fmt.Errorf("%s: %w", name, err)
	}
	return nil, 0, fmt.Errorf("%s:%d: front matter not closed: add a line \"---\" after it", name, line)
}

func unquote(v string) string {
	if len(v) >= 2 && (v[0] == '"' && v[len(v)-1] == '"' || v[0] == '\'' && v[len(v)-1] == '\'') {
		return v[1 : len(v)-1]
	}
	return v
}

// Split cuts plain text (an article without front matter) into passages.
func Split(text string) []Passage {
	ps := split([]byte(text), 1)
	for i := range ps {
		ps[i].Kind = KindOf(i, ps[i].Text, "")
	}
	return ps
}

// HasFrontMatter reports whether b starts like an article file with front
// matter rather than plain text.
func HasFrontMatter(b []byte) bool {
	line, _, _ := bytes.Cut(b, []byte("\n"))
	return strings.TrimSpace(string(line)) == "---"
}

// split cuts the body into paragraphs on blank lines (lines of white space
// only), trimming each.
func split(body []byte, firstLine int) []Passage {
	var ps []Passage
	var cur []string
	start := 0
	flush := func() {
		if len(cur) == 0 {
			return
		}
		text := strings.TrimSpace(strings.Join(cur, "\n"))
		if text != "" {
			ps = append(ps, Passage{Index: len(ps), ID: fmt.Sprintf("p%d", len(ps)), Text: text, Line: start})
		}
		cur = nil
	}
	for i, l := range strings.Split(string(body), "\n") {
		if strings.TrimSpace(l) == "" {
			flush()
			continue
		}
		if len(cur) == 0 {
			start = firstLine + i
		}
		cur = append(cur, l)
	}
	flush()
	return ps
}
