package ogc

import (
	"cmp"
	"fmt"
	"math"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
)

// ItemsParams are the items parameters other than the queryables.
var ItemsParams = []string{"bbox", "datetime", "limit", "offset", "properties", "skipGeometry", "sortby"}

// CheckParams refuses query parameters the endpoint does not know, and
// repeated ones, as OGC API – Features asks: a filter silently ignored
// would return wrong data. f, the format, is known everywhere.
func CheckParams(q url.Values, known ...string) error {
	known = append(slices.Clone(known), "f")
	names := make([]string, 0, len(q))
	for k := range q {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if !slices.Contains(known, k) {
			if len(known) == 1 {
				return badRequest("Unknown query parameter %q: this address only takes f (json or html).", k)
			}
			return badRequest("Unknown query parameter %q: this address takes %s.", k, strings.Join(known, ", "))
		}
		if len(q[k]) > 1 {
			return badRequest("Query parameter %q is given %d times; give it once.", k, len(q[k]))
		}
	}
	return nil
}

// ItemsQuery is a parsed items request.
type ItemsQuery struct {
	bbox     string // as given, for links
	boxes    []orb.Bound
	datetime string // as given, for links
	interval Interval
	Limit    int
	Offset   int
	// Set by parseProperties.
	filters      []filter
	sortby       string // as given, for links
	sorts        []sortKey
	properties   string   // as given, for links
	props        []string // nil for all
	skipGeometry bool
}

// DefaultQuery is the first page of a collection, unfiltered.
func DefaultQuery() ItemsQuery { return ItemsQuery{Limit: DefaultLimit} }

// IsDefault reports whether q is the first page, unfiltered.
func (q ItemsQuery) IsDefault() bool {
	return q.bbox == "" && q.datetime == "" && q.Limit == DefaultLimit && q.Offset == 0 &&
		len(q.filters) == 0 && q.sortby == "" && q.props == nil && !q.skipGeometry
}

// Shows reports whether the page gives the property name (properties=).
func (q ItemsQuery) Shows(name string) bool { return q.props == nil || slices.Contains(q.props, name) }

// Values are the query's parameters for a link to another page of it.
func (q ItemsQuery) Values(offset int) url.Values {
	v := url.Values{}
	if q.bbox != "" {
		v.Set("bbox", q.bbox)
	}
	if q.datetime != "" {
		v.Set("datetime", q.datetime)
	}
	if q.Limit != DefaultLimit {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	if offset > 0 {
		v.Set("offset", strconv.Itoa(offset))
	}
	for _, f := range q.filters {
		v.Set(f.name, f.raw)
	}
	if q.sortby != "" {
		v.Set("sortby", q.sortby)
	}
	if q.props != nil {
		v.Set("properties", q.properties)
	}
	if q.skipGeometry {
		v.Set("skipGeometry", "true")
	}
	return v
}

// ParseItems reads an items request of the collection: it refuses
// parameters the collection does not know, reads the standard ones and
// a filter per queryable, and takes a datetime instant on a dated layer
// to mean the state on that date, the snapshot on or before it, as
// everywhere on the site.
func (o *API) ParseItems(c *Collection, q url.Values) (ItemsQuery, error) {
	if err := CheckParams(q, append(slices.Clone(ItemsParams), c.queryableNames()...)...); err != nil {
		return ItemsQuery{}, err
	}
	iq, err := parseItemsQuery(q)
	if err != nil {
		return ItemsQuery{}, err
	}
	if err := c.parseProperties(q, &iq); err != nil {
		return ItemsQuery{}, err
	}
	if c.Info.Dated && iq.datetime != "" && !strings.Contains(iq.datetime, "/") {
		if d, err := o.Atlas.SnapshotOn(iq.interval.end.UTC().Format(time.DateOnly)); err == nil {
			day, _ := time.Parse(time.DateOnly, d)
			iq.interval = Interval{start: day, end: day.AddDate(0, 0, 1).Add(-time.Nanosecond)}
		}
	}
	return iq, nil
}

// parseItemsQuery reads the parameters every collection takes: limit,
// offset, bbox and datetime.
func parseItemsQuery(q url.Values) (ItemsQuery, error) {
	iq := ItemsQuery{Limit: DefaultLimit}
	if s := q.Get("limit"); q.Has("limit") {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return ItemsQuery{}, badRequest("limit=%s: give a whole number from 1 to %d.", s, MaxLimit)
		}
		// OGC API – Features: a larger limit is served at the maximum.
		iq.Limit = min(n, MaxLimit)
	}
	if s := q.Get("offset"); q.Has("offset") {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return ItemsQuery{}, badRequest("offset=%s: give a whole number, 0 or more.", s)
		}
		iq.Offset = n
	}
	if s := q.Get("bbox"); q.Has("bbox") {
		boxes, err := parseBBox(s)
		if err != nil {
			return ItemsQuery{}, badRequest("bbox=%s: %v. Give minimum longitude, minimum latitude, maximum longitude, maximum latitude in degrees (CRS84), e.g. bbox=32.4,44.3,36.7,46.3.", s, err)
		}
		iq.bbox, iq.boxes = s, boxes
	}
	if s := q.Get("datetime"); q.Has("datetime") {
		iv, err := parseDatetime(s)
		if err != nil {
			return ItemsQuery{}, badRequest("datetime=%s: %v. Give a date or an RFC 3339 date-time (2025-08-08, 2025-08-08T00:00:00Z) or an interval (2025-01-01/2025-12-31, ../2025-08-08, 2025-08-08/..).", s, err)
		}
		iq.datetime, iq.interval = s, iv
	}
	return iq, nil
}

// parseBBox reads a bounding box of 4 numbers, or 6 with heights, which
// are ignored as the data has none. A box whose west edge lies east of
// its east edge crosses the antimeridian and is split in two.
func parseBBox(s string) ([]orb.Bound, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 && len(parts) != 6 {
		return nil, fmt.Errorf("%d numbers where 4 are needed", len(parts))
	}
	v := make([]float64, len(parts))
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("%q is not a number", p)
		}
		v[i] = f
	}
	if len(v) == 6 {
		v = []float64{v[0], v[1], v[3], v[4]}
	}
	minX, minY, maxX, maxY := v[0], v[1], v[2], v[3]
	for _, x := range []float64{minX, maxX} {
		if x < -180 || x > 180 {
			return nil, fmt.Errorf("longitude %g is outside -180 to 180", x)
		}
	}
	for _, y := range []float64{minY, maxY} {
		if y < -90 || y > 90 {
			return nil, fmt.Errorf("latitude %g is outside -90 to 90", y)
		}
	}
	if minY > maxY {
		return nil, fmt.Errorf("the minimum latitude %g is north of the maximum %g", minY, maxY)
	}
	if minX > maxX {
		return []orb.Bound{
			{Min: orb.Point{minX, minY}, Max: orb.Point{180, maxY}},
			{Min: orb.Point{-180, minY}, Max: orb.Point{maxX, maxY}},
		}, nil
	}
	return []orb.Bound{{Min: orb.Point{minX, minY}, Max: orb.Point{maxX, maxY}}}, nil
}

// Interval is a closed interval of time; an open end matches all time on
// its side.
type Interval struct {
	start, end         time.Time
	openStart, openEnd bool
}

// parseDatetime reads the datetime parameter. A date stands for its whole
// day in UTC: as an instant or the end of an interval it reaches to the
// day's last moment.
func parseDatetime(s string) (Interval, error) {
	a, b, isInterval := strings.Cut(s, "/")
	if !isInterval {
		t, day, err := parseInstant(s)
		if err != nil {
			return Interval{}, err
		}
		end := t
		if day {
			end = t.AddDate(0, 0, 1).Add(-time.Nanosecond)
		}
		return Interval{start: t, end: end}, nil
	}
	var iv Interval
	if a == ".." || a == "" {
		iv.openStart = true
	} else {
		t, _, err := parseInstant(a)
		if err != nil {
			return Interval{}, err
		}
		iv.start = t
	}
	if b == ".." || b == "" {
		iv.openEnd = true
	} else {
		t, day, err := parseInstant(b)
		if err != nil {
			return Interval{}, err
		}
		if day {
			t = t.AddDate(0, 0, 1).Add(-time.Nanosecond)
		}
		iv.end = t
	}
	if a == "" && b == "" {
		return Interval{}, fmt.Errorf("an interval needs at least one end")
	}
	if !iv.openStart && !iv.openEnd && iv.start.After(iv.end) {
		return Interval{}, fmt.Errorf("the interval ends before it starts")
	}
	return iv, nil
}

func parseInstant(s string) (t time.Time, day bool, err error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, true, nil
	}
	t, err = time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("%q is neither a date nor an RFC 3339 date-time", s)
	}
	return t.UTC(), false, nil
}

// overlapsDay reports whether the interval meets the day starting at d.
func (iv Interval) overlapsDay(d time.Time) bool {
	next := d.AddDate(0, 0, 1)
	return (iv.openStart || iv.start.Before(next)) && (iv.openEnd || !iv.end.Before(d))
}

// queryable is a property features can be selected and sorted by: one
// whose values are all strings, all numbers or all booleans.
type queryable struct {
	name string
	typ  string // JSON Schema: string, integer, number or boolean
}

// queryablesOf lists, by name, the properties of fs that hold one scalar
// type. Properties holding lists or objects, or strings in one feature
// and numbers in another, cannot be compared to one query value.
func queryablesOf(fs []*Feature) ([]queryable, []string) {
	types := map[string]string{}
	for _, f := range fs {
		for k, v := range f.Values {
			if k == "f" || slices.Contains(ItemsParams, k) {
				types[k] = "" // the parameter means something else
				continue
			}
			t := schemaTypeOf(v)
			prev, seen := types[k]
			switch {
			case t == "null":
			case !seen || prev == t:
				types[k] = t
			case prev == "integer" && t == "number", prev == "number" && t == "integer":
				types[k] = "number"
			default:
				types[k] = "" // lists, objects or mixed: not queryable
			}
		}
	}
	var qs []queryable
	names := make([]string, 0, len(types))
	for k, t := range types {
		names = append(names, k)
		if t != "" && t != "null" {
			qs = append(qs, queryable{k, t})
		}
	}
	slices.SortFunc(qs, func(a, b queryable) int { return strings.Compare(a.name, b.name) })
	slices.Sort(names)
	return qs, names
}

// schemaTypeOf is the JSON Schema type of a value decoded from JSON.
func schemaTypeOf(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case bool:
		return "boolean"
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
			return "integer"
		}
		return "number"
	}
	return ""
}

func (c *Collection) queryable(name string) (queryable, bool) {
	i := slices.IndexFunc(c.queryables, func(q queryable) bool { return q.name == name })
	if i < 0 {
		return queryable{}, false
	}
	return c.queryables[i], true
}

func (c *Collection) queryableNames() []string {
	names := make([]string, len(c.queryables))
	for i, q := range c.queryables {
		names[i] = q.name
	}
	return names
}

// filter selects features whose property equals a value.
type filter struct {
	name, raw string // as given, for links
	value     any    // string, float64 or bool, as the property's type
}

func (f filter) matches(v any) bool {
	if n, ok := v.(float64); ok {
		return f.value == n
	}
	return v != nil && v == f.value
}

// sortKey orders features by a property.
type sortKey struct {
	name string
	desc bool
}

// parseProperties reads the query parameters that depend on the
// collection's properties into q: a filter per queryable, sortby,
// properties and skipGeometry.
func (c *Collection) parseProperties(qs url.Values, q *ItemsQuery) error {
	names := make([]string, 0, len(qs))
	for k := range qs {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		qd, ok := c.queryable(k)
		if !ok {
			continue
		}
		raw := qs.Get(k)
		f := filter{name: k, raw: raw, value: raw}
		switch qd.typ {
		case "integer", "number":
			n, err := strconv.ParseFloat(raw, 64)
			if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
				return badRequest("%s=%s: %s is a number in collection %s; give one, e.g. %s=1.", k, clip(raw), k, c.Info.Name, k)
			}
			f.value = n
		case "boolean":
			// GDAL sends 1 and 0 for its boolean fields.
			b, ok := map[string]bool{"true": true, "false": false, "1": true, "0": false}[raw]
			if !ok {
				return badRequest("%s=%s: %s is true or false in collection %s.", k, clip(raw), k, c.Info.Name)
			}
			f.value = b
		}
		q.filters = append(q.filters, f)
	}
	if s := qs.Get("sortby"); qs.Has("sortby") {
		for _, part := range strings.Split(s, ",") {
			part = strings.TrimSpace(part)
			key := sortKey{name: strings.TrimLeft(part, "+-")}
			key.desc = strings.HasPrefix(part, "-")
			if part == "" || len(part)-len(key.name) > 1 {
				return badRequest("sortby=%s: give property names separated by commas, each with + (ascending, the default) or - (descending) before it, e.g. sortby=-area_km2,name.", clip(s))
			}
			if _, ok := c.queryable(key.name); !ok {
				return badRequest("sortby=%s: collection %s cannot be sorted by %q; it can by %s.", clip(s), c.Info.Name, key.name, strings.Join(c.queryableNames(), ", "))
			}
			// A property named twice would only make the sort compare it
			// again: refused, which bounds the sort keys by the queryables.
			if slices.ContainsFunc(q.sorts, func(k sortKey) bool { return k.name == key.name }) {
				return badRequest("sortby=%s: %q is named twice; name each property once.", clip(s), key.name)
			}
			q.sorts = append(q.sorts, key)
		}
		q.sortby = s
	}
	if s := qs.Get("properties"); qs.Has("properties") {
		q.props = []string{}
		if s != "" {
			for _, p := range strings.Split(s, ",") {
				p = strings.TrimSpace(p)
				if _, ok := slices.BinarySearch(c.propertyNames, p); !ok {
					return badRequest("properties=%s: collection %s has no property %q; its properties are %s.", clip(s), c.Info.Name, p, strings.Join(c.propertyNames, ", "))
				}
				if slices.Contains(q.props, p) {
					return badRequest("properties=%s: %q is named twice; name each property once.", clip(s), p)
				}
				q.props = append(q.props, p)
			}
		}
		q.properties = s
	}
	if s := qs.Get("skipGeometry"); qs.Has("skipGeometry") {
		switch s {
		case "true":
			q.skipGeometry = true
		case "false":
		default:
			return badRequest("skipGeometry=%s: give true or false.", clip(s))
		}
	}
	return nil
}

// matchesProperties reports whether f passes every property filter.
func (q ItemsQuery) matchesProperties(f *Feature) bool {
	for _, flt := range q.filters {
		if !flt.matches(f.Values[flt.name]) {
			return false
		}
	}
	return true
}

// sort orders fs by the sortby keys, stably: features without a value
// come last whichever the direction, and ties keep the collection's order
// (by date, then as the layer lists them).
func (q ItemsQuery) sort(fs []*Feature) {
	if len(q.sorts) == 0 {
		return
	}
	slices.SortStableFunc(fs, func(a, b *Feature) int {
		for _, k := range q.sorts {
			va, vb := a.Values[k.name], b.Values[k.name]
			switch {
			case va == nil && vb == nil:
				continue
			case va == nil:
				return 1
			case vb == nil:
				return -1
			}
			c := compare(va, vb)
			if k.desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return 0
	})
}

func compare(a, b any) int {
	switch a := a.(type) {
	case string:
		b, _ := b.(string)
		return strings.Compare(a, b)
	case float64:
		b, _ := b.(float64)
		return cmp.Compare(a, b)
	case bool:
		b, _ := b.(bool)
		switch {
		case a == b:
			return 0
		case !a:
			return -1
		}
		return 1
	}
	return 0
}
