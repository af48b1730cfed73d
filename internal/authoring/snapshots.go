package authoring

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/claimsmap/claimsmap/geo"
	"github.com/claimsmap/claimsmap/internal/dataset"
	"github.com/claimsmap/claimsmap/internal/frontline"
)

// A snapshot's sources, all in the dataset's sources/ folder and named by
// date: the line of contact as waypoint rings, divisions held whole, grey
// zones neither side holds (rings in the waypoint format), and the anchor
// settlements the result is checked against. A date needs a frontline or a
// divisions file; the others are optional.
const (
	frontlinePrefix = "frontline-"
	divisionsPrefix = "divisions-"
	contestedPrefix = "contested-"
	anchorsPrefix   = "anchors-"
	divisionsHeader = "division,held_by,source"
)

var snapshotFileRE = regexp.MustCompile(`^(frontline|divisions|contested|anchors)-(\d{4}-\d{2}-\d{2})\.csv$`)

// snapshotSources are the source files of one date, by kind; a path is
// empty where the file is absent.
type snapshotSources struct {
	date                                     string
	frontline, divisions, contested, anchors string
}

// findSnapshots lists the dates that have sources, oldest first.
func findSnapshots(src fs.FS) ([]snapshotSources, error) {
	entries, err := fs.ReadDir(src, "sources")
	if err != nil {
		return nil, err
	}
	byDate := map[string]*snapshotSources{}
	for _, e := range entries {
		m := snapshotFileRE.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		if !validDate(m[2]) {
			return nil, fmt.Errorf("sources/%s: %s is not a date", e.Name(), m[2])
		}
		s := byDate[m[2]]
		if s == nil {
			s = &snapshotSources{date: m[2]}
			byDate[m[2]] = s
		}
		p := "sources/" + e.Name()
		switch m[1] {
		case "frontline":
			s.frontline = p
		case "divisions":
			s.divisions = p
		case "contested":
			s.contested = p
		case "anchors":
			s.anchors = p
		}
	}
	var out []snapshotSources
	for _, s := range byDate {
		if s.frontline == "" && s.divisions == "" {
			return nil, fmt.Errorf("sources: %s has %s but no frontline-%[1]s.csv or divisions-%[1]s.csv to say what was held", s.date, strings.Join(s.files(), " and "))
		}
		out = append(out, *s)
	}
	if len(out) == 0 {
		return nil, errors.New("sources: no frontline-DATE.csv or divisions-DATE.csv: nothing says what was held on any date")
	}
	slices.SortFunc(out, func(a, b snapshotSources) int { return strings.Compare(a.date, b.date) })
	return out, nil
}

func (s snapshotSources) files() []string {
	var fs []string
	for _, p := range []string{s.frontline, s.divisions, s.contested, s.anchors} {
		if p != "" {
			fs = append(fs, p)
		}
	}
	return fs
}

func validDate(s string) bool {
	_, err := time.Parse(dataset.DateLayout, s)
	return err == nil
}

// territory is what one snapshot's sources say: the ground held by Russian
// forces and the grey zone, both clipped to Ukraine and disjoint.
type territory struct {
	held, contested orb.MultiPolygon
}

// buildTerritory turns one date's sources into territory and checks it
// against the date's anchors.
func buildTerritory(src fs.FS, s snapshotSources, divs []neDivision, ukraine orb.MultiPolygon) (territory, error) {
	var t territory
	var parts []orb.MultiPolygon
	if s.frontline != "" {
		ws, err := readWaypoints(src, s.frontline)
		if err != nil {
			return t, err
		}
		held, err := frontline.Controlled(ws, ukraine)
		if err != nil {
			return t, fmt.Errorf("%s: %w", s.frontline, err)
		}
		parts = append(parts, held)
	}
	if s.divisions != "" {
		whole, err := readDivisionsHeld(src, s.divisions, divs)
		if err != nil {
			return t, err
		}
		parts = append(parts, whole...)
	}
	held, err := geo.UnionAll(parts...)
	if err == nil && s.divisions != "" {
		// The union's rounding can leave a few square metres past the
		// outline; clip once more so no held ground lies outside Ukraine.
		held, err = geo.Intersection(held, ukraine)
	}
	if err != nil {
		return t, fmt.Errorf("control on %s: %w", s.date, err)
	}
	if s.contested != "" {
		ws, err := readWaypoints(src, s.contested)
		if err != nil {
			return t, err
		}
		if t.contested, err = frontline.Controlled(ws, ukraine); err != nil {
			return t, fmt.Errorf("%s: %w", s.contested, err)
		}
		if held, err = geo.Difference(held, t.contested); err != nil {
			return t, fmt.Errorf("%s: held minus contested: %w", s.contested, err)
		}
	}
	t.held = held
	if s.anchors != "" {
		if err := checkAnchors(src, s.anchors, t); err != nil {
			return t, err
		}
	}
	return t, nil
}

func readWaypoints(src fs.FS, p string) ([]frontline.Waypoint, error) {
	f, err := src.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ws, err := frontline.ParseWaypoints(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	return ws, nil
}

// readDivisionsHeld reads a divisions file: the divisions held whole on
// its date, with the reporting that says so.
func readDivisionsHeld(src fs.FS, p string, divs []neDivision) ([]orb.MultiPolygon, error) {
	f, err := src.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = 3
	var out []orb.MultiPolygon
	seen := map[string]int{}
	for line := 1; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		if line == 1 {
			if strings.Join(rec, ",") != divisionsHeader {
				return nil, fmt.Errorf("%s: line 1: header %q, want %q", p, strings.Join(rec, ","), divisionsHeader)
			}
			continue
		}
		slug, heldBy, source := rec[0], rec[1], strings.TrimSpace(rec[2])
		i := slices.IndexFunc(divs, func(d neDivision) bool { return d.slug == slug })
		switch {
		case i < 0:
			return nil, fmt.Errorf("%s: line %d: %q is not a division slug", p, line, slug)
		case heldBy != frontline.HeldByRussia:
			return nil, fmt.Errorf("%s: line %d: held_by %q, want russia (list only divisions Russian forces held whole)", p, line, heldBy)
		case source == "":
			return nil, fmt.Errorf("%s: line %d: source is empty; cite the reporting", p, line)
		case seen[slug] > 0:
			return nil, fmt.Errorf("%s: line %d: %s repeats line %d", p, line, slug, seen[slug])
		}
		seen[slug] = line
		out = append(out, divs[i].geom)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no divisions after the header", p)
	}
	return out, nil
}

// checkAnchors says which anchors lie on the wrong side: a settlement held
// by Russia outside the held ground, or one held by Ukraine inside the held
// ground or the grey zone. Contested anchors are not checked.
func checkAnchors(src fs.FS, p string, t territory) error {
	f, err := src.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	as, err := frontline.ParseAnchors(f)
	if err != nil {
		return fmt.Errorf("%s: %w", p, err)
	}
	var errs []error
	for _, a := range as {
		inHeld := planar.MultiPolygonContains(t.held, a.Point())
		inGrey := t.contested != nil && planar.MultiPolygonContains(t.contested, a.Point())
		switch {
		case a.HeldBy == frontline.HeldByRussia && !inHeld:
			where := "outside the held territory"
			if inGrey {
				where = "in the contested zone"
			}
			errs = append(errs, fmt.Errorf("%s: line %d: %s (%s) is held by Russia but lies %s", p, a.LineNo, a.Place, a.Oblast, where))
		case a.HeldBy == frontline.HeldByUkraine && (inHeld || inGrey):
			where := "inside the held territory"
			if inGrey {
				where = "in the contested zone"
			}
			errs = append(errs, fmt.Errorf("%s: line %d: %s (%s) is held by Ukraine but lies %s", p, a.LineNo, a.Place, a.Oblast, where))
		}
	}
	return errors.Join(errs...)
}
