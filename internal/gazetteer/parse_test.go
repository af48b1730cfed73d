package gazetteer

import (
	"encoding/csv"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestParseNames(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []Name
		err      string
	}{
		{"ok", namesHeader + "\nDonbas,grouping,donetsk;luhansk,a note\nKrym,variant,crimea,\n",
			[]Name{{Text: "Donbas", Kind: "grouping", Regions: []string{"donetsk", "luhansk"}, Line: 2}, {Text: "Krym", Kind: "variant", Regions: []string{"crimea"}, Line: 3}}, ""},
		{"bom and quoted", "\ufeff" + namesHeader + "\n\"Donetsk People's Republic\",variant,donetsk,\"a, b\"\n",
			[]Name{{Text: "Donetsk People's Republic", Kind: "variant", Regions: []string{"donetsk"}, Line: 2}}, ""},
		{"empty file", "", nil, "line 1: empty file"},
		{"wrong header", "name,kind,region,note\n", nil, "line 1: header is"},
		{"too few fields", namesHeader + "\nKrym,variant,crimea\n", nil, "line 2: wrong number of fields"},
		{"no regions", namesHeader + "\nKrym,variant,,\n", nil, "line 2: regions is empty"},
		{"empty region item", namesHeader + "\nKrym,variant,crimea;,\n", nil, "line 2: regions item 2"},
		{"spaces", namesHeader + "\n Krym,variant,crimea,\n", nil, "line 2: name \" Krym\" has spaces"},
		{"bad quote", namesHeader + "\nKr\"ym,variant,crimea,\n", nil, "line 2: bare \""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseNames(strings.NewReader(tc.in))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want it to contain %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.EqualFunc(got, tc.want, func(a, b Name) bool {
				return a.Text == b.Text && a.Kind == b.Kind && a.Line == b.Line && slices.Equal(a.Regions, b.Regions)
			}) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestParseSettlements(t *testing.T) {
	row := func(s string) string { return settlementsHeader + "\n" + s + "\n" }
	for _, tc := range []struct {
		name, in string
		want     Settlement
		err      string
	}{
		{"ok", row("bakhmut,Bakhmut,donetsk,38.0003,48.5956,73000,Artemivsk;Artemovsk,note"),
			Settlement{ID: "bakhmut", Name: "Bakhmut", Oblast: "donetsk", Lon: 38.0003, Lat: 48.5956, Population: 73000, Variants: []string{"Artemivsk", "Artemovsk"}, Line: 2}, ""},
		{"no variants", row("yalta,Yalta,crimea,34.1663,44.4952,0,,"),
			Settlement{ID: "yalta", Name: "Yalta", Oblast: "crimea", Lon: 34.1663, Lat: 44.4952, Line: 2}, ""},
		{"bad lon", row("a,A,donetsk,east,48,0,,"), Settlement{}, "line 2: lon \"east\" must be decimal degrees"},
		{"nan lat", row("a,A,donetsk,37,NaN,0,,"), Settlement{}, "line 2: lat \"NaN\""},
		{"bad population", row("a,A,donetsk,37,48,many,,"), Settlement{}, "line 2: population \"many\""},
		{"negative population", row("a,A,donetsk,37,48,-5,,"), Settlement{}, "line 2: population \"-5\""},
		{"empty name", row("a,,donetsk,37,48,0,,"), Settlement{}, "line 2: name is empty"},
		{"empty variant", row("a,A,donetsk,37,48,0,B;;C,"), Settlement{}, "line 2: variants item 2"},
		{"fields", row("a,A,donetsk,37,48,0"), Settlement{}, "line 2: wrong number of fields"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseSettlements(strings.NewReader(tc.in))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want it to contain %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 {
				t.Fatalf("got %d settlements, want 1", len(got))
			}
			g := got[0]
			w := tc.want
			if g.ID != w.ID || g.Name != w.Name || g.Oblast != w.Oblast || g.Lon != w.Lon || g.Lat != w.Lat ||
				g.Population != w.Population || g.Line != w.Line || !slices.Equal(g.Variants, w.Variants) {
				t.Errorf("got %+v, want %+v", g, w)
			}
		})
	}
}

// seedFile adds the first lines of a real file as a fuzz seed.
func seedFile(f *testing.F, path string, lines int) {
	b, err := os.ReadFile(path)
	if err != nil {
		return
	}
	parts := strings.SplitAfterN(string(b), "\n", lines+1)
	f.Add(strings.Join(parts[:min(lines, len(parts))], ""))
}

func FuzzParseNames(f *testing.F) {
	f.Add(namesHeader + "\nDonbas,grouping,donetsk;luhansk,\n")
	f.Add("\ufeff" + namesHeader + "\n\"a\"\"b\",variant,crimea,\"x\ny\"\n")
	f.Add(namesHeader + "\nKrym,variant,;;,\n")
	f.Add(namesHeader + "\nKrym,variant\n")
	seedFile(f, namesPath, 30)
	f.Fuzz(func(t *testing.T, in string) {
		names, err := ParseNames(strings.NewReader(in))
		if err != nil {
			if names != nil {
				t.Fatalf("error %v with %d names", err, len(names))
			}
			return
		}
		for _, n := range names {
			if n.Text == "" || n.Kind == "" || len(n.Regions) == 0 || n.Line < 2 {
				t.Fatalf("accepted incomplete name %+v", n)
			}
		}
		// New must never panic on what the parser accepts.
		_, _ = New(names, nil, DefaultClaimed())
		// What was accepted, written out again, reads back the same.
		var b strings.Builder
		w := csv.NewWriter(&b)
		_ = w.Write(strings.Split(namesHeader, ","))
		for _, n := range names {
			_ = w.Write([]string{n.Text, n.Kind, strings.Join(n.Regions, ";"), ""})
		}
		w.Flush()
		again, err := ParseNames(strings.NewReader(b.String()))
		if err != nil {
			t.Fatalf("re-reading %q: %v", b.String(), err)
		}
		if !slices.EqualFunc(names, again, func(a, b Name) bool {
			return a.Text == b.Text && a.Kind == b.Kind && slices.Equal(a.Regions, b.Regions)
		}) {
			t.Fatalf("round trip changed %+v into %+v", names, again)
		}
	})
}

func FuzzParseSettlements(f *testing.F) {
	f.Add(settlementsHeader + "\nbakhmut,Bakhmut,donetsk,38.0003,48.5956,73000,Artemivsk;Artemovsk,\n")
	f.Add(settlementsHeader + "\na,A,donetsk,1e400,48,0,,\n")
	f.Add(settlementsHeader + "\na,A,donetsk,37,48,0,B;;C,\n")
	f.Add("\ufeff" + settlementsHeader + "\n\"a\",\"A\nB\",x,37,48,0,,\"\"\"\"\n")
	seedFile(f, settlementsPath, 30)
	f.Fuzz(func(t *testing.T, in string) {
		ss, err := ParseSettlements(strings.NewReader(in))
		if err != nil {
			if ss != nil {
				t.Fatalf("error %v with %d settlements", err, len(ss))
			}
			return
		}
		for _, s := range ss {
			if s.ID == "" || s.Name == "" || s.Oblast == "" || s.Population < 0 || s.Line < 2 ||
				math.IsNaN(s.Lon) || math.IsNaN(s.Lat) || math.IsInf(s.Lon, 0) || math.IsInf(s.Lat, 0) {
				t.Fatalf("accepted invalid settlement %+v", s)
			}
		}
		_, _ = New(nil, ss, DefaultClaimed())
		var b strings.Builder
		w := csv.NewWriter(&b)
		_ = w.Write(strings.Split(settlementsHeader, ","))
		for _, s := range ss {
			_ = w.Write([]string{s.ID, s.Name, s.Oblast, strconv.FormatFloat(s.Lon, 'g', -1, 64), strconv.FormatFloat(s.Lat, 'g', -1, 64),
				strconv.Itoa(s.Population), strings.Join(s.Variants, ";"), ""})
		}
		w.Flush()
		again, err := ParseSettlements(strings.NewReader(b.String()))
		if err != nil {
			t.Fatalf("re-reading %q: %v", b.String(), err)
		}
		if len(again) != len(ss) {
			t.Fatalf("round trip: %d settlements, want %d", len(again), len(ss))
		}
	})
}
