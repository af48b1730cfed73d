package gazetteer

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

const geonamesPath = "../defaultdata/data/gazetteer/geonames.csv"

// loadMerged reads the default files with geonames.csv, as the dataset
// loader does.
func loadMerged(t testing.TB) *Gazetteer {
	t.Helper()
	_, names, hand := loadDefault(t)
	b, err := os.ReadFile(geonamesPath)
	if err != nil {
		t.Fatal(err)
	}
	derived, err := ParseSettlements(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", geonamesPath, err)
	}
	for i := range derived {
		derived[i].File = GeoNamesFile
	}
	g, err := New(names, append(hand, derived...), DefaultClaimed())
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestMergedGolden pins the size of the merged gazetteer and a few rows,
// hand-kept (with the names GeoNames adds) and derived.
func TestMergedGolden(t *testing.T) {
	g := loadMerged(t)
	ss := g.Settlements()
	var b strings.Builder
	curated, byOblast := 0, map[string]int{}
	for _, s := range ss {
		if s.Curated {
			curated++
		}
		byOblast[s.Oblast]++
	}
	fmt.Fprintf(&b, "%d settlements, %d hand-kept\n", len(ss), curated)
	oblasts := make([]string, 0, len(byOblast))
	for o := range byOblast {
		oblasts = append(oblasts, o)
	}
	slices.Sort(oblasts)
	for _, o := range oblasts {
		fmt.Fprintf(&b, "  %-16s %4d\n", o, byOblast[o])
	}
	for _, id := range []string{"pokrovsk", "toretsk", "bakhmut", "dnipro", "kropyvnytskyy", "kyiv", "sevastopol", "novoselivka", "horlivka", "yalta"} {
		s, ok := g.Settlement(id)
		if !ok {
			fmt.Fprintf(&b, "%s: missing\n", id)
			continue
		}
		fmt.Fprintf(&b, "%s: %s, %s, %.4f %.4f, population %d, geonameid %d, curated %t\n  variants: %s\n  source: %s\n  license: %s\n",
			s.ID, s.Name, s.Oblast, s.Lon, s.Lat, s.Population, s.GeoNameID, s.Curated, strings.Join(s.Variants, "; "), s.Source, s.License)
	}
	p := filepath.Join("testdata", "merged.txt")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/gazetteer -update)", err)
	}
	if b.String() != string(want) {
		t.Errorf("the merged gazetteer differs from %s; run go test ./internal/gazetteer -update and review the diff.\ngot:\n%s", p, b.String())
	}
}

// TestSearchRenamed finds Pokrovsk by its name, its Ukrainian and Russian
// Cyrillic names, its name before 2016, and a misspelling; and the other
// renamed towns by their old names.
func TestSearchRenamed(t *testing.T) {
	g := loadMerged(t)
	for _, tc := range []struct{ q, want string }{
		{"Pokrovsk", "pokrovsk"}, {"pokrovsk", "pokrovsk"}, {"Покровськ", "pokrovsk"}, {"Krasnoarmiisk", "pokrovsk"},
		{"Красноармейск", "pokrovsk"}, {"Pokrowsk", "pokrovsk"}, {"Pokrovks", "pokrovsk"}, {"Krasnoarmeysk", "pokrovsk"},
		{"Dzerzhynsk", "toretsk"}, {"Kirovohrad", "kropyvnytskyy"}, {"Kropyvnytskyi", "kropyvnytskyy"},
		{"Dnipropetrovsk", "dnipro"}, {"Artemivsk", "bakhmut"}, {"БАХМУТ", "bakhmut"}, {"Zaporizhzhia", ""},
		{"Sloviansk", "sloviansk"}, {"Slavyansk", "sloviansk"}, {"Kyïv", "kyiv"},
	} {
		t.Run(tc.q, func(t *testing.T) {
			ms := g.Search(tc.q, 5)
			if len(ms) == 0 {
				t.Fatalf("Search(%q) found nothing", tc.q)
			}
			if tc.want == "" {
				if ms[0].Name == nil {
					t.Errorf("Search(%q) first %+v, want a region name", tc.q, ms[0])
				}
				return
			}
			if ms[0].Settlement == nil || ms[0].Settlement.ID != tc.want {
				t.Errorf("Search(%q) first %q (%+v), want %s", tc.q, ms[0].Text, ms[0].Settlement, tc.want)
			}
		})
	}
	if ms := g.Search("", 5); ms != nil {
		t.Errorf("Search(\"\") = %v, want nothing", ms)
	}
	if ms := g.Search(strings.Repeat("Pokrovsk ", 1000), 5); len(ms) != 0 {
		t.Errorf("a very long query found %d", len(ms))
	}
}

// TestDerivedNames shows the homonyms GeoNames brings, which Lookup leaves
// out and Search finds, and that Lookup gains the derived names of
// hand-kept settlements.
func TestDerivedNames(t *testing.T) {
	g := loadMerged(t)
	n := 0
	for _, m := range g.Search("Novoselivka", 50) {
		if m.Text == "Novoselivka" && m.Settlement != nil {
			n++
		}
	}
	if n < 3 {
		t.Errorf("Search(Novoselivka) has %d settlements so named, want several", n)
	}
	for _, e := range g.Lookup("Novoselivka") {
		if e.Text == "Novoselivka" && !e.Settlement.Curated {
			t.Errorf("Lookup(Novoselivka) gives the derived %s", e.Settlement.ID)
		}
	}
	for _, w := range []string{"Sumo", "Spat", "Liman"} {
		if es := g.Lookup(w); len(es) > 0 {
			t.Errorf("Lookup(%q) = %+v: a short or shared GeoNames name should not link", w, es)
		}
		if ms := g.Search(w, 5); !slices.ContainsFunc(ms, func(m Match) bool { return m.Text == w && m.Settlement != nil }) {
			t.Errorf("Search(%q) = %+v, want the GeoNames settlement so named", w, ms)
		}
	}
	es := g.Lookup("Krasnoarmeysk")
	if len(es) == 0 || es[0].Settlement == nil || es[0].Settlement.ID != "pokrovsk" {
		t.Errorf("Lookup(Krasnoarmeysk) = %+v, want Pokrovsk", es)
	}
	if es := g.Lookup("Покровськ"); len(es) == 0 || es[0].Settlement.ID != "pokrovsk" {
		t.Errorf("Lookup(Покровськ) = %+v, want Pokrovsk", es)
	}
}

func TestMergeErrors(t *testing.T) {
	hand := Settlement{ID: "pokrovsk", Name: "Pokrovsk", Oblast: "donetsk", Lon: 37.18, Lat: 48.28, Line: 2}
	far := Settlement{ID: "pokrovsk", Name: "Pokrovsk", Oblast: "donetsk", Lon: 36.0, Lat: 48.28, Line: 5, GeoNameID: 1, File: GeoNamesFile}
	if _, err := New(nil, []Settlement{hand, far}, DefaultClaimed()); err == nil || !strings.Contains(err.Error(), "geonames.csv: line 5: id \"pokrovsk\" is the hand-kept settlement of settlements.csv line 2, but lies 87 km from it") {
		t.Errorf("error %v, want the distance named", err)
	}
	near := far
	near.Lon, near.Variants = 37.17, []string{"Krasnoarmiisk", "Pokrovsk"}
	g, err := New(nil, []Settlement{hand, near}, DefaultClaimed())
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := g.Settlement("pokrovsk"); s.Lon != 37.18 || !slices.Equal(s.Variants, []string{"Krasnoarmiisk"}) || s.GeoNameID != 1 || !s.Curated {
		t.Errorf("merged %+v, want the hand-kept row with the new variant", s)
	}
	twice := near
	twice.Line = 6
	if _, err := New(nil, []Settlement{hand, near, twice}, DefaultClaimed()); err == nil || !strings.Contains(err.Error(), "already has names from GeoNames id 1") {
		t.Errorf("error %v, want a second supplement refused", err)
	}
}

func TestParseDerived(t *testing.T) {
	in := derivedHeader + "\npokrovsk,Pokrovsk,donetsk,37.17585,48.28198,60127,Покровськ;Krasnoarmiisk,,704422,GeoNames,CC BY 4.0\n"
	ss, err := ParseSettlements(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if s := ss[0]; s.GeoNameID != 704422 || s.Source != "GeoNames" || s.License != "CC BY 4.0" || len(s.Variants) != 2 {
		t.Errorf("got %+v", s)
	}
	for _, bad := range []string{",x,GeoNames,CC BY 4.0", ",0,GeoNames,CC BY 4.0", ",1,,CC BY 4.0", ",1,GeoNames,"} {
		in := derivedHeader + "\na,A,donetsk,37,48,0,," + bad + "\n"
		if _, err := ParseSettlements(strings.NewReader(in)); err == nil || !strings.HasPrefix(err.Error(), "line 2: ") {
			t.Errorf("%q: error %v, want one on line 2", bad, err)
		}
	}
}

func TestDeriveSettlements(t *testing.T) {
	row := func(id, name, ascii, alt, lat, lon, code, admin, pop string) string {
		return strings.Join([]string{id, name, ascii, alt, lat, lon, "P", code, "UA", "", admin, "", "", "", pop, "", "100", "Europe/Kyiv", "2023-03-04"}, "\t")
	}
	extract := strings.Join([]string{
		row("704422", "Pokrovsk", "Pokrovsk", "Krasnoarmiisk,Покровськ,KRA,qie er,Pokrovsk", "48.28198", "37.17585", "PPLA2", "05", "60127"),
		row("1", "Novoselivka", "Novoselivka", "Новоселівка", "48.1", "37.5", "PPL", "05", "900"),
		row("2", "Novoselivka", "Novoselivka", "", "49.1", "36.5", "PPL", "07", "800"),
		row("3", "Novoselivka", "Novoselivka", "", "48.3", "37.9", "PPL", "05", "700"),
		row("4", "Chahor", "Chahor", "", "48.2", "25.8", "PPLX", "03", "8564"),
		strings.Join([]string{"5", "Brest", "Brest", "", "52.1", "23.7", "P", "PPLA", "BY", "", "02", "", "", "", "300000", "", "", "", ""}, "\t"),
	}, "\n") + "\n"
	gns, err := ReadGeoNames(strings.NewReader(extract), "UA")
	if err != nil {
		t.Fatal(err)
	}
	if len(gns) != 5 {
		t.Fatalf("read %d rows of UA, want 5", len(gns))
	}
	hand := []Settlement{{ID: "pokrovsk", Name: "Pokrovsk", Oblast: "donetsk", Lon: 37.1833, Lat: 48.2833, Variants: []string{"Krasnoarmeysk"}}}
	got := DeriveSettlements(gns, DeriveOptions{Divisions: UkraineAdmin1(), Hand: hand, Source: "test", License: "CC BY 4.0"})
	var ids []string
	for _, s := range got {
		ids = append(ids, s.ID)
	}
	if want := []string{"novoselivka", "novoselivka-donetsk", "pokrovsk", "novoselivka-kharkiv"}; !slices.Equal(ids, want) {
		t.Errorf("ids %v, want %v", ids, want)
	}
	for _, s := range got {
		if s.ID == "pokrovsk" && !slices.Equal(s.Variants, []string{"Krasnoarmiisk", "Покровськ"}) {
			t.Errorf("pokrovsk variants %q, want the Latin and Cyrillic names without codes or romanisations", s.Variants)
		}
	}
	if _, err := ReadGeoNames(strings.NewReader("1\tA\n"), "UA"); err == nil || !strings.Contains(err.Error(), "line 1: 2 fields") {
		t.Errorf("error %v, want the line and field count", err)
	}
}

func TestFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Kyïv", "kyiv"}, {"Zaporizhzhia", "zaporizhzhia"}, {"Luhans’k", "luhansk"}, {"Kupiansk-Vuzlovyi", "kupiansk vuzlovyi"},
		{"  Żytomierz ", "zytomierz"}, {"Артёмовск", "артемовск"}, {"ПОКРОВСЬК", "покровськ"},
	} {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := Translit("Горловка"); !slices.Contains(got, "gorlovka") || !slices.Contains(got, "horlovka") {
		t.Errorf("Translit(Горловка) = %v", got)
	}
	if got := CyrillicLang("Покровськ"); got != "" {
		t.Errorf("CyrillicLang(Покровськ) = %q, want either", got)
	}
	if CyrillicLang("Київ") != "uk" || CyrillicLang("Артёмовск") != "ru" {
		t.Error("CyrillicLang misreads the letters")
	}
}

func FuzzSearch(f *testing.F) {
	g := loadMerged(f)
	for _, s := range []string{"Pokrovsk", "Покровськ", "", "'", "-- --", "Kyïv"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		ms := g.Search(q, 10)
		if len(ms) > 10 {
			t.Fatalf("%d matches, limit 10", len(ms))
		}
	})
}

func BenchmarkSearch(b *testing.B) {
	g := loadMerged(b)
	g.Search("warm", 1)
	b.ReportAllocs()
	for b.Loop() {
		g.Search("Pokrovks", 20)
	}
}
