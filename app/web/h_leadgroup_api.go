package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"liaison/app/leadgroup"
)

func (s *Server) apiLeadGroupList(c echo.Context) error {
	seats, err := s.LeadGroup.Roster(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"items": seats})
}

func (s *Server) apiLeadGroupAdd(c echo.Context) error {
	var in leadgroup.Input
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	x, err := s.LeadGroup.Add(c.Request().Context(), actor(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, x)
}

func (s *Server) apiLeadGroupUpdate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in leadgroup.Input
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	x, err := s.LeadGroup.Update(c.Request().Context(), actor(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, x)
}

func (s *Server) apiLeadGroupRemove(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(c.QueryParam("version"))
	if err := s.LeadGroup.Remove(c.Request().Context(), actor(c), id, version); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
