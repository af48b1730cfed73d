package atlas

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"

	"github.com/claimsmap/claimsmap/geo"
	"github.com/claimsmap/claimsmap/internal/dataset"
)

// View is the atlas on one snapshot date: which claims were in force, what
// was held, contested and not held in each region, the figures, the layers
// and who held each settlement. Every page, embed, image, layer and share
// builder reads one View, so they all agree on the date they show.
//
// A View is built on first use and then immutable; the atlas keeps the
// latest one and a bounded number of others.
type View struct {
	*Atlas
	// Date is the snapshot date: the latest on or before the date asked.
	Date     string
	Snapshot dataset.Snapshot
	// Regions has one entry per claimed region, in the atlas's order,
	// claimed or not yet claimed on Date.
	Regions []*RegionView
	// Outside is what Russian forces held outside the claims in force on
	// Date, one piece per division (or not yet claimed region).
	Outside []Piece
	// OutsideContested is the grey zone outside the claims in force.
	OutsideContested []Piece
	Stats            Stats

	layerOnce [numLayers]sync.Once
	layers    [numLayers]*geojson.FeatureCollection
}

// RegionView is one claimed region on a view's date.
type RegionView struct {
	*Region
	// InForce says whether the claim was in force on the date.
	InForce bool
	// Held is the ground Russian forces held in the region, Contested the
	// grey zone, NotHeld the rest of the claim (empty when the claim was not yet in force).
	Held, Contested, NotHeld Piece
}

// HolderLabel says who held a place in words: "Russian forces",
// "Ukraine", "neither side (contested)".
func HolderLabel(h string) string {
	switch h {
	case HolderRussia:
		return "Russian forces"
	case HolderUkraine:
		return "Ukraine"
	case HolderContested:
		return "neither side (contested)"
	}
	return h
}

// Holders of a place or a piece of ground.
const (
	HolderRussia    = "russia"
	HolderUkraine   = "ukraine"
	HolderContested = "contested"
)

// ErrBadDate is returned for a date that is not YYYY-MM-DD.
var ErrBadDate = errors.New("not a date YYYY-MM-DD")

// BeforeFirstError says a date is before the first snapshot.
type BeforeFirstError struct {
	Date, First string
}

func (e *BeforeFirstError) Error() string {
	return fmt.Sprintf("no control data on or before %s: the first snapshot is %s", e.Date, e.First)
}

// SnapshotOn returns the date of the latest snapshot on or before date
// (YYYY-MM-DD); an empty date means the latest snapshot.
func (a *Atlas) SnapshotOn(date string) (string, error) {
	if date == "" {
		return a.Snapshot, nil
	}
	if _, err := time.Parse(dataset.DateLayout, date); err != nil {
		return "", fmt.Errorf("%q: %w", date, ErrBadDate)
	}
	i, found := slices.BinarySearch(a.Dates, date)
	if found {
		return a.Dates[i], nil
	}
	if i == 0 {
		return "", &BeforeFirstError{Date: date, First: a.Dates[0]}
	}
	return a.Dates[i-1], nil
}

// At returns the atlas on the latest snapshot on or before date; an empty
// date means the latest snapshot. Views are built on first use, once even
// when many requests ask at the same time, and kept in a bounded cache.
func (a *Atlas) At(date string) (*View, error) {
	d, err := a.SnapshotOn(date)
	if err != nil {
		return nil, err
	}
	if d == a.Snapshot && a.latest != nil {
		return a.latest, nil
	}
	return a.views.Get(d, func() (*View, error) {
		s, err := a.Data.LoadSnapshot(d)
		if err != nil {
			return nil, err
		}
		return a.buildView(s)
	})
}

// Latest returns the view of the latest snapshot.
func (a *Atlas) Latest() *View { return a.latest }

// maxViews bounds the views kept besides the latest; each holds a date's
// geometry and layers, a few megabytes.
const maxViews = 16

// buildView derives one date's pieces by polygon overlay.
func (a *Atlas) buildView(s dataset.Snapshot) (*View, error) {
	v := &View{Atlas: a, Date: s.Date, Snapshot: s}
	const derivedMethod = "Computed by polygon overlay: "
	var inForce []orb.MultiPolygon
	for _, r := range a.Regions {
		if r.ClaimedSince <= s.Date {
			inForce = append(inForce, r.Claimed)
		}
	}
	claimedUnion, err := geo.UnionAll(inForce...)
	if err != nil {
		return nil, fmt.Errorf("control on %s: dissolving the claim: %w", s.Date, err)
	}
	pick := func(areas []dataset.ControlledArea, r *Region, file dataset.File) (Piece, error) {
		p := Piece{Region: r.Slug, Name: r.Name, ISO: r.ISO, Source: file.Source, Method: file.Method}
		for _, c := range areas {
			if c.WithinClaim && c.Region == r.Slug {
				// Clip to the claim in case the file strays past it.
				g, err := geo.Intersection(c.Geometry, r.Claimed)
				if err != nil {
					return p, fmt.Errorf("%s: %w", r.Slug, err)
				}
				p.Geometry, p.Source, p.Method = geo.DropSlivers(g, sliverKm2), c.Source, c.Method
			}
		}
		p.Km2 = geo.Area(p.Geometry)
		return p, nil
	}
	for _, r := range a.Regions {
		rv := &RegionView{Region: r, InForce: r.ClaimedSince <= s.Date}
		if rv.Held, err = pick(s.Areas, r, s.File); err != nil {
			return nil, fmt.Errorf("control on %s: %w", s.Date, err)
		}
		if rv.Contested, err = pick(s.Contested, r, s.ContestedFile); err != nil {
			return nil, fmt.Errorf("contested ground on %s: %w", s.Date, err)
		}
		if !rv.InForce {
			if rv.Held.Km2 > 0 {
				v.Outside = append(v.Outside, outsidePiece(rv.Held, s.Date, "not yet claimed on "+s.Date))
			}
			if rv.Contested.Km2 > 0 {
				v.OutsideContested = append(v.OutsideContested, rv.Contested)
			}
			v.Regions = append(v.Regions, rv)
			continue
		}
		rest, err := geo.Difference(r.Claimed, rv.Held.Geometry)
		if err == nil && len(rv.Contested.Geometry) > 0 {
			rest, err = geo.Difference(rest, rv.Contested.Geometry)
		}
		if err != nil {
			return nil, fmt.Errorf("control on %s: %s: claimed minus held: %w", s.Date, r.Slug, err)
		}
		rest = geo.DropSlivers(rest, sliverKm2)
		rv.NotHeld = Piece{
			Region: r.Slug, Name: r.Name, ISO: r.ISO, Geometry: rest, Km2: geo.Area(rest),
			Source: "Claimed layer and the control layer of " + s.Date,
			Method: derivedMethod + "the claimed region minus the territory held by Russian forces and the contested ground on " + s.Date + " (approximate, as the control layer is)",
		}
		v.Regions = append(v.Regions, rv)
	}
	outside := func(areas []dataset.ControlledArea, what string) ([]Piece, error) {
		var out []Piece
		for _, c := range areas {
			if c.WithinClaim {
				continue
			}
			g, err := geo.Difference(c.Geometry, claimedUnion)
			if err != nil {
				return nil, fmt.Errorf("%s outside the claim: %w", c.Region, err)
			}
			g = geo.DropSlivers(g, sliverKm2)
			div, _ := a.Data.Division(c.Region)
			out = append(out, Piece{
				Region: c.Region, Name: div.Name, ISO: div.ISO, Geometry: g, Km2: geo.Area(g),
				Source: c.Source,
				Method: derivedMethod + what + " on " + s.Date + " minus the claimed regions (approximate, as the control layer is)",
			})
		}
		return out, nil
	}
	held, err := outside(s.Areas, "territory held by Russian forces")
	if err != nil {
		return nil, fmt.Errorf("control on %s: %w", s.Date, err)
	}
	v.Outside = append(v.Outside, held...)
	grey, err := outside(s.Contested, "contested ground")
	if err != nil {
		return nil, fmt.Errorf("contested ground on %s: %w", s.Date, err)
	}
	v.OutsideContested = append(v.OutsideContested, grey...)
	v.Stats, _ = a.Stats(s.Date)
	return v, nil
}

func outsidePiece(p Piece, date, why string) Piece {
	p.Method = "Computed by polygon overlay: territory held by Russian forces on " + date + " in a region " + why + " (approximate, as the control layer is)"
	return p
}

// Region returns a claimed region on the view's date.
func (v *View) Region(slug string) (*RegionView, bool) {
	i := slices.IndexFunc(v.Regions, func(r *RegionView) bool { return r.Slug == slug })
	if i < 0 {
		return nil, false
	}
	return v.Regions[i], true
}

// Claimed returns the regions whose claim was in force on the view's date.
func (v *View) Claimed() []*RegionView {
	var out []*RegionView
	for _, r := range v.Regions {
		if r.InForce {
			out = append(out, r)
		}
	}
	return out
}

// HeldBy says who held a gazetteer settlement on the view's date.
func (v *View) HeldBy(id string) string { return v.Atlas.HeldOn(v.Date, id) }

// holderOf says who held a point on a snapshot's date: russia inside the
// held ground, contested in the grey zone, else ukraine. A point just
// off the coast (the boundaries are generalised, so coastal towns such as
// Sevastopol can fall a few hundred metres out at sea) takes the holder of
// the nearest land within offshoreDeg.
func holderOf(d *dataset.Dataset, snap dataset.Snapshot, pt orb.Point) string {
	return newHolderIndex(d, snap).holder(pt)
}

// holderIndex answers who held points on one snapshot date: the areas with
// their bounds computed once, since a date's table asks for every
// settlement.
type holderIndex struct {
	held, contested, land []boundedArea
}

type boundedArea struct {
	g orb.MultiPolygon
	b orb.Bound
}

func bounded[T any](items []T, geom func(T) orb.MultiPolygon) []boundedArea {
	out := make([]boundedArea, len(items))
	for i, it := range items {
		g := geom(it)
		out[i] = boundedArea{g, g.Bound()}
	}
	return out
}

func newHolderIndex(d *dataset.Dataset, snap dataset.Snapshot) *holderIndex {
	area := func(c dataset.ControlledArea) orb.MultiPolygon { return c.Geometry }
	return &holderIndex{
		held:      bounded(snap.Areas, area),
		contested: bounded(snap.Contested, area),
		land:      bounded(d.Divisions, func(v dataset.Division) orb.MultiPolygon { return v.Geometry }),
	}
}

func (ix *holderIndex) holder(pt orb.Point) string {
	in := func(areas []boundedArea) bool {
		for _, a := range areas {
			if a.b.Contains(pt) && planar.MultiPolygonContains(a.g, pt) {
				return true
			}
		}
		return false
	}
	switch {
	case in(ix.held):
		return HolderRussia
	case in(ix.contested):
		return HolderContested
	case in(ix.land):
		return HolderUkraine
	}
	// Offshore: the nearest of held, contested and Ukrainian land.
	best := offshoreDeg
	for _, a := range ix.land {
		if dist := distanceToArea(a, pt); dist < best {
			best = dist
		}
	}
	if best >= offshoreDeg {
		return HolderUkraine
	}
	for _, a := range ix.held {
		if distanceToArea(a, pt) <= best+1e-5 {
			return HolderRussia
		}
	}
	for _, a := range ix.contested {
		if distanceToArea(a, pt) <= best+1e-5 {
			return HolderContested
		}
	}
	return HolderUkraine
}

// offshoreDeg is how far off the coast, in degrees (about 2 km), a
// settlement is still placed by the nearest land.
const offshoreDeg = 0.02

// distanceToArea is the planar distance in degrees from pt to the edge of
// mp, or +Inf where mp's bound is far away.
func distanceToArea(a boundedArea, pt orb.Point) float64 {
	if !a.b.Pad(offshoreDeg).Contains(pt) {
		return math.Inf(1)
	}
	best := math.Inf(1)
	for _, poly := range a.g {
		for _, r := range poly {
			for i := 1; i < len(r); i++ {
				if d := planar.DistanceFromSegment(r[i-1], r[i], pt); d < best {
					best = d
				}
			}
		}
	}
	return best
}

// ClaimWords names the regions claimed on the view's date in words:
// "one region of Ukraine (Crimea)", "five regions of Ukraine (Crimea,
// Luhansk, Donetsk, Zaporizhzhia and Kherson)".
func (v *View) ClaimWords() string {
	var names []string
	for _, r := range v.Claimed() {
		names = append(names, r.Name)
	}
	counts := []string{"no regions", "one region", "two regions", "three regions", "four regions", "five regions"}
	n := fmt.Sprintf("%d regions", len(names))
	if len(names) < len(counts) {
		n = counts[len(names)]
	}
	return n + " of Ukraine (" + JoinAnd(names) + ")"
}

// Label is the date the view shows in words: "8 August 2025".
func (v *View) Label() string { return FormatDate(v.Date) }

// AsOf says the date of control plainly: "Control as of 8 August 2025".
func (v *View) AsOf() string { return "Control as of " + v.Label() }

// Attribution is the source line every map of the view carries.
func (v *View) Attribution() string {
	return "Boundaries: Natural Earth · Control: compiled from public reporting, as of " + v.Date + " (approximate)"
}

// IsLatest says whether the view shows the latest snapshot.
func (v *View) IsLatest() bool { return v.Date == v.Atlas.Snapshot }
