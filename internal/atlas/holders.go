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
	// The table holds every settlement of the gazetteer; an id it lacks
	// is no settlement.
	if h, ok := holders[id]; ok {
		return h
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
		sn, err := a.Data.LoadSnapshot(snap)
		if err != nil {
			return nil, err
		}
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

// Tenure is a run of snapshots over which a settlement had the same
// holder: From and To are the first and last snapshot dates of the run.
type Tenure struct {
	From, To  string
	Holder    string
	Snapshots int
}

// TenuresOf says who held a gazetteer settlement over the snapshots,
// oldest first, one entry per change of hands. It places the one point on
// each snapshot instead of making every date's table, so a place page
// costs what its place does, not the whole gazetteer's.
func (a *Atlas) TenuresOf(id string) []Tenure {
	s, ok := a.Gazetteer.Settlement(id)
	if !ok {
		return nil
	}
	pt := orb.Point{s.Lon, s.Lat}
	var out []Tenure
	for _, date := range a.Dates {
		sn, ok := a.Data.Snapshot(date)
		if !ok {
			continue
		}
		h := holderOf(a.Data, sn, pt)
		if n := len(out); n > 0 && out[n-1].Holder == h {
			out[n-1].To = date
			out[n-1].Snapshots++
			continue
		}
		out = append(out, Tenure{From: date, To: date, Holder: h, Snapshots: 1})
	}
	return out
}

// PassagesNaming returns the passages that name a settlement, newest
// article first.
func (a *Atlas) PassagesNaming(id string) []PassageRef {
	var out []PassageRef
	for _, la := range a.Articles {
		for p := range la.Text() {
			for _, m := range p.Mentions {
				if m.Place == id {
					out = append(out, PassageRef{la, p})
					break
				}
			}
		}
	}
	return out
}
