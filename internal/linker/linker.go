// Package linker links the passages of a news article to the regions Russia
// claims in Ukraine: it finds the names of regions and settlements in a
// passage (through a gazetteer), tells whether the passage is territorial,
// and picks out figures the map's layers can check, such as "about
// one-fifth of Ukraine's territory".
//
// A passage is territorial when it is about the territorial question: the
// future of the land Russia claims or holds, its status, its exchange, its
// share of the country. Battlefield reports (a village captured, shelling)
// and local news ("occupation authorities" running a town's water) are not.
// Rules over lemmas and concept pairs decide first (territorial.go); a
// small logistic regression trained on labelled passages decides what they
// leave, for passages that name no region (model.go).
package linker

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/claimsmap/claimsmap/internal/article"
	"github.com/claimsmap/claimsmap/internal/gazetteer"
)

// Mention is a name of a place found in a passage.
type Mention struct {
	Start int    `json:"start"` // UTF-8 byte offset into the passage text
	End   int    `json:"end"`
	Text  string `json:"text"` // == text[Start:End]
	// Region is the claimed region slug; for a settlement outside the claim,
	// its oblast slug (e.g. "kharkiv"); for a grouping, the first region it
	// covers.
	Region string `json:"region"`
	Place  string `json:"place"` // settlement id when Kind == "settlement", else ""
	Kind   string `json:"kind"`  // region, variant, grouping, settlement
	// Regions lists, for a grouping, every region it covers.
	Regions []string `json:"regions,omitempty"`
}

// Passage is one paragraph of an article with what it was linked to.
type Passage struct {
	Index int    `json:"index"`
	ID    string `json:"id"` // "p0", "p1", ...
	// Kind is what the paragraph is in the article: body, headline, byline,
	// caption or credit (see article.KindOf).
	Kind string `json:"kind"`
	Text string `json:"text"`
	// Regions are the claimed regions the passage names, directly or through
	// a settlement inside them, in the fixed order crimea, luhansk, donetsk,
	// zaporizhzhia, kherson; never nil.
	Regions []string `json:"regions"`
	// Territorial is true for a passage about the territorial question (see
	// the package doc): land swaps, ceding or demanding land, the status of
	// occupied or annexed land, a share of Ukraine's territory, freezing the
	// front, borders in question; not battlefield reports or local news.
	Territorial bool      `json:"territorial"`
	Mentions    []Mention `json:"mentions"` // never nil
	Figures     []Figure  `json:"figures,omitempty"`
}

// Linker finds mentions, classifies passages and detects figures. It is
// immutable after New and safe for concurrent use.
type Linker struct {
	g   *gazetteer.Gazetteer
	cyr cyrillicIndex // declined Cyrillic forms of the main names

	lower *strings.Replacer // lowercasing aid: apostrophes to '

	cityBefore, cityAfter   *regexp.Regexp
	listBetween             *regexp.Regexp
	riverBefore, riverAfter *regexp.Regexp
	cueBefore, cueAfter     *regexp.Regexp
	falseFriends            []falseFriend

	share, area, qualifier *regexp.Regexp
	shareTarget            *regexp.Regexp
}

// falseFriend is a name that, followed by certain words, means something
// else: "Crimean-Congo fever" is not about Crimea.
type falseFriend struct {
	text  string         // the matched text, compared without regard to case
	after *regexp.Regexp // what follows it when it means something else
}

// New returns a Linker that finds the names in g.
func New(g *gazetteer.Gazetteer) *Linker {
	return &Linker{
		g:     g,
		cyr:   newCyrillicIndex(),
		lower: strings.NewReplacer("’", "'", "ʼ", "'"),

		// A region's capital shares the region's name (Donetsk, Kherson,
		// Zaporizhzhia, Luhansk, Sevastopol); the name means the region
		// unless the words around it say city: "the city of Kherson",
		// "southern city of Zaporizhzhia", "Kherson city".
		cityBefore: regexp.MustCompile(`(?i)\b(?:city|cities|town)\s+of\s+$`),
		cityAfter:  regexp.MustCompile(`(?i)^\s{1,3}(?:city|cities)\b`),
		// "the cities of Kherson and Zaporizhzhia": a shared name right after
		// one read as a city, joined by a comma or "and", is a city too.
		listBetween: regexp.MustCompile(`^(?:\s*,)?\s+(?:and|or|&)\s+$|^\s*,\s+$`),

		// The Dnipro is a river as well as a city: "the Dnipro", "Dnipro
		// River" and "river Dnipro" are the river, which is no place.
		// "across Dnipro", "the left bank of Dnipro" are the river too.
		// "behind Dnipro", "the left-bank Dnipro", "Kherson lies on Dnipro";
		// and a formation named before it, "Operational Group Dnipro".
		riverBefore: regexp.MustCompile(`(?i)\b(?:the|river|across|along|over|crossing|crossed|cross|beyond|behind|upstream|downstream|banks?\s+of|side\s+of|mouth\s+of|(?:left|right)[-‐‑\s]bank|(?:lies|lie|lying|stands|stand|sits|situated|located)\s+on|group|grouping)\s+["“«']?$`),
		// "Dnipro River", "the Dnipro delta", "the Dnipro-Buh estuary",
		// "Dnipro's left bank"; and the formations named after the river,
		// whatever precedes them: "Russia's Dnipro Group of Forces",
		// "the Dnepr grouping", "the Dnipro battalion", "Dnipro-1"; and the
		// dam and power station on it, "the Dnipro hydroelectric station".
		riverAfter: regexp.MustCompile(`(?i)^(?:["”»']?\s{1,3}(?:river|delta|estuary|group|grouping|operational|forces|army|flotilla|battalion|brigade|regiment|hydroelectric|hydropower|hpp|hes|dam|reservoir|cascade)\b|[-‐‑]1\b|[-‐‑](?:buh|bug)\b|['’ʼ]s\s+(?:(?:left|right|east|eastern|west|western|southern|northern)\s+)?(?:banks?|waters|shores?|delta|mouth|islands?)\b)`),

		// A name shared with a better-known place abroad (New York) links
		// only when a cue says it is the place in Ukraine: "the town of New
		// York", "New York, Donetsk region", "New York (Niu-York)".
		cueBefore: regexp.MustCompile(`(?i)\b(?:town|village|settlement)\s+of\s+$`),
		cueAfter:  regexp.MustCompile(`^(?:,\s{1,3}|\s{1,3}in\s+(?:the\s+)?|\s{1,3}\()(?:Donetsk|Niu-York)\b`),

		falseFriends: []falseFriend{
			// Crimean-Congo haemorrhagic fever, a disease.
			{"Crimean", regexp.MustCompile(`^[-‐‑ ]Congo\b`)},
			// Donetsk, a town in Rostov oblast, Russia.
			{"Donetsk", regexp.MustCompile(`^,?\s{1,3}(?:in\s+)?(?:the\s+)?Rostov\b`)},
			// Sebastopol, California.
			{"Sebastopol", regexp.MustCompile(`^,\s{1,3}(?:California|Calif\.|CA)\b`)},
		},

		share:       regexp.MustCompile(shareExpr),
		shareTarget: regexp.MustCompile(shareTargetExpr),
		area:        regexp.MustCompile(areaExpr),
		qualifier:   regexp.MustCompile(qualifierExpr),
	}
}

// cueOnly lists the settlement names that link only after a cue (see
// Linker.cueBefore): their plain meaning is a place elsewhere.
func cueOnly(text string) bool {
	return strings.EqualFold(text, "New York")
}

// riverNamed lists the settlement names that are also a river's (see
// Linker.riverBefore).
func riverNamed(text string) bool {
	return strings.EqualFold(text, "Dnipro") || strings.EqualFold(text, "Dnepr")
}

// Passage links one paragraph: its kind, the regions it names, its
// mentions, whether it is territorial, and its figures. index is its place
// in the article, which tells a headline (see article.KindOf).
func (l *Linker) Passage(index int, text string) Passage {
	p := Passage{
		Index:    index,
		ID:       "p" + strconv.Itoa(index),
		Kind:     article.KindOf(index, text, ""),
		Text:     text,
		Regions:  []string{},
		Mentions: l.Mentions(text),
	}
	for _, m := range p.Mentions {
		regions := m.Regions
		if len(regions) == 0 {
			regions = []string{m.Region}
		}
		for _, r := range regions {
			if l.g.IsRegion(r) && !slices.Contains(p.Regions, r) {
				p.Regions = append(p.Regions, r)
			}
		}
	}
	slices.SortFunc(p.Regions, gazetteer.CompareRegions)
	lower := l.lowercase(text)
	p.Figures = l.figures(text, lower, p.Mentions)
	p.Territorial = l.isTerritorial(lower, p.Figures, len(p.Regions) > 0)
	return p
}

// Mentions returns the names of places in text, in order, never overlapping:
// at each word the longest name that starts there wins, so "Donetsk People's
// Republic" is one mention, not "Donetsk" followed by words. The result is
// never nil.
func (l *Linker) Mentions(text string) []Mention {
	out := []Mention{}
	lastCity := false // the previous mention was a city by its context
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !gazetteer.IsWordRune(r) {
			i += n
			continue
		}
		word := gazetteer.WordEnd(text, i)
		best, bestEnd := -1, -1
		entries := l.g.Lookup(text[i:word])
		if len(entries) == 0 {
			entries = l.lowercaseEntries(text, i, word)
		}
		for k, e := range entries {
			end, ok := gazetteer.MatchTail(text, word, e.Tail)
			if ok && end > bestEnd && gazetteer.BoundaryAfter(text, end) {
				best, bestEnd = k, end
			}
		}
		if best < 0 {
			if isCyrillic(text[i:word]) {
				if m, ok := l.cyrillic(text, i, word); ok {
					out = append(out, m)
					lastCity = false
					i = m.End
					continue
				}
			}
			i = word
			continue
		}
		m, city, ok := l.resolve(text, i, bestEnd, &entries[best], lastCity && len(out) > 0 && l.listBetween.MatchString(text[out[len(out)-1].End:i]))
		if ok {
			out = append(out, m)
			lastCity = city
		}
		i = bestEnd
	}
	return out
}

// resolve turns the entry matched at text[start:end] into a mention, reading
// the words around it; ok is false when the match is not a place after all.
// city reports whether the words around a settlement's name say city, which
// carries over to the next name in a list ("the cities of Bakhmut and
// Donetsk").
func (l *Linker) resolve(text string, start, end int, e *gazetteer.Entry, listedAfterCity bool) (m Mention, city, ok bool) {
	m = Mention{Start: start, End: end, Text: text[start:end]}
	before := text[max(0, start-40):start]
	after := text[end:min(len(text), end+40)]
	for _, f := range l.falseFriends {
		if strings.EqualFold(m.Text, f.text) && f.after.MatchString(after) {
			return m, false, false
		}
	}
	if s := e.Settlement; s != nil {
		city = listedAfterCity || l.cityBefore.MatchString(before) || l.cityAfter.MatchString(after)
		// A region and its capital share the name: the region unless the
		// words around it say city.
		if e.Name == nil || city {
			if riverNamed(m.Text) && (l.riverBefore.MatchString(before) || l.riverAfter.MatchString(after)) {
				return m, false, false
			}
			if cueOnly(m.Text) && !l.cueBefore.MatchString(before) && !l.cueAfter.MatchString(after) {
				return m, false, false
			}
			m.Kind = gazetteer.KindSettlement
			m.Place = s.ID
			m.Region = l.g.SettlementRegion(s)
			return m, city, true
		}
	}
	m.Kind = e.Name.Kind
	m.Region = e.Name.Regions[0]
	if e.Name.Kind == gazetteer.KindGrouping {
		m.Regions = slices.Clone(e.Name.Regions)
	}
	return m, false, true
}
