package web

import "github.com/labstack/echo/v4"

// ogcRoutes registers OGC API – Features under /ogc.
func (s *Server) ogcRoutes(e *echo.Echo) {}
