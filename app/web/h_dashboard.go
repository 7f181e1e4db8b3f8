package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"liaison/app/scoreboard"
)

// dashboardView is the leaders' overview.
type dashboardView struct {
	scoreboard.Dashboard
	Month string // last month, for the scoreboard link
}

func (s *Server) dashboardPage(c echo.Context) error {
	d, err := s.Scoreboard.Dashboard(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	v := dashboardView{Dashboard: d, Month: s.Scoreboard.DefaultMonth().String()}
	return s.render(c, http.StatusOK, "dashboard_index", s.page(c, "dashboard", "dashboard.title", v))
}
