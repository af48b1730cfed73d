package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/quote"
	"github.com/claimsmap/claimsmap/web/view"
)

// snapshotHeader names, on every response that depends on the date, the
// snapshot it shows: the latest on or before the date asked for.
const snapshotHeader = "Claimsmap-Snapshot"

// snapshotOn resolves a date parameter (empty for the latest snapshot) to
// the latest snapshot on or before it, with the one answer every page,
// embed, image and layer gives for the same mistake: 400 for a date that
// is not one, 404 before the first snapshot. It builds nothing, so a
// response already cached is served without the date's view.
func snapshotOn(a *atlas.Atlas, date string) (string, error) {
	d, err := a.SnapshotOn(date)
	var before *atlas.BeforeFirstError
	switch {
	case errors.Is(err, atlas.ErrBadDate):
		return "", echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("date %q is not a date YYYY-MM-DD.", clip(date)))
	case errors.As(err, &before):
		return "", echo.NewHTTPError(http.StatusNotFound, fmt.Sprintf("No control data on or before %s: the first snapshot is %s (%s).", before.Date, before.First, atlas.FormatDate(before.First)))
	}
	return d, err
}

// viewAt is the atlas on snapshotOn(date).
func viewAt(a *atlas.Atlas, date string) (*atlas.View, error) {
	d, err := snapshotOn(a, date)
	if err != nil {
		return nil, err
	}
	return a.At(d)
}

// markSnapshot says which snapshot a response shows.
func markSnapshot(c echo.Context, date string) {
	c.Response().Header().Set(snapshotHeader, date)
}

// clip shortens what a client sent before an error message quotes it.
func clip(s string) string { return quote.Clip(s, 40) }

// withDate adds ?date= to a path for a view other than the latest, so
// links keep the reader on the date they chose.
func withDate(path string, v *atlas.View) string { return dateURL(path, v.Atlas, v.Date) }

// dateURL is path on date, with no date parameter for the latest snapshot.
func dateURL(path string, a *atlas.Atlas, date string) string {
	if date == a.Snapshot {
		return path
	}
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return path + sep + "date=" + date
}

// timeline lists every snapshot as a link to path on that date, the
// view's own marked current.
func timeline(v *atlas.View, path string) view.Timeline {
	t := view.Timeline{Label: v.AsOf(), Latest: v.IsLatest()}
	for _, d := range v.Dates {
		t.Items = append(t.Items, view.TimelineItem{Date: d, Label: atlas.FormatDate(d), Href: dateURL(path, v.Atlas, d), Current: d == v.Date})
	}
	return t
}
