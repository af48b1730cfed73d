package dataset

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/claimsmap/claimsmap/geo"
)

var (
	slugRE = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
	isoRE  = regexp.MustCompile(`^UA-[0-9]{2}$`)
)

// layer decodes a GeoJSON feature collection and hands each feature, with a
// property reader that remembers the first problem, to fn.
func layer(f File, raw map[string][]byte, fn func(i int, ft *geojson.Feature, p *props) error) error {
	fc, err := geojson.UnmarshalFeatureCollection(raw[f.Path])
	if err != nil {
		return fmt.Errorf("%s: %w", f.Path, JSONError(raw[f.Path], err))
	}
	if crs, ok := fc.ExtraMembers["crs"]; ok {
		if err := checkCRS(crs); err != nil {
			return fmt.Errorf("%s: %w", f.Path, err)
		}
	}
	if len(fc.Features) == 0 {
		return fmt.Errorf("%s: no features", f.Path)
	}
	for i, ft := range fc.Features {
		p := &props{m: ft.Properties}
		var err error
		if crs, ok := ft.ExtraMembers["crs"]; ok {
			err = checkCRS(crs)
		}
		if err == nil {
			err = fn(i, ft, p)
		}
		if err == nil {
			err = p.err
		}
		if err != nil {
			if p.name != "" {
				return fmt.Errorf("%s: feature %d (%s): %w", f.Path, i, p.name, err)
			}
			return fmt.Errorf("%s: feature %d: %w", f.Path, i, err)
		}
	}
	return nil
}

// props reads typed values from GeoJSON properties, keeping the first
// error so that decoders read like a list of fields.
type props struct {
	m   geojson.Properties
	err error
	// name, once a decoder knows it, names the feature in errors: its
	// slug or region.
	name string
}

func (p *props) fail(format string, a ...any) {
	if p.err == nil {
		p.err = fmt.Errorf(format, a...)
	}
}

func (p *props) str(key string) string {
	v, ok := p.m[key]
	s, isStr := v.(string)
	switch {
	case !ok:
		p.fail("property %q is missing", key)
	case !isStr:
		p.fail("property %q is %T, want a string", key, v)
	case strings.TrimSpace(s) == "":
		p.fail("property %q is empty", key)
	}
	return s
}

func (p *props) optStr(key string) string {
	if _, ok := p.m[key]; !ok {
		return ""
	}
	s, ok := p.m[key].(string)
	if !ok {
		p.fail("property %q is %T, want a string", key, p.m[key])
	}
	return s
}

func (p *props) match(key string, re *regexp.Regexp) string {
	s := p.str(key)
	if p.err == nil && !re.MatchString(s) {
		p.fail("property %q is %q, which does not match %s", key, s, re)
	}
	return s
}

func (p *props) date(key string) string {
	s := p.str(key)
	if _, err := time.Parse(DateLayout, s); p.err == nil && err != nil {
		p.fail("property %q is %q, want a date YYYY-MM-DD", key, s)
	}
	return s
}

func (p *props) num(key string) float64 {
	v, ok := p.m[key].(float64)
	if !ok || math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		p.fail("property %q is %v, want a non-negative number", key, p.m[key])
	}
	return v
}

func (p *props) boolean(key string) bool {
	v, ok := p.m[key].(bool)
	if !ok {
		p.fail("property %q is %v, want true or false", key, p.m[key])
	}
	return v
}

func (p *props) strs(key string) []string {
	v, ok := p.m[key].([]any)
	if !ok {
		p.fail("property %q is %T, want a list of strings", key, p.m[key])
		return nil
	}
	out := make([]string, 0, len(v))
	for i, x := range v {
		s, ok := x.(string)
		if !ok {
			p.fail("property %q item %d is %T, want a string", key, i, x)
			return nil
		}
		out = append(out, s)
	}
	return out
}

// areal checks that g is a valid polygon or multipolygon in longitude and
// latitude within Frame, and returns it as a multipolygon.
func areal(g orb.Geometry) (orb.MultiPolygon, error) {
	var mp orb.MultiPolygon
	switch g := g.(type) {
	case orb.Polygon:
		mp = orb.MultiPolygon{g}
	case orb.MultiPolygon:
		mp = g
	case nil:
		return nil, fmt.Errorf("geometry is missing")
	default:
		return nil, fmt.Errorf("geometry is a %s, want Polygon or MultiPolygon", g.GeoJSONType())
	}
	if len(mp) == 0 {
		return nil, fmt.Errorf("geometry is empty")
	}
	for i, poly := range mp {
		for j, r := range poly {
			if len(r) < 4 {
				return nil, fmt.Errorf("polygon %d ring %d: %d positions, a ring needs at least 4", i, j, len(r))
			}
			if r[0] != r[len(r)-1] {
				return nil, fmt.Errorf("polygon %d ring %d: ring not closed (first position %v, last %v)", i, j, r[0], r[len(r)-1])
			}
			for k, pt := range r {
				if err := lonLat(pt); err != nil {
					return nil, fmt.Errorf("polygon %d ring %d position %d: %w", i, j, k, err)
				}
			}
		}
	}
	if err := InFrame(mp); err != nil {
		return nil, err
	}
	if err := valid(mp); err != nil {
		return nil, err
	}
	return mp, nil
}

func lonLat(pt orb.Point) error {
	if !(pt[0] >= -180 && pt[0] <= 180 && pt[1] >= -90 && pt[1] <= 90) {
		return fmt.Errorf("%v is not a longitude/latitude position", pt)
	}
	return nil
}

func decodeDivisions(f File, raw map[string][]byte) ([]Division, error) {
	var ds []Division
	seen := map[string]bool{}
	err := layer(f, raw, func(i int, ft *geojson.Feature, p *props) error {
		d := Division{
			Slug:          p.match("slug", slugRE),
			ISO:           p.match("iso_3166_2", isoRE),
			Name:          p.str("name"),
			NameUK:        p.str("name_uk"),
			Kind:          p.str("type"),
			Variants:      p.strs("variants"),
			ClaimedRegion: p.optStr("claimed_region"),
			OfficialKm2:   p.num("official_area_km2"),
			Source:        p.str("source"),
		}
		if p.err != nil {
			return nil
		}
		p.name = d.Slug
		if seen[d.Slug] || seen[d.ISO] {
			return fmt.Errorf("division %s (%s) appears twice", d.Slug, d.ISO)
		}
		seen[d.Slug], seen[d.ISO] = true, true
		var err error
		if d.Geometry, err = areal(ft.Geometry); err != nil {
			return err
		}
		ds = append(ds, d)
		return nil
	})
	return ds, err
}

func decodeClaims(f File, raw map[string][]byte, divs []Division) ([]Claim, error) {
	byISO := map[string]Division{}
	for _, d := range divs {
		byISO[d.ISO] = d
	}
	var cs []Claim
	seen := map[string]bool{}
	err := layer(f, raw, func(i int, ft *geojson.Feature, p *props) error {
		c := Claim{
			Region:       p.match("region", slugRE),
			ISO:          p.match("iso_3166_2", isoRE),
			Name:         p.str("name"),
			Divisions:    p.strs("divisions"),
			ClaimedSince: p.date("claimed_since"),
			Recognition:  p.str("recognition"),
			Source:       p.str("source"),
			Method:       p.str("method"),
		}
		if st := p.str("status"); p.err == nil && st != "claimed" {
			return fmt.Errorf("status is %q, want \"claimed\"", st)
		}
		if p.err != nil {
			return nil
		}
		p.name = c.Region
		if seen[c.Region] {
			return fmt.Errorf("region %s appears twice", c.Region)
		}
		seen[c.Region] = true
		if len(c.Divisions) == 0 {
			return fmt.Errorf("%s: divisions is empty; list the ISO codes of the divisions the claim covers", c.Region)
		}
		for _, iso := range c.Divisions {
			d, ok := byISO[iso]
			if !ok {
				return fmt.Errorf("%s: division %s is not in the boundaries layer", c.Region, iso)
			}
			if d.ClaimedRegion != c.Region {
				return fmt.Errorf("%s: division %s says it belongs to claimed region %q", c.Region, iso, d.ClaimedRegion)
			}
		}
		var err error
		if c.Geometry, err = areal(ft.Geometry); err != nil {
			return err
		}
		// The claim is the dissolved outline of its divisions: inside
		// Ukraine, and nowhere else.
		var parts orb.MultiPolygon
		for _, iso := range c.Divisions {
			parts = append(parts, byISO[iso].Geometry...)
		}
		o := newOutline("its divisions "+strings.Join(c.Divisions, ", "), parts)
		o.exact = func() (orb.MultiPolygon, error) { return geo.UnionAll(parts) }
		if err := o.within(c.Geometry); err != nil {
			return err
		}
		cs = append(cs, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, d := range divs {
		if d.ClaimedRegion != "" && !seen[d.ClaimedRegion] {
			return nil, fmt.Errorf("%s: division %s says it belongs to claimed region %q, which is not in %s", f.Path, d.Slug, d.ClaimedRegion, f.Path)
		}
	}
	return cs, nil
}

// decodeSnapshot reads a dated layer whose features carry status (controlled
// or contested), one per claimed region or division outside the claim.
func decodeSnapshot(f File, raw map[string][]byte, rs *regions, status string) (Snapshot, error) {
	s := Snapshot{Date: f.AsOf, File: f}
	seen := map[string]bool{}
	err := layer(f, raw, func(i int, ft *geojson.Feature, p *props) error {
		a := ControlledArea{
			Region:      p.match("region", slugRE),
			WithinClaim: p.boolean("within_claim"),
			Source:      p.str("source"),
			Method:      p.str("method"),
		}
		asOf := p.date("as_of")
		st := p.str("status")
		if p.err != nil {
			return nil
		}
		p.name = "region " + a.Region
		switch {
		case st != status:
			return fmt.Errorf("status is %q, want %q", st, status)
		case asOf != f.AsOf:
			return fmt.Errorf("as_of is %s but the manifest dates the layer %s", asOf, f.AsOf)
		case a.WithinClaim && rs.claims[a.Region] == nil:
			return fmt.Errorf("region %q is not a claimed region", a.Region)
		case !a.WithinClaim && rs.outside[a.Region] == nil:
			return fmt.Errorf("region %q is not a division outside the claim", a.Region)
		case seen[a.Region]:
			return fmt.Errorf("region %s appears twice", a.Region)
		}
		seen[a.Region] = true
		// Every date's layer repeats the same few sources and methods.
		a.Source, a.Method = rs.intern(a.Source), rs.intern(a.Method)
		var err error
		if a.Geometry, err = areal(ft.Geometry); err != nil {
			return err
		}
		a.Geometry = compact(a.Geometry)
		o := rs.outside[a.Region]
		if a.WithinClaim {
			o = rs.claims[a.Region]
		}
		if err := o.within(a.Geometry); err != nil {
			return err
		}
		s.Areas = append(s.Areas, a)
		return nil
	})
	return s, err
}

func decodeContext(f File, raw map[string][]byte) (Context, error) {
	var c Context
	err := layer(f, raw, func(i int, ft *geojson.Feature, p *props) error {
		kind, name := p.str("kind"), p.str("name")
		if p.err != nil {
			return nil
		}
		p.name = name
		switch kind {
		case "country":
			mp, err := areal(ft.Geometry)
			if err != nil {
				return err
			}
			c.Countries = append(c.Countries, Country{Name: name, Geometry: mp})
		case "river":
			var ml orb.MultiLineString
			switch g := ft.Geometry.(type) {
			case orb.LineString:
				ml = orb.MultiLineString{g}
			case orb.MultiLineString:
				ml = g
			default:
				return fmt.Errorf("river %s: geometry is not a line", name)
			}
			c.Rivers = append(c.Rivers, River{Name: name, Geometry: ml})
		case "city", "sea":
			pt, ok := ft.Geometry.(orb.Point)
			if !ok {
				return fmt.Errorf("%s %s: geometry is not a point", kind, name)
			}
			if err := lonLat(pt); err != nil {
				return err
			}
			if kind == "sea" {
				c.Seas = append(c.Seas, Label{Name: name, Point: pt})
				return nil
			}
			c.Cities = append(c.Cities, City{Name: name, Country: p.str("country"), Capital: p.boolean("capital"), Point: pt})
		default:
			return fmt.Errorf("kind %q, want country, river, city or sea", kind)
		}
		return nil
	})
	return c, err
}

// regions are the outlines a dated layer's features must lie in: the
// claimed regions, and the divisions outside the claim.
type regions struct {
	claims, outside map[string]*outline

	mu      sync.Mutex
	strings map[string]string
}

// intern returns one copy of each distinct string.
func (rs *regions) intern(s string) string {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if v, ok := rs.strings[s]; ok {
		return v
	}
	rs.strings[s] = s
	return s
}

// compact copies mp into one array of positions, without the spare
// capacity decoding leaves: the dated layers kept in memory are most of a
// server's geometry, and an array of positions holds no pointers for the
// garbage collector to scan.
func compact(mp orb.MultiPolygon) orb.MultiPolygon {
	n, nr := 0, 0
	for _, p := range mp {
		nr += len(p)
		for _, r := range p {
			n += len(r)
		}
	}
	pts := make([]orb.Point, 0, n)
	rings := make([]orb.Ring, 0, nr)
	out := make(orb.MultiPolygon, len(mp))
	for i, p := range mp {
		first := len(rings)
		for _, r := range p {
			s := len(pts)
			pts = append(pts, r...)
			rings = append(rings, orb.Ring(pts[s:len(pts):len(pts)]))
		}
		out[i] = orb.Polygon(rings[first:len(rings):len(rings)])
	}
	return out
}

func newRegions(divs []Division, claims []Claim) *regions {
	rs := &regions{claims: map[string]*outline{}, outside: map[string]*outline{}, strings: map[string]string{}}
	for _, c := range claims {
		rs.claims[c.Region] = newOutline("the claimed region "+c.Region, c.Geometry)
	}
	for _, d := range divs {
		if d.ClaimedRegion == "" {
			rs.outside[d.Slug] = newOutline("the division "+d.Slug, d.Geometry)
		}
	}
	return rs
}
