package atlas

import (
	"github.com/paulmach/orb"

	"github.com/claimsmap/claimsmap/internal/cache"
)

// maxHolderDates bounds the per-date tables of who held each settlement:
// a table is a few kilobytes and takes a millisecond or so to make.
const maxHolderDates = 256

// HeldOn says who held a gazetteer settlement on a snapshot date (russia,
// contested or ukraine), without building that date's View: a point in
// the snapshot's layers is cheap, a View's overlays are not, and an
// article page names settlements on the article's own date. A date that
// is not a snapshot is answered for the snapshot in force on it.
func (a *Atlas) HeldOn(date, id string) string {
	holders, err := a.holderTable(date)
	if err != nil {
		return HolderUkraine
	}
	if h, ok := holders[id]; ok {
		return h
	}
	if s, ok := a.Gazetteer.Settlement(id); ok {
		snap, err := a.SnapshotOn(date)
		if err == nil {
			if sn, ok := a.Data.Snapshot(snap); ok {
				return holderOf(a.Data, sn, orb.Point{s.Lon, s.Lat})
			}
		}
	}
	return HolderUkraine
}

// holderTable is who held every settlement on the snapshot in force on
// date, made once per date into a bounded cache.
func (a *Atlas) holderTable(date string) (map[string]string, error) {
	snap, err := a.SnapshotOn(date)
	if err != nil {
		return nil, err
	}
	return a.holders.Get(snap, func() (map[string]string, error) {
		sn, _ := a.Data.Snapshot(snap)
		ix := newHolderIndex(a.Data, sn)
		t := map[string]string{}
		for _, st := range a.Gazetteer.Settlements() {
			t[st.ID] = ix.holder(orb.Point{st.Lon, st.Lat})
		}
		return t, nil
	})
}

func newHolderCache() *cache.Cache[map[string]string] {
	return cache.New[map[string]string](maxHolderDates)
}

// ShareOn is the share of Ukraine (slug HistoryTotal) or of a claimed
// region held by Russian forces on the snapshot in force on date, from the
// history figures: no View is built.
func (a *Atlas) ShareOn(slug, date string) (float64, bool) {
	h, ok := a.History(slug)
	if !ok {
		return 0, false
	}
	snap, err := a.SnapshotOn(date)
	if err != nil {
		return 0, false
	}
	for _, p := range h.Points {
		if p.Date == snap {
			return p.HeldShare, true
		}
	}
	return 0, false
}
