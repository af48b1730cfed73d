package view

import (
	"strconv"

	"github.com/claimsmap/claimsmap/internal/atlas"
)

func joinNames(ns []string) string {
	switch len(ns) {
	case 0:
		return "no other names recorded"
	case 1:
		return ns[0]
	}
	return atlas.JoinAnd(ns)
}

func fmtInt(n int) string { return strconv.Itoa(n) }

func passages(n int) string {
	if n == 1 {
		return "1 passage"
	}
	return strconv.Itoa(n) + " passages"
}
