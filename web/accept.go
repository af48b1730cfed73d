package web

import (
	"strconv"
	"strings"
)

// qualities reads a header of weighted values, such as Accept or
// Accept-Encoding (RFC 9110 12.4.2), calling f with each value, lower
// case and without its parameters, and its q (1 when not given or not a
// number).
func qualities(header string, f func(value string, q float64)) {
	for _, part := range strings.Split(header, ",") {
		value, params, _ := strings.Cut(part, ";")
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(p), "q="); ok {
				if n, err := strconv.ParseFloat(v, 64); err == nil {
					q = n
				}
			}
		}
		f(strings.ToLower(strings.TrimSpace(value)), q)
	}
}
