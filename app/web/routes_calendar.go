package web

import "github.com/labstack/echo/v4"

// calendarRoutes registers the calendar area; until it is built its page says so.
func (s *Server) calendarRoutes(g routeGroups) {
	g.pages.GET("/calendar", func(c echo.Context) error { return s.comingSoon(c, "calendar") })
}
