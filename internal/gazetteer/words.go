package gazetteer

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The word rules below are shared by the index (which keys every name by its
// first word) and by whoever scans text for names, so that both cut words in
// the same places.

// IsApostrophe reports whether r is one of the apostrophes found in
// transliterations and typeset text: ' (U+0027), ’ (U+2019) and ʼ (U+02BC).
func IsApostrophe(r rune) bool {
	return r == '\'' || r == '’' || r == 'ʼ'
}

// IsDash reports whether r is a hyphen as typed or typeset: - (U+002D),
// ‐ (U+2010) or the non-breaking ‑ (U+2011).
func IsDash(r rune) bool {
	return r == '-' || r == '‐' || r == '‑'
}

// IsWordRune reports whether r can be part of a word on its own: a letter, a
// digit or a combining mark. Apostrophes are handled by WordEnd.
func IsWordRune(r rune) bool {
	return !IsApostrophe(r) && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r))
}

// WordEnd returns the byte offset where the word starting at s[i] ends. An
// apostrophe between letters belongs to the word (Luhans'k, Zaporozh'ye),
// except a possessive 's at the end of a word (Crimea's, Donetsk’s), which
// does not, so that a name followed by a possessive still stands alone. If
// s[i] does not start a word, WordEnd returns i.
func WordEnd(s string, i int) int {
	j := i
	for j < len(s) {
		r, n := utf8.DecodeRuneInString(s[j:])
		if IsWordRune(r) {
			j += n
			continue
		}
		if j == i || !IsApostrophe(r) {
			break
		}
		next, m := utf8.DecodeRuneInString(s[j+n:])
		if !IsWordRune(next) {
			break
		}
		if next == 's' || next == 'S' {
			after, _ := utf8.DecodeRuneInString(s[j+n+m:])
			if j+n+m >= len(s) || !IsWordRune(after) {
				break // possessive
			}
		}
		j += n
	}
	return j
}

// BoundaryAfter reports whether a word may end at s[j]: at the end of s, or
// before anything that does not continue a word. An apostrophe continues a
// word only when a letter follows that is not a possessive 's.
func BoundaryAfter(s string, j int) bool {
	if j >= len(s) {
		return true
	}
	r, n := utf8.DecodeRuneInString(s[j:])
	if IsWordRune(r) {
		return false
	}
	if !IsApostrophe(r) {
		return true
	}
	next, m := utf8.DecodeRuneInString(s[j+n:])
	if j+n >= len(s) || !IsWordRune(next) {
		return true
	}
	if next == 's' || next == 'S' {
		after, _ := utf8.DecodeRuneInString(s[j+n+m:])
		return j+n+m >= len(s) || !IsWordRune(after)
	}
	return false
}

// NormalizeWord returns w with every apostrophe replaced by ' (U+0027), the
// form index keys are stored in. It allocates only when w holds another kind
// of apostrophe.
func NormalizeWord(w string) string {
	if !strings.ContainsAny(w, "’ʼ") {
		return w
	}
	return strings.ReplaceAll(strings.ReplaceAll(w, "’", "'"), "ʼ", "'")
}

// MatchTail reports whether tail, the part of a name after its first word,
// is written in s from offset i, and returns where it ends in s. Letters
// compare without regard to case, any apostrophe matches any other, any
// hyphen any other, and a space in tail matches one or more whitespace
// characters in s (so a name may break across lines). MatchTail does not
// check that a word ends at the returned offset: see BoundaryAfter.
func MatchTail(s string, i int, tail string) (end int, ok bool) {
	j := i
	for k := 0; k < len(tail); {
		pr, pn := utf8.DecodeRuneInString(tail[k:])
		if j >= len(s) {
			return 0, false
		}
		tr, tn := utf8.DecodeRuneInString(s[j:])
		switch {
		case pr == ' ':
			if !unicode.IsSpace(tr) {
				return 0, false
			}
			j += tn
			for j < len(s) {
				r, n := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsSpace(r) {
					break
				}
				j += n
			}
			k += pn
			continue
		case IsApostrophe(pr):
			if !IsApostrophe(tr) {
				return 0, false
			}
		case IsDash(pr):
			if !IsDash(tr) {
				return 0, false
			}
		default:
			if !sameFold(pr, tr) || (tr == utf8.RuneError && tn == 1) {
				return 0, false
			}
		}
		j += tn
		k += pn
	}
	return j, true
}

// sameFold reports whether a and b are the same letter under Unicode simple
// case folding.
func sameFold(a, b rune) bool {
	if a == b {
		return true
	}
	for r := unicode.SimpleFold(a); r != a; r = unicode.SimpleFold(r) {
		if r == b {
			return true
		}
	}
	return false
}
