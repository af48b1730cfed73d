package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/gazetteer"
	"github.com/claimsmap/claimsmap/internal/quote"
	"github.com/claimsmap/claimsmap/web/view"
)

// Result counts: a search page never grows with the data.
const (
	searchPlaces   = 20
	searchArticles = 10
)

var searchParams = map[string]bool{"q": true, "f": true}

// searchResult is one result of /search?f=json.
type searchResult struct {
	Kind    string `json:"kind"` // region, oblast, place or article
	ID      string `json:"id"`
	Name    string `json:"name"`
	Href    string `json:"href"`
	Matched string `json:"matched,omitempty"` // the name or variant that matched
	Oblast  string `json:"oblast,omitempty"`
	HeldBy  string `json:"held_by,omitempty"` // on the latest snapshot
	Date    string `json:"date,omitempty"`    // an article's
}

type searchResponse struct {
	Query      string         `json:"query"`
	Clipped    bool           `json:"clipped"`
	AsOf       string         `json:"as_of"`
	Results    []searchResult `json:"results"`
	MorePlaces bool           `json:"more_places"`
}

// search is /search?q=: regions, places and articles by any of their
// names, as a page or (f=json, or Accept: application/json) as JSON. A
// query that names exactly one region or place goes straight to its page.
func (s *Server) search(c echo.Context) error {
	a := s.current().atlas
	qs := c.QueryParams()
	if err := checkParams(qs, searchParams, "search takes q (a name, in Latin or Cyrillic letters) and f=json"); err != nil {
		return err
	}
	f := qs.Get("f")
	if f != "" && f != "json" && f != "html" {
		return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("f %q must be json or html.", clip(f)))
	}
	asJSON := f == "json" || (f == "" && wantsJSON(c.Request()))
	c.Response().Header().Add("Vary", "Accept")
	q := strings.TrimSpace(qs.Get("q"))
	clipped := false
	if utf8.RuneCountInString(q) > gazetteer.MaxQuery {
		q, clipped = strings.TrimSpace(string([]rune(q)[:gazetteer.MaxQuery])), true
	}
	if !utf8.ValidString(q) {
		return echo.NewHTTPError(http.StatusBadRequest, "q is not valid UTF-8 text.")
	}
	res := searchResponse{Query: q, Clipped: clipped, AsOf: a.Snapshot, Results: []searchResult{}}
	exact := 0
	var only string
	if q != "" {
		var ms []gazetteer.Match
		ms, res.MorePlaces = searchGazetteer(a, q)
		for _, m := range ms {
			r := s.resultOf(a, m)
			// A grouping (Donbas) names several regions: no one page.
			if m.Quality == gazetteer.MatchExact && (m.Name == nil || len(m.Name.Regions) == 1) {
				exact++
				only = r.Href
			}
			res.Results = append(res.Results, r)
		}
		// An oblast's name is its capital's too (Kharkiv): show both.
		for _, r := range searchOblasts(a, q) {
			exact = 0
			if !slices.ContainsFunc(res.Results, func(x searchResult) bool { return x.Href == r.Href }) {
				res.Results = append(res.Results, r)
			}
		}
		res.Results = append(res.Results, searchArticleTitles(a, q)...)
	}
	if asJSON {
		b, err := json.Marshal(res)
		if err != nil {
			return err
		}
		return c.Blob(http.StatusOK, "application/json", b)
	}
	if exact == 1 && !clipped {
		return c.Redirect(http.StatusSeeOther, only)
	}
	title := "Search"
	if q != "" {
		title = "Search: " + quote.Clip(q, 60)
	}
	p := view.SearchPage{
		Page:    s.pageMeta("/search", title, "Find a claimed region, a settlement or an article by any of its names, in Latin or Cyrillic letters."),
		Query:   q,
		Clipped: clipped,
	}
	for _, r := range res.Results {
		h := view.SearchHit{Href: r.Href, Title: r.Name}
		var notes []string
		if r.Oblast != "" && r.Oblast != r.Name {
			notes = append(notes, r.Oblast)
		}
		if r.HeldBy != "" {
			notes = append(notes, "held by "+atlas.HolderLabel(r.HeldBy)+" on "+atlas.FormatDate(a.Snapshot))
		}
		if r.Matched != "" && r.Matched != r.Name {
			notes = append(notes, "also written "+r.Matched)
		}
		if r.Date != "" {
			notes = append(notes, atlas.FormatDate(r.Date))
		}
		if len(notes) > 0 {
			h.Note = "— " + strings.Join(notes, "; ")
		}
		switch r.Kind {
		case "region", "oblast":
			p.Regions = append(p.Regions, h)
		case "place":
			p.Places = append(p.Places, h)
		case "article":
			p.Articles = append(p.Articles, h)
		}
	}
	if res.MorePlaces {
		p.More = fmt.Sprintf("Only the first %d places are shown; give more of the name to narrow the search.", searchPlaces)
	}
	return renderPage(c, view.Search(p))
}

// searchGazetteer finds regions and places; more says whether places were
// left out.
func searchGazetteer(a *atlas.Atlas, q string) (ms []gazetteer.Match, more bool) {
	ms = a.Gazetteer.Search(q, searchPlaces+1)
	if len(ms) > searchPlaces {
		return ms[:searchPlaces], true
	}
	return ms, false
}

func (s *Server) resultOf(a *atlas.Atlas, m gazetteer.Match) searchResult {
	if st := m.Settlement; st != nil {
		return searchResult{
			Kind: "place", ID: st.ID, Name: st.Name, Href: "/places/" + st.ID, Matched: m.Text,
			Oblast: divisionName(a, st.Oblast), HeldBy: a.HeldOn(a.Snapshot, st.ID),
		}
	}
	slug := m.Name.Regions[0]
	r := searchResult{Kind: "region", ID: slug, Href: "/regions/" + slug, Matched: m.Text}
	var names []string
	for _, slug := range m.Name.Regions {
		if reg, ok := a.Region(slug); ok {
			names = append(names, reg.Name)
		}
	}
	r.Name = atlas.JoinAnd(names)
	if len(m.Name.Regions) > 1 {
		// A grouping (Donbas): its first region's page, named in full.
		r.Name = m.Text + " (" + r.Name + ")"
	}
	return r
}

// searchOblasts finds the front-line oblasts outside the claim by name:
// their places are listed at /places?region=.
func searchOblasts(a *atlas.Atlas, q string) []searchResult {
	fq := gazetteer.Fold(q)
	var out []searchResult
	for _, slug := range placeDivisions(a) {
		d, _ := a.Data.Division(slug)
		if d.ClaimedRegion != "" {
			continue
		}
		for _, n := range append([]string{d.Name}, d.Variants...) {
			if strings.HasPrefix(gazetteer.Fold(n), fq) {
				out = append(out, searchResult{Kind: "oblast", ID: slug, Name: d.Name, Href: "/places?region=" + slug, Matched: n})
				break
			}
		}
	}
	return out
}

// searchArticleTitles finds articles whose title holds the query, newest
// first.
func searchArticleTitles(a *atlas.Atlas, q string) []searchResult {
	fq := gazetteer.Fold(q)
	var out []searchResult
	for _, la := range a.Articles {
		if len(out) == searchArticles {
			break
		}
		if strings.Contains(gazetteer.Fold(la.Title), fq) {
			out = append(out, searchResult{Kind: "article", ID: la.Slug, Name: la.Title, Href: "/articles/" + la.Slug, Date: la.Date})
		}
	}
	return out
}
