// Package gazetteer holds every way of naming the regions Russia claims in
// Ukraine, and the settlements in and around them, as read from two
// reviewable CSV files (names.csv and settlements.csv), and an index that
// finds the names a word of text may begin.
//
// A name is matched by its first word exactly as written (or in capitals, as
// in a headline) and by the rest of it without regard to case, so "Donetsk
// People's Republic" also matches "Donetsk people’s republic" but "crimea"
// in a URL slug matches nothing.
package gazetteer

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// File names, as they appear in messages from New.
const (
	NamesFile       = "names.csv"
	SettlementsFile = "settlements.csv"
)

// Kinds of name. A settlement's names are of kind KindSettlement; names.csv
// holds only the other three.
const (
	KindRegion     = "region"     // the current Ukrainian transliteration of a claimed region
	KindVariant    = "variant"    // other spellings, adjectives, demonyms, official and occupation-era names
	KindGrouping   = "grouping"   // a name covering several claimed regions (Donbas)
	KindSettlement = "settlement" // a settlement's name or one of its variants
)

// Rough bounds of Ukraine, degrees: a settlement outside them is a typo.
const (
	minLon, maxLon = 22.0, 41.0
	minLat, maxLat = 44.0, 53.0
)

// Name is one row of names.csv: a way to name one or more claimed regions.
type Name struct {
	Text    string   // as written, e.g. "Donetsk People's Republic"
	Kind    string   // KindRegion, KindVariant or KindGrouping
	Regions []string // claimed region slugs, in file order
	Line    int      // line of names.csv the row was read from, 0 if not read from a file
}

// Settlement is one row of settlements.csv.
type Settlement struct {
	ID         string   // slug, e.g. "kramatorsk"
	Name       string   // current Ukrainian transliteration
	Oblast     string   // first-level division slug, e.g. "donetsk", "sevastopol", "kharkiv"
	Lon, Lat   float64  // centre, WGS84 degrees
	Population int      // approximate, before 2022; 0 if unknown
	Variants   []string // Russian transliterations, former names, other spellings
	Line       int      // line of settlements.csv the row was read from, 0 if not read from a file
}

// Entry is one way of writing a place that the index finds: a name from
// names.csv, a settlement's name or variant, or both when a region and its
// main city share the text (Donetsk, Kherson, Lugansk). Entries belong to the
// Gazetteer and must not be modified.
type Entry struct {
	Text string // the name as written in the file
	// Tail is Text after its first word: what must follow the word the entry
	// was looked up by (see MatchTail).
	Tail       string
	Name       *Name       // the region, variant or grouping name, or nil
	Settlement *Settlement // the settlement so named, or nil
}

// Gazetteer is the validated set of names and settlements with an index by
// first word. It is immutable after New and safe for concurrent use.
type Gazetteer struct {
	names       []Name
	settlements []Settlement
	byID        map[string]*Settlement
	claimed     map[string]string // division slug -> claimed region slug
	regions     []string          // claimed region slugs in canonical order
	index       map[string][]Entry
}

// DefaultClaimed returns the claim as claimsmap draws it: each division Russia
// claims mapped to its claimed region, Sevastopol counted with Crimea.
func DefaultClaimed() map[string]string {
	return map[string]string{
		"crimea":       "crimea",
		"sevastopol":   "crimea",
		"luhansk":      "luhansk",
		"donetsk":      "donetsk",
		"zaporizhzhia": "zaporizhzhia",
		"kherson":      "kherson",
	}
}

// regionRank orders the claimed regions as the site lists them: Crimea first
// (claimed 2014), then the four oblasts of 2022 from east to west. Unknown
// slugs sort after.
func regionRank(slug string) int {
	switch slug {
	case "crimea":
		return 0
	case "luhansk":
		return 1
	case "donetsk":
		return 2
	case "zaporizhzhia":
		return 3
	case "kherson":
		return 4
	}
	return 5
}

// CompareRegions orders claimed region slugs in the fixed order crimea,
// luhansk, donetsk, zaporizhzhia, kherson; any other slug sorts after them,
// alphabetically.
func CompareRegions(a, b string) int {
	if ra, rb := regionRank(a), regionRank(b); ra != rb {
		return ra - rb
	}
	return strings.Compare(a, b)
}

// New validates names and settlements against claimed (division slug ->
// claimed region slug) and builds the index. Errors name the file and line
// at fault.
func New(names []Name, settlements []Settlement, claimed map[string]string) (*Gazetteer, error) {
	if len(claimed) == 0 {
		return nil, fmt.Errorf("gazetteer: no claimed regions given")
	}
	g := &Gazetteer{
		names:       make([]Name, len(names)),
		settlements: make([]Settlement, len(settlements)),
		byID:        make(map[string]*Settlement, len(settlements)),
		claimed:     make(map[string]string, len(claimed)),
		index:       map[string][]Entry{},
	}
	isRegion := map[string]bool{}
	for div, region := range claimed {
		if div == "" || region == "" {
			return nil, fmt.Errorf("gazetteer: claimed map has an empty slug (%q -> %q)", div, region)
		}
		g.claimed[div] = region
		if !isRegion[region] {
			isRegion[region] = true
			g.regions = append(g.regions, region)
		}
	}
	slices.SortFunc(g.regions, CompareRegions)

	// Copies, so that the caller's slices can change without changing g.
	for i, n := range names {
		n.Regions = slices.Clone(n.Regions)
		g.names[i] = n
	}
	for i, s := range settlements {
		s.Variants = slices.Clone(s.Variants)
		g.settlements[i] = s
	}

	entries := map[string]*Entry{} // by Text
	var order []string             // Texts in file order, for a deterministic index
	for i := range g.names {
		n := &g.names[i]
		at := fmt.Sprintf("%s: line %d", NamesFile, n.Line)
		switch n.Kind {
		case KindRegion, KindVariant, KindGrouping:
		default:
			return nil, fmt.Errorf("%s: kind %q must be one of region, variant, grouping", at, n.Kind)
		}
		if err := checkName(n.Text); err != nil {
			return nil, fmt.Errorf("%s: name %q: %w", at, n.Text, err)
		}
		if len(n.Regions) == 0 {
			return nil, fmt.Errorf("%s: name %q has no regions", at, n.Text)
		}
		for j, r := range n.Regions {
			if !isRegion[r] {
				return nil, fmt.Errorf("%s: region %q is not a claimed region (want one of %s)", at, r, strings.Join(g.regions, ", "))
			}
			if slices.Contains(n.Regions[:j], r) {
				return nil, fmt.Errorf("%s: region %q listed twice", at, r)
			}
		}
		if n.Kind != KindGrouping && len(n.Regions) != 1 {
			return nil, fmt.Errorf("%s: a %s names one region, got %s (use kind grouping for a name covering several)", at, n.Kind, strings.Join(n.Regions, ";"))
		}
		if prev, ok := entries[n.Text]; ok {
			if !slices.Equal(prev.Name.Regions, n.Regions) {
				return nil, fmt.Errorf("%s: name %q points to %s, but line %d points it to %s",
					at, n.Text, strings.Join(n.Regions, ";"), prev.Name.Line, strings.Join(prev.Name.Regions, ";"))
			}
			continue // the same name twice, harmless: the first one stands
		}
		entries[n.Text] = &Entry{Text: n.Text, Name: n}
		order = append(order, n.Text)
	}

	for i := range g.settlements {
		s := &g.settlements[i]
		at := fmt.Sprintf("%s: line %d", SettlementsFile, s.Line)
		if !validSlug(s.ID) {
			return nil, fmt.Errorf("%s: id %q must be a slug: lowercase letters, digits and single '-'", at, s.ID)
		}
		if prev, ok := g.byID[s.ID]; ok {
			return nil, fmt.Errorf("%s: id %q already used on line %d", at, s.ID, prev.Line)
		}
		g.byID[s.ID] = s
		if !validSlug(s.Oblast) {
			return nil, fmt.Errorf("%s: oblast %q must be a division slug such as donetsk or kharkiv", at, s.Oblast)
		}
		if math.IsNaN(s.Lon) || math.IsNaN(s.Lat) || s.Lon < minLon || s.Lon > maxLon || s.Lat < minLat || s.Lat > maxLat {
			return nil, fmt.Errorf("%s: %s at lon %g, lat %g is outside Ukraine (%g–%g°E, %g–%g°N); are lon and lat swapped?",
				at, s.ID, s.Lon, s.Lat, minLon, maxLon, minLat, maxLat)
		}
		if s.Population < 0 {
			return nil, fmt.Errorf("%s: population %d must be 0 (unknown) or more", at, s.Population)
		}
		region := s.Oblast
		if r, ok := g.claimed[s.Oblast]; ok {
			region = r
		}
		for k, text := range append([]string{s.Name}, s.Variants...) {
			what := "name"
			if k > 0 {
				what = "variant"
			}
			if err := checkName(text); err != nil {
				return nil, fmt.Errorf("%s: %s %q: %w", at, what, text, err)
			}
			prev, ok := entries[text]
			switch {
			case !ok:
				entries[text] = &Entry{Text: text, Settlement: s}
				order = append(order, text)
			case prev.Settlement != nil && prev.Settlement == s:
				return nil, fmt.Errorf("%s: %s %q repeats a name of the same settlement", at, what, text)
			case prev.Settlement != nil:
				return nil, fmt.Errorf("%s: %s %q already names %s on line %d; give one of them a qualified name",
					at, what, text, prev.Settlement.ID, prev.Settlement.Line)
			case len(prev.Name.Regions) == 1 && prev.Name.Regions[0] == region:
				prev.Settlement = s // a region and its main city share the name
			default:
				return nil, fmt.Errorf("%s: %s %q is in %s, but %s line %d names %s by it",
					at, what, text, region, NamesFile, prev.Name.Line, strings.Join(prev.Name.Regions, ";"))
			}
		}
	}

	for _, text := range order {
		e := *entries[text]
		first := WordEnd(e.Text, 0)
		e.Tail = e.Text[first:]
		key := NormalizeWord(e.Text[:first])
		g.index[key] = append(g.index[key], e)
		if upper := NormalizeWord(strings.ToUpper(e.Text[:first])); upper != key {
			g.index[upper] = append(g.index[upper], e)
		}
	}
	for _, es := range g.index {
		slices.SortStableFunc(es, func(a, b Entry) int {
			if len(a.Text) != len(b.Text) {
				return len(b.Text) - len(a.Text)
			}
			return strings.Compare(a.Text, b.Text)
		})
	}
	return g, nil
}

// checkName makes sure a name can be found in text: it must start with a
// letter or digit and end a word, with single spaces between words.
func checkName(text string) error {
	if text == "" {
		return fmt.Errorf("empty")
	}
	if strings.TrimSpace(text) != text || strings.Contains(text, "  ") || strings.ContainsAny(text, "\t\n\r") {
		return fmt.Errorf("must have single spaces between words and none around")
	}
	if WordEnd(text, 0) == 0 {
		return fmt.Errorf("must start with a letter or digit")
	}
	return nil
}

// validSlug reports whether s is lowercase ASCII letters and digits in
// groups joined by single '-'.
func validSlug(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for _, r := range s {
		if !('a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// Lookup returns the entries whose first word is word (apostrophes of any
// kind compare equal), longest first. The result belongs to g and must not
// be modified.
func (g *Gazetteer) Lookup(word string) []Entry {
	return g.index[NormalizeWord(word)]
}

// Region returns the claimed region a division belongs to, if it is claimed.
func (g *Gazetteer) Region(division string) (string, bool) {
	r, ok := g.claimed[division]
	return r, ok
}

// IsRegion reports whether slug is one of the claimed regions.
func (g *Gazetteer) IsRegion(slug string) bool {
	return slices.Contains(g.regions, slug)
}

// Regions returns the claimed region slugs in the fixed order crimea,
// luhansk, donetsk, zaporizhzhia, kherson.
func (g *Gazetteer) Regions() []string { return slices.Clone(g.regions) }

// SettlementRegion returns what a settlement belongs to: its claimed region
// if its division is claimed, otherwise its division slug.
func (g *Gazetteer) SettlementRegion(s *Settlement) string {
	if r, ok := g.claimed[s.Oblast]; ok {
		return r
	}
	return s.Oblast
}

// Settlement returns the settlement with the given id.
func (g *Gazetteer) Settlement(id string) (Settlement, bool) {
	s, ok := g.byID[id]
	if !ok {
		return Settlement{}, false
	}
	c := *s
	c.Variants = slices.Clone(s.Variants)
	return c, true
}

// Names returns a copy of every name, in file order.
func (g *Gazetteer) Names() []Name {
	out := make([]Name, len(g.names))
	for i, n := range g.names {
		n.Regions = slices.Clone(n.Regions)
		out[i] = n
	}
	return out
}

// Settlements returns a copy of every settlement, in file order.
func (g *Gazetteer) Settlements() []Settlement {
	out := make([]Settlement, len(g.settlements))
	for i, s := range g.settlements {
		s.Variants = slices.Clone(s.Variants)
		out[i] = s
	}
	return out
}
