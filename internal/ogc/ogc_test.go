package ogc

import (
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb/geojson"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/dataset"
	"github.com/claimsmap/claimsmap/internal/defaultdata"
)

var defaultAtlas = sync.OnceValues(func() (*atlas.Atlas, error) {
	d, err := dataset.Load(defaultdata.FS())
	if err != nil {
		return nil, err
	}
	return atlas.New(d)
})

// countingFeatures gives the atlas's layers as they are and counts which
// dates were asked for, so that tests can see what a request makes.
type countingFeatures struct {
	mu    sync.Mutex
	dates map[string]int
}

func (c *countingFeatures) features(v *atlas.View, layer string) (*geojson.FeatureCollection, error) {
	c.mu.Lock()
	c.dates[v.Date+" "+layer]++
	c.mu.Unlock()
	return v.LayerFeatures(layer)
}

func (c *countingFeatures) made(date, layer string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.dates[date+" "+layer]
}

func newTestAPI(t *testing.T) (*API, *countingFeatures) {
	t.Helper()
	a, err := defaultAtlas()
	if err != nil {
		t.Fatal(err)
	}
	cf := &countingFeatures{dates: map[string]int{}}
	o, err := New(a, cf.features)
	if err != nil {
		t.Fatal(err)
	}
	return o, cf
}

// TestLazyDates: the API makes the latest date of each layer, and another
// date only when a request reaches it, once.
func TestLazyDates(t *testing.T) {
	o, cf := newTestAPI(t)
	a := o.Atlas
	if len(a.Dates) < 3 {
		t.Fatalf("the default dataset has %d dates; the test needs three", len(a.Dates))
	}
	first, latest := a.Dates[0], a.Snapshot
	for _, l := range atlas.Layers() {
		if cf.made(latest, l.Name) != 1 || cf.made(first, l.Name) != 0 {
			t.Errorf("%s after New: latest made %d times, first %d", l.Name, cf.made(latest, l.Name), cf.made(first, l.Name))
		}
	}
	c, err := o.Lookup(atlas.LayerControlled)
	if err != nil {
		t.Fatal(err)
	}
	q, err := o.ParseItems(c, url.Values{"datetime": {first}})
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.Page(q)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range p.Features {
		if f.Values["as_of"] != first {
			t.Errorf("datetime=%s gave %s", first, f.ID)
		}
	}
	if cf.made(first, atlas.LayerControlled) != 1 || cf.made(a.Dates[1], atlas.LayerControlled) != 0 {
		t.Errorf("datetime=%s made the first date %d times and the second %d", first, cf.made(first, atlas.LayerControlled), cf.made(a.Dates[1], atlas.LayerControlled))
	}
	// A feature by id makes its own date only, and not again.
	id := strings.Replace(p.Features[0].ID, first, a.Dates[1], 1)
	for range 2 {
		if _, err := c.Feature(id); err != nil {
			t.Fatal(err)
		}
	}
	if n := cf.made(a.Dates[1], atlas.LayerControlled); n != 1 {
		t.Errorf("%s made its date %d times", id, n)
	}
	if _, err := c.Feature("donetsk-controlled-1999-01-01"); !isNotFound(err) {
		t.Errorf("a date the layer lacks: %v", err)
	}
}

func TestItemsQuery(t *testing.T) {
	o, _ := newTestAPI(t)
	c, err := o.Lookup(atlas.LayerPlaces)
	if err != nil {
		t.Fatal(err)
	}
	a := o.Atlas
	q, err := o.ParseItems(c, url.Values{"region": {"donetsk"}, "sortby": {"-population"}, "datetime": {a.Snapshot}, "limit": {"5"}, "properties": {"name,population"}})
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.Page(q)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Features) != 5 {
		t.Fatalf("%d features, want 5", len(p.Features))
	}
	prev := -1.0
	for i, f := range p.Features {
		pop, _ := f.Values["population"].(float64)
		if f.Values["region"] != "donetsk" || i > 0 && pop > prev {
			t.Errorf("feature %d: %s of %v, population %g after %g", i, f.ID, f.Values["region"], pop, prev)
		}
		prev = pop
	}
	var items struct {
		Features []struct{ Properties map[string]any }
		Links    []Link
	}
	if err := json.Unmarshal(c.ItemsJSON("https://example.org/ogc", p, o.Built), &items); err != nil {
		t.Fatal(err)
	}
	for _, f := range items.Features {
		if len(f.Properties) != 2 || f.Properties["name"] == nil {
			t.Errorf("properties=name,population gave %v", f.Properties)
		}
	}
	for _, l := range items.Links {
		if !strings.HasPrefix(l.Href, "https://example.org/ogc/collections/places") {
			t.Errorf("link %s is not under the root", l.Href)
		}
	}
	for _, bad := range []url.Values{
		{"colour": {"red"}},
		{"population": {"many"}},
		{"sortby": {"colour"}},
		{"properties": {"colour"}},
		// a name repeated: 9,000 of them made one request sort for 13 s
		{"sortby": {"name,-name"}},
		{"properties": {"name,population,name"}},
		{"skipGeometry": {"yes"}},
		{"limit": {"0"}},
	} {
		_, err := o.ParseItems(c, bad)
		var e *Error
		if err == nil || isNotFound(err) || !asError(err, &e) || e.Detail == "" {
			t.Errorf("%v: %v, want a bad request", bad, err)
		}
	}
	if _, err := o.Lookup("atlantis"); !isNotFound(err) {
		t.Errorf("an unknown collection: %v", err)
	}
}

func asError(err error, e **Error) bool {
	var x *Error
	ok := err != nil && errors.As(err, &x)
	*e = x
	return ok
}

// isNotFound reports whether err says there is nothing at the address.
func isNotFound(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.NotFound
}

// TestExtentHoldsEveryDate: a dated collection's declared box holds the
// features of every date, not only the latest (the controlled ground of
// 25 March 2022 reached Kyiv's and Chernihiv's oblasts).
func TestExtentHoldsEveryDate(t *testing.T) {
	o, _ := newTestAPI(t)
	for _, c := range o.Collections() {
		if !c.Info.Dated {
			continue
		}
		for _, date := range c.Dates() {
			s, err := c.set(date)
			if err != nil {
				t.Fatal(err)
			}
			if len(s.features) > 0 && (!c.Bound.Contains(s.bound.Min) || !c.Bound.Contains(s.bound.Max)) {
				t.Errorf("%s on %s: features in %v, beyond the declared %v", c.Info.Name, date, s.bound, c.Bound)
			}
		}
	}
}
