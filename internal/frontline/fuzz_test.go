package frontline

import (
	"encoding/csv"
	"os"
	"strconv"
	"strings"
	"testing"
)

// seedHead adds the first lines of a real file as a seed, if it is there.
func seedHead(f *testing.F, path string, lines int) {
	b, err := os.ReadFile(path)
	if err != nil {
		return
	}
	parts := strings.SplitAfterN(string(b), "\n", lines+1)
	f.Add(strings.Join(parts[:min(lines, len(parts))], ""))
}

func FuzzParseWaypoints(f *testing.F) {
	f.Add(wpHeader + "main,1,37.5,48.5,front,Bakhmut (W of),russia,ISW campaign assessment 2025-08-08\n")
	f.Add(wpHeader + "main,1,0,0,front,a,russia,s\nmain,2,1,0,river,b,none,s\nmain,3,1,1,closure,c,none,s\n")
	f.Add(wpHeader + "main,2,37.5,48.5,front,x,ukraine,s\nmain,1,37.5,48.5,front,x,ukraine,s\n")
	f.Add(wpHeader + "main,1,1e400,48.5,front,x,ukraine,s\n")
	f.Add(wpHeader + "main,1,37.5,48.5,front,\"a \"\"quoted\"\", place\",contested,s\n")
	f.Add("\ufeff" + wpHeader + "m,1,-180,-90,closure,x,none,y\n")
	f.Add(wpHeader + "main,1,37.5\n")
	seedHead(f, waypointFile, 40)
	f.Fuzz(func(t *testing.T, in string) {
		ws, err := ParseWaypoints(strings.NewReader(in))
		if err != nil {
			if ws != nil {
				t.Fatalf("error %v with %d waypoints", err, len(ws))
			}
			return
		}
		last := map[string]int{}
		for _, w := range ws {
			if err := w.Validate(); err != nil {
				t.Fatalf("accepted waypoint %+v does not validate: %v", w, err)
			}
			if prev, ok := last[w.Line]; ok && w.Seq <= prev {
				t.Fatalf("accepted seq %d after %d on line %q", w.Seq, prev, w.Line)
			}
			last[w.Line] = w.Seq
			if w.LineNo < 2 {
				t.Fatalf("waypoint %+v: line number %d, want 2 or more", w, w.LineNo)
			}
		}
		// What was accepted, written out again, reads back the same.
		var b strings.Builder
		cw := csv.NewWriter(&b)
		_ = cw.Write(strings.Split(waypointHeader, ","))
		for _, w := range ws {
			_ = cw.Write([]string{w.Line, strconv.Itoa(w.Seq), ftoa(w.Lon), ftoa(w.Lat), w.Kind, w.Place, w.HeldBy, w.Source})
		}
		cw.Flush()
		again, err := ParseWaypoints(strings.NewReader(b.String()))
		if err != nil {
			t.Fatalf("re-reading accepted waypoints: %v\n%s", err, b.String())
		}
		for i := range ws {
			w, v := ws[i], again[i]
			w.LineNo, v.LineNo = 0, 0
			if w != v {
				t.Fatalf("waypoint %d: wrote %+v, read back %+v", i, w, v)
			}
		}
		// Building rings from accepted waypoints may fail but must not panic.
		_, _ = Rings(ws)
	})
}

func FuzzParseAnchors(f *testing.F) {
	f.Add(anHeader + "Bakhmut,donetsk,38.0003,48.5956,russia,ISW\n")
	f.Add(anHeader + "Bakhmut,donetsk,38.0003,48.5956,russia,ISW\nBakhmut,donetsk,38,48,russia,ISW\n")
	f.Add(anHeader + "\"Kyiv, centre\",kyiv-city,30.52,50.45,ukraine,\"a, b\"\n")
	f.Add(anHeader + "X,sumy,NaN,50,ukraine,s\n")
	f.Add(anHeader + "X,nowhere,30,50,ukraine,s\n")
	seedHead(f, anchorFile, 20)
	f.Fuzz(func(t *testing.T, in string) {
		as, err := ParseAnchors(strings.NewReader(in))
		if err != nil {
			if as != nil {
				t.Fatalf("error %v with %d anchors", err, len(as))
			}
			return
		}
		seen := map[[2]string]bool{}
		for _, a := range as {
			if err := a.Validate(); err != nil {
				t.Fatalf("accepted anchor %+v does not validate: %v", a, err)
			}
			key := [2]string{a.Place, a.Oblast}
			if seen[key] {
				t.Fatalf("accepted %q in %s twice", a.Place, a.Oblast)
			}
			seen[key] = true
		}
		var b strings.Builder
		cw := csv.NewWriter(&b)
		_ = cw.Write(strings.Split(anchorHeader, ","))
		for _, a := range as {
			_ = cw.Write([]string{a.Place, a.Oblast, ftoa(a.Lon), ftoa(a.Lat), a.HeldBy, a.Source})
		}
		cw.Flush()
		again, err := ParseAnchors(strings.NewReader(b.String()))
		if err != nil {
			t.Fatalf("re-reading accepted anchors: %v\n%s", err, b.String())
		}
		for i := range as {
			a, c := as[i], again[i]
			a.LineNo, c.LineNo = 0, 0
			if a != c {
				t.Fatalf("anchor %d: wrote %+v, read back %+v", i, a, c)
			}
		}
	})
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
