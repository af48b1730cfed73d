package gazetteer

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"
)

const (
	namesPath       = "../defaultdata/data/gazetteer/names.csv"
	settlementsPath = "../defaultdata/data/gazetteer/settlements.csv"
)

// loadDefault reads and validates the default gazetteer files.
func loadDefault(t testing.TB) (*Gazetteer, []Name, []Settlement) {
	t.Helper()
	nb, err := os.ReadFile(namesPath)
	if err != nil {
		t.Fatal(err)
	}
	sb, err := os.ReadFile(settlementsPath)
	if err != nil {
		t.Fatal(err)
	}
	names, err := ParseNames(bytes.NewReader(nb))
	if err != nil {
		t.Fatalf("%s: %v", namesPath, err)
	}
	settlements, err := ParseSettlements(bytes.NewReader(sb))
	if err != nil {
		t.Fatalf("%s: %v", settlementsPath, err)
	}
	g, err := New(names, settlements, DefaultClaimed())
	if err != nil {
		t.Fatal(err)
	}
	return g, names, settlements
}

func TestDefaultFiles(t *testing.T) {
	g, names, settlements := loadDefault(t)
	t.Logf("%d names, %d settlements", len(names), len(settlements))

	if got, want := g.regions, []string{"crimea", "luhansk", "donetsk", "zaporizhzhia", "kherson"}; !slices.Equal(got, want) {
		t.Errorf("regions %v, want %v", got, want)
	}

	// Every claimed region has its current name as kind region.
	for _, r := range g.regions {
		if !slices.ContainsFunc(names, func(n Name) bool { return n.Kind == KindRegion && slices.Equal(n.Regions, []string{r}) }) {
			t.Errorf("no name of kind region for %s", r)
		}
	}

	// The brief's list of towns, and the places that must be placed outside
	// the claim.
	for _, tc := range []struct{ id, oblast string }{
		{"bakhmut", "donetsk"}, {"kramatorsk", "donetsk"}, {"sloviansk", "donetsk"}, {"toretsk", "donetsk"},
		{"pokrovsk", "donetsk"}, {"mariupol", "donetsk"}, {"niu-york", "donetsk"}, {"chasiv-yar", "donetsk"},
		{"sievierodonetsk", "luhansk"}, {"lysychansk", "luhansk"},
		{"huliaipole", "zaporizhzhia"}, {"orikhiv", "zaporizhzhia"}, {"stepnohirsk", "zaporizhzhia"},
		{"vasylivka", "zaporizhzhia"}, {"tokmak", "zaporizhzhia"}, {"polohy", "zaporizhzhia"}, {"enerhodar", "zaporizhzhia"},
		{"robotyne", "zaporizhzhia"}, {"krynky", "kherson"}, {"henichesk", "kherson"}, {"skadovsk", "kherson"},
		{"dzhankoi", "crimea"}, {"kerch", "crimea"}, {"yevpatoriia", "crimea"}, {"sevastopol", "sevastopol"},
		{"kupiansk", "kharkiv"}, {"vovchansk", "kharkiv"}, {"izium", "kharkiv"}, {"kharkiv", "kharkiv"},
		{"yunakivka", "sumy"}, {"sumy", "sumy"},
		{"pokrovske", "dnipropetrovsk"}, {"mezhova", "dnipropetrovsk"}, {"nikopol", "dnipropetrovsk"}, {"dnipro", "dnipropetrovsk"},
		{"mykolaiv", "mykolaiv"}, {"ochakiv", "mykolaiv"},
	} {
		s, ok := g.Settlement(tc.id)
		if !ok {
			t.Errorf("settlement %s missing", tc.id)
			continue
		}
		if s.Oblast != tc.oblast {
			t.Errorf("%s: oblast %s, want %s", tc.id, s.Oblast, tc.oblast)
		}
	}

	towns := 0
	for _, s := range settlements {
		if _, ok := g.claimed[s.Oblast]; ok && s.Population >= 10000 {
			towns++
		}
	}
	if towns < 100 {
		t.Errorf("%d towns of 10,000 or more in the claimed regions, want over 100", towns)
	}
}

func TestLookup(t *testing.T) {
	g, _, _ := loadDefault(t)
	for _, tc := range []struct {
		word      string
		wantFirst string // longest entry
		wantAlso  string
	}{
		{"Donetsk", "Donetsk People's Republic", "Donetsk"},
		{"DONETSK", "Donetsk People's Republic", "Donetsk"},
		{"Luhans’k", "Luhans'k", ""},
		{"Autonomous", "Autonomous Republic of Crimea", ""},
		{"Kupiansk", "Kupiansk-Vuzlovyi", "Kupiansk"},
	} {
		t.Run(tc.word, func(t *testing.T) {
			es := g.Lookup(tc.word)
			if len(es) == 0 {
				t.Fatalf("Lookup(%q) found nothing", tc.word)
			}
			if es[0].Text != tc.wantFirst {
				t.Errorf("first entry %q, want %q", es[0].Text, tc.wantFirst)
			}
			if tc.wantAlso != "" && !slices.ContainsFunc(es, func(e Entry) bool { return e.Text == tc.wantAlso }) {
				t.Errorf("entries %v lack %q", es, tc.wantAlso)
			}
		})
	}
	// A region and its capital share the text.
	for _, es := range g.Lookup("Kherson") {
		if es.Text == "Kherson" && (es.Name == nil || es.Settlement == nil || es.Settlement.ID != "kherson") {
			t.Errorf("Kherson: %+v, want both the region name and the city", es)
		}
	}
	for _, w := range []string{"crimea", "Khersonsky", "Russia", "Ukrainian"} {
		if es := g.Lookup(w); len(es) > 0 {
			t.Errorf("Lookup(%q) = %v, want nothing", w, es)
		}
	}
}

func TestNewErrors(t *testing.T) {
	name := func(text, kind string, line int, regions ...string) Name {
		return Name{Text: text, Kind: kind, Regions: regions, Line: line}
	}
	town := func(id, name, oblast string, line int, variants ...string) Settlement {
		return Settlement{ID: id, Name: name, Oblast: oblast, Lon: 37.5, Lat: 48.5, Line: line, Variants: variants}
	}
	for _, tc := range []struct {
		name        string
		names       []Name
		settlements []Settlement
		want        string // substring of the error; "" for success
	}{
		{"ok", []Name{name("Donetsk", KindRegion, 2, "donetsk")}, []Settlement{town("donetsk", "Donetsk", "donetsk", 2)}, ""},
		{"unknown kind", []Name{name("Donetsk", "alias", 7, "donetsk")}, nil, "names.csv: line 7: kind \"alias\""},
		{"unclaimed region", []Name{name("Kharkiv", KindRegion, 3, "kharkiv")}, nil, "names.csv: line 3: region \"kharkiv\" is not a claimed region"},
		{"two regions not grouping", []Name{name("Donbas", KindVariant, 4, "donetsk", "luhansk")}, nil, "use kind grouping"},
		{"conflicting duplicate", []Name{name("Don", KindVariant, 2, "donetsk"), name("Don", KindVariant, 5, "luhansk")}, nil, "names.csv: line 5: name \"Don\" points to luhansk, but line 2"},
		{"same duplicate", []Name{name("Don", KindVariant, 2, "donetsk"), name("Don", KindVariant, 5, "donetsk")}, nil, ""},
		{"name starts with punctuation", []Name{name("(Donetsk)", KindVariant, 2, "donetsk")}, nil, "must start with a letter or digit"},
		{"duplicate id", nil, []Settlement{town("a", "A", "donetsk", 2), town("a", "B", "donetsk", 9)}, "settlements.csv: line 9: id \"a\" already used on line 2"},
		{"bad id", nil, []Settlement{town("Bad Id", "A", "donetsk", 4)}, "settlements.csv: line 4: id \"Bad Id\""},
		{"outside Ukraine", nil, []Settlement{{ID: "x", Name: "X", Oblast: "donetsk", Lon: 48.5, Lat: 37.5, Line: 6}}, "settlements.csv: line 6: x at lon 48.5, lat 37.5 is outside Ukraine"},
		{"shared name in another region", []Name{name("Donetsk", KindRegion, 2, "donetsk")}, []Settlement{town("donetsk-ru", "Donetsk", "luhansk", 8)}, "settlements.csv: line 8: name \"Donetsk\" is in luhansk, but names.csv line 2 names donetsk"},
		{"two settlements one name", nil, []Settlement{town("a", "Andriivka", "donetsk", 2), town("b", "B", "sumy", 3, "Andriivka")}, "settlements.csv: line 3: variant \"Andriivka\" already names a on line 2"},
		{"variant repeats name", nil, []Settlement{town("a", "A", "donetsk", 2, "A")}, "repeats a name of the same settlement"},
		{"negative population", nil, []Settlement{{ID: "a", Name: "A", Oblast: "donetsk", Lon: 37, Lat: 48, Population: -1, Line: 2}}, "population -1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.names, tc.settlements, DefaultClaimed())
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tc.want != "" && err == nil:
				t.Fatalf("no error, want %q", tc.want)
			case tc.want != "" && !strings.Contains(err.Error(), tc.want):
				t.Fatalf("error %q, want it to contain %q", err, tc.want)
			}
		})
	}
	if _, err := New(nil, nil, nil); err == nil {
		t.Error("New with no claimed regions: no error")
	}
}

func TestNewCopies(t *testing.T) {
	names := []Name{{Text: "Donetsk", Kind: KindRegion, Regions: []string{"donetsk"}, Line: 2}}
	g, err := New(names, nil, DefaultClaimed())
	if err != nil {
		t.Fatal(err)
	}
	names[0].Regions[0] = "luhansk"
	if got := g.Lookup("Donetsk")[0].Name.Regions[0]; got != "donetsk" {
		t.Errorf("changing the caller's slice changed the gazetteer: region %q", got)
	}
}

func TestSettlementRegion(t *testing.T) {
	g, _, _ := loadDefault(t)
	for _, tc := range []struct{ id, want string }{
		{"sevastopol", "crimea"}, {"kerch", "crimea"}, {"bakhmut", "donetsk"}, {"kupiansk", "kharkiv"}, {"kyiv", "kyiv-city"},
	} {
		t.Run(tc.id, func(t *testing.T) {
			s, ok := g.Settlement(tc.id)
			if !ok {
				t.Fatalf("no settlement %s", tc.id)
			}
			if got := g.SettlementRegion(&s); got != tc.want {
				t.Errorf("SettlementRegion(%s) = %s, want %s", tc.id, got, tc.want)
			}
		})
	}
}
