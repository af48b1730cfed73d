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
	"sync"
	"unicode/utf8"
)

// File names, as they appear in messages from New.
const (
	NamesFile       = "names.csv"
	SettlementsFile = "settlements.csv"
	// GeoNamesFile holds settlements derived from GeoNames (see
	// internal/gazetteer/mkgeonames): rows with a GeoNameID, a source and
	// a licence each.
	GeoNamesFile = "geonames.csv"
)

// mergeKm is how far a derived row may lie from the hand-kept row whose id
// it shares: GeoNames and the hand list put a town's centre in slightly
// different places, never in different towns.
const mergeKm = 15.0

// minDerivedLookup is the shortest name, in letters, that GeoNames may add
// to a hand-kept settlement's names in Lookup.
const minDerivedLookup = 5

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

// Settlement is one row of settlements.csv or geonames.csv.
type Settlement struct {
	ID         string   // slug, e.g. "kramatorsk"
	Name       string   // current Ukrainian transliteration
	Oblast     string   // first-level division slug, e.g. "donetsk", "sevastopol", "kharkiv"
	Lon, Lat   float64  // centre, WGS84 degrees
	Population int      // approximate, before 2022; 0 if unknown
	Variants   []string // Russian transliterations, former names, other spellings, Cyrillic
	Line       int      // line of the file the row was read from, 0 if not read from a file
	Note       string   // the row's note, for people

	// GeoNameID is the settlement's id at GeoNames, 0 if it has none.
	GeoNameID int
	// Source and License say where the row comes from and on what terms:
	// a derived file's own columns, else what the dataset loader takes
	// from the file's manifest entry. Empty if nobody said.
	Source, License string
	// File names the file the row was read from in messages; empty means
	// settlements.csv.
	File string
	// Curated is set by New for a settlement kept by hand (a row without a
	// GeoNameID): its names win over names derived from GeoNames, and only
	// its names are found by Lookup.
	Curated bool
}

// lineOf cites the line of prev in a message about s: with its file if
// that is another one.
func lineOf(prev, s *Settlement) string {
	if prev.file() == s.file() {
		return fmt.Sprintf("line %d", prev.Line)
	}
	return fmt.Sprintf("%s line %d", prev.file(), prev.Line)
}

// file is the file name to cite for s in messages.
func (s *Settlement) file() string {
	if s.File != "" {
		return s.File
	}
	return SettlementsFile
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
	// search is built on the first Search.
	search func() *searchIndex
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
	// A derived row with the id of a hand-kept row adds its names to it
	// (supplements) rather than standing as a settlement of its own.
	g.settlements = g.settlements[:0]
	type supplement struct {
		to  int // index in g.settlements
		row Settlement
	}
	var supplements []supplement
	firstRow := map[string]int{}
	for _, s := range settlements {
		s.Variants = slices.Clone(s.Variants)
		s.Curated = s.GeoNameID == 0
		if i, ok := firstRow[s.ID]; ok && !s.Curated && g.settlements[i].Curated {
			supplements = append(supplements, supplement{i, s})
			continue
		}
		if _, ok := firstRow[s.ID]; !ok {
			firstRow[s.ID] = len(g.settlements)
		}
		g.settlements = append(g.settlements, s)
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

	// Hand-kept rows first: their names must be unique, as before.
	for i := range g.settlements {
		s := &g.settlements[i]
		at := fmt.Sprintf("%s: line %d", s.file(), s.Line)
		if !validSlug(s.ID) {
			return nil, fmt.Errorf("%s: id %q must be a slug: lowercase letters, digits and single '-'", at, s.ID)
		}
		if prev, ok := g.byID[s.ID]; ok {
			return nil, fmt.Errorf("%s: id %q already used on %s", at, s.ID, lineOf(prev, s))
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
		if !s.Curated {
			continue
		}
		region := g.SettlementRegion(s)
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
				return nil, fmt.Errorf("%s: %s %q already names %s on %s; give one of them a qualified name",
					at, what, text, prev.Settlement.ID, lineOf(prev.Settlement, s))
			case len(prev.Name.Regions) == 1 && prev.Name.Regions[0] == region:
				prev.Settlement = s // a region and its main city share the name
			default:
				return nil, fmt.Errorf("%s: %s %q is in %s, but %s line %d names %s by it",
					at, what, text, region, NamesFile, prev.Name.Line, strings.Join(prev.Name.Regions, ";"))
			}
		}
	}

	// Then the names derived from GeoNames. A derived name that a hand-kept
	// row or names.csv already uses stays theirs; one of five letters or
	// more that names a single hand-kept settlement joins the index; the rest (names of settlements
	// only GeoNames lists, and names several of them share) are found by
	// Search only.
	derived := map[string][]*Settlement{}
	var derivedOrder []string
	addDerived := func(s *Settlement, text, at string) error {
		if err := checkName(text); err != nil {
			return fmt.Errorf("%s: %q: %w", at, text, err)
		}
		if prev, ok := entries[text]; ok && prev.Settlement == s {
			return nil
		}
		if !slices.Contains(derived[text], s) {
			if len(derived[text]) == 0 {
				derivedOrder = append(derivedOrder, text)
			}
			derived[text] = append(derived[text], s)
		}
		return nil
	}
	for _, sup := range supplements {
		s, r := &g.settlements[sup.to], sup.row
		at := fmt.Sprintf("%s: line %d", r.file(), r.Line)
		if d := distanceKm(s.Lon, s.Lat, r.Lon, r.Lat); d > mergeKm {
			return nil, fmt.Errorf("%s: id %q is the hand-kept settlement of %s line %d, but lies %.0f km from it; is it another place of the same name?",
				at, r.ID, s.file(), s.Line, d)
		}
		if s.GeoNameID != 0 {
			return nil, fmt.Errorf("%s: id %q already has names from GeoNames id %d", at, r.ID, s.GeoNameID)
		}
		s.GeoNameID = r.GeoNameID
		if r.Source != "" {
			s.Source = strings.TrimPrefix(s.Source+"; names also from "+r.Source, "; ")
		}
		if r.License != "" && r.License != s.License {
			s.License = strings.TrimPrefix(s.License+"; "+r.License, "; ")
		}
		for _, text := range append([]string{r.Name}, r.Variants...) {
			if text == s.Name || slices.Contains(s.Variants, text) {
				continue
			}
			if err := addDerived(s, text, at); err != nil {
				return nil, err
			}
			s.Variants = append(s.Variants, text)
		}
	}
	for i := range g.settlements {
		s := &g.settlements[i]
		if s.Curated {
			continue
		}
		at := fmt.Sprintf("%s: line %d", s.file(), s.Line)
		seen := map[string]bool{}
		for _, text := range append([]string{s.Name}, s.Variants...) {
			if seen[text] {
				continue
			}
			seen[text] = true
			if err := addDerived(s, text, at); err != nil {
				return nil, err
			}
		}
	}

	for _, text := range derivedOrder {
		if _, ok := entries[text]; ok {
			continue
		}
		// Short derived names are left to Search: GeoNames' "Sumo" for
		// Sumy or "Spat" for Hvardiiske would link English words.
		if ss := derived[text]; len(ss) == 1 && ss[0].Curated && utf8.RuneCountInString(text) >= minDerivedLookup {
			entries[text] = &Entry{Text: text, Settlement: ss[0]}
			order = append(order, text)
		}
	}
	g.index = buildIndex(order, func(text string) []Entry { return []Entry{*entries[text]} })
	g.search = sync.OnceValue(g.buildSearch)
	return g, nil
}

// buildIndex keys the entries of every text by its first word, as written
// and in capitals, longest text first; texts sharing a text keep their
// order.
func buildIndex(texts []string, entriesOf func(string) []Entry) map[string][]Entry {
	index := map[string][]Entry{}
	done := map[string]bool{}
	for _, text := range texts {
		if done[text] {
			continue
		}
		done[text] = true
		first := WordEnd(text, 0)
		key := NormalizeWord(text[:first])
		upper := NormalizeWord(strings.ToUpper(text[:first]))
		for _, e := range entriesOf(text) {
			e.Tail = e.Text[first:]
			index[key] = append(index[key], e)
			if upper != key {
				index[upper] = append(index[upper], e)
			}
		}
	}
	for _, es := range index {
		slices.SortStableFunc(es, func(a, b Entry) int {
			if len(a.Text) != len(b.Text) {
				return len(b.Text) - len(a.Text)
			}
			return strings.Compare(a.Text, b.Text)
		})
	}
	return index
}

// distanceKm is the great-circle distance between two points in degrees.
func distanceKm(lon1, lat1, lon2, lat2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	h := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * r * math.Asin(math.Sqrt(h))
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

// IsRegion reports whether slug is one of the claimed regions.
func (g *Gazetteer) IsRegion(slug string) bool {
	return slices.Contains(g.regions, slug)
}

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
