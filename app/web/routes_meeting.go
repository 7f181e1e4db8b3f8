package web

import "github.com/labstack/echo/v4"

// meetingRoutes registers the meetings area; until it is built its page says so.
func (s *Server) meetingRoutes(g routeGroups) {
	g.pages.GET("/meetings", func(c echo.Context) error { return s.comingSoon(c, "meetings") })
}
