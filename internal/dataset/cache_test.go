package dataset

import (
	"testing"

	"github.com/paulmach/orb"
)

// snap is a snapshot of n positions.
func snap(date string, n int) Snapshot {
	r := make(orb.Ring, n)
	return Snapshot{Date: date, Areas: []ControlledArea{{Geometry: orb.MultiPolygon{{r}}}}}
}

// TestSnapshotCache: decoded snapshots are kept within the budget of
// positions, least recently used out first, each decoded once; an offered
// one is kept only where it fits without evicting.
func TestSnapshotCache(t *testing.T) {
	c := newSnapshotCache(10)
	decodes := map[string]int{}
	get := func(date string, n int) {
		t.Helper()
		s, err := c.get(date, func() (Snapshot, error) { decodes[date]++; return snap(date, n), nil })
		if err != nil || s.Date != date {
			t.Fatalf("get %s: %v %v", date, s.Date, err)
		}
	}
	get("a", 4)
	get("b", 4)
	get("a", 4) // a is now the most recently used
	if decodes["a"] != 1 {
		t.Errorf("a decoded %d times", decodes["a"])
	}
	c.offer("x", snap("x", 4)) // over the budget: not kept
	if _, ok := c.slots["x"]; ok {
		t.Error("an offer evicted to fit")
	}
	get("c", 4) // evicts b
	if _, ok := c.slots["b"]; ok || c.used != 8 {
		t.Errorf("b kept (used %d)", c.used)
	}
	get("b", 4)
	if decodes["b"] != 2 {
		t.Errorf("b decoded %d times, want again after eviction", decodes["b"])
	}
	c = newSnapshotCache(10)
	c.offer("y", snap("y", 4))
	get("y", 4)
	if decodes["y"] != 0 {
		t.Error("an offered snapshot was decoded again")
	}
}
