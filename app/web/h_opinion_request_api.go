package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"liaison/app/casefile"
)

func (s *Server) apiOpinionRequestList(c echo.Context) error {
	items, err := s.Cases.ListOpinionRequests(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items})
}

func (s *Server) apiOpinionRequestCreate(c echo.Context) error {
	var in casefile.OpinionRequestInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	r, err := s.Cases.RequestOpinion(c.Request().Context(), actor(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, r)
}

func (s *Server) apiOpinionRequestGet(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	r, err := s.Cases.GetOpinionRequest(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}

func (s *Server) apiOpinionRequestApprove(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in casefile.OpinionDecision
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	r, doc, err := s.Cases.ApproveOpinion(c.Request().Context(), actor(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, struct {
		casefile.OpinionRequest
		Document casefile.DocumentDetail `json:"document"`
	}{r, doc})
}

func (s *Server) apiOpinionRequestRefuse(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in casefile.OpinionDecision
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	r, err := s.Cases.RefuseOpinion(c.Request().Context(), actor(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}
