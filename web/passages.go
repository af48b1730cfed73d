package web

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/linker"
	"github.com/claimsmap/claimsmap/web/view"
)

// segments cuts a linked passage into runs for the templates. Mentions of
// mark (a region slug) are highlighted and link to the passage in its
// article; other mentions link to their region or place. Figures the layers
// can check carry the measured value.
func segments(v *atlas.View, la *atlas.LinkedArticle, p linker.Passage, mark string) []view.Segment {
	a := v.Atlas
	// Places are told as they were on the article's own date.
	then := la.ControlDate
	type run struct {
		start, end int
		seg        view.Segment
	}
	var runs []run
	for _, m := range p.Mentions {
		s := view.Segment{Text: m.Text, Kind: "mention", Href: mentionHref(m), Title: mentionTitle(a, then, m)}
		if mark != "" && (m.Region == mark || slices.Contains(m.Regions, mark)) {
			s.Kind, s.Href = "mark", "/articles/"+la.Slug+"#"+p.ID
		}
		runs = append(runs, run{m.Start, m.End, s})
	}
	for _, f := range p.Figures {
		c, ok := a.CheckFigure(la, f)
		if !ok || overlaps(p.Mentions, f.Start, f.End) {
			continue
		}
		runs = append(runs, run{f.Start, f.End, view.Segment{
			Text: f.Text, Kind: "figure", Href: "/about#control-h",
			Note:  "[measured: " + measured(f.Kind, c.Measured) + " on " + atlas.FormatDate(c.Date) + "]",
			Title: fmt.Sprintf("claimsmap measures %s on %s from its control layer (approximate)", c.What, atlas.FormatDate(c.Date)),
		}})
	}
	sort.Slice(runs, func(i, j int) bool { return runs[i].start < runs[j].start })
	var out []view.Segment
	pos := 0
	for _, r := range runs {
		if r.start < pos {
			continue
		}
		if r.start > pos {
			out = append(out, view.Segment{Text: p.Text[pos:r.start]})
		}
		out = append(out, r.seg)
		pos = r.end
	}
	if pos < len(p.Text) {
		out = append(out, view.Segment{Text: p.Text[pos:]})
	}
	return out
}

func overlaps(ms []linker.Mention, start, end int) bool {
	for _, m := range ms {
		if m.Start < end && start < m.End {
			return true
		}
	}
	return false
}

func measured(kind string, v float64) string {
	if kind == linker.FigureArea {
		return view.Km2(v) + " km²"
	}
	return view.Percent(v)
}

func mentionHref(m linker.Mention) string {
	if m.Place != "" {
		return "/places/" + m.Place
	}
	return "/regions/" + m.Region
}

// mentionTitle says what a mention links to; for a settlement, who held it
// on the date of then (the article's), where known.
func mentionTitle(a *atlas.Atlas, then string, m linker.Mention) string {
	if m.Place != "" {
		p, ok := a.Place(m.Place)
		if !ok {
			return m.Text
		}
		where := p.Name
		if d := divisionName(a, p.Oblast); d != p.Name {
			where += ", " + d
		}
		if then == "" {
			return where
		}
		return fmt.Sprintf("%s: held by %s on %s (approximate)", where, atlas.HolderLabel(a.HeldOn(then, p.ID)), atlas.FormatDate(then))
	}
	var names []string
	for _, slug := range append([]string{m.Region}, m.Regions...) {
		if r, ok := a.Region(slug); ok && !slices.Contains(names, r.Name) {
			names = append(names, r.Name)
		}
	}
	return atlas.JoinAnd(names) + ": claimed region"
}

func divisionName(a *atlas.Atlas, slug string) string {
	if d, ok := a.Data.Division(slug); ok {
		return d.Name
	}
	return slug
}

// quotes turns passage references into quotes with mark highlighted.
func quotes(v *atlas.View, refs []atlas.PassageRef, mark string) []view.Quote {
	var out []view.Quote
	for _, r := range refs {
		out = append(out, view.Quote{
			Segments:  segments(v, r.Article, r.Passage, mark),
			Permalink: r.Permalink(),
			Source:    fmt.Sprintf("%s (%s, %s), paragraph %d", r.Article.Title, publisherOf(r.Article), atlas.FormatDate(r.Article.Date), r.Passage.Index),
		})
	}
	return out
}

func publisherOf(la *atlas.LinkedArticle) string {
	if la.Publisher != "" {
		return la.Publisher
	}
	return "unknown publisher"
}

// passageSummary says in words what a passage links to.
func passageSummary(v *atlas.View, p linker.Passage) string {
	a := v.Atlas
	var parts []string
	if len(p.Regions) > 0 {
		var names []string
		for _, s := range p.Regions {
			if r, ok := a.Region(s); ok {
				names = append(names, r.Name)
			}
		}
		parts = append(parts, "Names "+strings.Join(names, ", "))
	}
	if p.Territorial {
		parts = append(parts, "about the disputed territory as a whole")
	}
	if len(parts) == 0 {
		return ""
	}
	s := strings.Join(parts, "; ") + "."
	return strings.ToUpper(s[:1]) + s[1:]
}
