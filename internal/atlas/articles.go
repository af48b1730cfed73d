package atlas

import (
	"fmt"
	"iter"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/claimsmap/claimsmap/internal/article"
	"github.com/claimsmap/claimsmap/internal/gazetteer"
	"github.com/claimsmap/claimsmap/internal/linker"
)

// LinkedArticle is an article with every passage linked.
type LinkedArticle struct {
	*article.Article
	// Passages has one entry per article passage, same order.
	Passages []linker.Passage
	// ControlDate is the snapshot its figures are checked against: the
	// latest on or before the article's date, else the earliest.
	ControlDate string
	// Named counts, per claimed region, the passages that name it, and
	// FirstNaming is the id of the first of them.
	Named       map[string]int
	FirstNaming map[string]string
	// Territorial counts the passages about the disputed territory as a
	// whole that name no region.
	Territorial int
}

// Text yields the passages of the article's text (its headline and body),
// which the site lists and counts; a byline, a photo caption or a credit
// is shown with its article only.
func (la *LinkedArticle) Text() iter.Seq[linker.Passage] {
	return func(yield func(linker.Passage) bool) {
		for _, p := range la.Passages {
			if (p.Kind == article.KindBody || p.Kind == article.KindHeadline) && !yield(p) {
				return
			}
		}
	}
}

// BeforeSnapshots reports whether the article is older than every
// snapshot: its ControlDate is then the first, after it.
func (la *LinkedArticle) BeforeSnapshots() bool { return la.Date < la.ControlDate }

// count fills Named, FirstNaming and Territorial from the passages of the
// text.
func (la *LinkedArticle) count() {
	la.Named, la.FirstNaming = map[string]int{}, map[string]string{}
	for p := range la.Text() {
		for _, r := range p.Regions {
			if la.Named[r] == 0 {
				la.FirstNaming[r] = p.ID
			}
			la.Named[r]++
		}
		if p.Territorial && len(p.Regions) == 0 {
			la.Territorial++
		}
	}
}

// PassageRef points at one passage of one article.
type PassageRef struct {
	Article *LinkedArticle
	Passage linker.Passage
}

// Permalink is the passage's address on the site.
func (r PassageRef) Permalink() string { return "/articles/" + r.Article.Slug + "#" + r.Passage.ID }

// Place is a settlement that articles mention. Who held it depends on the
// date: View.HeldBy says.
type Place struct {
	gazetteer.Settlement
	// Region is the claimed region it lies in, or its oblast's slug.
	Region string
	// Mentions counts the passages that name it.
	Mentions int
}

// link builds the gazetteer from the dataset and links every article.
func (a *Atlas) link() error {
	claimed := map[string]string{}
	for _, d := range a.Data.Divisions {
		if d.ClaimedRegion != "" {
			claimed[d.Slug] = d.ClaimedRegion
		}
	}
	g, err := gazetteer.New(a.Data.Names, a.Data.Settlements, claimed)
	if err != nil {
		return fmt.Errorf("gazetteer (%s, %s): %w", a.Data.NamesPath, a.Data.SettlementsPath, err)
	}
	a.Gazetteer = g
	a.Linker = linker.New(g)
	a.places = map[string]*Place{}
	linked := a.linkAll(a.Data.Articles)
	for i, art := range a.Data.Articles {
		la := &LinkedArticle{Article: art, ControlDate: a.ControlDateFor(art.Date), Passages: linked[i]}
		la.count()
		for lp := range la.Text() {
			seen := map[string]bool{}
			for _, m := range lp.Mentions {
				if m.Place == "" || seen[m.Place] {
					continue
				}
				seen[m.Place] = true
				a.place(m.Place).Mentions++
			}
		}
		a.Articles = append(a.Articles, la)
	}
	sort.SliceStable(a.Articles, func(i, j int) bool { return a.Articles[i].Date > a.Articles[j].Date })
	return nil
}

// linkAll links every passage of the articles on every core: the linker
// is safe for concurrent use, and a newsroom's archive is thousands of
// passages.
func (a *Atlas) linkAll(arts []*article.Article) [][]linker.Passage {
	out := make([][]linker.Passage, len(arts))
	var next atomic.Int64
	var wg sync.WaitGroup
	// A panic in a worker would end the process; it is raised again here,
	// where the caller's recover (a reload's) can report it.
	var panicked atomic.Value
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					panicked.CompareAndSwap(nil, fmt.Sprint(r))
					next.Store(int64(len(arts)))
				}
			}()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(arts) {
					return
				}
				ps := make([]linker.Passage, 0, len(arts[i].Passages))
				for _, p := range arts[i].Passages {
					lp := a.Linker.Passage(p.Index, p.Text)
					lp.Kind = p.Kind // told with the article's title
					ps = append(ps, lp)
				}
				out[i] = ps
			}
		}()
	}
	wg.Wait()
	if r := panicked.Load(); r != nil {
		panic(r)
	}
	return out
}

// ControlDateFor picks the snapshot to check an article's figures against:
// the latest on or before its date, else the earliest.
func (a *Atlas) ControlDateFor(date string) string {
	if d, err := a.SnapshotOn(date); err == nil {
		return d
	}
	return a.Dates[0]
}

func (a *Atlas) place(id string) *Place {
	if p, ok := a.places[id]; ok {
		return p
	}
	s, _ := a.Gazetteer.Settlement(id)
	p := &Place{Settlement: s, Region: a.Gazetteer.SettlementRegion(&s)}
	a.places[id] = p
	return p
}

// Places returns the settlements the articles mention, by name.
func (a *Atlas) Places() []*Place {
	out := make([]*Place, 0, len(a.places))
	for _, p := range a.places {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// Place returns a mentioned settlement by id.
func (a *Atlas) Place(id string) (*Place, bool) {
	p, ok := a.places[id]
	return p, ok
}

// Article returns a linked article by slug.
func (a *Atlas) Article(slug string) (*LinkedArticle, bool) {
	i := slices.IndexFunc(a.Articles, func(x *LinkedArticle) bool { return x.Slug == slug })
	if i < 0 {
		return nil, false
	}
	return a.Articles[i], true
}

// NamedPassages returns the passages that name the region, directly or
// through a settlement in it, newest article first.
func (a *Atlas) NamedPassages(region string) []PassageRef {
	var out []PassageRef
	for _, la := range a.Articles {
		for p := range la.Text() {
			if slices.Contains(p.Regions, region) {
				out = append(out, PassageRef{la, p})
			}
		}
	}
	return out
}

// TerritorialPassages returns the passages about the disputed territory as
// a whole that name no region: they belong to every claimed region and are
// shown apart from the named links.
func (a *Atlas) TerritorialPassages() []PassageRef {
	var out []PassageRef
	for _, la := range a.Articles {
		for p := range la.Text() {
			if p.Territorial && len(p.Regions) == 0 {
				out = append(out, PassageRef{la, p})
			}
		}
	}
	return out
}

// KeyPassage is the passage of the newest article that names the most
// claimed regions: the one the map page quotes.
func (a *Atlas) KeyPassage() (PassageRef, bool) {
	if len(a.Articles) == 0 {
		return PassageRef{}, false
	}
	la := a.Articles[0]
	var best linker.Passage
	for p := range la.Text() {
		if len(p.Regions) > len(best.Regions) {
			best = p
		}
	}
	if len(best.Regions) == 0 {
		return PassageRef{}, false
	}
	return PassageRef{la, best}, true
}

// FigureCheck is a figure in an article with what the layers measure.
type FigureCheck struct {
	Figure   linker.Figure
	Measured float64 // same unit as Figure.Value
	Date     string  // the control snapshot measured
	What     string  // what was measured, in words
}

// CheckFigure measures what a figure of an article claims.
func (a *Atlas) CheckFigure(la *LinkedArticle, f linker.Figure) (FigureCheck, bool) {
	// The shares come from the history figures, not a View: an article
	// page on any date costs no overlay.
	c := FigureCheck{Figure: f, Date: la.ControlDate}
	var ok bool
	switch f.Kind {
	case linker.FigureShareOfUkraine:
		c.Measured, ok = a.ShareOn(HistoryTotal, la.ControlDate)
		c.What = "the share of Ukraine held by Russian forces"
	case linker.FigureShareOfRegion:
		r, found := a.Region(f.Region)
		if !found {
			return FigureCheck{}, false
		}
		c.Measured, ok = a.ShareOn(r.Slug, la.ControlDate)
		c.What = "the share of " + r.DisplayName() + " held by Russian forces"
	default:
		// An area ("500 km²") could be a week's gains or a whole region's;
		// without knowing which, it is not checked.
		return FigureCheck{}, false
	}
	if !ok {
		return FigureCheck{}, false
	}
	return c, true
}
