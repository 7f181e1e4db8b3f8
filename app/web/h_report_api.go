package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"liaison/app/apperr"
	"liaison/app/report"
	"liaison/app/workday"
)

// reportPeriods is how many months back the list of periods reaches.
const reportPeriods = 12

func (s *Server) apiReportPeriods(c echo.Context) error {
	if !report.MayRead(actor(c)) {
		return apperr.E(apperr.Forbidden, "forbidden")
	}
	return c.JSON(http.StatusOK, map[string]any{"items": report.Recent(workday.FromTime(s.DB.Now()), reportPeriods)})
}

func (s *Server) apiReportGet(c echo.Context) error {
	r, err := s.Reports.Build(c.Request().Context(), actor(c), c.Param("period"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}

func (s *Server) apiActivityList(c echo.Context) error {
	key := c.QueryParam("period")
	if key == "" {
		key = report.QuarterKey(workday.FromTime(s.DB.Now()))
	}
	p, err := report.ParsePeriod(key)
	if err != nil {
		return err
	}
	items, err := s.Reports.Activities(c.Request().Context(), actor(c), p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items})
}

func (s *Server) apiActivityCreate(c echo.Context) error {
	var in report.ActivityInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	x, err := s.Reports.CreateActivity(c.Request().Context(), actor(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, x)
}

func (s *Server) apiActivityUpdate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in report.ActivityInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	x, err := s.Reports.UpdateActivity(c.Request().Context(), actor(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, x)
}

func (s *Server) apiActivityDelete(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(c.QueryParam("version"))
	if err := s.Reports.DeleteActivity(c.Request().Context(), actor(c), id, version); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
