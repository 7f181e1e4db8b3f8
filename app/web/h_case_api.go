package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/casefile"
	"liaison/app/meeting"
)

// caseFilter reads the register's list filters from the query string.
func caseFilter(c echo.Context) (casefile.Filter, error) {
	pr, err := pageReq(c)
	if err != nil {
		return casefile.Filter{}, err
	}
	unitID, err := queryID(c, "unit_id")
	if err != nil {
		return casefile.Filter{}, err
	}
	return casefile.Filter{
		Kind: strings.TrimSpace(c.QueryParam("kind")), Stage: casefile.Stage(c.QueryParam("stage")), UnitID: unitID,
		Q: strings.TrimSpace(c.QueryParam("q")), Sensitivity: account.Sensitivity(c.QueryParam("sensitivity")),
		Due: c.QueryParam("due") == "true", Late: c.QueryParam("late") == "true", Page: pr,
	}, nil
}

func (s *Server) apiCaseList(c echo.Context) error {
	f, err := caseFilter(c)
	if err != nil {
		return err
	}
	p, err := s.Cases.List(c.Request().Context(), actor(c), f)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (s *Server) apiCaseCreate(c echo.Context) error {
	var in casefile.CaseInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	k, err := s.Cases.Create(c.Request().Context(), actor(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, k)
}

func (s *Server) apiCaseGet(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	d, err := s.caseDetail(c, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, d)
}

// caseDetail is a case as its page and its JSON show it: the register's
// links, then the meetings that took the case up, which the meetings area
// lists for the same actor (the register knows nothing of meetings).
type caseDetail struct {
	casefile.CaseDetail
	Meetings []meeting.CaseLink `json:"meetings"`
}

func (s *Server) caseDetail(c echo.Context, id int64) (caseDetail, error) {
	ctx, a := c.Request().Context(), actor(c)
	d, err := s.Cases.Detail(ctx, a, id)
	if err != nil {
		return caseDetail{}, err
	}
	m, err := s.Meetings.CaseLinks(ctx, a, id)
	return caseDetail{CaseDetail: d, Meetings: m}, err
}

func (s *Server) apiCaseUpdate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var p casefile.CasePatch
	if err := bindJSON(c, &p); err != nil {
		return err
	}
	k, err := s.Cases.Update(c.Request().Context(), actor(c), id, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, k)
}

func (s *Server) apiCaseStage(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Stage   casefile.Stage `json:"stage"`
		Version int            `json:"version"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	k, err := s.Cases.SetStage(c.Request().Context(), actor(c), id, in.Stage, in.Version)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, k)
}

func (s *Server) apiCaseNotify(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in casefile.NotificationInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	n, err := s.Cases.Notify(c.Request().Context(), actor(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, n)
}

func (s *Server) apiCaseNotifications(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ns, err := s.Cases.Notifications(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"items": ns, "next_cursor": ""})
}

func (s *Server) apiCaseNotificationRead(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	nid, err := idParam(c, "nid")
	if err != nil {
		return err
	}
	n, err := s.Cases.MarkRead(c.Request().Context(), actor(c), id, nid)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, n)
}

func (s *Server) apiCaseTypes(c echo.Context) error {
	ts, err := s.Cases.Types(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"items": ts, "next_cursor": ""})
}

func (s *Server) apiCaseTypeCreate(c echo.Context) error {
	var in casefile.CaseTypeInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	t, err := s.Cases.CreateType(c.Request().Context(), actor(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, t)
}

func (s *Server) apiCaseTypeUpdate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Active *bool `json:"active"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if in.Active == nil {
		return apperr.Fields{"active": "required"}.Err()
	}
	t, err := s.Cases.SetTypeActive(c.Request().Context(), actor(c), id, *in.Active)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, t)
}

func (s *Server) apiCaseSettings(c echo.Context) error {
	t, err := s.Cases.Timers(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, t)
}

func (s *Server) apiCaseSettingsPut(c echo.Context) error {
	var in casefile.Timers
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	t, err := s.Cases.SetTimers(c.Request().Context(), actor(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, t)
}
