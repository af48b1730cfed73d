package web

import "github.com/labstack/echo/v4"

// tileRoutes registers the vector tiles and their TileJSON.
func (s *Server) tileRoutes(e *echo.Echo) {}
