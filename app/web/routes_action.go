package web

import "github.com/labstack/echo/v4"

// actionRoutes registers the actions area; until it is built its page says so.
func (s *Server) actionRoutes(g routeGroups) {
	g.pages.GET("/actions", func(c echo.Context) error { return s.comingSoon(c, "actions") })
}
