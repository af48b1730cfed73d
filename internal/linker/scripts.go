package linker

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/claimsmap/claimsmap/internal/gazetteer"
)

// Names in Cyrillic. Ukrainian and Russian decline names ("у Херсоні", "из
// Донецка", "Херсонської області"), which a gazetteer of alternate names
// (one form per name) cannot list, so the linker knows the stems of the
// five regions and the larger settlements and the endings they take. A name
// the gazetteer itself holds in Cyrillic wins over these: they only fill in
// the declined forms. A bare city name in Ukrainian or Russian means the
// city (the region is "Херсонщина" or "Херсонська область"), so it links
// as the settlement.

// cyrillicForm is one stem and what it names. Target is "region:SLUG",
// "grouping:NAME" (a name in the gazetteer, such as Donbas) or
// "settlement:ID"; a target the gazetteer does not hold is skipped.
type cyrillicForm struct {
	stem    string // lowercase, apostrophes as '
	endings string // space-separated; "-" for none
	target  string
	// oblast: the form is an adjective that names the region only with
	// "область" (or "обл.") after it.
	oblast bool
}

// Endings of the declensions the names follow.
const (
	hardNoun = "- а у ом і е ові"    // Херсон, Херсона, Херсону, Херсоном, Херсоні, Херсоне
	softNoun = "ь я ю ем і е"        // Севастополь, Севастополя …
	neuterUk = "я ю ям і"            // Запоріжжя, Запоріжжю …
	neuterRu = "ье ья ью ьем ьи ьею" // Запорожье, Запорожья …
	adjUk    = "а ої ій у ою"        // Херсонська, Херсонської …
	adjRu    = "ая ой ую"            // Херсонская, Херсонской …
	shchyna  = "а и і у ою"          // Херсонщина, Херсонщини …
	krymUk   = "- у ом і"            // Крим, Криму, Кримом
	femSoft  = "- і ю"               // Керч, Керчі, Керчю
	ruFemSft = "ь и ью"              // Керчь, Керчи
)

var cyrillicForms = []cyrillicForm{
	{"крим", krymUk, "region:crimea", false},
	{"крым", "- а у ом е", "region:crimea", false},
	{"кримськ", adjUk, "region:crimea", false}, // Кримський півострів
	{"крымск", "ий ого ом ая ой ую", "region:crimea", false},
	{"севастопол", softNoun, "settlement:sevastopol", false},
	{"луганськ", hardNoun, "settlement:luhansk", false},
	{"луганск", hardNoun, "settlement:luhansk", false},
	{"луганськ", adjUk, "region:luhansk", true},
	{"луганск", adjRu, "region:luhansk", true},
	{"луганщин", shchyna, "region:luhansk", false},
	{"донецьк", hardNoun, "settlement:donetsk", false},
	{"донецк", hardNoun, "settlement:donetsk", false},
	{"донецьк", adjUk, "region:donetsk", true},
	{"донецк", adjRu, "region:donetsk", true},
	{"донеччин", shchyna, "region:donetsk", false},
	{"запоріжж", neuterUk, "settlement:zaporizhzhia", false},
	{"запорож", neuterRu, "settlement:zaporizhzhia", false},
	{"запорізьк", adjUk, "region:zaporizhzhia", true},
	{"запорожск", adjRu, "region:zaporizhzhia", true},
	{"херсон", hardNoun, "settlement:kherson", false},
	{"херсонськ", adjUk, "region:kherson", true},
	{"херсонск", adjRu, "region:kherson", true},
	{"херсонщин", shchyna, "region:kherson", false},
	{"днр", "-", "region:donetsk", false},
	{"лнр", "-", "region:luhansk", false},
	{"донбас", "- у ом і е", "grouping:Donbas", false},
	{"донбасс", "- а у ом е", "grouping:Donbas", false},
	// Larger settlements of the claimed regions.
	{"сімферопол", softNoun, "settlement:simferopol", false},
	{"симферопол", softNoun, "settlement:simferopol", false},
	{"керч", femSoft, "settlement:kerch", false},
	{"керч", ruFemSft, "settlement:kerch", false},
	{"ялт", "а и і у ою е", "settlement:yalta", false},
	{"маріупол", softNoun, "settlement:mariupol", false},
	{"мариупол", softNoun, "settlement:mariupol", false},
	{"мелітопол", softNoun, "settlement:melitopol", false},
	{"мелитопол", softNoun, "settlement:melitopol", false},
	{"бердянськ", hardNoun, "settlement:berdiansk", false},
	{"бердянск", hardNoun, "settlement:berdiansk", false},
	{"енергодар", hardNoun, "settlement:enerhodar", false},
	{"энергодар", hardNoun, "settlement:enerhodar", false},
	{"бахмут", hardNoun, "settlement:bakhmut", false},
	{"артемівськ", hardNoun, "settlement:bakhmut", false},
	{"артемовск", hardNoun, "settlement:bakhmut", false},
	{"краматорськ", hardNoun, "settlement:kramatorsk", false},
	{"краматорск", hardNoun, "settlement:kramatorsk", false},
	{"слов'янськ", hardNoun, "settlement:sloviansk", false},
	{"славянск", hardNoun, "settlement:sloviansk", false},
	{"покровськ", hardNoun, "settlement:pokrovsk", false},
	{"покровск", hardNoun, "settlement:pokrovsk", false},
	{"авдіївк", "а и і у ою", "settlement:avdiivka", false},
	{"авдеевк", "а и е у ой", "settlement:avdiivka", false},
	{"горлівк", "а и і у ою", "settlement:horlivka", false},
	{"горловк", "а и е у ой", "settlement:horlivka", false},
	{"макіївк", "а и і у ою", "settlement:makiivka", false},
	{"макеевк", "а и е у ой", "settlement:makiivka", false},
	{"сєвєродонецьк", hardNoun, "settlement:sievierodonetsk", false},
	{"северодонецк", hardNoun, "settlement:sievierodonetsk", false},
	{"лисичанськ", hardNoun, "settlement:lysychansk", false},
	{"лисичанск", hardNoun, "settlement:lysychansk", false},
	{"олешк", "и ах ам ами", "settlement:oleshky", false},
	{"олешок", "-", "settlement:oleshky", false}, // the genitive: "з Олешок"
	{"алешк", "и ах ам ами", "settlement:oleshky", false},
	{"алешек", "-", "settlement:oleshky", false},
	{"каховк", "а и і у ою е", "settlement:kakhovka", false},
	{"генічеськ", hardNoun, "settlement:henichesk", false},
	{"геническ", hardNoun, "settlement:henichesk", false},
	// issue 12: more towns of the five regions. "Каховці" is the locative
	// (к to ц); "Нова Каховка" is found through novaTargets.
	{"каховц", "і", "settlement:kakhovka", false},
	{"токмак", hardNoun, "settlement:tokmak", false},
	{"скадовськ", hardNoun, "settlement:skadovsk", false},
	{"скадовск", hardNoun, "settlement:skadovsk", false},
	{"берислав", hardNoun, "settlement:beryslav", false},
	{"бериславл", softNoun, "settlement:beryslav", false},
	{"чорнобаївк", "а и і у ою", "settlement:chornobaivka", false},
	{"чернобаевк", "а и е у ой", "settlement:chornobaivka", false},
	{"оріхів", "-", "settlement:orikhiv", false},
	{"оріхов", "а у ом і", "settlement:orikhiv", false},
	{"орехов", hardNoun, "settlement:orikhiv", false},
	{"гуляйпол", "е я ю і ем", "settlement:huliaipole", false},
	{"василівк", "а и і у ою", "settlement:vasylivka", false},
	{"васильевк", "а и е у ой", "settlement:vasylivka", false},
	{"алчевськ", hardNoun, "settlement:alchevsk", false},
	{"алчевск", hardNoun, "settlement:alchevsk", false},
	{"рубіжн", "е ого ому ім", "settlement:rubizhne", false},
	{"рубежн", "ое ого ом", "settlement:rubizhne", false},
	{"старобільськ", hardNoun, "settlement:starobilsk", false},
	{"старобельск", hardNoun, "settlement:starobilsk", false},
	{"сватов", "е ого ому ім о", "settlement:svatove", false},
	{"костянтинівк", "а и і у ою", "settlement:kostiantynivka", false},
	{"константиновк", "а и е у ой", "settlement:kostiantynivka", false},
	{"дружківк", "а и і у ою", "settlement:druzhkivka", false},
	{"дружковк", "а и е у ой", "settlement:druzhkivka", false},
	{"торецьк", hardNoun, "settlement:toretsk", false},
	{"торецк", hardNoun, "settlement:toretsk", false},
	{"вугледар", hardNoun, "settlement:vuhledar", false},
	{"угледар", hardNoun, "settlement:vuhledar", false},
	{"волновах", "а и у ою", "settlement:volnovakha", false},
	{"дебальцев", "е ого ому ім о", "settlement:debaltseve", false},
	{"єнакієв", "е ого ому ім", "settlement:yenakiieve", false},
	{"енакиев", "о", "settlement:yenakiieve", false},
	{"євпаторі", "я ї ю єю", "settlement:yevpatoriia", false},
	{"евпатори", "я и ю ей", "settlement:yevpatoriia", false},
	{"феодосі", "я ї ю єю", "settlement:feodosiia", false},
	{"феодоси", "я и ю ей", "settlement:feodosiia", false},
	{"джанко", "й я ю єм ї ем е", "settlement:dzhankoi", false},
	{"армянськ", hardNoun, "settlement:armiansk", false},
	{"армянск", hardNoun, "settlement:armiansk", false},
	{"щаст", "я ю ям і ье ья", "settlement:shchastia", false},
}

// novaTargets are the settlements whose name, after "Нова" or "Новая" in
// any case, is another town's: Нова Каховка is not Каховка.
var novaTargets = map[string]string{
	"settlement:kakhovka": "settlement:nova-kakhovka",
}

// capitalOnly lists the targets whose Cyrillic forms are also common
// words ("щастя", happiness): they link only when capitalised.
var capitalOnly = map[string]bool{
	"settlement:shchastia": true,
}

// cyrillicIndex maps the first letter of a stem to its forms, so that a word
// is compared only with the stems it can start.
type cyrillicIndex map[rune][]cyrillicForm

func newCyrillicIndex() cyrillicIndex {
	idx := cyrillicIndex{}
	// Adjectives before nouns: "Донецька область" is the region, though
	// "Донецька" alone is the city's genitive.
	for _, oblast := range []bool{true, false} {
		for _, f := range cyrillicForms {
			if f.oblast == oblast {
				r, _ := utf8.DecodeRuneInString(f.stem)
				idx[r] = append(idx[r], f)
			}
		}
	}
	return idx
}

// isCyrillic reports whether a word starts with a Cyrillic letter.
func isCyrillic(word string) bool {
	r, _ := utf8.DecodeRuneInString(word)
	return unicode.Is(unicode.Cyrillic, r)
}

// cyrillic returns the mention a Cyrillic word at text[start:end] makes, if
// it is a declined form of a known name; the mention may run on over
// "область" after an adjective.
func (l *Linker) cyrillic(text string, start, end int) (Mention, bool) {
	w := strings.ToLower(gazetteer.NormalizeWord(text[start:end]))
	r, _ := utf8.DecodeRuneInString(w)
	for _, f := range l.cyr[r] {
		rest, ok := strings.CutPrefix(w, f.stem)
		if !ok || !hasEnding(f.endings, rest) {
			continue
		}
		mEnd := end
		if f.oblast {
			e, ok := oblastAfter(text, end)
			if !ok {
				continue
			}
			mEnd = e
		}
		if capitalOnly[f.target] {
			if r, _ := utf8.DecodeRuneInString(text[start:end]); !unicode.IsUpper(r) {
				continue
			}
		}
		target, mStart := f.target, start
		if nova, ok := novaTargets[target]; ok {
			if s, ok := novaBefore(text, start); ok {
				target, mStart = nova, s
			}
		}
		m, ok := l.target(target)
		if !ok {
			continue
		}
		if m.Kind == gazetteer.KindRegion {
			m.Kind = gazetteer.KindVariant
		}
		m.Start, m.End, m.Text = mStart, mEnd, text[mStart:mEnd]
		return m, true
	}
	return Mention{}, false
}

// novaBefore reports whether the word before text[start:] is "Нова" or
// "Новая" in any case, with only white space between, and where it starts.
func novaBefore(text string, start int) (int, bool) {
	i := start
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:i])
		if !unicode.IsSpace(r) {
			break
		}
		i -= n
	}
	if i == start {
		return 0, false
	}
	j := i
	for j > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:j])
		if !unicode.IsLetter(r) {
			break
		}
		j -= n
	}
	w := strings.ToLower(text[j:i])
	rest, ok := strings.CutPrefix(w, "нов")
	if !ok || !hasEnding("а ої ій у ою ая ой ую", rest) {
		return 0, false
	}
	return j, true
}

func hasEnding(endings, rest string) bool {
	for _, e := range strings.Fields(endings) {
		if e == "-" && rest == "" || e == rest {
			return true
		}
	}
	return false
}

// oblastAfter reports whether "область" (any case), "обл." or "народна
// республіка" follows text[end:] after white space, and where it ends.
func oblastAfter(text string, end int) (int, bool) {
	w, j, ok := wordAfter(text, end)
	switch {
	case !ok:
	case strings.HasPrefix(w, "област"):
		return j, true
	case w == "обл" && j < len(text) && text[j] == '.':
		return j + 1, true
	case strings.HasPrefix(w, "народн"):
		// "Донецька народна республіка", "Луганская Народная Республика":
		// the entities Russia set up in 2014, named after the regions
		if w, j, ok := wordAfter(text, j); ok && (strings.HasPrefix(w, "республік") || strings.HasPrefix(w, "республик")) {
			return j, true
		}
	}
	return 0, false
}

// wordAfter returns the word, lowercased, that follows text[end:] after
// white space, and where it ends; false if no space or no word follows.
func wordAfter(text string, end int) (string, int, bool) {
	i := end
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += n
	}
	if i == end || i == len(text) {
		return "", 0, false
	}
	j := gazetteer.WordEnd(text, i)
	return strings.ToLower(text[i:j]), j, true
}

// target makes the mention a cyrillicForm's target names, from the
// gazetteer, so that it links as the Latin name does.
func (l *Linker) target(t string) (Mention, bool) {
	kind, id, _ := strings.Cut(t, ":")
	switch kind {
	case "region":
		if !l.g.IsRegion(id) {
			return Mention{}, false
		}
		return Mention{Kind: gazetteer.KindRegion, Region: id}, true
	case "settlement":
		s, ok := l.g.Settlement(id)
		if !ok {
			return Mention{}, false
		}
		return Mention{Kind: gazetteer.KindSettlement, Place: s.ID, Region: l.g.SettlementRegion(&s)}, true
	case "grouping":
		for _, e := range l.g.Lookup(id) {
			if e.Tail == "" && e.Name != nil && e.Name.Kind == gazetteer.KindGrouping {
				return Mention{Kind: gazetteer.KindGrouping, Region: e.Name.Regions[0], Regions: append([]string(nil), e.Name.Regions...)}, true
			}
		}
	}
	return Mention{}, false
}

// Lowercase names. A name written in lower case ("hands off crimea", a
// slogan or a quote) links when nothing else could be meant: a region's name
// or spelling (not an abbreviation such as DPR, whose lowercase is a
// different word) or a city of at least minLowercasePopulation people,
// outside an address (example.org/crimea-bridge), and not a name that is
// also an ordinary word or a river.
const minLowercasePopulation = 100_000

// ordinaryWords are names of places that are also ordinary English words
// and so never link in lower case, even from a larger gazetteer.
var ordinaryWords = map[string]bool{
	"bar": true, "mars": true, "nova": true, "union": true, "victory": true, "peace": true,
	"happy": true, "star": true, "sunny": true, "may": true, "pioneer": true, "october": true,
	"garden": true, "field": true, "lake": true, "island": true, "port": true, "sea": true,
}

// lowercaseEntries returns, for a word written all in lower case, the
// entries of its capitalised form that may link in lower case.
func (l *Linker) lowercaseEntries(text string, start, end int) []gazetteer.Entry {
	word := text[start:end]
	if isCyrillic(word) || ordinaryWords[word] || inAddress(text, start, end) {
		return nil
	}
	for _, r := range word {
		if unicode.IsUpper(r) {
			return nil
		}
	}
	r, n := utf8.DecodeRuneInString(word)
	entries := l.g.Lookup(string(unicode.ToUpper(r)) + word[n:])
	var out []gazetteer.Entry
	for _, e := range entries {
		if strings.ToUpper(e.Text) == e.Text || riverNamed(e.Text) || cueOnly(e.Text) || ordinaryWords[strings.ToLower(e.Text)] {
			continue // an abbreviation, a river, a place abroad or a word
		}
		if e.Name != nil || e.Settlement != nil && e.Settlement.Population >= minLowercasePopulation {
			out = append(out, e)
		}
	}
	return out
}

// inAddress reports whether text[start:end] is part of a web or e-mail
// address, a path, a handle or a hashtag.
func inAddress(text string, start, end int) bool {
	i, j := start, end
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:i])
		if unicode.IsSpace(r) || strings.ContainsRune(`"'(<[“‘«`, r) {
			break
		}
		i -= n
	}
	for j < len(text) {
		r, n := utf8.DecodeRuneInString(text[j:])
		if unicode.IsSpace(r) || strings.ContainsRune(`"')>]”’»`, r) {
			break
		}
		j += n
	}
	token := strings.TrimRight(text[i:j], ".,;:!?")
	if strings.ContainsAny(token, "/@#_\\") {
		return true
	}
	// a dot between letters: crimea.example.org, news.kherson
	for k := 1; k+1 < len(token); k++ {
		if token[k] == '.' && isLetterByte(token[k-1]) && isLetterByte(token[k+1]) {
			return true
		}
	}
	return false
}

func isLetterByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}
