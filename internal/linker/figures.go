package linker

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/claimsmap/claimsmap/internal/gazetteer"
)

// Figure kinds.
const (
	// FigureShareOfUkraine is a share of Ukraine's territory, as a fraction:
	// 0.2 for "about one-fifth of Ukraine's territory". Articles quote it for
	// the area under Russian control; compare with the controlled layer.
	FigureShareOfUkraine = "controlled-share-of-ukraine"
	// FigureShareOfRegion is a share of one claimed region, as a fraction:
	// 0.7 for "70% of the Donetsk region"; Region names it.
	FigureShareOfRegion = "controlled-share-of-region"
	// FigureArea is an area in km² (square miles converted): "about
	// 114,000 square kilometres".
	FigureArea = "area-km2"
)

// Figure is a quantity in a passage that the map's layers can check.
type Figure struct {
	Start int     `json:"start"` // UTF-8 byte offset into the passage text
	End   int     `json:"end"`
	Text  string  `json:"text"` // == text[Start:End]
	Kind  string  `json:"kind"` // one of the Figure* kinds
	Value float64 `json:"value"`
	// Region is the claimed region of a FigureShareOfRegion.
	Region string `json:"region,omitempty"`
}

// qualifierExpr matches the hedge a journalist puts before a figure ("about",
// "nearly", "more than"), which is kept in the figure's text.
const qualifierExpr = `(?i)\b(?:about|around|roughly|nearly|almost|approximately|some|over|more\s+than|less\s+than|under|just\s+(?:over|under)|close\s+to|at\s+least|up\s+to)\s+$`

// shareExpr matches the quantity of a share up to "of (the)": "one-fifth
// of", "18% of the", "a quarter of". Groups: 1 the count word, 2
// the fraction word, 3 the percentage.
const shareExpr = `(?i)\b(?:(?:(one|a|two|three|four)[-‐‑ ])?(half|thirds?|quarters?|fifths?|sixths?|sevenths?|eighths?|tenths?)|(\d{1,3}(?:\.\d+)?)\s*(?:%|per\s*cent\b|percent\b))\s+of\s+(?:the\s+)?`

// shareTargetExpr matches, right after a share, what it is a share of when
// that is Ukraine: "Ukraine's territory", "Ukraine", "Ukrainian territory",
// "the country", "its territory", "the territory of Ukraine". Group 1 is the
// noun after "Ukraine's", which must be a word for territory.
const shareTargetExpr = `(?i)^(?:ukraine\b(?:['’ʼ]s\s+(\pL+))?|ukrainian\s+(?:territory|land)\b|its\s+(?:territory|land)\b|country\b(?:['’ʼ]s\s+(?:territory|land)\b)?|territory\s+of\s+ukraine\b)`

// areaExpr matches an area: "114,000 square kilometres", "44,000 sq miles",
// "3.5 thousand km²". Groups: 1 the number, 2 thousand/million, 3 a km unit,
// 4 a mile unit.
const areaExpr = `(?i)\b(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s*(thousand|million))?\s*(?:(square\s+kilomet(?:re|er)s?\b|sq\.?\s*km\b|km2\b|km²)|(square\s+miles?\b|sq\.?\s*mi(?:les?)?\b))`

// figures finds the shares and areas in text; lower is text lowercased by
// l.lowercase, mentions are its mentions, which tell a share of a region from
// other shares.
func (l *Linker) figures(text, lower string, mentions []Mention) []Figure {
	var out []Figure
	var shares, areas [][]int
	// The expressions are slow to run; most passages hold no figure at all.
	if strings.Contains(lower, "of") && (strings.Contains(lower, "%") || strings.Contains(lower, "cent") || hasFractionWord(lower)) {
		shares = l.share.FindAllStringSubmatchIndex(text, -1)
	}
	if strings.ContainsAny(lower, "0123456789") && (strings.Contains(lower, "sq") || strings.Contains(lower, "km")) {
		areas = l.area.FindAllStringSubmatchIndex(text, -1)
	}
	for _, m := range shares {
		value, ok := shareValue(text, m)
		if !ok {
			continue
		}
		rest := text[m[1]:]
		if t := l.shareTarget.FindStringSubmatchIndex(rest); t != nil {
			if t[2] >= 0 && !territoryWord(rest[t[2]:t[3]]) {
				continue // "a fifth of Ukraine's exports"
			}
			start := l.qualified(text, m[0])
			out = append(out, Figure{Start: start, End: m[1] + t[1], Text: text[start : m[1]+t[1]], Kind: FigureShareOfUkraine, Value: value})
			continue
		}
		k, found := slices.BinarySearchFunc(mentions, m[1], func(x Mention, start int) int { return x.Start - start })
		if !found {
			continue
		}
		mn := mentions[k]
		if mn.Kind == gazetteer.KindSettlement || mn.Kind == gazetteer.KindGrouping || !l.g.IsRegion(mn.Region) {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(text[mn.End:]); gazetteer.IsApostrophe(r) {
			continue // "70% of Donetsk's population"
		}
		start := l.qualified(text, m[0])
		out = append(out, Figure{Start: start, End: mn.End, Text: text[start:mn.End], Kind: FigureShareOfRegion, Value: value, Region: mn.Region})
	}
	for _, m := range areas {
		v, err := strconv.ParseFloat(strings.ReplaceAll(text[m[2]:m[3]], ",", ""), 64)
		if err != nil {
			continue
		}
		if m[4] >= 0 {
			switch strings.ToLower(text[m[4]:m[5]]) {
			case "thousand":
				v *= 1e3
			case "million":
				v *= 1e6
			}
		}
		if m[8] >= 0 {
			v *= 2.589988110336 // square miles to km²
		}
		start := l.qualified(text, m[0])
		out = append(out, Figure{Start: start, End: m[1], Text: text[start:m[1]], Kind: FigureArea, Value: v})
	}
	slices.SortFunc(out, func(a, b Figure) int { return a.Start - b.Start })
	return out
}

// qualified returns where a figure starting at text[start] starts with the
// hedge before it, if any.
func (l *Linker) qualified(text string, start int) int {
	before := text[max(0, start-24):start]
	if loc := l.qualifier.FindStringIndex(before); loc != nil {
		return start - len(before) + loc[0]
	}
	return start
}

// shareValue reads the fraction a share match stands for.
func shareValue(text string, m []int) (float64, bool) {
	if m[6] >= 0 { // percentage
		v, err := strconv.ParseFloat(text[m[6]:m[7]], 64)
		if err != nil || v > 100 {
			return 0, false
		}
		return v / 100, true
	}
	count := 1.0
	if m[2] >= 0 {
		switch strings.ToLower(text[m[2]:m[3]]) {
		case "two":
			count = 2
		case "three":
			count = 3
		case "four":
			count = 4
		}
	}
	var den float64
	switch strings.TrimSuffix(strings.ToLower(text[m[4]:m[5]]), "s") {
	case "half":
		den = 2
	case "third":
		den = 3
	case "quarter":
		den = 4
	case "fifth":
		den = 5
	case "sixth":
		den = 6
	case "seventh":
		den = 7
	case "eighth":
		den = 8
	case "tenth":
		den = 10
	}
	if den == 0 || count >= den {
		return 0, false
	}
	return count / den, true
}

// territoryWord reports whether the noun after "Ukraine's" in a share means
// its territory.
func territoryWord(w string) bool {
	switch strings.ToLower(w) {
	case "territory", "territories", "land", "lands", "landmass", "area", "soil":
		return true
	}
	return false
}

// hasFractionWord reports whether lower holds a fraction word a share could
// be written with.
func hasFractionWord(lower string) bool {
	for _, w := range []string{"half", "third", "quarter", "fifth", "sixth", "seventh", "eighth", "tenth"} {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}
