package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"liaison/app/apperr"
	"liaison/app/casefile"
	"liaison/app/followup"
	"liaison/app/workday"
)

// actionFilter reads the list filters shared by the API and the page.
func actionFilter(c echo.Context) (followup.Filter, error) {
	var f followup.Filter
	pr, err := pageReq(c)
	if err != nil {
		return f, err
	}
	f.Page = pr
	if f.UnitID, err = queryID(c, "unit_id"); err != nil {
		return f, err
	}
	if f.IssuingUnitID, err = queryID(c, "issuing_unit_id"); err != nil {
		return f, err
	}
	f.Status, f.Q = followup.Status(c.QueryParam("status")), c.QueryParam("q")
	bad := apperr.Fields{}
	if v := c.QueryParam("overdue"); v != "" {
		b, perr := strconv.ParseBool(v)
		if perr != nil {
			bad.Add("overdue", "action.bool_invalid")
		}
		f.Overdue = &b
	}
	if v := c.QueryParam("mine"); v != "" {
		b, perr := strconv.ParseBool(v)
		if perr != nil {
			bad.Add("mine", "action.bool_invalid")
		}
		f.Mine = b
	}
	if v := c.QueryParam("pending"); v != "" {
		b, perr := strconv.ParseBool(v)
		if perr != nil {
			bad.Add("pending", "action.bool_invalid")
		}
		f.Pending = b
	}
	if v := c.QueryParam("due_before"); v != "" {
		d, perr := workday.ParseDate(v)
		if perr != nil {
			bad.Add("due_before", "date_invalid")
		}
		f.DueBefore = d
	}
	return f, bad.Err()
}

func (s *Server) apiActionList(c echo.Context) error {
	f, err := actionFilter(c)
	if err != nil {
		return err
	}
	p, err := s.Actions.List(c.Request().Context(), actor(c), f)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

// actionDetail is GET /api/v1/actions/{id}: the item with what links to it.
type actionDetail struct {
	followup.Detail
	Cases []casefile.Ref `json:"cases"`
}

func (s *Server) loadActionDetail(c echo.Context) (actionDetail, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return actionDetail{}, err
	}
	ctx := c.Request().Context()
	d, err := s.Actions.Detail(ctx, actor(c), id)
	if err != nil {
		return actionDetail{}, err
	}
	refs, err := s.Cases.Refs(ctx, actor(c), "case_ids", d.CaseIDs)
	return actionDetail{Detail: d, Cases: refs}, err
}

func (s *Server) apiActionGet(c echo.Context) error {
	d, err := s.loadActionDetail(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, d)
}

func (s *Server) apiActionFeedback(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var (
		in    followup.FeedbackInput
		files []followup.Upload
	)
	if isMultipart(c) {
		in, files, err = s.feedbackForm(c)
	} else {
		err = bindJSON(c, &in)
	}
	if err != nil {
		return err
	}
	it, fb, err := s.Actions.AddFeedback(c.Request().Context(), actor(c), id, in, files...)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, struct {
		followup.Feedback
		Action followup.ActionItem `json:"action"`
	}{fb, it})
}

func (s *Server) apiActionVerify(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in followup.VerifyInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	it, v, err := s.Actions.Verify(c.Request().Context(), actor(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, struct {
		followup.ActionItem
		Verification followup.Verification `json:"verification"`
	}{it, v})
}

func (s *Server) apiActionEscalate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in followup.EscalateInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	it, es, err := s.Actions.EscalateSteps(c.Request().Context(), actor(c), id, in)
	if err != nil {
		return err
	}
	// The first step taken, as before steps could be taken together, and
	// every step this request took.
	return c.JSON(http.StatusOK, struct {
		followup.Escalation
		Taken  []followup.Escalation `json:"escalations"`
		Action followup.ActionItem   `json:"action"`
	}{es[0], es, it})
}

func (s *Server) apiActionHandling(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	step, err := idParam(c, "step")
	if err != nil {
		return err
	}
	var in followup.HandlingInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	e, err := s.Actions.RecordHandling(c.Request().Context(), actor(c), id, int(step), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, e)
}
