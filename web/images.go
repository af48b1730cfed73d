package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/render"
)

var imageParams = map[string]bool{"width": true, "height": true, "scale": true, "paper": true, "theme": true, "date": true}

// image is /map/{slug}.{svg,png,pdf}: the map as an image for reports,
// rendered once per dataset version and options and kept in a bounded
// cache. Bad options get a 400 that states the limits.
func (s *Server) image(c echo.Context) error {
	st := s.current()
	name, ext, ok := strings.Cut(c.Param("file"), ".")
	if !ok || name == "" {
		return echo.NewHTTPError(http.StatusNotFound, "Map images are /map/{ukraine|region}.svg, .png or .pdf.")
	}
	// Region names in any case, as the pages and views take them.
	name = strings.ToLower(name)
	o := render.Options{Region: name, Format: render.Format(ext), BaseURL: s.cfg.BaseURL}
	if name == "ukraine" {
		o.Region = ""
	}
	if o.Format != render.SVG && o.Format != render.PNG && o.Format != render.PDF {
		return echo.NewHTTPError(http.StatusNotFound, fmt.Sprintf("No image format %q: use svg, png or pdf.", ext))
	}
	qs := c.QueryParams()
	if err := checkParams(qs, imageParams, "an image takes width, height, scale (PNG), paper (PDF), theme and date"); err != nil {
		return err
	}
	for _, p := range []struct {
		key string
		dst *int
	}{{"width", &o.Width}, {"height", &o.Height}} {
		if v := qs.Get(p.key); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("%s %q is not a whole number of pixels.", p.key, v))
			}
			*p.dst = n
		}
	}
	if v := qs.Get("scale"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("scale %q: use 1, or 2 for high-density screens.", v))
		}
		o.Scale = f
	}
	o.Paper = qs.Get("paper")
	o.Theme = render.Theme(qs.Get("theme"))
	scale := 1.0
	if o.Format == render.PNG && o.Scale > 1 {
		scale = o.Scale
	}
	asked := float64(o.Width) / float64(max(o.Height, 1))
	var err error
	if o.Width, err = quantise("width", o.Width, scale); err != nil {
		return err
	}
	if o.Height, err = quantise("height", o.Height, scale); err != nil {
		return err
	}
	if asked >= 0.5 && asked <= 3 {
		o.Width, o.Height = keepRatio(o.Width, o.Height, scale)
	}
	if err := o.Validate(); err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, err.Error())
	}
	date, err := snapshotOn(st.atlas, qs.Get("date"))
	if err != nil {
		return err
	}
	o.Date = date
	markSnapshot(c, o.Date)
	// What the format ignores is not part of the key: the same bytes are
	// cached once.
	k := o.Effective()
	key := fmt.Sprintf("image|%s|%s|%s|%d|%d|%g|%s|%s|%s", st.atlas.Version, name, ext, k.Width, k.Height, k.Scale, k.Paper, k.Theme, k.Date)
	if o.Region != "" {
		// Refused before it costs the client a run or takes a worker.
		if _, ok := st.atlas.Region(o.Region); !ok {
			return echo.NewHTTPError(http.StatusNotFound, fmt.Sprintf("No map %q: use ukraine or a claimed region's slug (%s).", clip(name), regionSlugs(st.atlas)))
		}
	}
	return imageError(s.serveMade(c, st.images, "image", key, func(ctx context.Context) (*response, error) {
		v, err := st.atlas.At(o.Date)
		if err != nil {
			return nil, err
		}
		b, err := render.Render(v, o)
		if err != nil {
			return nil, err
		}
		r := newResponse(b, render.ContentType(o.Format), cachePage)
		r.disposition = fmt.Sprintf(`inline; filename="claimsmap-%s.%s"`, name, ext)
		return r, nil
	}))
}

// imageError maps render's refusals to responses.
func imageError(err error) error {
	switch {
	case errors.Is(err, render.ErrNotFound):
		return echo.NewHTTPError(http.StatusNotFound, err.Error())
	case errors.Is(err, render.ErrInvalid):
		return echo.NewHTTPError(http.StatusBadRequest, err.Error())
	}
	return err
}

// regionSlugs lists the regions' slugs for error messages.
func regionSlugs(a *atlas.Atlas) string {
	slugs := make([]string, len(a.Regions))
	for i, r := range a.Regions {
		slugs[i] = r.Slug
	}
	return strings.Join(slugs, ", ")
}
