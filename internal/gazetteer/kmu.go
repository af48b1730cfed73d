package gazetteer

import (
	"slices"
	"strings"
	"unicode"
)

// Ukrainian returns the Ukrainian form among a place's Cyrillic names.
// GeoNames lists both languages' forms without saying which is which, so
// it goes by the letters: a form written with a letter only Ukrainian has
// (і, ї, є, ґ, and the apostrophe) and none only Russian has (ы, э, ъ,
// ё); failing that, the
// Ukrainian ending of a Russian adjectival one (Аграрне beside Аграрное,
// -на beside -ная, -ий beside -ый). A name that could be either is not
// chosen. Only forms that spell the same name as latin are considered,
// the closest first: GeoNames' alternate names include former names
// (Chervonoarmiisk for Pulyny) and, now and then, a neighbour's.
func Ukrainian(latin string, names []string) (string, bool) {
	best, bestD := "", -1
	consider := func(n string) {
		if d, ok := nameDistance(latin, n); ok && (bestD < 0 || d < bestD) {
			best, bestD = n, d
		}
	}
	var cyrillic []string
	for _, n := range names {
		l := strings.ToLower(n)
		if !strings.ContainsFunc(l, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) {
			continue
		}
		if strings.ContainsAny(l, "іїєґ"+apostrophes) && !strings.ContainsAny(l, onlyRussian) {
			consider(n)
		}
		cyrillic = append(cyrillic, n)
	}
	if best != "" {
		return best, true
	}
	for _, r := range cyrillic {
		for ru, uk := range map[string]string{"ое": "е", "ая": "а", "ый": "ий"} {
			if stem, ok := strings.CutSuffix(r, ru); ok && slices.Contains(cyrillic, stem+uk) {
				consider(stem + uk)
			}
		}
	}
	return best, best != ""
}

// The national transliteration of Ukrainian (Resolution of the Cabinet of
// Ministers of Ukraine No. 55 of 27 January 2010) writes a letter within a
// word as ukLetters and commonLetters do (search.go), drops the apostrophe,
// and writes kmuInitial's letters otherwise at a word's start. Letters only
// Russian has (onlyRussian) are not Ukrainian.
var (
	kmuInitial  = map[rune]string{'є': "ye", 'ї': "yi", 'й': "y", 'ю': "yu", 'я': "ya"}
	onlyRussian = "ыэъё"
	apostrophes = "'’ʼ"
)

// kmuLetter transliterates one lowercase letter within a word.
func kmuLetter(r rune) (string, bool) {
	switch {
	case strings.ContainsRune(apostrophes, r):
		return "", true
	case strings.ContainsRune(onlyRussian, r):
		return "", false
	}
	if t, ok := ukLetters[r]; ok {
		return t, true
	}
	t, ok := commonLetters[r]
	return t, ok
}

// KMU transliterates a Ukrainian name by the national system: "Слов'яносербськ"
// is "Slovianoserbsk", "Єнакієве" "Yenakiieve", "Згурівка" "Zghurivka". A
// letter outside Ukrainian's alphabet makes it fail.
func KMU(name string) (string, bool) {
	var b strings.Builder
	rs := []rune(name)
	start := true
	for i, r := range rs {
		lower := unicode.ToLower(r)
		var out string
		switch {
		case unicode.Is(unicode.Mn, r):
			continue // a stress mark, as in Овідіо́поль
		case !unicode.Is(unicode.Cyrillic, r) && !strings.ContainsRune(apostrophes, r):
			if unicode.IsLetter(r) {
				return "", false
			}
			b.WriteRune(r)
			start = true
			continue
		case start && kmuInitial[lower] != "":
			out = kmuInitial[lower]
		case lower == 'г' && i > 0 && unicode.ToLower(rs[i-1]) == 'з':
			out = "gh" // зг is zgh, to keep it apart from ж
		default:
			t, ok := kmuLetter(lower)
			if !ok {
				return "", false
			}
			out = t
		}
		if unicode.IsUpper(r) && out != "" {
			out = strings.ToUpper(out[:1]) + out[1:]
		}
		b.WriteString(out)
		start = false
	}
	return b.String(), true
}

// nameDistance is the edit distance between a Latin name and the closest
// transliteration of a Cyrillic one, letters only; it reports false when
// that is more than a third of the Cyrillic name's length: another name.
func nameDistance(latin, cyrillic string) (int, bool) {
	letters := func(s string) []rune {
		return []rune(strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) {
				return r
			}
			return -1
		}, s))
	}
	l := letters(Fold(latin))
	best, found := 0, false
	for _, t := range Translit(cyrillic) {
		t := letters(t)
		if len(l) > MaxQuery || len(t) > MaxQuery {
			continue
		}
		limit := len(t) / 3
		if d := levenshtein(l, t, limit); d <= limit && (!found || d < best) {
			best, found = d, true
		}
	}
	return best, found
}
