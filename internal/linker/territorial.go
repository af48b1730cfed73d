package linker

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The territorial class. A passage is territorial when it is about the
// territorial question: the future of the land Russia claims or holds (who
// keeps it, whether it is ceded, exchanged, frozen along a line, returned),
// its status (occupied, annexed, recognised, written into a constitution,
// inside or outside guaranteed borders), or its share of the country. A
// refusal is as territorial as an offer: "Kyiv will not cede land" is about
// the question, so negation never turns a passage off. Reports of a village
// captured, of shelling near the front, or of what occupation authorities do
// in a town are not territorial: they are about a place or the fighting, not
// about the land's future or status.
//
// The classifier reads lemmas, not surface words, so that "gave up", "giving
// up" and "given up" are one verb, and pairs concepts within a sentence in
// either order, so that passives ("land seized by force") and objects several
// words after their verb ("freeze, at least for now, the existing line") are
// found. Each rule pairs a concept of action with a concept of land; the
// words of each concept are listed once, in lexicon.

// concept is a set of lemmas with one role in the rules; a lemma may hold
// several.
type concept uint32

const (
	cLand      concept = 1 << iota // land, territory, soil: land as such
	cArea                          // region, province, district, area: land that is also a unit
	cCede                          // giving land away: cede, hand over, swap, trade
	cTake                          // taking or keeping land: seize, conquer, keep
	cDemand                        // wanting: demand, insist, expect
	cWithdraw                      // leaving: withdraw, pull out, leave
	cFreeze                        // freeze, lock, cement
	cFront                         // front, line, positions, conflict
	cBorder                        // border, frontier, boundary
	cBorderCue                     // what makes borders a question: constitution, guarantee, redraw
	cStatus                        // words territorial on their own: annex, partition
	cOccupy                        // occupy, occupation, occupier
	cTopic                         // question, future, status, fate of the land
	cNow                           // current, existing, present (line)
	cChange                        // change, alter, redraw
	cNamed                         // the names of the claimed land: Crimea, Donbas
	cRecognise                     // recognise, legitimise
	cRussia                        // Russia, Russian, Moscow
)

// lexicon maps each lemma to its concepts.
var lexicon = func() map[string]concept {
	m := map[string]concept{}
	add := func(c concept, words string) {
		for _, w := range strings.Fields(words) {
			m[w] |= c
		}
	}
	add(cLand, "land territory soil")
	add(cNamed, "crimea donbas donbass donetsk luhansk zaporizhzhia kherson peninsula")
	add(cArea, "region province oblast district area east south regions")
	add(cCede, "cede cession concede concession give hand handover surrender relinquish abandon yield forfeit renounce swap trade exchange sign sell transfer gift")
	add(cTake, "seize seizure capture take grab conquer conquest gain lose loss retake recapture liberate liberation keep retain hold")
	add(cDemand, "demand insist want require expect seek ask condition ultimatum")
	add(cWithdraw, "withdraw withdrawal leave pull retreat vacate")
	add(cFreeze, "freeze lock cement")
	add(cFront, "front frontline line position conflict war fighting contact")
	add(cBorder, "border frontier boundary")
	add(cBorderCue, "constitution constitutional guarantee recognise recognition inviolable inviolability redraw alter change revise negotiate undefined define internationally force")
	add(cStatus, "annex annexation partition conquer conquest cession demarcation")
	add(cOccupy, "occupy occupation occupier occupant")
	add(cTopic, "question issue dispute status future fate compromise deal sovereignty integrity claim")
	add(cNow, "current existing present")
	add(cChange, "change alter redraw revise")
	add(cRecognise, "recognise recognition legitimise legitimize")
	add(cRussia, "russia russian moscow kremlin")
	return m
}()

// irregular maps inflected forms the suffix rules cannot undo to their lemma.
var irregular = map[string]string{
	"gave": "give", "given": "give", "took": "take", "taken": "take",
	"froze": "freeze", "frozen": "freeze", "lost": "lose", "held": "hold",
	"kept": "keep", "left": "leave", "withdrew": "withdraw", "withdrawn": "withdraw",
	"sold": "sell", "redrawn": "redraw", "redrew": "redraw", "lands": "land",
	"recognize": "recognise", "recognized": "recognise", "recognizes": "recognise",
	"recognizing": "recognise", "recognition": "recognition", "territories": "territory",
	"front-line": "frontline", "front-lines": "frontline", "frontlines": "frontline",
	"occupiers": "occupier", "occupants": "occupant", "seized": "seize",
}

// lemma returns the lemma of a lowercased word: the first of its possible
// stems that the lexicon knows, or the word itself.
func lemma(w string) string {
	if l, ok := irregular[w]; ok {
		return l
	}
	if _, ok := lexicon[w]; ok {
		return w
	}
	for _, c := range stems(w) {
		if _, ok := lexicon[c]; ok {
			return c
		}
	}
	return w
}

// stems lists the stems a regular English inflection could have come from:
// ceded → cede, ceding → cede, swapped → swap, occupies → occupy.
func stems(w string) []string {
	var out []string
	try := func(suffix, repl string) {
		if s, ok := strings.CutSuffix(w, suffix); ok && len(s) >= 2 {
			out = append(out, s+repl)
			// a doubled consonant: swapped → swapp → swap
			if n := len(s); repl == "" && n >= 3 && s[n-1] == s[n-2] && !strings.ContainsRune("aeious", rune(s[n-1])) {
				out = append(out, s[:n-1])
			}
		}
	}
	try("ies", "y")
	try("ied", "y")
	try("ying", "y")
	try("es", "")
	try("s", "")
	try("ed", "")
	try("d", "")
	try("ing", "")
	try("ing", "e")
	return out
}

// token is one word of a passage.
type token struct {
	word, lemma string
	c           concept
	sent        int // sentence number
}

// tokens cuts a lowercased passage into words with their lemmas and
// concepts, numbering sentences. Quotes, apostrophes and dashes between
// letters stay in the word ("front-line"); a possessive 's is dropped.
func tokens(lower string) []token {
	var out []token
	sent := 0
	for i := 0; i < len(lower); {
		r, n := utf8.DecodeRuneInString(lower[i:])
		if r == '.' || r == '!' || r == '?' || r == ';' {
			sent++
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			i += n
			continue
		}
		j := i
		for j < len(lower) {
			r, n := utf8.DecodeRuneInString(lower[j:])
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				j += n
				continue
			}
			if (r == '-' || r == '\'') && j+n < len(lower) {
				next, _ := utf8.DecodeRuneInString(lower[j+n:])
				if unicode.IsLetter(next) {
					j += n
					continue
				}
			}
			break
		}
		w := strings.TrimSuffix(lower[i:j], "'s")
		l := lemma(w)
		out = append(out, token{word: w, lemma: l, c: lexicon[l], sent: sent})
		i = j
	}
	return out
}

// rule pairs two concepts within a window of words in one sentence, in
// either order unless ordered is set (then a comes first).
type rule struct {
	why     string
	a, b    concept
	window  int
	ordered bool
}

// rules are the paired concepts that make a passage territorial.
var rules = []rule{
	// "cede land", "the regions would be handed over", "trading territory"
	{"ceding or exchanging land", cCede, cLand | cArea | cNamed, 6, false},
	// "seized territory", "land taken by force", "keep what it conquered"
	// (conquer is a status word too); not "captured a village".
	{"taking or keeping land", cTake, cLand, 5, false},
	// "Moscow demands the rest of the region", "insists on the handover"
	{"demanding land", cDemand, cLand | cArea | cNamed, 8, false},
	// "leave the territories", "pull its troops back from the region"
	{"withdrawal from land", cWithdraw, cLand | cArea | cNamed, 8, false},
	// "freeze, at least for now, the existing line", "a frozen conflict"
	{"freezing the front", cFreeze, cFront, 8, false},
	// "the current front line", "the existing line of contact"
	{"freezing the front", cNow, cFront, 2, true},
	// "borders written into its constitution", "guarantees ... borders"
	{"borders in question", cBorder, cBorderCue, 10, false},
	// "the question of territory", "the future of the land"
	{"the territorial question", cTopic, cLand, 3, false},
	// "occupied regions", "occupied territory"
	{"occupied land", cOccupy, cLand | cArea, 3, false},
	// "recognise Crimea as Russian", "recognition of Russian sovereignty"
	{"recognition", cRecognise, cRussia | cNamed | cLand, 5, true},
	// "any change to the country's territory", "redraw the map"
	{"changing borders", cChange, cLand, 5, false},
}

// occupationCompanions are the nouns after "occupation" that make it the
// name of an authority doing local business, not the land's status:
// "occupation authorities said water would return".
var occupationCompanions = map[string]bool{
	"authorities": true, "authority": true, "administration": true, "administrations": true,
	"officials": true, "official": true, "government": true, "forces": true, "troops": true,
	"army": true, "regime": true, "police": true, "court": true, "courts": true, "installed": true,
	"-installed": true, "head": true, "leader": true, "leaders": true, "governor": true,
}

// territorialWhy returns why a passage is territorial by its wording, or "".
// lower is the passage lowercased by l.lowercase.
func (l *Linker) territorialWhy(lower string) string {
	ts := tokens(lower)
	for i, t := range ts {
		switch {
		case t.c&cStatus != 0:
			return "status: " + t.word
		case t.word == "territorial" && i+1 < len(ts) && !strings.HasPrefix(ts[i+1].word, "defen") && ts[i+1].word != "waters":
			return "territorial " + ts[i+1].word
		case (t.word == "four" || t.word == "five") && (i+1 < len(ts) && ts[i+1].word == "regions" || i+2 < len(ts) && ts[i+2].word == "regions"):
			// "the four regions", "four partially occupied regions"
			return "the four regions"
		case t.word == "new" && i+1 < len(ts) && ts[i+1].word == "regions":
			return "new regions"
		case t.word == "land-for-peace" || t.word == "land-swap" || strings.HasPrefix(t.word, "territory-swap"):
			return "land swap"
		case t.c&cOccupy != 0 && (i+1 >= len(ts) || !occupationCompanions[ts[i+1].word]):
			// "recognise Russia's occupation", "the occupiers", "occupied
			// Melitopol"; not "occupation authorities".
			return "occupation"
		case strings.HasPrefix(t.word, "russia") && (strings.HasSuffix(t.word, "-held") || strings.HasSuffix(t.word, "-controlled") || strings.HasSuffix(t.word, "-occupied") || strings.HasSuffix(t.word, "-annexed")):
			return "held by Russia: " + t.word
		case t.word == "buffer" || strings.HasPrefix(t.word, "demilitari"):
			if i+1 < len(ts) && strings.HasPrefix(ts[i+1].word, "zone") {
				return "buffer zone"
			}
		case t.word == "part" && i+3 < len(ts) && ts[i+1].word == "of" && ts[i+3].word == "country" && near(ts, i, cCede|cTake|cDemand, 3):
			return "part of the country"
		case t.lemma == "square" && i+1 < len(ts) && (strings.HasPrefix(ts[i+1].word, "kilomet") || ts[i+1].word == "km" || ts[i+1].word == "mile" || ts[i+1].word == "miles"):
			if near(ts, i, cCede|cTake|cDemand, 6) {
				return "square kilometres of land"
			}
		}
	}
	for _, r := range rules {
		for i, t := range ts {
			if t.c&r.a == 0 {
				continue
			}
			lo := i - r.window
			if r.ordered {
				lo = i + 1
			}
			for j := max(0, lo); j <= min(len(ts)-1, i+r.window); j++ {
				if j != i && ts[j].sent == t.sent && ts[j].c&r.b != 0 {
					return r.why + ": " + t.word + " … " + ts[j].word
				}
			}
		}
	}
	return ""
}

// near reports whether a word of concept c stands within window words of
// ts[i] in its sentence.
func near(ts []token, i int, c concept, window int) bool {
	for j := max(0, i-window); j <= min(len(ts)-1, i+window); j++ {
		if j != i && ts[j].sent == ts[i].sent && ts[j].c&c != 0 {
			return true
		}
	}
	return false
}

// isTerritorial reports whether a passage is about the territorial
// question: by its wording, or by a share of Ukraine's or a region's
// territory among its figures. lower is the passage lowercased by
// l.lowercase.
func (l *Linker) isTerritorial(lower string, figures []Figure) bool {
	for _, f := range figures {
		if f.Kind == FigureShareOfUkraine || f.Kind == FigureShareOfRegion {
			return true
		}
	}
	return l.territorialWhy(lower) != ""
}

// lowercase returns text lowercased with every apostrophe turned into ', the
// form the territorial patterns are written for.
func (l *Linker) lowercase(text string) string {
	return l.lower.Replace(strings.ToLower(text))
}
