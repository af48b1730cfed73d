// Package quote bounds text that an error message quotes back, so that a
// client sending 100 kB in a query parameter, or a data file with a 10 MB
// line, does not get it all back in the message.
package quote

import "unicode/utf8"

// Clip returns s if it is at most most bytes long, and otherwise its first
// most bytes or fewer, cut at the start of a character, followed by "…".
// A clipped valid UTF-8 string stays valid.
func Clip(s string, most int) string {
	if len(s) <= most {
		return s
	}
	cut := max(most, 0)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
