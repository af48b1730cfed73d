package gazetteer

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxQuery is the longest query Search reads, in runes; the rest is cut.
const MaxQuery = 100

// Quality says how a name matched a query, best first.
type Quality int

// Qualities of a match.
const (
	MatchExact  Quality = iota // the whole name, folded
	MatchPrefix                // the name starts with the query
	MatchWord                  // a later word of the name starts with the query
	MatchFuzzy                 // the whole name within one or two edits of the query
)

// Match is a name found by Search: a settlement's name or variant, or a
// region's name from names.csv. The pointers belong to the Gazetteer.
type Match struct {
	Text       string      // the name as written in the files
	Settlement *Settlement // the settlement so named, or nil
	Name       *Name       // the region name, or nil
	Quality    Quality
}

// searchIndex holds every name under its search keys: folded as written,
// and transliterated when written in Cyrillic (or in Latin, to meet the
// Cyrillic names of a query typed in Latin letters).
type searchIndex struct {
	items []searchItem
}

type searchItem struct {
	keys       []string
	text       string
	settlement *Settlement
	name       *Name
}

func (g *Gazetteer) buildSearch() *searchIndex {
	ix := &searchIndex{}
	for i := range g.names {
		n := &g.names[i]
		ix.items = append(ix.items, searchItem{keys: searchKeys(n.Text), text: n.Text, name: n})
	}
	for i := range g.settlements {
		s := &g.settlements[i]
		for _, text := range append([]string{s.Name}, s.Variants...) {
			ix.items = append(ix.items, searchItem{keys: searchKeys(text), text: text, settlement: s})
		}
	}
	return ix
}

// searchKeys are the forms a name is compared in: folded, and the Latin
// forms of a Cyrillic name.
func searchKeys(text string) []string {
	keys := []string{Fold(text)}
	for _, k := range Translit(text) {
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	return keys
}

// Search finds settlements and regions by any of their names, ignoring
// case, diacritics, apostrophes and hyphens, in Latin or Cyrillic letters
// (a Cyrillic query also meets Latin names through transliteration), and
// tolerating a misspelt letter or two in longer queries. It returns at most
// limit matches, one per settlement or region name: the best first (by
// Quality, then hand-kept settlements before derived ones, then by
// population), and nothing for an empty query.
func (g *Gazetteer) Search(q string, limit int) []Match {
	if utf8.RuneCountInString(q) > MaxQuery {
		q = string([]rune(q)[:MaxQuery])
	}
	qkeys := searchKeys(q)
	if qkeys[0] == "" || limit <= 0 {
		return nil
	}
	best := map[any]Match{}
	for _, it := range g.search().items {
		quality, ok := matchKeys(it.keys, qkeys)
		if !ok {
			continue
		}
		// One match per settlement, and per region however many of its
		// names match.
		var key any = it.settlement
		if it.settlement == nil {
			key = strings.Join(it.name.Regions, ";")
		}
		if m, seen := best[key]; seen && m.Quality <= quality {
			continue
		}
		best[key] = Match{Text: it.text, Settlement: it.settlement, Name: it.name, Quality: quality}
	}
	out := make([]Match, 0, len(best))
	for _, m := range best {
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b Match) int {
		return cmp.Or(
			cmp.Compare(a.Quality, b.Quality),
			cmp.Compare(rankOf(a), rankOf(b)),
			cmp.Compare(populationOf(b), populationOf(a)),
			strings.Compare(a.Text, b.Text),
			strings.Compare(idOf(a), idOf(b)),
		)
	})
	return out[:min(limit, len(out))]
}

// rankOf puts region names first, then hand-kept settlements, then the
// rest.
func rankOf(m Match) int {
	switch {
	case m.Name != nil:
		return 0
	case m.Settlement.Curated:
		return 1
	}
	return 2
}

func populationOf(m Match) int {
	if m.Settlement == nil {
		return 0
	}
	return m.Settlement.Population
}

func idOf(m Match) string {
	if m.Settlement != nil {
		return m.Settlement.ID
	}
	return strings.Join(m.Name.Regions, ";")
}

// matchKeys compares a name's keys with a query's, and says how well the
// best pair matched.
func matchKeys(keys, qkeys []string) (Quality, bool) {
	best, found := MatchFuzzy, false
	for _, k := range keys {
		for _, q := range qkeys {
			var quality Quality
			switch {
			case k == q:
				quality = MatchExact
			case strings.HasPrefix(k, q):
				quality = MatchPrefix
			case strings.Contains(k, " "+q):
				quality = MatchWord
			case fuzzy(k, q):
				quality = MatchFuzzy
			default:
				continue
			}
			if !found || quality < best {
				best, found = quality, true
			}
		}
	}
	return best, found
}

// fuzzy reports whether name is within one edit of q (two for queries of
// eight letters or more); queries under five letters must match exactly.
func fuzzy(name, q string) bool {
	nq := utf8.RuneCountInString(q)
	if nq < 5 {
		return false
	}
	limit := 1
	if nq >= 8 {
		limit = 2
	}
	nn := utf8.RuneCountInString(name)
	if nn-nq > limit || nq-nn > limit {
		return false
	}
	var nb, qb [MaxQuery]rune
	if nn > MaxQuery || nq > MaxQuery {
		return false
	}
	return levenshtein(appendRunes(nb[:0], name), appendRunes(qb[:0], q), limit) <= limit
}

func appendRunes(dst []rune, s string) []rune {
	for _, r := range s {
		dst = append(dst, r)
	}
	return dst
}

// levenshtein is the edit distance between a and b, or limit+1 once it
// is sure to exceed limit.
func levenshtein(a, b []rune, limit int) int {
	var pb, cb [MaxQuery + 1]int
	prev, cur := pb[:len(b)+1], cb[:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Fold returns s as Search compares it: in lower case, Latin letters
// without their diacritics, ё as е, apostrophes dropped, and hyphens,
// punctuation and runs of spaces as a single space.
func Fold(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		r = unicode.ToLower(r)
		switch {
		case IsApostrophe(r) || r == '`' || r == 'ʹ' || unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			if f, ok := latinFold[r]; ok {
				b.WriteString(f)
			} else if r == 'ё' {
				b.WriteRune('е')
			} else {
				b.WriteRune(r)
			}
		default:
			space = true
		}
	}
	return b.String()
}

// latinFold takes the diacritics off the Latin letters found in the
// spellings of Ukrainian places (Polish, German, French, Czech, Turkish,
// Crimean Tatar).
var latinFold = func() map[rune]string {
	m := map[rune]string{}
	for base, letters := range map[string]string{
		"a": "àáâãäåāăą", "ae": "æ", "c": "çćĉċč", "d": "ďđð", "e": "èéêëēĕėęě", "g": "ĝğġģ", "h": "ĥħ",
		"i": "ìíîïĩīĭįı", "j": "ĵ", "k": "ķ", "l": "ĺļľŀł", "n": "ñńņňŉ", "o": "òóôõöøōŏő", "oe": "œ",
		"r": "ŕŗř", "s": "śŝşšș", "ss": "ß", "t": "ţťŧț", "u": "ùúûüũūŭůűų", "w": "ŵ", "y": "ýÿŷ", "z": "źżž", "th": "þ",
	} {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()

// Translit returns the Latin forms of a name written in Cyrillic, folded:
// by the Ukrainian national system (г as h, и as y) and by the usual
// Russian one (г as g, и as i), so that "Горловка" meets "Horlivka"'s
// variant "Gorlovka". A name with no Cyrillic letter has none.
func Translit(s string) []string {
	f := Fold(s)
	if !strings.ContainsFunc(f, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) {
		return nil
	}
	uk, ru := translit(f, ukLetters), translit(f, ruLetters)
	if uk == ru {
		return []string{uk}
	}
	return []string{uk, ru}
}

func translit(s string, letters map[rune]string) string {
	var b strings.Builder
	for _, r := range s {
		if l, ok := letters[r]; ok {
			b.WriteString(l)
		} else if l, ok := commonLetters[r]; ok {
			b.WriteString(l)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var commonLetters = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'д': "d", 'е': "e", 'ж': "zh", 'з': "z", 'к': "k", 'л': "l", 'м': "m",
	'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts",
	'ч': "ch", 'ш': "sh", 'щ': "shch", 'ь': "", 'ъ': "", 'і': "i", 'ї': "i", 'є': "ie", 'ґ': "g", 'ы': "y", 'э': "e",
}

var ukLetters = map[rune]string{'г': "h", 'и': "y", 'й': "i", 'ю': "iu", 'я': "ia"}

var ruLetters = map[rune]string{'г': "g", 'и': "i", 'й': "y", 'ю': "yu", 'я': "ya"}

// CyrillicLang guesses the language of a name in Cyrillic letters from the
// letters only one of the two alphabets has: "uk" for і, ї, є, ґ; "ru" for
// ы, э, ъ, ё; "" when neither shows (the name may be either) or the name
// is not in Cyrillic.
func CyrillicLang(s string) string {
	switch {
	case strings.ContainsAny(strings.ToLower(s), "іїєґ"):
		return "uk"
	case strings.ContainsAny(strings.ToLower(s), onlyRussian):
		return "ru"
	}
	return ""
}
