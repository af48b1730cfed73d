package web

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/web/view"
)

// shareSize is an image and embed size readers can pick.
type shareSize struct {
	name          string
	width, height int
}

var shareSizes = []shareSize{{"small", 600, 400}, {"medium", 1200, 800}, {"large", 2400, 1600}}

// shareChoice is what a reader picked in the share panel.
type shareChoice struct {
	slug     string // ukraine or a claimed region
	size     shareSize
	theme    string
	date     string
	passages bool // the embed lists the linked passages under the map
}

// embedHeight is the iframe height that shows a whole embed at a width:
// the map's aspect ratio plus room for the title, legend and source line.
func embedHeight(width int) int {
	return width*mapHeight/mapWidth + 170
}

func (s *Server) base() string { return strings.TrimRight(s.cfg.BaseURL, "/") }

// embedURL is the address of an embed with the reader's choices.
func (s *Server) embedURL(c shareChoice, a *atlas.Atlas, extra ...string) string {
	q := url.Values{}
	if c.theme != "" && c.theme != "auto" {
		q.Set("theme", c.theme)
	}
	if c.date != "" && c.date != a.Snapshot {
		q.Set("date", c.date)
	}
	if c.passages {
		q.Set("passages", "true")
	}
	for i := 0; i+1 < len(extra); i += 2 {
		q.Set(extra[i], extra[i+1])
	}
	u := s.base() + "/embed/" + c.slug
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

// iframeSnippet is the code to paste into a web page: a titled iframe,
// sized to show the whole map without script, and the host script that
// then keeps its height in step with the embed.
func (s *Server) iframeSnippet(src, title string, width, height int) string {
	// Without embed.js the frame keeps the embed's proportions at any
	// width (aspect-ratio), so no empty band opens under a narrow map;
	// with it, the frame takes the embed's own height.
	return fmt.Sprintf(`<iframe src="%s" title="%s" width="%d" height="%d" style="border:0;width:100%%;max-width:%dpx;height:auto;aspect-ratio:%d/%d" loading="lazy"></iframe>`+"\n"+`<script async src="%s/embed.js"></script>`,
		html.EscapeString(src), html.EscapeString(title), width, height, width, width, height, s.base())
}

func (s *Server) imageURL(c shareChoice, a *atlas.Atlas, ext string) string {
	q := url.Values{}
	if ext == "png" {
		q.Set("width", strconv.Itoa(c.size.width))
		q.Set("height", strconv.Itoa(c.size.height))
	}
	if c.theme == "dark" {
		q.Set("theme", "dark")
	}
	if c.date != "" && c.date != a.Snapshot {
		q.Set("date", c.date)
	}
	u := s.base() + "/map/" + c.slug + "." + ext
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

func (s *Server) mapTitle(a *atlas.Atlas, slug, date string) string {
	dl := atlas.FormatDate(date)
	if r, ok := a.Region(slug); ok {
		name := r.DisplayName()
		st, _ := a.Stats(date)
		f, _ := st.Region(slug)
		claim := "claimed by Russia"
		if !f.Claimed {
			claim = "not yet claimed by Russia"
		}
		return fmt.Sprintf("Map: %s, %s; %s held by Russian forces on %s", name, claim, view.Percent(f.ControlledShare), dl)
	}
	return "Map: Russia's claim and control in Ukraine, " + dl
}

// shareView builds the share panel for a choice.
func (s *Server) shareView(a *atlas.Atlas, c shareChoice) view.ShareView {
	title := s.mapTitle(a, c.slug, c.date)
	png := s.imageURL(c, a, "png")
	pageURL := s.base() + "/"
	if c.slug != "ukraine" {
		pageURL += "regions/" + c.slug
	}
	// The download of what the map shows: the region's, on its date.
	q := url.Values{}
	if c.slug != "ukraine" {
		q.Set("region", c.slug)
	}
	if c.date != a.Snapshot {
		q.Set("date", c.date)
	}
	geojson := s.base() + "/layers/controlled.geojson"
	if len(q) > 0 {
		geojson += "?" + q.Encode()
	}
	v := view.ShareView{
		Region: c.slug, Size: c.size.name, Theme: c.theme, Date: c.date, Passages: c.passages,
		Iframe:   s.iframeSnippet(s.embedURL(c, a), title, c.size.width, embedHeight(c.size.width)),
		SVG:      s.imageURL(c, a, "svg"),
		PNG:      png,
		PDF:      s.imageURL(c, a, "pdf"),
		Markdown: fmt.Sprintf("![%s](%s)", strings.TrimPrefix(title, "Map: "), png),
		GeoJSON:  geojson,
		Citation: fmt.Sprintf("claimsmap, control as of %s, compiled from public reporting, %s", c.date, pageURL),
		Regions:  []view.Option{{Value: "ukraine", Label: "All of Ukraine"}},
		Sizes:    nil,
		Themes:   []view.Option{{Value: "auto", Label: "Reader's setting"}, {Value: "light", Label: "Light"}, {Value: "dark", Label: "Dark"}},
	}
	for _, r := range a.Regions {
		v.Regions = append(v.Regions, view.Option{Value: r.Slug, Label: r.Name})
	}
	for _, sz := range shareSizes {
		v.Sizes = append(v.Sizes, view.Option{Value: sz.name, Label: fmt.Sprintf("%s (%d×%d)", sz.name, sz.width, sz.height)})
	}
	for _, d := range a.Dates {
		v.Dates = append(v.Dates, view.Option{Value: d, Label: atlas.FormatDate(d)})
	}
	return v
}

func (s *Server) defaultShare(v *atlas.View, slug string, passages bool) view.ShareView {
	return s.shareView(v.Atlas, shareChoice{slug: slug, size: shareSizes[1], theme: "auto", date: v.Date, passages: passages})
}

var shareParams = map[string]bool{"region": true, "size": true, "theme": true, "date": true, "passages": true}

// share is /share: the panel for the choices submitted by its form, so
// that it works without JavaScript.
func (s *Server) share(c echo.Context) error {
	a := s.current().atlas
	ch := shareChoice{slug: "ukraine", size: shareSizes[1], theme: "auto", date: a.Snapshot}
	qs := c.QueryParams()
	if err := checkParams(qs, shareParams, "the share panel takes region, size, theme, date and passages"); err != nil {
		return err
	}
	switch qs.Get("passages") {
	case "", "false":
	case "true":
		ch.passages = true
	default:
		return echo.NewHTTPError(http.StatusBadRequest, "passages: use true or false.")
	}
	if v := qs.Get("region"); v != "" {
		if _, ok := a.Region(v); !ok && v != "ukraine" {
			return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("region %q: use ukraine or a claimed region.", v))
		}
		ch.slug = v
	}
	if v := qs.Get("size"); v != "" {
		found := false
		for _, sz := range shareSizes {
			if sz.name == v {
				ch.size, found = sz, true
			}
		}
		if !found {
			return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("size %q: use small, medium or large.", v))
		}
	}
	if v := qs.Get("theme"); v != "" {
		if v != "auto" && v != "light" && v != "dark" {
			return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("theme %q: use auto, light or dark.", v))
		}
		ch.theme = v
	}
	if v := qs.Get("date"); v != "" {
		d, err := snapshotOn(a, v)
		if err != nil {
			return err
		}
		ch.date = d
	}
	page := view.SharePage{
		Page:  s.pageMeta("/share", "Share a map", "Embed code, images and a citation for a claimsmap map."),
		Share: s.shareView(a, ch),
		Preview: view.SharePreview{
			Embed: strings.TrimPrefix(s.embedURL(ch, a), s.base()),
			// The small image: the preview needs no more.
			Image: strings.TrimPrefix(s.imageURL(shareChoice{slug: ch.slug, size: shareSizes[0], theme: ch.theme, date: ch.date}, a, "png"), s.base()),
			Title: s.mapTitle(a, ch.slug, ch.date),
			Width: ch.size.width, Height: embedHeight(ch.size.width),
		},
	}
	return renderPage(c, view.Share(page))
}
