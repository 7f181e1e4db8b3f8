package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"liaison/app/scoreboard"
)

// dashboardView is the leaders' overview: key figures first, then the
// charts, then the lists behind them.
type dashboardView struct {
	scoreboard.Dashboard
	Month string // last month, for the scoreboard link
	Year  int    // the year of the trend chart: last month's
	// the key figures, totals of the units table and the lists
	Open, Overdue, Answered, DocsOverdue int
	AnyOverdue                           bool // the overdue chart has something to draw
	Published                            int  // published months of Year; none → the trend's empty state
}

func (s *Server) dashboardPage(c echo.Context) error {
	ctx := c.Request().Context()
	d, err := s.Scoreboard.Dashboard(ctx, actor(c))
	if err != nil {
		return err
	}
	m := s.Scoreboard.DefaultMonth()
	v := dashboardView{Dashboard: d, Month: m.String(), Year: m.Year}
	for _, u := range d.Units {
		v.Open += u.Open
		v.Overdue += u.Overdue
		v.Answered += u.Answered
	}
	v.AnyOverdue = v.Overdue > 0
	for _, doc := range d.Documents {
		if doc.Overdue {
			v.DocsOverdue++
		}
	}
	y, err := s.Scoreboard.Year(ctx, m.Year)
	if err != nil {
		return err
	}
	v.Published = len(y.PublishedMonths)
	return s.render(c, http.StatusOK, "dashboard_index", s.page(c, "dashboard", "dashboard.title", v))
}
