package web

import "github.com/labstack/echo/v4"

// caseRoutes registers the cases area; until it is built its page says so.
func (s *Server) caseRoutes(g routeGroups) {
	g.pages.GET("/cases", func(c echo.Context) error { return s.comingSoon(c, "cases") })
}
