package web

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"
)

// checkParams refuses a parameter the handler does not take, and one given
// twice, with a 400 that says what it takes (takes: "an embed takes …").
// A parameter quietly ignored would serve something the reader did not
// ask for.
func checkParams(qs url.Values, allowed map[string]bool, takes string) error {
	for k, vs := range qs {
		if !allowed[k] {
			return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("Unknown parameter %q: %s.", k, takes))
		}
		if len(vs) > 1 {
			return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("Parameter %q given %d times.", k, len(vs)))
		}
	}
	return nil
}
