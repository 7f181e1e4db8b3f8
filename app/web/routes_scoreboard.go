package web

import "github.com/labstack/echo/v4"

// scoreboardRoutes registers the scoreboard area; until it is built its page says so.
func (s *Server) scoreboardRoutes(g routeGroups) {
	g.pages.GET("/scoreboard", func(c echo.Context) error { return s.comingSoon(c, "scoreboard") })
}
