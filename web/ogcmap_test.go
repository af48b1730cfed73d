package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// findElement finds the first element under n, n included, that
// matches, depth first.
func findElement(n *html.Node, match func(*html.Node) bool) *html.Node {
	if n.Type == html.ElementNode && match(n) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findElement(c, match); f != nil {
			return f
		}
	}
	return nil
}

func allElements(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	if n.Type == html.ElementNode && match(n) {
		out = append(out, n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		out = append(out, allElements(c, match)...)
	}
	return out
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

// TestOGCItemsMap checks the map of an HTML items page against the same
// query's JSON: one shape per feature, titled with its id, drawn inside
// the map, places coloured by who held them, and a text alternative
// that the image is labelled by.
func TestOGCItemsMap(t *testing.T) {
	for _, tc := range []struct {
		query  string
		points bool
	}{
		{"/ogc/collections/controlled/items?limit=20", false},
		{"/ogc/collections/claimed/items?bbox=33,44.3,35,45", false},
		{"/ogc/collections/contested/items?limit=10", false},
		{"/ogc/collections/boundaries/items?limit=27", false},
		{"/ogc/collections/places/items?limit=50&region=donetsk", true},
		{"/ogc/collections/places/items?limit=1&sortby=-population", true},
	} {
		t.Run(tc.query, func(t *testing.T) {
			var fc testFeatureCollection
			getOGCJSON(t, tc.query+"&f=json", geojsonType, &fc)
			if len(fc.Features) == 0 {
				t.Fatal("the query matches nothing: a useless test")
			}
			r, b := ogcDo(t, http.MethodGet, tc.query+"&f=html")
			if r.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %.300s", r.StatusCode, b)
			}
			doc, err := html.Parse(strings.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			svg := findElement(doc, func(n *html.Node) bool { return n.Data == "svg" })
			if svg == nil {
				t.Fatal("no map on the page")
			}
			if attr(svg, "role") != "img" {
				t.Errorf("the map's role is %q, want img", attr(svg, "role"))
			}
			// Its accessible name and description are its title and desc.
			ids := strings.Fields(attr(svg, "aria-labelledby"))
			if len(ids) != 2 {
				t.Fatalf("aria-labelledby=%q", attr(svg, "aria-labelledby"))
			}
			for i, tag := range []string{"title", "desc"} {
				el := findElement(svg, func(n *html.Node) bool { return n.Data == tag && attr(n, "id") == ids[i] })
				if el == nil || len(textOf(el)) < 20 {
					t.Fatalf("no %s with id %q and some words", tag, ids[i])
				}
				if tag == "title" && !strings.Contains(textOf(el), strconv.Itoa(len(fc.Features))+" feature") {
					t.Errorf("title %q does not count the %d features", textOf(el), len(fc.Features))
				}
			}
			w, _ := strconv.ParseFloat(attr(svg, "width"), 64)
			h, _ := strconv.ParseFloat(attr(svg, "height"), 64)
			if attr(svg, "viewBox") != "0 0 "+attr(svg, "width")+" "+attr(svg, "height") || w == 0 || h == 0 {
				t.Fatalf("viewBox %q, width %q, height %q", attr(svg, "viewBox"), attr(svg, "width"), attr(svg, "height"))
			}
			features := findElement(svg, func(n *html.Node) bool { return attr(n, "class") == "features" })
			if features == nil {
				t.Fatal("no group of features")
			}
			var got []string
			for _, s := range allElements(features, func(n *html.Node) bool { return n.Data == "path" || n.Data == "circle" }) {
				title := findElement(s, func(n *html.Node) bool { return n.Data == "title" })
				if title == nil {
					continue // a claim's outline, drawn over its hatch
				}
				got = append(got, textOf(title))
				if s.Data == "circle" {
					x, _ := strconv.ParseFloat(attr(s, "cx"), 64)
					y, _ := strconv.ParseFloat(attr(s, "cy"), 64)
					if x < 0 || x > w || y < 0 || y > h {
						t.Errorf("%s drawn at %g,%g, outside the %gx%g map", textOf(title), x, y, w, h)
					}
				} else if d := attr(s, "d"); !strings.HasPrefix(d, "M") {
					t.Errorf("%s: path %.40q", textOf(title), d)
				}
			}
			var want []string
			for _, f := range fc.Features {
				id := f.ID
				want = append(want, id)
				if tc.points {
					held, _ := f.Properties["held_by"].(string)
					dot := findElement(features, func(n *html.Node) bool {
						t := findElement(n, func(n *html.Node) bool { return n.Data == "title" })
						return n.Data == "circle" && t != nil && textOf(t) == id
					})
					if dot != nil && attr(dot, "class") != "place "+held {
						t.Errorf("%s, held by %s, drawn with class %q", id, held, attr(dot, "class"))
					}
				}
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("the map draws %v, the page holds %v", got, want)
			}
			if !strings.Contains(b, `class="table-wrap" role="region" aria-label="Features" tabindex="0"`) {
				t.Error("the table's scrolling box cannot be reached by keyboard")
			}
		})
	}

	// A page of nothing has no map.
	r, b := ogcDo(t, http.MethodGet, "/ogc/collections/controlled/items?bbox=-10,-10,-9,-9&f=html")
	if r.StatusCode != http.StatusOK || strings.Contains(b, "<svg") {
		t.Errorf("a page without features: status %d, map drawn: %v", r.StatusCode, strings.Contains(b, "<svg"))
	}
}
