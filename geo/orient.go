package geo

import "github.com/paulmach/orb"

// Orient returns the sign of the turn a→b→c: 1 when c lies left of the
// line from a to b, -1 right, 0 on it.
func Orient(a, b, c orb.Point) int {
	v := (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}
