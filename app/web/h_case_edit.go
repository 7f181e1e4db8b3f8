package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/casefile"
	"liaison/app/workday"
)

type caseEditView struct {
	Case       casefile.Case
	AcceptedOn string
	All        []account.Unit
	Types      []casefile.CaseType
}

func (s *Server) casePageEdit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	d, err := s.Cases.Detail(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	if !d.CanEdit {
		return apperr.E(apperr.Forbidden, "forbidden")
	}
	accepted := ""
	if d.AcceptedOn != nil {
		accepted = d.AcceptedOn.String()
	}
	return s.renderCaseEdit(c, http.StatusOK, d.Case, accepted, nil)
}

func (s *Server) renderCaseEdit(c echo.Context, status int, k casefile.Case, accepted string, formErr error) error {
	all, err := s.allUnits(c)
	if err != nil {
		return err
	}
	types, err := s.Cases.Types(c.Request().Context())
	if err != nil {
		return err
	}
	p := s.page(c, "cases", "case.edit", caseEditView{Case: k, AcceptedOn: accepted, All: all, Types: types})
	s.formErrors(p, formErr)
	return s.render(c, status, "case_edit", p)
}

func (s *Server) casePageUpdate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	number, title, kind := c.FormValue("number"), c.FormValue("title"), c.FormValue("kind")
	holder, summary, respondent := c.FormValue("paper_file_holder"), c.FormValue("summary"), formID(c, "respondent_unit_id")
	version, _ := strconv.Atoi(c.FormValue("version"))
	p := casefile.CasePatch{Number: &number, Title: &title, Kind: &kind, RespondentUnitID: &respondent, PaperFileHolder: &holder, Summary: &summary, Version: version}
	accepted := strings.TrimSpace(c.FormValue("accepted_on"))
	if accepted != "" {
		d, perr := workday.ParseDate(accepted)
		if perr != nil {
			err = apperr.Fields{"accepted_on": "date_invalid"}.Err()
		}
		p.AcceptedOn = &d
	}
	if err == nil {
		_, err = s.Cases.Update(c.Request().Context(), actor(c), id, p)
	}
	if err == nil {
		s.flash(c, "common.saved")
		return redirect(c, "/cases/"+strconv.FormatInt(id, 10))
	}
	if !formFixable(err) {
		return err
	}
	cur, gerr := s.Cases.Get(c.Request().Context(), actor(c), id)
	if gerr != nil {
		return gerr
	}
	// On a stale version show the current record; otherwise keep the input.
	if !(apperr.KindOf(err) == apperr.Conflict && version != cur.Version) {
		cur.Number, cur.Title, cur.Kind, cur.RespondentUnitID, cur.PaperFileHolder, cur.Summary = number, title, kind, respondent, holder, summary
	}
	return s.renderCaseEdit(c, statusFor(err), cur, accepted, err)
}
