// Package frontline reads the line of contact as reviewable waypoints and
// turns it into the territory Russian forces control.
//
// A waypoint file lists closed rings, each a line id plus points in order
// along it. Points on the line of contact are kind front, points where the
// line follows the Dnipro, the former Kakhovka reservoir or an estuary are
// kind river, and points outside Ukraine that only close a ring (in Russia or
// at sea) are kind closure. The controlled territory is the union of the rings
// clipped to Ukraine's territory, so closure points can sit anywhere outside
// Ukraine without adding land.
//
// An anchor file lists settlements with who held them, against which the
// rings are checked.
package frontline

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/claimsmap/claimsmap/geo"
)

// Waypoint kinds.
const (
	KindFront   = "front"   // a point on the line of contact
	KindRiver   = "river"   // a point where the line follows a river, reservoir or estuary
	KindClosure = "closure" // a point outside Ukraine that only closes a ring
)

// Holders of a place.
const (
	HeldByRussia    = "russia"
	HeldByUkraine   = "ukraine"
	HeldByContested = "contested"
	HeldByNone      = "none" // closure and river points only
)

// Header rows, exact.
const (
	waypointHeader = "line,seq,lon,lat,kind,place,held_by,source"
	anchorHeader   = "place,oblast,lon,lat,held_by,source"
)

// oblastSlugs lists the slugs an anchor's oblast may take: the 24 oblasts, the
// Autonomous Republic of Crimea and the cities of Kyiv and Sevastopol.
const oblastSlugs = "cherkasy, chernihiv, chernivtsi, crimea, dnipropetrovsk, donetsk, " +
	"ivano-frankivsk, kharkiv, kherson, khmelnytskyi, kirovohrad, kyiv, kyiv-city, " +
	"luhansk, lviv, mykolaiv, odesa, poltava, rivne, sevastopol, sumy, ternopil, " +
	"vinnytsia, volyn, zakarpattia, zaporizhzhia, zhytomyr"

// knownOblast reports whether s is one of oblastSlugs.
func knownOblast(s string) bool {
	for slug := range strings.SplitSeq(oblastSlugs, ", ") {
		if s == slug {
			return true
		}
	}
	return false
}

// validLineID reports whether id starts with a lowercase letter or digit and
// holds only lowercase letters, digits, '-' and '_'.
func validLineID(id string) bool {
	for i, r := range id {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
		case (r == '-' || r == '_') && i > 0:
		default:
			return false
		}
	}
	return id != ""
}

// Waypoint is one point of a ring, as read from a waypoint file.
type Waypoint struct {
	Line     string  // id of the ring the point belongs to
	Seq      int     // position along the ring, strictly increasing
	Lon, Lat float64 // WGS84 degrees
	Kind     string  // KindFront, KindRiver or KindClosure
	Place    string  // settlement or feature the point is at or next to
	HeldBy   string  // who held Place: russia, ukraine, contested; none for river and closure points
	Source   string  // public reporting the point rests on
	LineNo   int     // line of the file the point was read from, 0 if not read from a file
}

// Anchor is a settlement with who held it, as read from an anchor file.
type Anchor struct {
	Place    string
	Oblast   string  // slug, e.g. "donetsk"
	Lon, Lat float64 // WGS84 degrees, the settlement centre
	HeldBy   string  // russia, ukraine or contested
	Source   string
	LineNo   int // line of the file the anchor was read from, 0 if not read from a file
}

// Point returns w as an orb point.
func (w Waypoint) Point() orb.Point { return orb.Point{w.Lon, w.Lat} }

// Point returns a as an orb point.
func (a Anchor) Point() orb.Point { return orb.Point{a.Lon, a.Lat} }

// Validate reports the first field of w that is not acceptable, without the
// line-number prefix the parser adds. It does not check seq order.
func (w Waypoint) Validate() error {
	if !validLineID(w.Line) {
		return fmt.Errorf("line id %q must start with a lowercase letter or digit and hold only lowercase letters, digits, '-' and '_'", w.Line)
	}
	if w.Seq < 1 {
		return fmt.Errorf("seq %d must be 1 or more", w.Seq)
	}
	if err := checkLonLat(w.Lon, w.Lat); err != nil {
		return err
	}
	switch w.Kind {
	case KindFront, KindRiver, KindClosure:
	default:
		return fmt.Errorf("kind %q must be one of front, river, closure", w.Kind)
	}
	if err := checkText("place", w.Place, "name the settlement or feature the point is at"); err != nil {
		return err
	}
	switch w.HeldBy {
	case HeldByRussia, HeldByUkraine, HeldByContested:
		if w.Kind != KindFront {
			return fmt.Errorf("held_by %q on a %s point; river and closure points take none", w.HeldBy, w.Kind)
		}
	case HeldByNone:
		if w.Kind == KindFront {
			return fmt.Errorf("held_by none on a front point; say who held %q: russia, ukraine or contested", w.Place)
		}
	default:
		return fmt.Errorf("held_by %q must be one of russia, ukraine, contested, none", w.HeldBy)
	}
	return checkText("source", w.Source, "cite the public reporting the point rests on")
}

// Validate reports the first field of a that is not acceptable, without the
// line-number prefix the parser adds.
func (a Anchor) Validate() error {
	if err := checkText("place", a.Place, "name the settlement"); err != nil {
		return err
	}
	if !knownOblast(a.Oblast) {
		return fmt.Errorf("oblast %q is not a known slug; use one of %s", a.Oblast, oblastSlugs)
	}
	if err := checkLonLat(a.Lon, a.Lat); err != nil {
		return err
	}
	switch a.HeldBy {
	case HeldByRussia, HeldByUkraine, HeldByContested:
	default:
		return fmt.Errorf("held_by %q must be one of russia, ukraine, contested", a.HeldBy)
	}
	return checkText("source", a.Source, "cite the public reporting")
}

func checkLonLat(lon, lat float64) error {
	if math.IsNaN(lon) || math.IsInf(lon, 0) {
		return fmt.Errorf("lon %v is not a finite number", lon)
	}
	if math.IsNaN(lat) || math.IsInf(lat, 0) {
		return fmt.Errorf("lat %v is not a finite number", lat)
	}
	if lon < -180 || lon > 180 {
		return fmt.Errorf("lon %v out of range -180..180", lon)
	}
	if lat < -90 || lat > 90 {
		return fmt.Errorf("lat %v out of range -90..90", lat)
	}
	return nil
}

func checkText(field, s, hint string) error {
	if strings.TrimSpace(s) == "" {
		return fmt.Errorf("%s is empty; %s", field, hint)
	}
	if s != strings.TrimSpace(s) {
		return fmt.Errorf("%s %q has leading or trailing space", field, s)
	}
	if strings.ContainsAny(s, "\r\n") {
		return fmt.Errorf("%s %q spans lines; keep it on one line", field, s)
	}
	return nil
}

// ParseWaypoints reads a waypoint file: a CSV with the header
// line,seq,lon,lat,kind,place,held_by,source. Errors name the file line and
// say what to fix; callers prefix the file name.
func ParseWaypoints(r io.Reader) ([]Waypoint, error) {
	var ws []Waypoint
	last := map[string]int{}
	err := readCSV(r, waypointHeader, func(rec []string, line int) error {
		w := Waypoint{Line: rec[0], Kind: rec[4], Place: rec[5], HeldBy: rec[6], Source: rec[7], LineNo: line}
		var err error
		if w.Seq, err = parseInt("seq", rec[1]); err != nil {
			return err
		}
		if w.Lon, err = parseFloat("lon", rec[2]); err != nil {
			return err
		}
		if w.Lat, err = parseFloat("lat", rec[3]); err != nil {
			return err
		}
		if err := w.Validate(); err != nil {
			return err
		}
		if prev, ok := last[w.Line]; ok && w.Seq <= prev {
			return fmt.Errorf("seq %d of line %q does not follow seq %d; seq must increase along each line", w.Seq, w.Line, prev)
		}
		last[w.Line] = w.Seq
		ws = append(ws, w)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(ws) == 0 {
		return nil, errors.New("no waypoints after the header")
	}
	return ws, nil
}

// ParseAnchors reads an anchor file: a CSV with the header
// place,oblast,lon,lat,held_by,source. Errors name the file line and say what
// to fix; callers prefix the file name.
func ParseAnchors(r io.Reader) ([]Anchor, error) {
	var as []Anchor
	seen := map[[2]string]int{}
	err := readCSV(r, anchorHeader, func(rec []string, line int) error {
		a := Anchor{Place: rec[0], Oblast: rec[1], HeldBy: rec[4], Source: rec[5], LineNo: line}
		var err error
		if a.Lon, err = parseFloat("lon", rec[2]); err != nil {
			return err
		}
		if a.Lat, err = parseFloat("lat", rec[3]); err != nil {
			return err
		}
		if err := a.Validate(); err != nil {
			return err
		}
		key := [2]string{a.Place, a.Oblast}
		if prev, ok := seen[key]; ok {
			return fmt.Errorf("%q in %s repeats the anchor on line %d", a.Place, a.Oblast, prev)
		}
		seen[key] = line
		as = append(as, a)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(as) == 0 {
		return nil, errors.New("no anchors after the header")
	}
	return as, nil
}

// readCSV checks the header and hands each further record with its line
// number to row, prefixing row's errors with the line.
func readCSV(r io.Reader, header string, row func(rec []string, line int) error) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	fields := strings.Count(header, ",") + 1
	first := true
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			if first {
				return fmt.Errorf("empty file; the first line must be the header %s", header)
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("malformed CSV: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if first {
			first = false
			if len(rec) > 0 {
				rec[0] = strings.TrimPrefix(rec[0], "\ufeff")
			}
			if !slices.Equal(rec, strings.Split(header, ",")) {
				return fmt.Errorf("line %d: header %q, want %q", line, strings.Join(rec, ","), header)
			}
			continue
		}
		if len(rec) != fields {
			return fmt.Errorf("line %d: %d fields, want %d (%s)", line, len(rec), fields, header)
		}
		if err := row(rec, line); err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
	}
}

func parseInt(field, s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%s %q is not a whole number", field, s)
	}
	return n, nil
}

func parseFloat(field, s string) (float64, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("%s %q is not a number", field, s)
	}
	return f, nil
}

// Rings returns a closed ring per line id, its points in seq order. A ring
// needs at least three distinct points and must not touch or cross itself.
func Rings(ws []Waypoint) (map[string]orb.Ring, error) {
	byLine := map[string][]Waypoint{}
	for _, w := range ws {
		byLine[w.Line] = append(byLine[w.Line], w)
	}
	rings := make(map[string]orb.Ring, len(byLine))
	for _, id := range sortedKeys(byLine) {
		pts := byLine[id]
		slices.SortStableFunc(pts, func(a, b Waypoint) int { return a.Seq - b.Seq })
		for i := 1; i < len(pts); i++ {
			if pts[i].Seq == pts[i-1].Seq {
				return nil, fmt.Errorf("line %q: seq %d appears twice (file lines %d and %d)", id, pts[i].Seq, pts[i-1].LineNo, pts[i].LineNo)
			}
		}
		// A ring may repeat its first point at the end; drop it here and close below.
		if n := len(pts); n > 1 && pts[0].Point() == pts[n-1].Point() {
			pts = pts[:n-1]
		}
		if len(pts) < 3 {
			return nil, fmt.Errorf("line %q: %d distinct points, a ring needs at least 3", id, len(pts))
		}
		if err := checkSimple(id, pts); err != nil {
			return nil, err
		}
		ring := make(orb.Ring, 0, len(pts)+1)
		for _, w := range pts {
			ring = append(ring, w.Point())
		}
		rings[id] = append(ring, ring[0])
	}
	return rings, nil
}

// checkSimple reports the first place where the closed ring through pts
// repeats a point, touches or crosses itself.
func checkSimple(id string, pts []Waypoint) error {
	n := len(pts)
	seg := func(i int) (orb.Point, orb.Point) { return pts[i].Point(), pts[(i+1)%n].Point() }
	desc := func(i int) string {
		j := (i + 1) % n
		return fmt.Sprintf("seq %d-%d (file lines %d-%d)", pts[i].Seq, pts[j].Seq, pts[i].LineNo, pts[j].LineNo)
	}
	bounds := make([]orb.Bound, n)
	for i := range n {
		a, b := seg(i)
		if a == b {
			return fmt.Errorf("line %q: seq %d repeats the point before it (file line %d); drop one", id, pts[(i+1)%n].Seq, pts[(i+1)%n].LineNo)
		}
		bounds[i] = orb.Bound{Min: a, Max: a}.Extend(b)
	}
	for i := range n {
		a, b := seg(i)
		for j := i + 1; j < n; j++ {
			if !bounds[i].Intersects(bounds[j]) {
				continue
			}
			c, d := seg(j)
			adjacent := j == i+1 || (i == 0 && j == n-1)
			if adjacent {
				// Neighbours share one end; they are bad only if they fold back over each other.
				var shared, p, q orb.Point
				if j == i+1 {
					shared, p, q = b, a, d
				} else {
					shared, p, q = a, b, c
				}
				if geo.Orient(p, shared, q) == 0 && dot(p, shared, q) > 0 {
					return fmt.Errorf("line %q: segments %s and %s fold back over each other", id, desc(i), desc(j))
				}
				continue
			}
			if segmentsTouch(a, b, c, d) {
				return fmt.Errorf("line %q: segment %s crosses or touches segment %s; reorder or move the points", id, desc(i), desc(j))
			}
		}
	}
	return nil
}

// dot returns the dot product of the vectors s→p and s→q.
func dot(p, s, q orb.Point) float64 {
	return (p[0]-s[0])*(q[0]-s[0]) + (p[1]-s[1])*(q[1]-s[1])
}

// onSegment reports whether p, collinear with a and b, lies within their bound.
func onSegment(a, b, p orb.Point) bool {
	return math.Min(a[0], b[0]) <= p[0] && p[0] <= math.Max(a[0], b[0]) &&
		math.Min(a[1], b[1]) <= p[1] && p[1] <= math.Max(a[1], b[1])
}

// segmentsTouch reports whether the closed segments ab and cd share a point.
func segmentsTouch(a, b, c, d orb.Point) bool {
	o1, o2, o3, o4 := geo.Orient(a, b, c), geo.Orient(a, b, d), geo.Orient(c, d, a), geo.Orient(c, d, b)
	if o1*o2 < 0 && o3*o4 < 0 {
		return true
	}
	return (o1 == 0 && onSegment(a, b, c)) || (o2 == 0 && onSegment(a, b, d)) ||
		(o3 == 0 && onSegment(c, d, a)) || (o4 == 0 && onSegment(c, d, b))
}

// Controlled returns the territory the rings of ws enclose, dissolved into one
// multipolygon and clipped to ukraine.
func Controlled(ws []Waypoint, ukraine orb.MultiPolygon) (orb.MultiPolygon, error) {
	rings, err := Rings(ws)
	if err != nil {
		return nil, fmt.Errorf("controlled territory: %w", err)
	}
	polys := make([]orb.MultiPolygon, 0, len(rings))
	for _, id := range sortedKeys(rings) {
		r := slices.Clone(rings[id])
		if r.Orientation() != orb.CCW {
			r.Reverse()
		}
		polys = append(polys, orb.MultiPolygon{{r}})
	}
	u, err := geo.UnionAll(polys...)
	if err != nil {
		return nil, fmt.Errorf("controlled territory: %w", err)
	}
	c, err := geo.Intersection(u, ukraine)
	if err != nil {
		return nil, fmt.Errorf("controlled territory: clip to Ukraine: %w", err)
	}
	return c, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
