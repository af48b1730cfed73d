package ogc

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Page is one page of an items query.
type Page struct {
	Query ItemsQuery
	// matched counts the features that match; when known is false the
	// dates were not all read (the page was full first), and matched is
	// a lower bound, more than the page reaches.
	matched  int
	known    bool
	Features []*Feature
}

// datesFor lists the dates whose features a query may match, oldest
// first.
func (c *Collection) datesFor(q ItemsQuery) []string {
	if !c.Info.Dated || q.datetime == "" {
		return c.dates
	}
	var out []string
	for _, d := range c.dates {
		day, _ := time.Parse(time.DateOnly, d)
		if q.interval.overlapsDay(day) {
			out = append(out, d)
		}
	}
	return out
}

// Page reads the query's dates, oldest first. When at most MaxBuild of
// them are not made yet it reads them all and counts the matches;
// otherwise it reads until the page is full (making at most MaxBuild
// dates) and leaves the count open, as OGC API – Features allows.
func (c *Collection) Page(q ItemsQuery) (Page, error) {
	dates := c.datesFor(q)
	unmade := 0
	for _, d := range dates {
		if !c.built(d) {
			unmade++
		}
	}
	lazy := unmade > MaxBuild
	var matched []*Feature
	made := 0
	p := Page{Query: q, known: true}
	for _, d := range dates {
		if lazy && len(matched) > q.Offset+q.Limit {
			p.known = false
			break
		}
		if !c.built(d) {
			if made++; made > MaxBuild || lazy && len(q.sorts) > 0 {
				return p, badRequest(
					"This query reaches over more snapshot dates than one request may read (%d dates from %s to %s, at most %d not read before): narrow it with datetime=START/END, or download one date's layer whole at /layers/%s.geojson?date=DATE.",
					len(dates), dates[0], dates[len(dates)-1], MaxBuild, c.Info.Name)
			}
		}
		s, err := c.set(d)
		if err != nil {
			return p, err
		}
		for _, f := range s.features {
			if q.boxes != nil && !slices.ContainsFunc(q.boxes, f.meets) {
				continue
			}
			if !q.matchesProperties(f) {
				continue
			}
			matched = append(matched, f)
		}
	}
	q.sort(matched)
	p.matched = len(matched)
	if q.Offset < len(matched) {
		p.Features = matched[q.Offset:min(q.Offset+q.Limit, len(matched))]
	}
	return p, nil
}

// meets reports whether the feature's geometry meets the box b, edges
// included: OGC API – Features selects by the geometry, not its bounding
// box (Luhansk's box reaches far into Donetsk, the oblast does not).
func (f *Feature) meets(b orb.Bound) bool {
	return f.Bound.Intersects(b) && Intersects(f.Geom, b)
}

// Intersects reports whether g meets the box b. A polygon meets a box
// when one of its edges does, or when it holds the box whole (then it
// holds the box's corner); a box inside a hole meets neither.
func Intersects(g orb.Geometry, b orb.Bound) bool {
	switch g := g.(type) {
	case orb.Point:
		return b.Contains(g)
	case orb.MultiPoint:
		return slices.ContainsFunc(g, b.Contains)
	case orb.LineString:
		return pathMeets(g, b)
	case orb.MultiLineString:
		return slices.ContainsFunc(g, func(l orb.LineString) bool { return pathMeets(l, b) })
	case orb.Ring:
		return Intersects(orb.Polygon{g}, b)
	case orb.Polygon:
		for _, r := range g {
			if pathMeets(orb.LineString(r), b) {
				return true
			}
		}
		return len(g) > 0 && planar.PolygonContains(g, b.Min)
	case orb.MultiPolygon:
		return slices.ContainsFunc(g, func(p orb.Polygon) bool { return Intersects(p, b) })
	case orb.Collection:
		return slices.ContainsFunc(g, func(g orb.Geometry) bool { return Intersects(g, b) })
	case orb.Bound:
		return g.Intersects(b)
	}
	return false
}

// pathMeets reports whether a segment of l meets b.
func pathMeets(l orb.LineString, b orb.Bound) bool {
	if len(l) == 1 {
		return b.Contains(l[0])
	}
	for i := 1; i < len(l); i++ {
		if segmentMeets(l[i-1], l[i], b) {
			return true
		}
	}
	return false
}

// segmentMeets clips the segment pq to b (Liang–Barsky) and reports
// whether anything is left.
func segmentMeets(p, q orb.Point, b orb.Bound) bool {
	t0, t1 := 0.0, 1.0
	dx, dy := q[0]-p[0], q[1]-p[1]
	for _, e := range [4][2]float64{
		{-dx, p[0] - b.Min[0]}, {dx, b.Max[0] - p[0]},
		{-dy, p[1] - b.Min[1]}, {dy, b.Max[1] - p[1]},
	} {
		d, dist := e[0], e[1]
		switch {
		case d == 0:
			if dist < 0 {
				return false // parallel to this edge and outside it
			}
		case d < 0:
			t0 = max(t0, dist/d)
		default:
			t1 = min(t1, dist/d)
		}
		if t0 > t1 {
			return false
		}
	}
	return true
}

// Next is the offset of the next page, if there is one.
func (p Page) Next() (int, bool) {
	// Past the end there is no next page, whatever the offset (and a huge
	// one must not wrap round to the first page).
	if p.Query.Offset >= p.matched {
		return 0, false
	}
	n := p.Query.Offset + p.Query.Limit
	return n, n < p.matched
}

// Prev is the offset of the previous page, if there is one.
func (p Page) Prev() (int, bool) {
	return max(0, p.Query.Offset-p.Query.Limit), p.Query.Offset > 0
}

// NumberMatched is the count of matches when it is known.
func (p Page) NumberMatched() *int {
	if !p.known {
		return nil
	}
	return &p.matched
}

// Summary says in words which features the page shows.
func (p Page) Summary() string {
	var b strings.Builder
	q := p.Query
	switch {
	case p.matched == 0:
		b.WriteString("No features match")
	case len(p.Features) == 0:
		fmt.Fprintf(&b, "No features past the %d that match", p.matched)
	case !p.known:
		fmt.Fprintf(&b, "Features %d to %d of more", q.Offset+1, q.Offset+len(p.Features))
	default:
		fmt.Fprintf(&b, "Features %d to %d of %d", q.Offset+1, q.Offset+len(p.Features), p.matched)
	}
	if q.bbox != "" {
		b.WriteString(", within the box " + q.bbox)
	}
	if q.datetime != "" {
		b.WriteString(", dated " + q.datetime)
	}
	for _, f := range q.filters {
		b.WriteString(", with " + f.name + " " + f.raw)
	}
	if q.sortby != "" {
		b.WriteString(", sorted by " + q.sortby)
	}
	b.WriteString(".")
	return b.String()
}
