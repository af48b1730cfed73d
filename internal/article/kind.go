package article

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kinds of passage. An article file is plain text, so the headline, the
// byline and the photo captions and credits a page carried come in as
// paragraphs like the rest; KindOf tells them apart so that pages can show
// them for what they are and not as passages of the text. Every passage
// keeps its index whatever its kind.
const (
	KindBody     = "body"
	KindHeadline = "headline" // the title repeated as the first paragraph
	KindByline   = "byline"   // "Written By Rodney Mbua", "By Olena Marchenko and Ivan Petrenko"
	KindCaption  = "caption"  // a photo's caption, usually with its credit
	KindCredit   = "credit"   // a credit alone: "Photo: Ivan Petrenko/Reuters", "Reporting by …; Editing by …"
)

var (
	// bylineRE is a byline: a short "By" phrase and names, perhaps with an
	// agency or a date after a comma or a bar.
	bylineRE = regexp.MustCompile(`^(?i:written\s+by|words\s+by|by|von|par)\s+\p{Lu}[\pL.'’-]*(?:\s+(?:\p{Lu}[\pL.'’-]*|and|&|de|van|von|der|al|el|,))*\s*(?:[,|–—-]\s*[^.!?]{0,40})?$`)
	// captionStartRE opens a photo caption.
	captionStartRE = regexp.MustCompile(`^(?i:file\s+photo|photo|picture|image|pictured|above|top|main\s+image)\s*[:.\-–—]`)
	// creditRE is a photo credit as agencies and papers write it, inside or
	// at the end of a caption.
	creditRE = regexp.MustCompile(`\b(?:REUTERS|Reuters|AFP|AP|EPA|EPA-EFE|Getty\s+Images|Anadolu|Sputnik|TASS|Ukrinform)\s*/\s*\p{Lu}|\((?:AP|AFP|Reuters)\s+Photo\b|\b(?i:photo(?:graph)?|image|credit|illustration)\s*:\s*\p{Lu}[^.]{0,60}(?:/|\s+for\s+|\s+via\s+)|\b(?:Getty\s+Images|Shutterstock)\s*$`)
	// shotByRE opens the credit of the pictures that may follow a byline:
	// "Photographs by Dmytro Lysenko".
	shotByRE = regexp.MustCompile(`^(?i:photo(?:graph)?s?|pictures|illustrations?|video|graphics?)\s+(?i:by)\s+\p{Lu}`)
	// placeLineRE is a dateline's place: a town, a comma, its region
	// ("Nikopol, Dnipropetrovsk region").
	placeLineRE = regexp.MustCompile(`^\p{Lu}[\pL'’-]*(?:\s+\p{Lu}[\pL'’-]*)*,\s+\p{Lu}[\pL'’-]*(?:\s+[\pL'’-]+){0,2}$`)
	// creditLineRE is a line of credits only.
	creditLineRE = regexp.MustCompile(`^\(?(?i:(?:additional\s+)?reporting\s+by|editing\s+by|compiled\s+by|writing\s+by|photo(?:graph)?s?\s*:|image\s*:|credit\s*:|illustration\s*:|©|copyright\b)`)
)

// KindOf tells what a paragraph of an article is. index is its place in the
// article and title the article's title, or "" if not known: the headline
// is the first paragraph when it repeats the title, or, without a title,
// when it reads like one (a single short line that does not end a
// sentence) and is not a caption or a credit.
func KindOf(index int, text, title string) string {
	t := strings.Join(strings.Fields(text), " ")
	words := len(strings.Fields(t))
	switch {
	case t == "":
		return KindBody
	case index == 0 && title != "" && sameTitle(t, title):
		return KindHeadline
	case words <= 12 && len(t) <= 120 && bylineRE.MatchString(t), words <= 24 && bylineSentences(t):
		return KindByline
	case words <= 25 && creditLineRE.MatchString(t):
		return KindCredit
	case captionStartRE.MatchString(t) || mayHoldCredit(t) && creditRE.MatchString(t):
		if words <= 8 {
			return KindCredit
		}
		return KindCaption
	case index == 0 && title == "" && looksLikeHeadline(text, words):
		// Without a title, a first line that reads like one. With a
		// title, a first paragraph that does not repeat it is text: a
		// page read by add-article has its headline in the title only.
		return KindHeadline
	}
	return KindBody
}

// sameTitle reports whether a paragraph repeats the title, whatever its
// case, spaces and punctuation.
func sameTitle(t, title string) bool {
	norm := func(s string) string {
		return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		}), " ")
	}
	return norm(t) == norm(title)
}

// bylineSentences reports whether a short paragraph of several sentences
// is a byline with what often follows it on a page: "By Hanna Ostrowska.
// Photographs by Dmytro Lysenko. Nikopol, Dnipropetrovsk region."
func bylineSentences(t string) bool {
	ss := strings.Split(strings.TrimSuffix(t, "."), ". ")
	if len(ss) < 2 || !bylineRE.MatchString(ss[0]) {
		return false
	}
	for _, s := range ss[1:] {
		if !shotByRE.MatchString(s) && !bylineRE.MatchString(s) && !placeLineRE.MatchString(s) {
			return false
		}
	}
	return true
}

// mayHoldCredit is a cheap test that creditRE could match: each of its
// forms needs a slash, a bracket, a colon or an agency's name at the end.
// Most paragraphs are body text with none; the expression is costly on
// long ones, and every paragraph of every article is classified at load.
func mayHoldCredit(t string) bool {
	return strings.ContainsAny(t, "/(:") || strings.HasSuffix(t, "Images") || strings.HasSuffix(t, "Shutterstock")
}

// looksLikeHeadline reports whether a first paragraph reads like a title:
// one line, at most 25 words, not ending a sentence.
func looksLikeHeadline(text string, words int) bool {
	if strings.Contains(text, "\n") || words == 0 || words > 25 {
		return false
	}
	t := strings.TrimRightFunc(text, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`"'”’»)`, r)
	})
	last, _ := utf8.DecodeLastRuneInString(t)
	return !strings.ContainsRune(".!?:;,", last)
}
