package sitexport

import (
	"bytes"
	"encoding/json"
	"errors"
	"html"
	"io"
	"strings"

	xhtml "golang.org/x/net/html"
)

// verdict is what becomes of one link.
type verdict int

const (
	keep    verdict = iota // leave the link as it is
	replace                // write the new value
	drop                   // remove the link: the attribute (an a's href), or the element (link, form)
)

// linkAttrs are the attributes that hold URLs in the site's HTML.
var linkAttrs = map[string]bool{"href": true, "src": true, "action": true, "poster": true}

// linkFunc judges one URL found in a document: tag and attribute say
// where (tag "form" for a form's action; "" for a string in JSON).
type linkFunc func(tag, attr, val string) (string, verdict)

// rewriteHTML passes every URL in body's tags to fn and returns the
// document with fn's verdicts applied. Everything else is copied byte for
// byte; only a tag whose link changes is written again.
//
// text, if not nil, rewrites the text of the document (outside script and
// style) and the values of other attributes: the URLs a reader copies
// (embed codes, image links) are written there.
func rewriteHTML(body []byte, fn linkFunc, text func(string) string) ([]byte, error) {
	z := xhtml.NewTokenizer(bytes.NewReader(body))
	var out bytes.Buffer
	out.Grow(len(body))
	skip := 0     // depth inside a form being dropped
	rawText := "" // the script or style element whose text this is
	for {
		tt := z.Next()
		raw := z.Raw()
		if tt == xhtml.ErrorToken {
			if err := z.Err(); !errors.Is(err, io.EOF) {
				return nil, err
			}
			// A tag cut off by the end of the input is not a token.
			out.Write(raw)
			return out.Bytes(), nil
		}
		if skip > 0 {
			name, _ := z.TagName()
			switch {
			case tt == xhtml.StartTagToken && string(name) == "form":
				skip++
			case tt == xhtml.EndTagToken && string(name) == "form":
				skip--
			}
			continue
		}
		if tt == xhtml.TextToken && text != nil && rawText == "" {
			s := xhtml.UnescapeString(string(raw))
			if ns := text(s); ns != s {
				out.WriteString(html.EscapeString(ns))
				continue
			}
		}
		if tt == xhtml.EndTagToken {
			rawText = ""
		}
		if tt != xhtml.StartTagToken && tt != xhtml.SelfClosingTagToken {
			out.Write(raw)
			continue
		}
		raw = bytes.Clone(raw)
		name, more := z.TagName()
		tag := string(name)
		if tt == xhtml.StartTagToken && (tag == "script" || tag == "style") {
			rawText = tag
		}
		type attr struct{ key, val string }
		var attrs []attr
		for more {
			var k, v []byte
			k, v, more = z.TagAttr()
			attrs = append(attrs, attr{string(k), string(v)})
		}
		changed, dropTag := false, false
		kept := attrs[:0]
		for _, a := range attrs {
			if linkAttrs[a.key] || (tag == "meta" && a.key == "content" && strings.Contains(a.val, "://")) {
				v, what := fn(tag, a.key, a.val)
				switch what {
				case replace:
					if v != a.val {
						a.val, changed = v, true
					}
				case drop:
					// A link, meta or form that points nowhere goes
					// whole; elsewhere (an a's href) only the attribute,
					// so the text stays, no longer a link.
					changed = true
					dropTag = dropTag || tag == "link" || tag == "meta" || tag == "form"
					continue
				}
			} else if text != nil {
				if v := text(a.val); v != a.val {
					a.val, changed = v, true
				}
			}
			kept = append(kept, a)
		}
		switch {
		case dropTag && tag == "form":
			skip = 1
		case dropTag && (tag == "link" || tag == "meta"):
		case !changed:
			out.Write(raw)
		default:
			out.WriteString("<" + tag)
			for _, a := range kept {
				out.WriteString(" " + a.key + `="` + html.EscapeString(a.val) + `"`)
			}
			if tt == xhtml.SelfClosingTagToken {
				out.WriteString("/")
			}
			out.WriteString(">")
		}
	}
}

// rewriteJSON passes every string in a JSON document that fn cares about
// to fn. A link object ({"href": ...} in an array) whose href fn drops is
// removed from its array; another string fn drops is left as it was. The
// document is written again only if something changed.
func rewriteJSON(body []byte, fn linkFunc) ([]byte, error) {
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	changed := false
	var walk func(v any) (any, bool)
	walk = func(v any) (any, bool) {
		switch t := v.(type) {
		case string:
			nv, what := fn("", "", t)
			switch what {
			case replace:
				if nv != t {
					changed = true
				}
				return nv, false
			case drop:
				return t, true
			}
		case []any:
			out := t[:0]
			for _, e := range t {
				ne, dropped := walk(e)
				if dropped {
					if _, isLink := e.(map[string]any); isLink {
						changed = true
						continue
					}
				}
				out = append(out, ne)
			}
			return out, false
		case map[string]any:
			dropSelf := false
			for k, e := range t {
				ne, dropped := walk(e)
				t[k] = ne
				if dropped && k == "href" {
					dropSelf = true
				}
			}
			return t, dropSelf
		}
		return v, false
	}
	v, _ = walk(v)
	if !changed {
		return body, nil
	}
	var out bytes.Buffer
	e := json.NewEncoder(&out)
	e.SetEscapeHTML(false)
	if err := e.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(out.Bytes(), []byte("\n")), nil
}
