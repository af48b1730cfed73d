package linker

import (
	"strconv"
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
// the question, so negation never turns a passage off. Battlefield reports (a
// village captured, shelling near the front, troops pulling back from a town)
// and local news (what occupation authorities do in a town, life in an
// occupied village) are not territorial: they are about a place or the
// fighting, not about the land's future or status.
//
// The classifier reads lemmas, not surface words, so that "gave up", "giving
// up" and "given up" are one verb; it joins a verb to its particle a few
// words on ("hand them over", "sign away"), so that "hand over" is not "hand
// out". It pairs concepts in either order, so that passives ("land seized by
// force") are found, and counts the distance between them in content words,
// skipping articles, prepositions and auxiliaries, so that an object several
// words after its verb ("pull its troops out of the parts of the east") is
// found too. Each rule pairs a concept of action with a concept of land; the
// words of each concept are listed once, in lexicon.
//
// What the rules tell apart, and why:
//   - the land itself (land, territory, the east, the provinces) goes with
//     verbs of taking, giving, demanding and leaving; a settlement noun
//     (village, town) goes only with giving ("hand over those towns"), since
//     a village taken is a battlefield report;
//   - "occupied" is territorial with the land ("occupied territories", "the
//     occupation of the south"), not with a town, a village or an authority;
//   - a border is territorial with what puts it in question (a constitution,
//     a guarantee, force, recognition, a line that might become one), not at
//     a crossing or a checkpoint;
//   - a freeze is territorial with the front, the conflict or the gains, not
//     with assets or hiring.

// concept is a set of lemmas with one role in the rules; a lemma may hold
// several.
type concept uint64

const (
	cLand         concept = 1 << iota // land, territory, soil: land as such
	cArea                             // region, province, district, the east: land that is also a unit
	cAreaWeak                         // area, areas, parts: land only when occupied
	cPlace                            // village, town, city: land only when given away or claimed
	cNamed                            // the names of the claimed land: Crimea, Donbas
	cCede                             // giving land away: cede, swap, trade, give, hand
	cStrong                           // giving away with a particle or by name: hand over, give away, cede
	cTake                             // taking or holding land: seize, conquer, hold, control
	cKeep                             // keeping what was taken: keep, retain
	cLoss                             // lose, loss
	cDemand                           // wanting: demand, insist, expect
	cClaim                            // claim
	cWithdraw                         // leaving: withdraw, pull out, leave
	cFreeze                           // freeze, lock in, cement
	cLine                             // the line between the armies: front, line, contact
	cWar                              // conflict, war, fighting
	cBorder                           // border, frontier, boundary
	cBorderCue                        // what makes borders a question: constitution, guarantee, redraw
	cStatus                           // words territorial on their own: annexation, partition
	cOccupy                           // occupy, occupation, occupier
	cTopic                            // question, future, status, fate of the land
	cNow                              // current, existing, present (line)
	cChange                           // change, alter, redraw
	cRecognise                        // recognise, legitimise
	cRussia                           // Russia, Russian, Moscow
	cGains                            // gains, conquests: what was taken, as a noun
	cGuarantee                        // guarantee
	cBelong                           // belong
	cFraction                         // fifth, quarter, percent
	cCountry                          // country, Ukraine
	cConstitution                     // constitution
	cAccept                           // accept, concede (a loss)
	cAbsorb                           // absorb, incorporate (into Russia)
	cCedeAlone                        // cede, sign away: territorial without an object
	cLineWord                         // line, lines: what might become a border
	cMove                             // move, shift (a border)
	cOurs                             // ours, theirs: whose land
	cDivide                           // divided, partitioned (a country)
)

// lexicon maps each lemma to its concepts.
var lexicon = func() map[string]concept {
	m := map[string]concept{}
	add := func(c concept, words string) {
		for _, w := range strings.Fields(words) {
			m[w] |= c
		}
	}
	add(cLand, "land territory soil acre inch")
	add(cNamed, "crimea donbas donbass donetsk luhansk zaporizhzhia kherson peninsula")
	add(cArea, "region province oblast district east south regions provinces oblasts districts")
	add(cAreaWeak, "area areas part parts ground")
	add(cPlace, "village town city villages towns cities home homes")
	add(cCede, "cede cession concede concession surrender relinquish abandon yield forfeit renounce swap trade exchange transfer gift sell give hand")
	add(cStrong, "cede cession surrender relinquish forfeit renounce")
	add(cTake, "seize seizure capture take grab conquer conquest gain lose loss retake recapture liberate liberation keep retain hold control")
	add(cKeep, "keep retain")
	add(cLoss, "lose loss")
	add(cDemand, "demand insist want require seek condition ultimatum")
	add(cClaim, "claim")
	add(cWithdraw, "withdraw withdrawal leave retreat vacate gone")
	add(cFreeze, "freeze cement armistice")
	add(cLine, "front frontline line lines contact positions trenches")
	add(cLineWord, "line lines")
	add(cMove, "move shift")
	add(cWar, "conflict war fighting")
	add(cBorder, "border frontier boundary")
	add(cBorderCue, "constitution constitutional guarantee recognise recognition inviolable inviolability redraw alter change revise negotiate undefined define internationally force 1991 eventual final future map draw")
	add(cStatus, "annexation partition conquest cession demarcation")
	add(cOccupy, "occupy occupation occupier occupant")
	add(cTopic, "question issue dispute status future fate compromise deal sovereignty integrity")
	add(cNow, "current existing present today")
	add(cChange, "change alter redraw revise")
	add(cRecognise, "recognise recognition legitimise legitimize legitimate legitimacy legalise")
	add(cRussia, "russia russian moscow kremlin")
	add(cGains, "gains conquests")
	add(cGuarantee, "guarantee")
	add(cBelong, "belong")
	add(cOurs, "ours theirs")
	add(cDivide, "divided partitioned")
	add(cFraction, "fifth quarter third tenth half percent cent")
	add(cCountry, "country ukraine")
	add(cConstitution, "constitution constitutional")
	add(cAccept, "accept")
	add(cAbsorb, "absorb incorporate annex")
	add(cCedeAlone, "cede")
	return m
}()

// phrasal maps a verb and the particle that may follow it, a word or two
// on, to the lemma of the whole: "handed them over" is hand_over.
var phrasal = map[string]map[string]string{
	"give":    {"up": "give_up", "away": "give_away", "back": "give_back", "over": "hand_over"},
	"hand":    {"over": "hand_over", "out": "hand_out", "back": "give_back"},
	"sign":    {"away": "sign_away", "over": "hand_over"},
	"trade":   {"away": "sign_away"},
	"bargain": {"away": "sign_away", "off": "sign_away"},
	"pull":    {"out": "pull_out", "back": "pull_out"},
	"lock":    {"in": "lock_in"},
	"carve":   {"up": "carve_up"},
	"part":    {"with": "give_up"},
	"win":     {"back": "take_back"},
	"take":    {"back": "take_back"},
	"press":   {"for": "press_for"},
	"ask":     {"for": "press_for"},
}

// phrasalConcepts are the concepts of the phrasal lemmas.
var phrasalConcepts = map[string]concept{
	"give_up":   cCede | cStrong,
	"give_away": cCede | cStrong,
	"give_back": cCede | cStrong,
	"hand_over": cCede | cStrong,
	"sign_away": cCede | cStrong | cCedeAlone,
	"pull_out":  cWithdraw,
	"lock_in":   cFreeze,
	"carve_up":  cStatus,
	"take_back": cTake,
	"press_for": cDemand,
	"hand_out":  0,
}

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
	"landing": "landing", "landed": "landed", "landings": "landings",
	"won": "win", "drawn": "draw", "drew": "draw", "annexes": "annex", "annexing": "annex", "annexed": "annex",
	"guaranteed": "guarantee", "guarantees": "guarantee", "guaranteeing": "guarantee",
	"legalize": "legalise", "legalized": "legalise", "legalised": "legalise",
	"regions": "regions", "provinces": "provinces", "oblasts": "oblasts", "districts": "districts",
	"villages": "villages", "towns": "towns", "cities": "cities", "homes": "homes",
	"gains": "gains", "conquests": "conquests", "areas": "areas", "parts": "parts",
	"lines": "lines", "positions": "positions", "trenches": "trenches", "today": "today",
}

// stopwords are skipped when the rules measure the distance between two
// words: articles, pronouns, prepositions, auxiliaries and the like.
var stopwords = wordSet(`a an the of to in on at for by with from into onto over under about
		and or but nor if as than then so that this these those there here which who whom whose what when where while
		it its it's they them their theirs he him his she her we us our ours you your i me my
		is are was were be been being am would will could should may might can must shall has have had do does did
		not no never any some all each every only also just still even yet more most much many such other own
		would've won't can't don't didn't isn't aren't wasn't weren't`)

// wordSet is the set of the space-separated words of s.
func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
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
	if _, ok := phrasal[w]; ok {
		return w
	}
	for _, c := range stems(w) {
		if _, ok := lexicon[c]; ok {
			return c
		}
		if _, ok := phrasal[c]; ok {
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
	sent        int  // sentence number
	at          int  // content-word position: stopwords share their predecessor's
	poss        bool // the word carried a possessive 's
	last        bool // punctuation or the end of the passage follows the word
}

// tokens cuts a lowercased passage into words with their lemmas and
// concepts, numbering sentences and content words, and joining phrasal
// verbs to their particles. Quotes, apostrophes and dashes between letters
// stay in the word ("front-line"); a possessive 's is dropped.
func tokens(lower string) []token {
	var out []token
	sent, at := 0, 0
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
			// a decimal or thousands separator: 15.5, 113,000
			if (r == '.' || r == ',') && j > i && j+n < len(lower) {
				next, _ := utf8.DecodeRuneInString(lower[j+n:])
				prev, _ := utf8.DecodeLastRuneInString(lower[:j])
				if unicode.IsDigit(next) && unicode.IsDigit(prev) {
					j += n
					continue
				}
			}
			break
		}
		w, poss := strings.CutSuffix(lower[i:j], "'s")
		if !stopwords[w] {
			at++
		}
		l := lemma(w)
		last := j == len(lower)
		if !last {
			r, _ := utf8.DecodeRuneInString(lower[j:])
			last = unicode.IsPunct(r) && r != '\'' && r != '-'
		}
		out = append(out, token{word: w, lemma: l, c: lexicon[l], sent: sent, at: at, poss: poss, last: last})
		i = j
	}
	joinPhrasal(out)
	blockModifiers(out)
	return out
}

// joinPhrasal gives a verb followed, within two words of its sentence, by
// its particle the concepts of the phrasal verb: "hand them over".
func joinPhrasal(ts []token) {
	for i := range ts {
		ps, ok := phrasal[ts[i].lemma]
		if !ok {
			continue
		}
		for j := i + 1; j <= i+3 && j < len(ts) && ts[j].sent == ts[i].sent; j++ {
			if p, ok := ps[ts[j].word]; ok {
				ts[i].lemma = p
				ts[i].c = phrasalConcepts[p]
				break
			}
		}
	}
}

// blockModifiers takes the concepts from words whose neighbours give them
// another sense: agricultural land and a land registry are property, a
// border crossing or border guards are a checkpoint, "the annex to the
// draft" is a document, occupation authorities are an administration, and
// an annexed city is where local news happens.
func blockModifiers(ts []token) {
	prev := func(i int) string {
		if i > 0 {
			return ts[i-1].word
		}
		return ""
	}
	next := func(i int) string {
		if i+1 < len(ts) {
			return ts[i+1].word
		}
		return ""
	}
	for i := range ts {
		t := &ts[i]
		switch {
		case t.c&cLand != 0 && (propertyBefore[prev(i)] || propertyAfter[next(i)]):
			t.c &^= cLand
		case t.c&cBorder != 0 && (checkpointAfter[next(i)] || strings.HasPrefix(prev(i), "cross")):
			t.c &^= cBorder
		case t.word == "annex" && (prev(i) == "the" || prev(i) == "an" || prev(i) == "this"):
			t.c = 0
		case t.c&cOccupy != 0 && occupationCompanions[next(i)]:
			t.c &^= cOccupy
		case t.c&cFreeze != 0 && frozenMoney[next(i)]:
			// "frozen assets", "the frozen reserves of its central bank"
			t.c &^= cFreeze
		case t.c&cKeep != 0 && strings.HasSuffix(next(i), "ing") && !pronounsIng[next(i)]:
			// "forces keep advancing", "talks keep failing": going on, not
			// holding land; not "keep everything it has seized"
			t.c &^= cKeep | cTake
		case t.lemma == "territory" && figurativeTerritory[prev(i)]:
			// "unfamiliar territory", "keeps us in familiar territory": the idiom
			t.c &^= cLand
		case t.c&cLand != 0 && (prev(i) == "russian" || prev(i) == "russia" && ts[i-1].poss):
			// "Ukrainian troops held a slice of Russian territory": Kursk,
			// not the land in question
			t.c &^= cLand
		case t.lemma == "claim" && (claimsFiled[prev(i)] || claimsFiled[next(i)] || isNumber(prev(i))):
			// "40,000 claims for destroyed homes", "compensation claims":
			// claims for damages, not to land
			t.c &^= cClaim
		case t.lemma == "take" && takesIdiom(ts, i):
			// "took Russian passports to keep their pensions", "take part"
			t.c &^= cTake
		case t.word == "ground" && (groundAfter[next(i)] || prev(i) == "the" && i > 1 && ts[i-2].word == "on"):
			// "a ground assault", "ground forces", "the wounded on the
			// ground": not ground handed over
			t.c &^= cAreaWeak
		case t.lemma == "press_for" && (pressNoun[prev(i)] || pressedForTime(ts, i)):
			// "troops have pressed for months": pushing on, not demanding
			t.c &^= cDemand
		case t.word == "losses" && next(i) != "of":
			// "willing to accept heavy losses": casualties; not "the losses
			// of land"
			t.c &^= cLoss | cTake
		case t.word == "left" && sidesAfter[next(i)]:
			// "the occupied left bank", "the left flank"
			t.c &^= cWithdraw
		case t.word == "leave" && leaveBefore[prev(i)]:
			// "home on leave", "sick leave": the noun
			t.c &^= cWithdraw
		case t.c&cAbsorb != 0 && absorbsCost(ts, i):
			// "pressure the Kremlin cannot absorb", "absorb the losses"
			t.c &^= cAbsorb
		case t.word == "gone" && goneElsewhere[next(i)]:
			// "prices have gone up", "new trenches have gone in",
			// "requests had gone unanswered"; not "troops gone from the land"
			t.c &^= cWithdraw
		case t.word == "inch" && movesAfter[next(i)]:
			// "troops inch forward": the pace of an advance, not land
			t.c &^= cLand
		case t.c&cAreaWeak != 0 && prev(i) == "as" && t.word == "part":
			// "as part of the next exchange"
			t.c &^= cAreaWeak
		case (t.lemma == "exchange" || t.lemma == "swap") && peopleExchanged(ts, i):
			// a prisoner exchange, "an exchange of bodies", "prisoners
			// of war crossed the border during an exchange"
			t.c &^= cCede
		case t.lemma == "give_up" && next(i) == "up" && next(i+1) == "on":
			// "will never give up on bringing them home": persisting, not ceding
			t.c &^= cCede | cStrong
		case t.lemma == "annex" && i+1 < len(ts) && ts[i+1].c&cPlace != 0:
			// "the annexed city's school": the setting of local news, as
			// "the occupied town" is
			t.c, t.lemma = 0, t.word
		}
	}
}

// frozenMoney are the nouns after "frozen" that make it money, not a front.
var frozenMoney = wordSet("assets reserves funds accounts deposits money")

// territorialOther are the nouns after "territorial" that name something
// other than the territorial question: "territorial waters", the EU's
// "territorial sanctions" on occupied land, Ukraine's "territorial
// communities" (hromadas), "territorial recruitment centres".
var territorialOther = wordSet(`waters sanctions data communities community hromada hromadas recruitment centres centre
	centers center units unit army command`)

// figurativeTerritory are the words before "territory" that make it the
// idiom.
var figurativeTerritory = wordSet("familiar unfamiliar uncharted unknown")

// claimsFiled are the words beside "claims" that make them claims for
// damages.
var claimsFiled = wordSet(`compensation damage damages insurance legal property commission worth against filed
	register court pending`)

// takesIdiom reports whether the take at ts[i] has one of takenThings for
// its object, within two words: "took Russian passports", "take part";
// not "took part of the land".
func takesIdiom(ts []token, i int) bool {
	for j := i + 1; j <= i+2 && j < len(ts); j++ {
		if takenThings[ts[j].word] {
			return ts[j].word != "part" || j+1 >= len(ts) || ts[j+1].word != "of"
		}
	}
	return false
}

// takenThings are the objects that make "take" an idiom, not a seizure of
// land: "took Russian passports", "take part", "took shelter".
var takenThings = wordSet(`passport passports part place shelter refuge office care time steps photos pictures notes
	questions citizenship`)

// beforePart reports whether "part" at ts[i] follows a verb of being,
// across "a", "ever", "still", "again", "no longer" and the like: "is part
// of Ukraine", "will remain a part of Ukraine".
func beforePart(ts []token, i int) bool {
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		switch ts[j].word {
		case "a", "ever", "still", "again", "no", "longer", "always", "not", "never", "once", "forever":
			continue
		case "is", "was", "be", "been", "being", "are", "were", "remain", "remains", "remained", "stay", "stays", "become", "becomes", "became":
			return true
		}
		return false
	}
	return false
}

// groundAfter are the words after "ground" that make it an adjective of
// war, not land.
var groundAfter = wordSet(`assault assaults offensive forces troops operation operations war attack attacks fighting
	combat invasion`)

// pressNoun are the words before "press" that make it the noun: "told the
// press for the first time".
var pressNoun = wordSet("the a free foreign local international western russian ukrainian")

// pressedForTime reports whether the "for" after the press or ask at ts[i]
// takes a length of time: "pressed for months", "asked for two weeks",
// "pressed for the past two months".
func pressedForTime(ts []token, i int) bool {
	for j := i + 1; j <= i+3 && j+1 < len(ts); j++ {
		if ts[j].word != "for" {
			continue
		}
		for k := j + 1; k < len(ts) && k <= j+4; k++ {
			if !timeCounts[ts[k].word] && !isNumber(ts[k].word) {
				return durations[ts[k].word]
			}
		}
		return false
	}
	return false
}

// durations are the words of a length of time, and timeCounts those that
// may stand before them.
var (
	durations  = wordSet("months month weeks week days day years year hours hour time long decades")
	timeCounts = wordSet("a an the two three several some many few past last next coming")
)

// pronounsIng are words in -ing after "keep" that are its object.
var pronounsIng = wordSet("everything anything nothing something")

// sidesAfter are the words after "left" that make it a side, not leaving.
var sidesAfter = wordSet("bank banks flank side hand wing shore")

// leaveBefore are the words before "leave" that make it the noun.
var leaveBefore = wordSet("on sick annual maternity paternity unpaid his her their my of home")

// absorbedCosts are what a country absorbs when it is not land.
var absorbedCosts = wordSet(`pressure cost costs losses loss shock shocks blow blows sanctions hit impact price prices
	damage strain casualties refugees`)

// absorbsCost reports whether the absorb at ts[i] takes a cost: as its
// object ("absorb the losses") or before it in its clause ("pressure the
// Kremlin cannot absorb"), with no land between.
func absorbsCost(ts []token, i int) bool {
	for j := i + 1; j < len(ts) && j <= i+3 && ts[j].sent == ts[i].sent; j++ {
		if !stopwords[ts[j].word] {
			if absorbedCosts[ts[j].word] {
				return true
			}
			break
		}
	}
	for j := i - 1; j >= max(0, i-5) && ts[j].sent == ts[i].sent; j-- {
		if ts[j].c&(cLand|cNamed|cArea|cAreaWeak|cPlace) != 0 {
			return false
		}
		if absorbedCosts[ts[j].word] {
			return true
		}
	}
	return false
}

// goneElsewhere are the words after "gone" that make it another verb than
// leaving.
var goneElsewhere = wordSet("up down in into on through unanswered unpaid missing ahead off over quiet dark")

// movesAfter are the words after "inch" that make it a verb of slow advance.
var movesAfter = wordSet("forward closer toward towards ahead along nearer")

// exchangeOf are the words that make an exchange one of people.
var exchangeOf = wordSet(`prisoner prisoners pow bodies body captives detainees civilians soldiers all-for-all`)

// peopleExchanged reports whether the sentence of an exchange at ts[i]
// says it is of people, and not also of land.
func peopleExchanged(ts []token, i int) bool {
	people := false
	for _, u := range ts {
		if u.sent != ts[i].sent {
			continue
		}
		if u.c&(cLand|cNamed|cGains) != 0 {
			return false
		}
		people = people || exchangeOf[u.word]
	}
	return people
}

// propertyBefore and propertyAfter are the words that make land property
// rather than territory: "agricultural land", "land registry".
var propertyBefore = wordSet("agricultural arable farm private state-owned public building vacant cultivated")
var propertyAfter = wordSet(`sale sales owner owners ownership registry register reform market plot plots tax lease
	leases mines mine`)

// checkpointAfter are the nouns after "border" that make it a place of
// passage or a district near it, not the line in question: "border
// crossing", "border guards", "border villages".
var checkpointAfter = wordSet(`crossing crossings guard guards service post posts checkpoint checkpoints police region
	regions area areas village villages town towns troops control controls queue queues`)

// occupationCompanions are the nouns after "occupation" that make it the
// name of an authority doing local business, not the land's status:
// "occupation authorities said water would return".
var occupationCompanions = wordSet(`authorities authority administration administrations officials official government forces
	troops army regime police court courts installed -installed head leader leaders governor`)

// scope is how far a rule looks for its second word.
type scope int

const (
	inSentence scope = iota // in the same sentence
	inPassage               // anywhere in the passage
)

// rule pairs two concepts within a window of content words, in either
// order unless ordered is set (then a comes first).
type rule struct {
	why     string
	a, b    concept
	window  int
	ordered bool
	scope   scope
}

// rules are the paired concepts that make a passage territorial.
var rules = []rule{
	// "cede land", "the regions would be handed over", "trading territory"
	{"ceding or exchanging land", cCede, cLand | cArea | cNamed | cGains, 6, false, inSentence},
	// "give away a single village", "hand over those towns"
	{"giving places away", cStrong, cPlace | cAreaWeak, 5, false, inSentence},
	// "Kyiv ceded nothing": cede and its kin need no object
	{"ceding", cCedeAlone, 0, 0, false, inSentence},
	// "seized territory", "land taken by force", "control of the land"; not
	// "captured a village"
	{"taking or keeping land", cTake, cLand | cNamed, 5, false, inSentence},
	// "keep what it has seized", "retain its gains"
	{"keeping what was taken", cKeep, cTake | cGains, 4, false, inSentence},
	// "Moscow demands the rest of the region", "wants its gains written in"
	{"demanding land", cDemand, cLand | cArea | cNamed | cGains, 6, false, inSentence},
	// "the land Moscow claims", "every district it claims as Russian"
	{"claiming land", cClaim, cLand | cArea | cNamed | cPlace, 6, false, inSentence},
	// "leave the territories", "pull its troops out of the parts of the east"
	{"withdrawal from land", cWithdraw, cLand | cArea | cNamed, 7, false, inSentence},
	// "freeze the conflict", "locks in the gains", "fighting frozen along the line"
	{"freezing the front", cFreeze, cLine | cWar | cGains | cLand, 8, false, inSentence},
	// "What would a freeze mean? ... the land behind each line"
	{"freezing the front", cFreeze, cLine | cLand, 8, false, inPassage},
	// "the current front line", "the existing line of contact"
	{"freezing the front", cNow, cLine, 2, true, inSentence},
	// "borders written into its constitution", "guarantees ... borders"
	{"borders in question", cBorder, cBorderCue | cRecognise, 10, false, inSentence},
	// "a ceasefire line ... As a border, never"
	{"a line as a border", cBorder, cLineWord, 12, false, inPassage},
	// "borders were moved by tanks"
	{"borders moved", cBorder, cMove, 3, true, inSentence},
	// "the question of territory", "the future of the land"
	{"the territorial question", cTopic, cLand | cNamed, 3, false, inSentence},
	// No rule for "occupied regions" alone: as often as not the passage is
	// about life under occupation (pensions, passports, schools), which is
	// not the territorial question; the model weighs the words around it.
	// Written by three writers who had not seen the rules, 7 of the 16
	// passages the rule found were not territorial.
	// "recognise Crimea as Russian", "recognition of Russian sovereignty"
	{"recognition", cRecognise, cRussia, 5, true, inSentence},
	// "land taken by force would not be recognised", "made legitimate"
	{"recognition", cRecognise, cNamed | cLand | cGains | cLine | cStatus | cOccupy | cTake | cAbsorb, 6, false, inSentence},
	// "any change to the country's territory", "redraw the map"
	{"changing borders", cChange, cLand, 5, false, inSentence},
	// "belongs to another country", "belongs to Moscow"
	{"whose land", cBelong, cRussia | cCountry | cLand, 3, true, inSentence},
	// "the land is ours", "theirs is the land"
	{"whose land", cOurs, cLand, 3, false, inSentence},
	// "a divided Ukraine"; not "divides the country" (over a question)
	{"partition", cDivide, cCountry, 1, true, inSentence},
	// "would the south be divided along the river"
	{"partition", cArea | cLand | cNamed, cDivide, 2, true, inSentence},
	// "guarantees would cover only the territory under Kyiv's control"
	{"guarantees and land", cGuarantee, cLand | cLine | cBorder, 10, false, inSentence},
	// "accept the loss of what it cannot win back"
	{"accepting the loss", cAccept, cLoss, 3, true, inSentence},
	// "Russia's constitution names the provinces as its territory"
	{"the constitution and land", cConstitution, cLand | cArea | cNamed | cCede | cBorder, 8, false, inSentence},
	// "absorbed the four provinces into Russia", "annexed the land"
	{"annexation", cAbsorb, cRussia | cLand | cArea | cNamed | cAreaWeak, 5, false, inSentence},
}

// territorialWhy returns why a passage that names no region is territorial
// by its wording, by the rules or else the model, or "". lower is the
// passage lowercased by l.lowercase.
func (l *Linker) territorialWhy(lower string) string {
	m := territorialModel()
	all := tokens(lower)
	why := l.rulesOf(all)
	ts := contentOf(all) // all is filtered in place: the rules have read it
	p := m.probabilityOf(ts)
	// A rule's call stands unless, in a passage long enough for the model
	// to judge, the model finds it plainly about something else: on text
	// by new writers, most false alarms were rules firing on a sense they
	// were not written for ("pressure the Kremlin cannot absorb") in a
	// paragraph whose other words say otherwise.
	if why != "" && m.ruleStands(p, len(ts)) {
		return why
	}
	// What no rule finds, the model may: it has seen wordings the rules
	// were not written for (see model.go).
	if p >= m.Threshold {
		return "model: p=" + strconv.FormatFloat(p, 'f', 2, 64)
	}
	return ""
}

// rulesWhy returns the first rule that finds a passage territorial, or "".
func (l *Linker) rulesWhy(lower string) string {
	return l.rulesOf(tokens(lower))
}

// rulesOf is rulesWhy for a passage already cut into words.
func (l *Linker) rulesOf(ts []token) string {
	word := func(i int) string {
		if i >= 0 && i < len(ts) {
			return ts[i].word
		}
		return ""
	}
	for i, t := range ts {
		switch {
		case t.c&cStatus != 0:
			return "status: " + t.word
		case t.lemma == "annex" && t.c != 0 && t.word != "annex":
			// annexed, annexing, annexes; the bare "annex" may be a document
			return "status: " + t.word
		case t.word == "territorial" && i+1 < len(ts) && !strings.HasPrefix(word(i+1), "defen") && !territorialOther[word(i+1)]:
			return "territorial " + word(i+1)
		case fourRegions[t.word] && (regionNouns[word(i+1)] || regionNouns[word(i+2)]):
			// "the four regions", "four partially occupied regions"
			return "the four regions"
		case t.word == "new" && (regionNouns[word(i+1)] || word(i+1) == "territories"):
			return "new regions"
		case t.word == "land-for-peace" || t.word == "land-swap" || strings.HasPrefix(t.word, "territory-swap"):
			return "land swap"
		case strings.HasPrefix(t.word, "russia") && (strings.HasSuffix(t.word, "-held") || strings.HasSuffix(t.word, "-controlled") || strings.HasSuffix(t.word, "-occupied") || strings.HasSuffix(t.word, "-annexed")):
			return "held by Russia: " + t.word
		case t.word == "buffer" || strings.HasPrefix(t.word, "demilitari"):
			// "a buffer zone", "a demilitarised buffer", "a demilitarised or
			// free economic zone"
			if zoneAfter(ts, i) {
				return "buffer zone"
			}
		case t.word == "part" && word(i+1) == "of" && word(i+3) == "country" && near(ts, i, cCede|cTake|cDemand, 3):
			return "part of the country"
		case t.word == "part" && word(i+1) == "of" && word(i+2) == "russia" && !ts[i+2].poss:
			// "the regions were part of Russia"; not "part of Russia's army"
			return "part of Russia"
		case t.word == "part" && word(i+1) == "of" && word(i+2) == "ukraine" && !ts[i+2].poss && beforePart(ts, i):
			// "whether her town is ever part of Ukraine again"; not "in the
			// southern part of Ukraine"
			return "part of Ukraine"
		case t.word == "status" && near(ts, i, cLand|cArea|cAreaWeak|cNamed|cPlace, 3):
			// "the status of the regions", "the land's status"
			return "status of land"
		case t.word == "russian" && t.last && russianAs(ts, i):
			// "recognise the peninsula as Russian", "my town stays Russian."
			return "land as Russian"
		case t.word == "sovereignty" && (word(i+1) == "over" || ts[max(0, i-1)].c&cRussia != 0 || word(i-2) == "question" || word(i-2) == "issue"):
			return "sovereignty"
		case t.word == "occupation" && ofWhat(ts, i, cArea|cLand|cNamed):
			// "Russia's occupation of the south": the land's status; not
			// "occupied districts", the setting of news about pensions
			return "occupation of land"
		case t.word == "whose" && whoseWhat[word(i+1)] && word(i-1) != "under" && (word(i+1) != "flag" || near(ts, i, cPlace|cLand|cArea|cNamed, 8)):
			// "whose town this is", "whose flag will fly over my town"; not
			// a mission "under whose flag", nor an athlete's "whose flag?"
			return "whose land: whose " + word(i+1)
		case t.word == "how" && word(i+1) == "much" && ofWhat(ts, i+1, cCountry|cLand|cNamed):
			// "how much of Ukraine does Russia claim", "how much of the land"
			return "share of the country: how much of"
		case smallerCountry[t.word] && ts[min(i+1, len(ts)-1)].c&cCountry != 0:
			// "agree to a smaller Ukraine", "a rump state"
			return "a smaller country: " + t.word
		case t.word == "map" && (word(i-1) == "new" || word(i-1) == "redrawn" || word(i-1) == "different"):
			// "would not put his name to a new map"
			return "a new map"
		case t.word == "shape" && word(i+1) == "of" && (shapeOf(ts, i+2) || shapeOf(ts, i+3)):
			// "everything except the shape of our country"
			return "the shape of the country"
		case t.word == "where" && standsWhere(ts, i):
			return "where the armies stand"
		case t.lemma == "square" && (strings.HasPrefix(word(i+1), "kilomet") || word(i+1) == "km" || word(i+1) == "mile" || word(i+1) == "miles"):
			// a held or demanded area; not "took 400 square kilometres", the pace of an advance
			if near(ts, i, cCede|cDemand|cKeep|cOccupy, 6) || nearWord(ts, i, 6, "hold", "control", "occupy") {
				return "square kilometres of land"
			}
		case t.c&cFraction != 0:
			if why := fractionOfCountry(ts, i); why != "" {
				return why
			}
		}
	}
	for _, r := range rules {
		for i, t := range ts {
			if t.c&r.a == 0 {
				continue
			}
			if r.b == 0 {
				return r.why + ": " + t.word
			}
			if t.c&cClaim != 0 && (claimOfCapture(ts, i) || claimLocates(ts, i)) {
				continue
			}
			for j := range ts {
				if j == i || ts[j].c&r.b == 0 || r.ordered && j < i {
					continue
				}
				if r.scope == inSentence && ts[j].sent != t.sent {
					continue
				}
				if d := ts[j].at - t.at; d > r.window || -d > r.window {
					continue
				}
				return r.why + ": " + t.word + " … " + ts[j].word
			}
		}
	}
	return ""
}

// ofWhat reports whether "of" follows ts[i], then a word of the concepts c,
// perhaps after "the": "occupation of (the) south", "how much of Ukraine".
func ofWhat(ts []token, i int, c concept) bool {
	j := i + 1
	if j >= len(ts) || ts[j].word != "of" {
		return false
	}
	j++
	if j < len(ts) && ts[j].word == "the" {
		j++
	}
	return j < len(ts) && ts[j].c&c != 0
}

// smallerCountry are the adjectives of a country made smaller.
var smallerCountry = wordSet("smaller truncated rump diminished shrunken amputated partitioned dismembered")

// mapWords are what has a shape that a settlement changes.
var mapWords = wordSet("country ukraine map borders state territory")

// shapeOf reports whether ts[j] is a map word that is not a possessive:
// "the shape of our country", not "the shape of the country's economy".
func shapeOf(ts []token, j int) bool {
	return j < len(ts) && mapWords[ts[j].word] && !ts[j].poss
}

// fourRegions and regionNouns make "the four regions", "the two provinces".
var fourRegions = wordSet("two three four five")
var regionNouns = wordSet("regions provinces oblasts territories")

// standsWhere reports whether ts[i], "where", begins "where the armies
// (now) stand" or follows a line: "the front where it stands".
func standsWhere(ts []token, i int) bool {
	subject := false
	if i > 0 && ts[i-1].c&cLine != 0 {
		subject = true
	}
	// "the guns will fall silent where they stand"
	for j := max(0, i-6); j < i; j++ {
		if ts[j].sent == ts[i].sent && (ts[j].word == "guns" || ts[j].word == "armies" || ts[j].word == "troops") {
			subject = true
		}
	}
	for j := i + 1; j <= i+4 && j < len(ts); j++ {
		switch w := ts[j].word; w {
		case "armies", "troops", "forces", "front", "line", "lines", "soldiers", "sides", "guns":
			subject = true
		case "stand", "stands", "stood":
			// not "where they stand on the budget"
			return subject && (j+1 >= len(ts) || ts[j+1].word != "on")
		case "are", "were", "is":
			// "where the troops are today", "where the lines now are."
			if subject && (ts[j].last || j+1 < len(ts) && (ts[j+1].c&cNow != 0 || ts[j+1].word == "now")) {
				return true
			}
		}
	}
	return false
}

// russianAs reports whether "Russian" at ts[i], ending its phrase, is said
// of a place: "as Russian", "stays Russian", "considers Russian".
func russianAs(ts []token, i int) bool {
	for j := max(0, i-3); j < i; j++ {
		if ts[j].sent != ts[i].sent {
			continue
		}
		switch ts[j].lemma {
		case "as", "stay", "stays", "remain", "become", "became", "consider", "regard", "declare", "call", "deem", "remains", "becomes", "considers", "regards", "declared", "called", "deemed", "stayed", "remained", "considered", "regarded":
			return true
		}
	}
	return false
}

// whoseWhat are the nouns after "whose" that ask who owns the land.
var whoseWhat = wordSet("town city village country land territory flag state soil sovereignty")

// zoneAfter reports whether the buffer or demilitarised at ts[i] names a
// zone: its noun follows within four words of the sentence.
func zoneAfter(ts []token, i int) bool {
	for j := i + 1; j <= i+4 && j < len(ts) && ts[j].sent == ts[i].sent; j++ {
		switch w := ts[j].word; {
		case strings.HasPrefix(w, "zone"), w == "strip", w == "belt", w == "area", w == "buffer":
			return true
		}
	}
	return false
}

// claimOfCapture reports whether the claim at ts[i] is a claim of a
// battlefield success, not of land: "claimed the capture of", "claimed to
// have taken", "claimed responsibility".
func claimOfCapture(ts []token, i int) bool {
	for j := i + 1; j <= i+4 && j < len(ts); j++ {
		switch {
		case ts[j].c&cTake != 0, ts[j].word == "responsibility", ts[j].word == "victory",
			ts[j].word == "credit", strings.HasPrefix(ts[j].word, "kill"), strings.HasPrefix(ts[j].word, "destroy"),
			strings.HasPrefix(ts[j].word, "shot"), strings.HasPrefix(ts[j].word, "down"):
			return true
		}
	}
	return false
}

// claimLocates reports whether the claim at ts[i] only places something
// inside or outside the claimed land: "the town lies outside the regions
// Moscow claims" is about the town.
func claimLocates(ts []token, i int) bool {
	for j := max(0, i-5); j < i; j++ {
		switch ts[j].word {
		case "outside", "inside", "beyond", "within":
			return ts[j].sent == ts[i].sent
		}
	}
	return false
}

// fractionOfCountry tells "a fifth of the country", "18 percent of its
// territory" from "a fifth of Ukraine's grain exports": the fraction's noun,
// within three words after "of", is the country or its land, and not the
// owner of something else. Without "of" it is not a share: "via a third
// country", "tariffs of 500 percent on countries".
func fractionOfCountry(ts []token, i int) string {
	of := false
	for j := i + 1; j <= i+4 && j < len(ts); j++ {
		t := ts[j]
		if t.word == "of" {
			of = true
			continue
		}
		if !of {
			if t.word == "per" || t.word == "cent" || t.c&cFraction != 0 {
				continue
			}
			return ""
		}
		if t.c&cLand != 0 {
			return "share of the land: " + ts[i].word + " … " + t.word
		}
		if t.c&cCountry != 0 {
			if t.poss && (j+1 >= len(ts) || ts[j+1].c&cLand == 0) {
				return ""
			}
			return "share of the country: " + ts[i].word + " … " + t.word
		}
		if !stopwords[t.word] && t.c&cFraction == 0 && t.word != "per" && t.word != "ukrainian" {
			return ""
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

// nearWord reports whether a word of one of the lemmas stands within window
// words of ts[i] in its sentence.
func nearWord(ts []token, i int, window int, lemmas ...string) bool {
	for j := max(0, i-window); j <= min(len(ts)-1, i+window); j++ {
		if j != i && ts[j].sent == ts[i].sent {
			for _, l := range lemmas {
				if ts[j].lemma == l {
					return true
				}
			}
		}
	}
	return false
}

// isTerritorial reports whether a passage is about the territorial
// question: by its wording, or by a share of Ukraine's or a region's
// territory among its figures. lower is the passage lowercased by
// l.lowercase; named tells whether it names a region. The model reads only
// passages that name no region: it was trained on those alone (where the
// class is all that links a passage), and on a passage about a named
// region the words of place ("province", "oblast", "maps") mislead it.
func (l *Linker) isTerritorial(lower string, figures []Figure, named bool) bool {
	for _, f := range figures {
		if f.Kind == FigureShareOfUkraine || f.Kind == FigureShareOfRegion {
			return true
		}
	}
	if named {
		return l.rulesWhy(lower) != ""
	}
	return l.territorialWhy(lower) != ""
}

// lowercase returns text lowercased with every apostrophe turned into ', the
// form the territorial patterns are written for.
func (l *Linker) lowercase(text string) string {
	return l.lower.Replace(strings.ToLower(text))
}
