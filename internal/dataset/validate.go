package dataset

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/paulmach/orb"
	sf "github.com/peterstace/simplefeatures/geom"

	"github.com/claimsmap/claimsmap/geo"
	"github.com/claimsmap/claimsmap/internal/quote"
)

// Frame is the part of the world a dataset's polygons may reach: Ukraine
// (22–40°E, 44–52.5°N) and the basemap around it, with a wide margin. A
// polygon beyond it is in the wrong coordinates or covers the world.
var Frame = orb.Bound{Min: orb.Point{10, 35}, Max: orb.Point{50, 60}}

// Tolerances for a control polygon reaching out of its region: rounding
// and simplification leave slivers far below these; a polygon drawn in
// the wrong place is far above.
const (
	OutsideKm2      = 1.0
	OutsideFraction = 0.005
)

// crs84RE matches the names of the one coordinate reference system RFC
// 7946 allows (longitude, latitude on WGS 84), as old GeoJSON named it.
var crs84RE = regexp.MustCompile(`^(?:URN:OGC:DEF:CRS:OGC:(?:1\.3)?:CRS84|URN:OGC:DEF:CRS:EPSG:[0-9.]*:4326|OGC:CRS84|CRS84|EPSG:4326|HTTPS?://WWW\.OPENGIS\.NET/DEF/CRS/(?:OGC/1\.3/CRS84|EPSG/0/4326))$`)

// checkCRS refuses a crs member naming anything but CRS84: RFC 7946
// GeoJSON has no crs member, and coordinates in another system (such as
// EPSG:3857's metres) would be read as degrees.
func checkCRS(v any) error {
	m, _ := v.(map[string]any)
	props, _ := m["properties"].(map[string]any)
	name, _ := props["name"].(string)
	if crs84RE.MatchString(strings.ToUpper(strings.TrimSpace(name))) {
		return nil
	}
	const why = "RFC 7946 GeoJSON is in longitude and latitude on WGS 84 (CRS84) and has no crs member; reproject the layer and remove the member"
	if name == "" {
		b, _ := json.Marshal(v)
		return fmt.Errorf("a crs member %s not naming CRS84: %s", quote.Clip(string(b), 80), why)
	}
	return fmt.Errorf("crs names %s: %s", quote.Clip(name, 80), why)
}

// InFrame refuses a polygon reaching beyond Frame.
func InFrame(mp orb.MultiPolygon) error {
	for i, p := range mp {
		if b := p.Bound(); !Frame.Contains(b.Min) || !Frame.Contains(b.Max) {
			return fmt.Errorf("polygon %d spans %s–%s°E, %s–%s°N, beyond %s–%s°E, %s–%s°N, the part of the world a claimsmap dataset maps (wrong coordinates, or a polygon covering the world?)",
				i, num(b.Min[0]), num(b.Max[0]), num(b.Min[1]), num(b.Max[1]), num(Frame.Min[0]), num(Frame.Max[0]), num(Frame.Min[1]), num(Frame.Max[1]))
		}
	}
	return nil
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func pos(p orb.Point) string { return num(p[0]) + ", " + num(p[1]) }

// valid checks mp is a valid multipolygon in the OGC simple features
// sense, which RFC 7946 presumes and every overlay needs: rings that do
// not cross or touch themselves, holes inside their shells, polygons that
// do not overlap. The error says where.
func valid(mp orb.MultiPolygon) error {
	polys := make([]sf.Polygon, len(mp))
	for i, p := range mp {
		rings := make([]sf.LineString, len(p))
		for j, r := range p {
			xy := make([]float64, 0, 2*len(r))
			for _, pt := range r {
				xy = append(xy, pt[0], pt[1])
			}
			rings[j] = sf.NewLineString(sf.NewSequence(xy, sf.DimXY))
		}
		polys[i] = sf.NewPolygon(rings)
	}
	err := sf.NewMultiPolygon(polys).Validate()
	if err == nil {
		return nil
	}
	// Only a broken polygon pays for finding where it breaks.
	for i, p := range mp {
		for j, r := range p {
			if at, ok := selfCrossing(r); ok {
				return fmt.Errorf("polygon %d ring %d crosses or touches itself at %s", i, j, pos(at))
			}
		}
		if err := polys[i].Validate(); err != nil {
			return fmt.Errorf("polygon %d: %s", i, sfMessage(err))
		}
	}
	return fmt.Errorf("not a valid multipolygon: %s", sfMessage(err))
}

var sfAtRE = regexp.MustCompile(`\{(\S+) (\S+)\}`)

// sfMessage rewrites a simplefeatures validation error in this package's
// words: "polygon rings intersect at multiple points (at or near 37.5,
// 48.1)".
func sfMessage(err error) string {
	s := strings.NewReplacer("validating polygon at index ", "polygon ", "validating ring at index ", "ring ").Replace(err.Error())
	return sfAtRE.ReplaceAllString(s, "$1, $2")
}

// selfCrossing finds a place where ring r crosses or touches itself
// (other than where consecutive edges meet): edges sorted by their west
// end, each compared with those overlapping it in longitude.
func selfCrossing(r orb.Ring) (orb.Point, bool) {
	var pts []orb.Point
	for _, p := range r {
		if len(pts) == 0 || pts[len(pts)-1] != p {
			pts = append(pts, p)
		}
	}
	n := len(pts) - 1 // edges; pts[n] closes the ring onto pts[0]
	if n < 3 {
		return orb.Point{}, false
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	west := func(i int) float64 { return math.Min(pts[i][0], pts[i+1][0]) }
	east := func(i int) float64 { return math.Max(pts[i][0], pts[i+1][0]) }
	sort.Slice(idx, func(a, b int) bool { return west(idx[a]) < west(idx[b]) })
	// A ring of edges all overlapping in longitude would take n² tests;
	// past a budget the caller says what is wrong without the position.
	budget := 50_000_000
	for a, i := range idx {
		for _, j := range idx[a+1:] {
			if west(j) > east(i) {
				break
			}
			if budget--; budget < 0 {
				return orb.Point{}, false
			}
			adjacent := j == i+1 || i == j+1 || (min(i, j) == 0 && max(i, j) == n-1)
			if at, ok := meet(pts[i], pts[i+1], pts[j], pts[j+1], adjacent); ok {
				return at, true
			}
		}
	}
	return orb.Point{}, false
}

// meet reports where segments ab and cd meet. Adjacent segments share an
// end, which does not count; they meet only where they fold back onto
// each other.
func meet(a, b, c, d orb.Point, adjacent bool) (orb.Point, bool) {
	o1, o2 := geo.Orient(a, b, c), geo.Orient(a, b, d)
	o3, o4 := geo.Orient(c, d, a), geo.Orient(c, d, b)
	if adjacent {
		if o1 == 0 && o2 == 0 { // collinear: folding back if they overlap beyond the shared end
			for _, p := range []orb.Point{c, d} {
				if p != a && p != b && onSegment(a, b, p) {
					return p, true
				}
			}
			for _, p := range []orb.Point{a, b} {
				if p != c && p != d && onSegment(c, d, p) {
					return p, true
				}
			}
		}
		return orb.Point{}, false
	}
	if o1 != o2 && o3 != o4 && o1 != 0 && o2 != 0 && o3 != 0 && o4 != 0 {
		// A proper crossing.
		den := (a[0]-b[0])*(c[1]-d[1]) - (a[1]-b[1])*(c[0]-d[0])
		t := ((a[0]-c[0])*(c[1]-d[1]) - (a[1]-c[1])*(c[0]-d[0])) / den
		return orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}, true
	}
	// Touching: an end of one lies on the other.
	for _, q := range []struct {
		o    int
		p    orb.Point
		s, e orb.Point
	}{{o1, c, a, b}, {o2, d, a, b}, {o3, a, c, d}, {o4, b, c, d}} {
		if q.o == 0 && onSegment(q.s, q.e, q.p) {
			return q.p, true
		}
	}
	return orb.Point{}, false
}

// onSegment reports whether p, collinear with ab, lies between a and b.
func onSegment(a, b, p orb.Point) bool {
	return math.Min(a[0], b[0]) <= p[0] && p[0] <= math.Max(a[0], b[0]) &&
		math.Min(a[1], b[1]) <= p[1] && p[1] <= math.Max(a[1], b[1])
}

// outline is a region's polygons indexed by latitude band, for telling
// quickly whether a position lies inside it or on its border.
type outline struct {
	name string
	mp   orb.MultiPolygon
	// area is mp's area in km², measured when first needed.
	area  func() float64
	bound orb.Bound
	y0    float64
	dy    float64
	bands [][][2]orb.Point
	// exact, when set, returns the region as a valid multipolygon for
	// measuring what lies outside it (for a region made of several
	// divisions, their union).
	exact func() (orb.MultiPolygon, error)
}

// onBorder is how near a position must be to a border to count as on it:
// about a metre, far more than rounding to Decimals moves a position.
const onBorder = 1e-5

func newOutline(name string, mp orb.MultiPolygon) *outline {
	o := &outline{name: name, mp: mp, bound: mp.Bound(), area: sync.OnceValue(func() float64 { return geo.Area(mp) })}
	edges := 0
	for _, p := range mp {
		for _, r := range p {
			edges += len(r)
		}
	}
	// About eight edges a band, but no more bands than keep the index
	// within a few entries an edge: an edge is listed in every band it
	// crosses, and a ring of edges spanning the whole height would
	// otherwise be listed edges × bands times.
	height, span := o.bound.Max[1]-o.bound.Min[1], 0.0
	for _, p := range mp {
		for _, r := range p {
			for i := 0; i+1 < len(r); i++ {
				span += math.Abs(r[i+1][1] - r[i][1])
			}
		}
	}
	nb := min(max(edges/8, 1), 4096)
	if span > 0 {
		nb = min(nb, max(int(4*float64(edges)*height/span), 1))
	}
	o.y0, o.dy = o.bound.Min[1], height/float64(nb)
	if o.dy <= 0 {
		o.dy = 1
	}
	o.bands = make([][][2]orb.Point, nb)
	for _, p := range mp {
		for _, r := range p {
			for i := 0; i+1 < len(r); i++ {
				a, b := r[i], r[i+1]
				lo, hi := o.band(math.Min(a[1], b[1])), o.band(math.Max(a[1], b[1]))
				for k := lo; k <= hi; k++ {
					o.bands[k] = append(o.bands[k], [2]orb.Point{a, b})
				}
			}
		}
	}
	return o
}

func (o *outline) band(y float64) int {
	return min(max(int((y-o.y0)/o.dy), 0), len(o.bands)-1)
}

// covers reports whether p is inside the outline or within onBorder of
// its border.
func (o *outline) covers(p orb.Point) bool {
	if !o.bound.Pad(onBorder).Contains(p) {
		return false
	}
	inside := false
	for _, e := range o.bands[o.band(p[1])] {
		a, b := e[0], e[1]
		if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < a[0]+(p[1]-a[1])*(b[0]-a[0])/(b[1]-a[1]) {
			inside = !inside
		}
	}
	if inside {
		return true
	}
	for k := o.band(p[1] - onBorder); k <= o.band(p[1]+onBorder); k++ {
		for _, e := range o.bands[k] {
			if segDist(p, e[0], e[1]) <= onBorder {
				return true
			}
		}
	}
	return false
}

func segDist(p, a, b orb.Point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = math.Max(0, math.Min(1, ((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l))
	}
	return math.Hypot(p[0]-a[0]-t*dx, p[1]-a[1]-t*dy)
}

// within checks mp lies inside the outline, give or take OutsideKm2 or
// OutsideFraction of mp's area, whichever is larger. Every position and
// every edge's midpoint inside or on the border, and an area no larger
// than the region's, is the usual case and costs no overlay; otherwise the
// part outside is measured. (Positions alone are not enough: a polygon
// whose corners all lie on the border of a concave region, its convex
// hull for one, may reach far outside it.)
func (o *outline) within(mp orb.MultiPolygon) error {
	var out orb.Point
	found := false
	for _, p := range mp {
		for _, r := range p {
			for i, pt := range r {
				if !o.covers(pt) {
					out, found = pt, true
					break
				}
				if i > 0 {
					if mid := (orb.Point{(pt[0] + r[i-1][0]) / 2, (pt[1] + r[i-1][1]) / 2}); !o.covers(mid) {
						out, found = mid, true
						break
					}
				}
			}
		}
		if found {
			break
		}
	}
	if !found && geo.Area(mp) <= o.area()*(1+OutsideFraction)+OutsideKm2 {
		return nil
	}
	region := o.mp
	if o.exact != nil {
		var err error
		if region, err = o.exact(); err != nil {
			return fmt.Errorf("measuring it against %s: %w", o.name, err)
		}
	}
	diff, err := geo.Difference(mp, region)
	if err != nil {
		return fmt.Errorf("measuring it against %s: %w", o.name, err)
	}
	outside, total := geo.Area(diff), geo.Area(mp)
	if outside <= max(OutsideKm2, OutsideFraction*total) {
		return nil
	}
	if !found && len(diff) > 0 && len(diff[0]) > 0 && len(diff[0][0]) > 0 {
		out = diff[0][0][0]
	}
	return fmt.Errorf("%s km² of its %s km² (%s%%) lies outside %s, for example at %s",
		num(math.Round(outside*10)/10), num(math.Round(total*10)/10), num(math.Round(1000*outside/total)/10), o.name, pos(out))
}
