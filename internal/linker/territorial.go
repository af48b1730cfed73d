package linker

import (
	"regexp"
	"slices"
	"strings"
)

// phrase is one pattern of the territorial classifier.
type phrase struct {
	re  *regexp.Regexp
	why string
	// needs lists words of which every match holds one; the pattern runs
	// only on passages holding one of them, which keeps the classifier fast.
	needs []string
}

// territorialPhrases returns the patterns that make a passage territorial:
// about the disputed territory as a whole rather than a place in it. They
// run on the lowercased passage with every apostrophe turned into '. A
// passage with a share of Ukraine's or a region's territory (see figures)
// is territorial too.
//
// Each entry is the pattern, why it makes a passage territorial, and the
// words (space-separated) of which every match holds one. Add a pattern with
// a comment saying what it catches and an example in TestTerritorial; each
// one must stay quiet on the gold article's non-territorial paragraphs.
func territorialPhrases() []phrase {
	list := []struct{ expr, why, needs string }{
		// "land swap", "territorial swaps", "territory-swap deal"
		{`\b(?:land|territor(?:y|ial|ies))[- ]swaps?\b`, "land swap", "swap"},
		// "swapping of territories", "swap land", "swapped some territory"
		{`\bswap(?:s|ped|ping)?\s+(?:of\s+)?(?:\S+\s+)?(?:land|lands|territory|territories)\b`, "land swap", "swap"},
		// "exchange of territory", "trade land for peace"
		{`\b(?:exchang\w*|trad(?:e|es|ed|ing))\s+(?:of\s+)?(?:\S+\s+)?(?:land|lands|territory|territories)\b`, "land swap", "land territor"},
		{`\bland[- ]for[- ]peace\b`, "land swap", "peace"},
		// "cede land", "ceding Donbas", "the cession of Crimea"
		{`\bced(?:e|es|ed|ing)\b|\bcession\b`, "ceding land", "ced cession"},
		// "give up territory", "gift their land to the occupiers",
		// "hand over the regions", "surrender territory"
		{`\b(?:give|gives|giving|gave|given|hand|hands|handing|handed|gift|gifts|gifting|surrender\w*|relinquish\w*|abandon\w*)\s+(?:up\s+|over\s+|away\s+)?(?:\S+\s+){0,2}?(?:land|lands|territory|territories|regions?)\b`, "ceding land", "land territor region"},
		// "land concessions", "territorial concession", "concessions on territory"
		{`\b(?:land|territorial)\s+concessions?\b|\bconcessions?\s+(?:of|on)\s+(?:land|territory)\b`, "ceding land", "concession"},
		// "occupied", "occupiers", "occupation", "de-occupation"
		{`\boccup(?:y|ies|ied|ying|ation|ations|ier|iers|ant|ants)\b`, "occupation", "occup"},
		// "Russian-held", "Russia-controlled"
		{`\brussian?[- ](?:held|controlled|occupied|annexed)\b`, "occupation", "russia"},
		// "under Russian control", "under Kyiv's control"
		{`\bunder\s+(?:russian|russia's|moscow's|ukrainian|ukraine's|kyiv's)\s+control\b`, "occupation", "control"},
		// "territorial gains", "territorial integrity", "territorial claims"
		{`\bterritorial\s+(?:gains?|loss(?:es)?|concessions?|claims?|disputes?|integrity|issues?|questions?|exchanges?|compromises?|control|changes?|swaps?|demands?|ambitions?|expansion|advances?)\b`, "territorial gains or losses", "territorial"},
		// "seized territory", "the loss of about one-fifth of Ukraine's
		// territory", "recapture lost land"
		{`\b(?:seiz\w*|captur\w*|grab\w*|gain\w*|lose|loses|losing|lost|loss\s+of|retak\w*|recaptur\w*|conquer\w*|took|tak(?:e|es|en|ing)|liberat\w*)\s+(?:\S+\s+){0,4}?(?:land|lands|territory|territories)\b`, "territorial gains or losses", "land territor"},
		// "liberation of Kherson", "liberated territories"
		{`\bliberat(?:e|es|ed|ing|ion)\b`, "territorial gains or losses", "liberat"},
		// "freeze the front line", "a freeze in the conflict", "frozen conflict"
		{`\bfr(?:eez(?:e|es|ing)|oze|ozen)\b(?:\s+\S+){0,4}?\s+(?:conflict|front|front[- ]?lines?|frontlines?|lines?|war|fighting|positions?|contact)\b`, "freezing the front", "freez froz"},
		{`\b(?:conflict|front|front[- ]?line|frontline|war|lines?)\s+(?:is\s+|was\s+|being\s+|would\s+be\s+)?frozen\b`, "freezing the front", "frozen"},
		// "along the current front line", "the existing line of contact"
		{`\b(?:current|existing|present)\s+(?:front[- ]?lines?|frontlines?|front|line\s+of\s+contact|contact\s+line|battle\s*lines?|lines?\s+of\s+control)\b`, "freezing the front", "current existing present"},
		{`\bdemarcation\s+line\b|\bline\s+of\s+demarcation\b`, "freezing the front", "demarcation"},
		// "annexed", "annexation", "illegally annexing"
		{`\bannex(?:es|ed|ing|ation|ations)?\b`, "annexation", "annex"},
		// "annexed regions", "the disputed territories", "claimed lands"
		{`\b(?:claimed|contested|disputed)\s+(?:regions?|territor(?:y|ies)|lands?|areas?|provinces?|oblasts?)\b`, "annexation", "claimed contested disputed"},
		// "the four regions", "four partially occupied regions"
		{`\b(?:four|five)\s+(?:\S+\s+){0,2}?regions\b`, "annexation", "regions"},
		// "recognise Crimea as Russian", "recognition of Russian sovereignty"
		{`\brecogni[sz]\w*\s+(?:\S+\s+){0,4}?(?:as\s+(?:part\s+of\s+)?russia(?:n|'s)?\b|russia(?:n|'s)\s+(?:sovereignty|control|claims?|annexation)\b)`, "annexation", "recogni"},
		{`\bsovereignty\s+over\b`, "annexation", "sovereignty"},
		// "redraw borders", "altering borders under foreign pressure"
		{`\b(?:redraw\w*|alter\w*|chang\w*|revis\w*|mov(?:e|es|ed|ing))\s+(?:\S+\s+){0,2}?(?:borders?|frontiers?)\b`, "borders", "border frontier"},
		// "withdraw from Donetsk", "pull its forces out of the regions"
		{`\b(?:withdraw\w*|pull\w*\s+out)\s+(?:\S+\s+){0,3}?(?:from|of)\s+(?:the\s+)?(?:rest\s+of\s+)?(?:donbas|donbass|donetsk|luhansk|zaporizhzhia|kherson|crimea|regions?|territor\w*)\b`, "ceding land", "withdraw pull"},
		// "a buffer zone", "a demilitarised zone"
		{`\b(?:buffer|demilitari[sz]ed)\s+zones?\b`, "freezing the front", "zone"},
		// "partition of Ukraine"
		{`\bpartition\w*\b`, "ceding land", "partition"},
	}
	out := make([]phrase, len(list))
	for i, p := range list {
		out[i] = phrase{regexp.MustCompile(p.expr), p.why, strings.Fields(p.needs)}
	}
	return out
}

// isTerritorial reports whether a passage is about the disputed territory as
// a whole: one of the territorial phrases, or a share of territory. lower is
// the passage lowercased by l.lowercase.
func (l *Linker) isTerritorial(lower string, figures []Figure) bool {
	for _, f := range figures {
		if f.Kind == FigureShareOfUkraine || f.Kind == FigureShareOfRegion {
			return true
		}
	}
	return l.territorialWhy(lower) != ""
}

// territorialWhy returns why a passage is territorial by its wording, or "".
// lower is the passage lowercased by l.lowercase.
func (l *Linker) territorialWhy(lower string) string {
	for _, p := range l.territorial {
		if slices.ContainsFunc(p.needs, func(w string) bool { return strings.Contains(lower, w) }) && p.re.MatchString(lower) {
			return p.why
		}
	}
	return ""
}

// lowercase returns text lowercased with every apostrophe turned into ', the
// form the territorial patterns are written for.
func (l *Linker) lowercase(text string) string {
	return l.lower.Replace(strings.ToLower(text))
}
