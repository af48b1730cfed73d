package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/render"
)

// oembed is an oEmbed 1.0 "rich" response.
type oembed struct {
	Type            string `json:"type"`
	Version         string `json:"version"`
	Title           string `json:"title"`
	ProviderName    string `json:"provider_name"`
	ProviderURL     string `json:"provider_url"`
	CacheAge        int    `json:"cache_age"`
	HTML            string `json:"html"`
	Width           int    `json:"width"`
	Height          int    `json:"height"`
	ThumbnailURL    string `json:"thumbnail_url,omitempty"`
	ThumbnailWidth  int    `json:"thumbnail_width,omitempty"`
	ThumbnailHeight int    `json:"thumbnail_height,omitempty"`
}

var (
	oembedPaths  = regexp.MustCompile(`^/(?:regions/([a-z-]+)|embed/([a-z-]+)|map/([a-z-]+)\.(?:svg|png|pdf)|articles/([a-z0-9-]+))?$`)
	oembedParams = map[string]bool{"url": true, "maxwidth": true, "maxheight": true, "format": true}
)

// oembedFor answers /oembed?url=...: which of our maps the URL shows, and
// the iframe to embed it. 404 for a URL we do not serve; 501 for XML,
// which this provider does not implement.
func (s *Server) oembedFor(c echo.Context) error {
	a := s.current().atlas
	qs := c.QueryParams()
	if err := checkParams(qs, oembedParams, "oEmbed takes url, maxwidth, maxheight and format"); err != nil {
		return err
	}
	switch qs.Get("format") {
	case "", "json":
	case "xml":
		return echo.NewHTTPError(http.StatusNotImplemented, "Only format=json is implemented.")
	default:
		return echo.NewHTTPError(http.StatusBadRequest, "format: use json.")
	}
	raw := qs.Get("url")
	if raw == "" {
		return echo.NewHTTPError(http.StatusBadRequest, "url is required: the address of a claimsmap map, region, article or embed.")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("url %q is not an http(s) address.", raw))
	}
	slug, date, extra, ok := s.oembedTarget(a, u, c.Request().Host)
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound, fmt.Sprintf("%s is not a claimsmap map, region, article or embed.", raw))
	}
	maxW, err := positive(qs.Get("maxwidth"))
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "maxwidth: "+err.Error())
	}
	maxH, err := positive(qs.Get("maxheight"))
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "maxheight: "+err.Error())
	}
	w := 800
	if maxW > 0 && maxW < w {
		w = maxW
	}
	h := embedHeight(w)
	if maxH > 0 && maxH < h {
		h = maxH
	}
	ch := shareChoice{slug: slug, size: shareSizes[0], theme: "auto", date: date}
	title := s.mapTitle(a, slug, date)
	res := oembed{
		Type: "rich", Version: "1.0", Title: strings.TrimPrefix(title, "Map: "),
		ProviderName: "claimsmap", ProviderURL: s.base() + "/", CacheAge: 3600,
		HTML:  s.iframeSnippet(s.embedURL(ch, a, extra...), title, w, h),
		Width: w, Height: h,
	}
	// A thumbnail must fit maxwidth and maxheight; images are at least
	// 400×300, so a smaller box gets none (oEmbed makes it optional).
	tw, th := 600, 400
	if maxW > 0 && maxW < tw {
		tw, th = maxW, maxW*2/3
	}
	if maxH > 0 && maxH < th {
		tw, th = maxH*3/2, maxH
	}
	if tw >= render.MinWidth && th >= render.MinHeight {
		thumb := shareChoice{slug: slug, size: shareSize{"thumb", tw, th}, theme: "light", date: date}
		res.ThumbnailURL, res.ThumbnailWidth, res.ThumbnailHeight = s.imageURL(thumb, a, "png"), tw, th
	}
	b, err := json.Marshal(res)
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "application/json+oembed", b)
}

// oembedTarget maps one of our URLs to the embed that shows it, and the
// snapshot it shows: a map's or region's date=, an embed's own choices.
func (s *Server) oembedTarget(a *atlas.Atlas, u *url.URL, requestHost string) (slug, date string, extra []string, ok bool) {
	base, _ := url.Parse(s.cfg.BaseURL)
	if u.Host != requestHost && (base == nil || u.Host != base.Host) {
		return "", "", nil, false
	}
	m := oembedPaths.FindStringSubmatch(u.Path)
	if m == nil {
		return "", "", nil, false
	}
	date = a.Snapshot
	switch {
	case m[2] != "":
		// An embed URL keeps its choices, if they are ones the embed takes.
		q, err := parseEmbedQuery(a, m[2], u.Query())
		if err != nil {
			return "", "", nil, false
		}
		for k, vs := range u.Query() {
			extra = append(extra, k, vs[0])
		}
		return q.slug, q.date, extra, true
	case m[1] != "" || m[3] != "":
		slug = m[1] + m[3]
		if _, ok := a.Region(slug); !ok && slug != "ukraine" {
			return "", "", nil, false
		}
	case m[4] != "":
		if _, ok := a.Article(m[4]); !ok {
			return "", "", nil, false
		}
		return "ukraine", date, []string{"passages", "true"}, true
	default:
		slug = "ukraine"
	}
	if d := u.Query().Get("date"); d != "" {
		snap, err := snapshotOn(a, d)
		if err != nil {
			return "", "", nil, false
		}
		date = snap
	}
	return slug, date, nil, true
}

func positive(v string) (int, error) {
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 || n > 10000 {
		return 0, fmt.Errorf("%q is not a whole number of pixels from 1 to 10000", v)
	}
	return n, nil
}
