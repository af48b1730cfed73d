package frontline

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"

	"github.com/claimsmap/claimsmap/geo"
)

const (
	waypointFile = "../defaultdata/data/sources/frontline-2025-08-08.csv"
	anchorFile   = "../defaultdata/data/sources/anchors-2025-08-08.csv"
	neAdmin1File = "../../../shared/data/ne_10m_admin1_ukraine.geojson"
)

const wpHeader = "line,seq,lon,lat,kind,place,held_by,source\n"

func TestParseWaypointsErrors(t *testing.T) {
	ok := "main,1,37.5,48.5,front,Bakhmut (W of),russia,ISW campaign assessment 2025-08-08\n"
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "empty file; the first line must be the header line,seq,lon,lat,kind,place,held_by,source"},
		{"header only", wpHeader, "no waypoints after the header"},
		{"bad header", "line,seq,lon,lat,kind,place,holder,source\n" + ok,
			`line 1: header "line,seq,lon,lat,kind,place,holder,source", want "line,seq,lon,lat,kind,place,held_by,source"`},
		{"too few fields", wpHeader + "main,1,37.5,48.5,front,Bakhmut,russia\n",
			"line 2: 7 fields, want 8 (line,seq,lon,lat,kind,place,held_by,source)"},
		{"bare quote", wpHeader + `main,1,37.5,48.5,front,Ba"khmut,russia,x` + "\n",
			`malformed CSV: parse error on line 2, column 26: bare " in non-quoted-field`},
		{"line id", wpHeader + "Main,1,37.5,48.5,front,Bakhmut,russia,x\n",
			`line 2: line id "Main" must start with a lowercase letter or digit and hold only lowercase letters, digits, '-' and '_'`},
		{"seq not number", wpHeader + "main,one,37.5,48.5,front,Bakhmut,russia,x\n",
			`line 2: seq "one" is not a whole number`},
		{"seq zero", wpHeader + "main,0,37.5,48.5,front,Bakhmut,russia,x\n",
			"line 2: seq 0 must be 1 or more"},
		{"seq order", wpHeader + ok + "main,1,37.6,48.6,front,Soledar,russia,x\n",
			`line 3: seq 1 of line "main" does not follow seq 1; seq must increase along each line`},
		{"lon not number", wpHeader + "main,1,east,48.5,front,Bakhmut,russia,x\n",
			`line 2: lon "east" is not a number`},
		{"lat range", wpHeader + "main,1,37.5,95.2,front,Bakhmut,russia,x\n",
			"line 2: lat 95.2 out of range -90..90"},
		{"lon range", wpHeader + "main,1,-181,48.5,front,Bakhmut,russia,x\n",
			"line 2: lon -181 out of range -180..180"},
		{"lat NaN", wpHeader + "main,1,37.5,NaN,front,Bakhmut,russia,x\n",
			"line 2: lat NaN is not a finite number"},
		{"lon Inf", wpHeader + "main,1,+Inf,48.5,front,Bakhmut,russia,x\n",
			"line 2: lon +Inf is not a finite number"},
		{"kind", wpHeader + "main,1,37.5,48.5,border,Bakhmut,russia,x\n",
			`line 2: kind "border" must be one of front, river, closure`},
		{"place empty", wpHeader + "main,1,37.5,48.5,front, ,russia,x\n",
			"line 2: place is empty; name the settlement or feature the point is at"},
		{"place padded", wpHeader + "main,1,37.5,48.5,front,Bakhmut ,russia,x\n",
			`line 2: place "Bakhmut " has leading or trailing space`},
		{"held_by", wpHeader + "main,1,37.5,48.5,front,Bakhmut,rf,x\n",
			`line 2: held_by "rf" must be one of russia, ukraine, contested, none`},
		{"held_by on closure", wpHeader + "main,1,40.5,48.5,closure,Rostov oblast,russia,x\n",
			`line 2: held_by "russia" on a closure point; river and closure points take none`},
		{"none on front", wpHeader + "main,1,37.5,48.5,front,Bakhmut,none,x\n",
			`line 2: held_by none on a front point; say who held "Bakhmut": russia, ukraine or contested`},
		{"source empty", wpHeader + "main,1,37.5,48.5,front,Bakhmut,russia,\n",
			"line 2: source is empty; cite the public reporting the point rests on"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseWaypoints(strings.NewReader(tt.in))
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got %q\nwant %q", err.Error(), tt.want)
			}
		})
	}
}

func TestParseWaypoints(t *testing.T) {
	in := "\ufeff" + wpHeader +
		"main,1,37.5,48.5,front,Bakhmut (W of),russia,ISW campaign assessment 2025-08-08\n" +
		"sumy,1,35.1,51.1,front,Yunakivka,contested,ISW\n" +
		"main,3,33.4,46.8,river,\"Dnipro at Nova Kakhovka, dam\",none,news report\n" +
		"main,10,40.5,48.0,closure,Rostov oblast,none,closure outside Ukraine\n"
	ws, err := ParseWaypoints(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Waypoint{
		{"main", 1, 37.5, 48.5, KindFront, "Bakhmut (W of)", HeldByRussia, "ISW campaign assessment 2025-08-08", 2},
		{"sumy", 1, 35.1, 51.1, KindFront, "Yunakivka", HeldByContested, "ISW", 3},
		{"main", 3, 33.4, 46.8, KindRiver, "Dnipro at Nova Kakhovka, dam", HeldByNone, "news report", 4},
		{"main", 10, 40.5, 48.0, KindClosure, "Rostov oblast", HeldByNone, "closure outside Ukraine", 5},
	}
	if len(ws) != len(want) {
		t.Fatalf("got %d waypoints, want %d", len(ws), len(want))
	}
	for i := range want {
		if ws[i] != want[i] {
			t.Errorf("waypoint %d: got %+v, want %+v", i, ws[i], want[i])
		}
	}
}

const anHeader = "place,oblast,lon,lat,held_by,source\n"

func TestParseAnchorsErrors(t *testing.T) {
	ok := "Bakhmut,donetsk,38.0003,48.5956,russia,ISW\n"
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "empty file; the first line must be the header place,oblast,lon,lat,held_by,source"},
		{"header only", anHeader, "no anchors after the header"},
		{"bad header", "place,region,lon,lat,held_by,source\n" + ok,
			`line 1: header "place,region,lon,lat,held_by,source", want "place,oblast,lon,lat,held_by,source"`},
		{"too many fields", anHeader + "Bakhmut,donetsk,38,48.6,russia,ISW,extra\n",
			"line 2: 7 fields, want 6 (place,oblast,lon,lat,held_by,source)"},
		{"oblast", anHeader + "Bakhmut,Donetsk,38,48.6,russia,ISW\n",
			`line 2: oblast "Donetsk" is not a known slug; use one of ` + oblastSlugs},
		{"lat", anHeader + "Bakhmut,donetsk,38,-91,russia,ISW\n", "line 2: lat -91 out of range -90..90"},
		{"lon", anHeader + "Bakhmut,donetsk,38e,48.6,russia,ISW\n", `line 2: lon "38e" is not a number`},
		{"held_by none", anHeader + "Bakhmut,donetsk,38,48.6,none,ISW\n",
			`line 2: held_by "none" must be one of russia, ukraine, contested`},
		{"place", anHeader + ",donetsk,38,48.6,russia,ISW\n", "line 2: place is empty; name the settlement"},
		{"source", anHeader + "Bakhmut,donetsk,38,48.6,russia,\n", "line 2: source is empty; cite the public reporting"},
		{"duplicate", anHeader + ok + ok, `line 3: "Bakhmut" in donetsk repeats the anchor on line 2`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseAnchors(strings.NewReader(tt.in))
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got %q\nwant %q", err.Error(), tt.want)
			}
		})
	}
}

func TestParseAnchors(t *testing.T) {
	in := anHeader + "Bakhmut,donetsk,38.0003,48.5956,russia,ISW\nKherson,kherson,32.6169,46.6354,ukraine,news report\n"
	as, err := ParseAnchors(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Anchor{
		{"Bakhmut", "donetsk", 38.0003, 48.5956, HeldByRussia, "ISW", 2},
		{"Kherson", "kherson", 32.6169, 46.6354, HeldByUkraine, "news report", 3},
	}
	for i := range want {
		if as[i] != want[i] {
			t.Errorf("anchor %d: got %+v, want %+v", i, as[i], want[i])
		}
	}
}

// wp builds front waypoints of one line from lon, lat pairs.
func wp(line string, coords ...float64) []Waypoint {
	var ws []Waypoint
	for i := 0; i+1 < len(coords); i += 2 {
		ws = append(ws, Waypoint{Line: line, Seq: i/2 + 1, Lon: coords[i], Lat: coords[i+1],
			Kind: KindFront, Place: "p", HeldBy: HeldByRussia, Source: "s", LineNo: i/2 + 2})
	}
	return ws
}

func TestRings(t *testing.T) {
	ws := append(wp("b", 0, 0, 1, 0, 1, 1), wp("a", 5, 5, 6, 5, 6, 6, 5, 6, 5, 5)...)
	// Shuffle seq order within a line: Rings orders by seq.
	ws[0], ws[2] = ws[2], ws[0]
	rings, err := Rings(ws)
	if err != nil {
		t.Fatal(err)
	}
	if got := rings["b"]; !got.Equal(orb.Ring{{0, 0}, {1, 0}, {1, 1}, {0, 0}}) {
		t.Errorf("ring b = %v", got)
	}
	if got := rings["a"]; !got.Equal(orb.Ring{{5, 5}, {6, 5}, {6, 6}, {5, 6}, {5, 5}}) {
		t.Errorf("ring a = %v (a repeated first point is dropped, then the ring closed once)", got)
	}
}

func TestRingsErrors(t *testing.T) {
	dup := wp("m", 0, 0, 1, 0, 1, 1)
	dup[1].Seq = 1
	tests := []struct {
		name string
		ws   []Waypoint
		want string
	}{
		{"too few", wp("m", 0, 0, 1, 1), `line "m": 2 distinct points, a ring needs at least 3`},
		{"too few closed", wp("m", 0, 0, 1, 1, 0, 0), `line "m": 2 distinct points, a ring needs at least 3`},
		{"duplicate seq", dup, `line "m": seq 1 appears twice (file lines 2 and 3)`},
		{"bow tie", wp("m", 0, 0, 1, 1, 1, 0, 0, 1),
			`line "m": segment seq 1-2 (file lines 2-3) crosses or touches segment seq 3-4 (file lines 4-5); reorder or move the points`},
		{"repeat", wp("m", 0, 0, 1, 0, 1, 0, 1, 1), `line "m": seq 3 repeats the point before it (file line 4); drop one`},
		{"fold back", wp("m", 0, 0, 2, 0, 1, 0, 1, 1),
			`line "m": segments seq 1-2 (file lines 2-3) and seq 2-3 (file lines 3-4) fold back over each other`},
		{"touch", wp("m", 0, 0, 2, 0, 2, 2, 1, 0, 0, 2),
			`line "m": segment seq 1-2 (file lines 2-3) crosses or touches segment seq 3-4 (file lines 4-5); reorder or move the points`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Rings(tt.ws)
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got %q\nwant %q", err.Error(), tt.want)
			}
		})
	}
}

func TestControlledSynthetic(t *testing.T) {
	// "Ukraine" is the square 0..10; the main ring runs out into the "sea" east of
	// it, a pocket sits in the north-west and overlaps nothing.
	ukraine := orb.MultiPolygon{{{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}}}
	ws := append(wp("main", 6, -1, 12, -1, 12, 11, 6, 11, 7, 5),
		wp("pocket", 1, 9, 2, 9, 2, 11, 1, 11)...)
	got, err := Controlled(ws, ukraine)
	if err != nil {
		t.Fatal(err)
	}
	// The main ring's west side runs (6,11)-(7,5)-(6,-1), so inside the square it
	// leaves x < 7-|y-5|/6 out; the pocket adds its 1x1 part inside the square.
	wantPlanar := 100 - (70 - 25.0/6) + 1
	if a := planar.Area(got); math.Abs(a-wantPlanar) > 1e-9 {
		t.Errorf("planar area %v, want %v", a, wantPlanar)
	}
	if !planar.MultiPolygonContains(got, orb.Point{9, 5}) || planar.MultiPolygonContains(got, orb.Point{6.5, 5}) {
		t.Error("controlled territory on the wrong side of the line")
	}
	if !planar.MultiPolygonContains(got, orb.Point{1.5, 9.5}) {
		t.Error("pocket missing")
	}
	if _, err := Controlled(wp("m", 0, 0, 1, 1), ukraine); err == nil || !strings.HasPrefix(err.Error(), "controlled territory: ") {
		t.Errorf("bad ring: error %v, want one starting with %q", err, "controlled territory: ")
	}
}

// neOblasts reads the Natural Earth admin-1 polygons of Ukraine by name,
// skipping the test when the file is not there, unless CI is set: CI has
// ../shared beside the checkout, and the anchors must be checked there.
func neOblasts(t *testing.T) map[string]orb.MultiPolygon {
	t.Helper()
	b, err := os.ReadFile(neAdmin1File)
	if errors.Is(err, fs.ErrNotExist) && os.Getenv("CI") == "" {
		t.Skipf("Natural Earth admin-1 file %s not found; it lives in the shared data folder next to the repository", neAdmin1File)
	}
	if err != nil {
		t.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		t.Fatalf("%s: %v", neAdmin1File, err)
	}
	out := map[string]orb.MultiPolygon{}
	for _, f := range fc.Features {
		name, _ := f.Properties["name"].(string)
		out[name] = geo.Multi(f.Geometry)
	}
	if len(out) != 27 {
		t.Fatalf("%s: %d features, want the 27 of Ukraine", neAdmin1File, len(out))
	}
	return out
}

func loadReal(t *testing.T) ([]Waypoint, []Anchor) {
	t.Helper()
	f, err := os.Open(waypointFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ws, err := ParseWaypoints(f)
	if err != nil {
		t.Fatalf("%s: %v", waypointFile, err)
	}
	g, err := os.Open(anchorFile)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	as, err := ParseAnchors(g)
	if err != nil {
		t.Fatalf("%s: %v", anchorFile, err)
	}
	return ws, as
}

// containsFast is planar.MultiPolygonContains with bounds checked first.
type containsFast struct {
	mp     orb.MultiPolygon
	bounds []orb.Bound
}

func newContainsFast(mp orb.MultiPolygon) containsFast {
	c := containsFast{mp: mp}
	for _, p := range mp {
		c.bounds = append(c.bounds, p.Bound())
	}
	return c
}

func (c containsFast) contains(p orb.Point) bool {
	for i, poly := range c.mp {
		if c.bounds[i].Contains(p) && planar.PolygonContains(poly, p) {
			return true
		}
	}
	return false
}

func TestFrontline20250808(t *testing.T) {
	obl := neOblasts(t)
	ws, as := loadReal(t)

	names := make([]string, 0, len(obl))
	all := make([]orb.MultiPolygon, 0, len(obl))
	for name, mp := range obl {
		names = append(names, name)
		all = append(all, mp)
	}
	sort.Strings(names)
	ukraine, err := geo.UnionAll(all...)
	if err != nil {
		t.Fatal(err)
	}
	inUkraine := newContainsFast(ukraine)

	controlled, err := Controlled(ws, ukraine)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("anchors", func(t *testing.T) {
		for _, a := range as {
			in := planar.MultiPolygonContains(controlled, a.Point())
			switch {
			case a.HeldBy == HeldByRussia && !in:
				t.Errorf("%s line %d: %s (%s) is held by Russia but lies outside the controlled territory", anchorFile, a.LineNo, a.Place, a.Oblast)
			case a.HeldBy == HeldByUkraine && in:
				t.Errorf("%s line %d: %s (%s) is held by Ukraine but lies inside the controlled territory", anchorFile, a.LineNo, a.Place, a.Oblast)
			}
		}
	})

	t.Run("closures", func(t *testing.T) {
		byLine := map[string][]Waypoint{}
		for _, w := range ws {
			byLine[w.Line] = append(byLine[w.Line], w)
		}
		for id, pts := range byLine {
			for i, w := range pts {
				if w.Kind == KindClosure && inUkraine.contains(w.Point()) {
					t.Errorf("%s line %d: closure point %v (%s) lies in Ukraine", waypointFile, w.LineNo, w.Point(), w.Place)
				}
				next := pts[(i+1)%len(pts)]
				if w.Kind != KindClosure && next.Kind != KindClosure {
					continue
				}
				// Sample the segment every ~250 m. Between two closure points every
				// sample must be outside Ukraine; from a front point to a closure point
				// only the first 3 km may still be on Ukrainian land.
				a, b := w.Point(), next.Point()
				n := int(math.Ceil(segmentKM(a, b) / 0.25))
				for k := 1; k < n; k++ {
					f := float64(k) / float64(n)
					p := orb.Point{a[0] + f*(b[0]-a[0]), a[1] + f*(b[1]-a[1])}
					switch {
					case w.Kind != KindClosure && segmentKM(a, p) < 3:
						continue
					case next.Kind != KindClosure && segmentKM(p, b) < 3:
						continue
					}
					if inUkraine.contains(p) {
						t.Errorf("line %q: segment seq %d (%s) to seq %d (%s) crosses Ukrainian land at %.4f,%.4f",
							id, w.Seq, w.Place, next.Seq, next.Place, p[0], p[1])
						break
					}
				}
			}
		}
	})

	total := geo.Area(controlled)
	ukraineArea := geo.Area(ukraine)
	t.Logf("Ukraine (Natural Earth) %.0f km²; controlled %.0f km² (%.1f%%)", ukraineArea, total, 100*total/ukraineArea)
	// The oblasts with reported shares, printed even when nothing of them is held.
	reported := map[string]bool{"Crimea": true, "Sevastopol": true, "Luhans'k": true, "Donets'k": true,
		"Zaporizhzhya": true, "Kherson": true, "Kharkiv": true, "Sumy": true, "Dnipropetrovs'k": true, "Mykolayiv": true}
	perOblast := map[string]float64{}
	for _, name := range names {
		part, err := geo.Intersection(controlled, obl[name])
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		a := geo.Area(part)
		perOblast[name] = a
		if a < 0.5 && !reported[name] {
			continue
		}
		oa := geo.Area(obl[name])
		t.Logf("  %-16s %8.0f km² of %6.0f (%5.1f%%)", name, a, oa, 100*a/oa)
	}
	if total < 105000 || total > 125000 {
		t.Errorf("controlled area %.0f km², want 105,000..125,000 (reported ~114,000-117,000 for Aug 2025)", total)
	}
	for _, name := range []string{"Crimea", "Sevastopol"} {
		if share := perOblast[name] / geo.Area(obl[name]); share < 0.999 {
			t.Errorf("%s only %.2f%% inside; the rings must hold it whole", name, 100*share)
		}
	}
}

// segmentKM is the rough length of ab in km, enough for sampling.
func segmentKM(a, b orb.Point) float64 {
	lat := (a[1] + b[1]) / 2 * math.Pi / 180
	dx := (b[0] - a[0]) * 111.32 * math.Cos(lat)
	dy := (b[1] - a[1]) * 110.57
	return math.Hypot(dx, dy)
}

func ExampleParseWaypoints() {
	in := "line,seq,lon,lat,kind,place,held_by,source\n" +
		"main,1,37.8654,50.0419,front,Russian border NE of Dvorichna,russia,ISW campaign assessment 2025-08-08\n"
	ws, err := ParseWaypoints(strings.NewReader(in))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ws[0].Line, ws[0].Seq, ws[0].Point(), ws[0].Kind)
	// Output: main 1 [37.8654 50.0419] front
}
