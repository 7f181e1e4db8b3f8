package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"liaison/app/apperr"
	"liaison/app/scoreboard"
)

// boardMonth reads ?month= (default: last month).
func (s *Server) boardMonth(c echo.Context, v string) (scoreboard.Month, error) {
	if v == "" {
		return s.Scoreboard.DefaultMonth(), nil
	}
	return scoreboard.ParseMonth(v)
}

// revisionParam reads ?revision= (0: the latest).
func revisionParam(c echo.Context) (int, error) {
	v := c.QueryParam("revision")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, apperr.Fields{"revision": "scoreboard.revision_invalid"}.Err()
	}
	return n, nil
}

// loadBoard reads the month and revision of the request and the board.
func (s *Server) loadBoard(c echo.Context, month string) (scoreboard.Board, error) {
	m, err := s.boardMonth(c, month)
	if err != nil {
		return scoreboard.Board{}, err
	}
	rev, err := revisionParam(c)
	if err != nil {
		return scoreboard.Board{}, err
	}
	return s.Scoreboard.Board(c.Request().Context(), m, rev)
}

func (s *Server) apiScoreboard(c echo.Context) error {
	b, err := s.loadBoard(c, c.QueryParam("month"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, b)
}

func (s *Server) loadRecords(c echo.Context) (scoreboard.Records, error) {
	m, err := scoreboard.ParseMonth(c.Param("month"))
	if err != nil {
		return scoreboard.Records{}, err
	}
	rev, err := revisionParam(c)
	if err != nil {
		return scoreboard.Records{}, err
	}
	unitID, err := queryID(c, "unit_id")
	if err != nil {
		return scoreboard.Records{}, err
	}
	if unitID == 0 {
		return scoreboard.Records{}, apperr.Fields{"unit_id": "required"}.Err()
	}
	return s.Scoreboard.Records(c.Request().Context(), actor(c), m, rev, unitID, scoreboard.Figure(c.QueryParam("figure")))
}

func (s *Server) apiScoreboardRecords(c echo.Context) error {
	r, err := s.loadRecords(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}

func (s *Server) apiScoreboardPublish(c echo.Context) error {
	m, err := scoreboard.ParseMonth(c.Param("month"))
	if err != nil {
		return err
	}
	b, err := s.Scoreboard.Publish(c.Request().Context(), actor(c), m)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, b)
}

func (s *Server) apiScoreboardRevise(c echo.Context) error {
	m, err := scoreboard.ParseMonth(c.Param("month"))
	if err != nil {
		return err
	}
	var in struct {
		Reason string `json:"reason"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	b, err := s.Scoreboard.Revise(c.Request().Context(), actor(c), m, in.Reason)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, b)
}

func (s *Server) apiScoreboardSettings(c echo.Context) error {
	st, err := s.Scoreboard.Settings(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, st)
}

func (s *Server) apiScoreboardSettingsPut(c echo.Context) error {
	var in scoreboard.Settings
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	st, err := s.Scoreboard.SaveSettings(c.Request().Context(), actor(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, st)
}

// yearParam reads the path year; a malformed one is 422 like a future one.
func scoreYearParam(c echo.Context) (int, error) {
	y, err := strconv.Atoi(c.Param("year"))
	if err != nil || len(c.Param("year")) != 4 {
		return 0, apperr.Fields{"year": "scoreboard.year_invalid"}.Err()
	}
	return y, nil
}

func (s *Server) apiScoreboardYear(c echo.Context) error {
	y, err := scoreYearParam(c)
	if err != nil {
		return err
	}
	b, err := s.Scoreboard.Year(c.Request().Context(), y)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, b)
}

func (s *Server) apiDashboard(c echo.Context) error {
	d, err := s.Scoreboard.Dashboard(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, d)
}
