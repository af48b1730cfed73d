package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/web/view"
)

// A region's page quotes its first passages; the rest are paged, so that
// no page grows with the number of articles.
const (
	passagesOnRegion = 10
	passagesPerPage  = 25
)

// Passage lists a region's page links to.
const (
	listNamed       = "named"
	listTerritorial = "territorial"
)

var passagesParams = map[string]bool{"date": true, "page": true}

// passagesHref is the address of one page of a region's passages.
func passagesHref(v *atlas.View, slug, list string, page int) string {
	q := url.Values{}
	if page > 1 {
		q.Set("page", strconv.Itoa(page))
	}
	if !v.IsLatest() {
		q.Set("date", v.Date)
	}
	u := "/regions/" + slug + "/" + list
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

// firstQuotes quotes the first of refs for a region's page and links the
// rest.
func firstQuotes(v *atlas.View, refs []atlas.PassageRef, slug, list, mark, what string) ([]view.Quote, view.More) {
	shown := refs[:min(len(refs), passagesOnRegion)]
	return quotes(v, shown, mark), view.More{
		Shown: len(shown), Total: len(refs),
		Href: passagesHref(v, slug, list, 1),
		Text: fmt.Sprintf("All %d passages %s", len(refs), what),
	}
}

// regionPassages is /regions/{slug}/named and /regions/{slug}/territorial:
// a region's passages, a page at a time, rendered on request (a page
// quotes a bounded number of passages).
func (s *Server) regionPassages(list string) echo.HandlerFunc {
	return func(c echo.Context) error {
		st := s.current()
		qs := c.QueryParams()
		if err := checkParams(qs, passagesParams, "a list of passages takes date and page"); err != nil {
			return err
		}
		date, err := snapshotOn(st.atlas, qs.Get("date"))
		if err != nil {
			return err
		}
		v, err := st.atlas.At(date)
		if err != nil {
			return err
		}
		r, ok := v.Region(c.Param("slug"))
		if !ok {
			if done, err := redirectRegion(c, st.atlas); done {
				return err
			}
			return pageNotFound(c)
		}
		var refs []atlas.PassageRef
		var heading, intro, mark string
		name := r.DisplayName()
		switch list {
		case listNamed:
			refs, mark = st.atlas.NamedPassages(r.Slug), r.Slug
			heading = "Passages that name " + name
			intro = "Passages of the articles that name " + name + " or a place in it, the mention highlighted, newest article first."
		default:
			refs = st.atlas.TerritorialPassages()
			heading = "Passages about the disputed territory as a whole"
			intro = "Passages about land swaps, ceding land, occupation or freezing the front that name no region; they concern " + name + " as every claimed region."
		}
		page, err := parsePage(qs.Get("page"))
		if err != nil {
			return err
		}
		lo, hi, pages, err := pageBounds(len(refs), passagesPerPage, page, "these passages")
		if err != nil {
			return err
		}
		pg := view.Pager{Label: "Pages of passages", Summary: fmt.Sprintf("Passages %d–%d of %d", lo+1, hi, len(refs)), Page: page, Pages: pages}
		if page > 1 {
			pg.Prev = passagesHref(v, r.Slug, list, page-1)
		}
		if page < pages {
			pg.Next = passagesHref(v, r.Slug, list, page+1)
		}
		markSnapshot(c, v.Date)
		title := heading
		if page > 1 {
			title += fmt.Sprintf(" (page %d)", page)
		}
		return renderPage(c, view.PassagesList(view.PassagesPage{
			Page:    s.pageMeta(passagesHref(v, r.Slug, list, page), title, intro),
			Heading: heading, Intro: intro,
			Back:   withDate("/regions/"+r.Slug, v),
			Quotes: quotes(v, refs[lo:hi], mark),
			Pager:  pg,
		}))
	}
}

func firstN[T any](s []T, n int) []T { return s[:min(len(s), n)] }

// articlesOnAbout is how many articles /about lists; /articles pages
// the rest.
const articlesOnAbout = 10

var articlesParams = map[string]bool{"page": true, "region": true}

// articles is /articles: every article, newest first, a page at a time,
// with how many passages name each claimed region; region= keeps the
// articles that name one.
func (s *Server) articles(c echo.Context) error {
	st := s.current()
	a := st.atlas
	qs := c.QueryParams()
	if err := checkParams(qs, articlesParams, "the list of articles takes region and page"); err != nil {
		return err
	}
	region := strings.ToLower(qs.Get("region"))
	choices := []view.Choice{{Value: "", Label: "All articles", Selected: region == ""}}
	for _, r := range a.Regions {
		choices = append(choices, view.Choice{Value: r.Slug, Label: r.Name, Selected: r.Slug == region})
	}
	all := a.Articles
	heading, intro := "Articles", "The articles whose passages are linked to the map, newest first, with how many passages name each claimed region. Each opens on the map of its own date."
	if region != "" {
		r, ok := a.Region(region)
		if !ok {
			return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("region %q is not a claimed region; one of %s.", clip(region), choiceValues(choices[1:])))
		}
		all = nil
		for _, la := range a.Articles {
			if la.Named[r.Slug] > 0 {
				all = append(all, la)
			}
		}
		heading = "Articles that name " + r.Name
		intro = "The articles with a passage that names " + r.Name + " or a place in it, newest first."
	}
	page, err := parsePage(qs.Get("page"))
	if err != nil {
		return err
	}
	href := func(n int) string {
		q := url.Values{}
		if region != "" {
			q.Set("region", region)
		}
		if n > 1 {
			q.Set("page", strconv.Itoa(n))
		}
		if len(q) == 0 {
			return "/articles"
		}
		return "/articles?" + q.Encode()
	}
	v := view.ArticlesPage{Heading: heading, Intro: intro, Regions: choices}
	if len(all) > 0 {
		lo, hi, pages, err := pageBounds(len(all), passagesPerPage, page, "the articles")
		if err != nil {
			return err
		}
		pg := view.Pager{Label: "Pages of articles", Summary: fmt.Sprintf("Articles %d–%d of %d", lo+1, hi, len(all)), Page: page, Pages: pages}
		if page > 1 {
			pg.Prev = href(page - 1)
		}
		if page < pages {
			pg.Next = href(page + 1)
		}
		v.Pager = pg
		for _, la := range all[lo:hi] {
			row := view.ArticleRow{Href: "/articles/" + la.Slug, Title: la.Title, Date: la.Date, Source: strings.Trim(strings.TrimSpace(la.Author+", "+la.Publisher), ", "), Territorial: la.Territorial}
			for _, r := range a.Regions {
				if n := la.Named[r.Slug]; n > 0 {
					row.Counts = append(row.Counts, view.RegionCount{Name: r.Name, Href: "/articles/" + la.Slug + "#" + la.FirstNaming[r.Slug], ListHref: "/articles?region=" + r.Slug, N: n})
				}
			}
			v.Articles = append(v.Articles, row)
		}
	} else if page > 1 {
		return echo.NewHTTPError(http.StatusNotFound, fmt.Sprintf("There is no page %d: no article names this region.", page))
	}
	title := heading
	if page > 1 {
		title += fmt.Sprintf(" (page %d)", page)
	}
	v.Page = s.pageMeta(href(page), title, "The articles linked to the map, newest first.")
	return renderPage(c, view.ArticlesList(v))
}
