package view

import "strings"

func joinNames(ns []string) string {
	switch len(ns) {
	case 0:
		return "no other names recorded"
	case 1:
		return ns[0]
	}
	return strings.Join(ns[:len(ns)-1], ", ") + " and " + ns[len(ns)-1]
}
