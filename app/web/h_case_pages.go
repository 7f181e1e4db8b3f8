package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/casefile"
	"liaison/app/meeting"
	"liaison/app/workday"
)

// sensitivities are the 密级 choices of the forms.
var sensitivities = []account.Sensitivity{account.Ordinary, account.Sensitive, account.Classified}

type caseListView struct {
	Sensitivities []account.Sensitivity
	Cases         []casefile.Case
	Units         map[int64]account.Unit
	All           []account.Unit
	Types         []casefile.CaseType
	Stages        []casefile.Stage
	Filter        casefile.Filter
	NextLink      string
}

type caseNewView struct {
	Sensitivities []account.Sensitivity
	Form          casefile.CaseInput
	AcceptedOn    string
	All           []account.Unit
	Types         []casefile.CaseType
}

type caseShowView struct {
	casefile.CaseDetail
	Meetings   []meeting.CaseLink
	Units      map[int64]account.Unit
	All        []account.Unit
	Stages     []casefile.Stage
	NoteStages []casefile.NoteStage
	Note       casefile.NotificationInput
	// The notification form offers what the register allows: the case's
	// parties as senders, the register's sides as receivers.
	Senders, Receivers []account.Unit
}

// unitDirectory returns every unit and the same keyed by id.
func (s *Server) unitDirectory(c echo.Context) ([]account.Unit, map[int64]account.Unit, error) {
	all, err := s.allUnits(c)
	if err != nil {
		return nil, nil, err
	}
	m := make(map[int64]account.Unit, len(all))
	for _, u := range all {
		m[u.ID] = u
	}
	return all, m, nil
}

func (s *Server) casePageList(c echo.Context) error {
	f, err := caseFilter(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	list, err := s.Cases.List(ctx, actor(c), f)
	if err != nil {
		return err
	}
	all, units, err := s.unitDirectory(c)
	if err != nil {
		return err
	}
	types, err := s.Cases.Types(ctx)
	if err != nil {
		return err
	}
	v := caseListView{Sensitivities: sensitivities, Cases: list.Items, Units: units, All: all, Types: types, Stages: casefile.Stages, Filter: f}
	if list.NextCursor != "" {
		q := c.QueryParams()
		q.Set("cursor", list.NextCursor)
		v.NextLink = "/cases?" + q.Encode()
	}
	return s.render(c, http.StatusOK, "case_list", s.page(c, "cases", "case.register", v))
}

func (s *Server) casePageNew(c echo.Context) error {
	a := actor(c)
	return s.renderCaseNew(c, http.StatusOK, casefile.CaseInput{OriginUnitID: a.UnitID, Sensitivity: account.Ordinary}, "", nil)
}

func (s *Server) renderCaseNew(c echo.Context, status int, form casefile.CaseInput, accepted string, formErr error) error {
	all, err := s.allUnits(c)
	if err != nil {
		return err
	}
	types, err := s.Cases.Types(c.Request().Context())
	if err != nil {
		return err
	}
	p := s.page(c, "cases", "case.new", caseNewView{Sensitivities: sensitivities, Form: form, AcceptedOn: accepted, All: all, Types: types})
	s.formErrors(p, formErr)
	return s.render(c, status, "case_new", p)
}

func (s *Server) casePageCreate(c echo.Context) error {
	in := casefile.CaseInput{Number: c.FormValue("number"), Title: c.FormValue("title"), Kind: c.FormValue("kind"),
		RespondentUnitID: formID(c, "respondent_unit_id"), OriginUnitID: formID(c, "origin_unit_id"),
		Sensitivity: account.Sensitivity(c.FormValue("sensitivity")), PaperFileHolder: c.FormValue("paper_file_holder"), Summary: c.FormValue("summary")}
	accepted := strings.TrimSpace(c.FormValue("accepted_on"))
	if accepted != "" {
		d, err := workday.ParseDate(accepted)
		if err != nil {
			return s.renderCaseNew(c, http.StatusUnprocessableEntity, in, accepted, apperr.Fields{"accepted_on": "date_invalid"}.Err())
		}
		in.AcceptedOn = &d
	}
	k, err := s.Cases.Create(c.Request().Context(), actor(c), in)
	if err != nil {
		if formFixable(err) {
			return s.renderCaseNew(c, statusFor(err), in, accepted, err)
		}
		return err
	}
	s.flash(c, "common.saved")
	return redirect(c, "/cases/"+strconv.FormatInt(k.ID, 10))
}

func (s *Server) casePageShow(c echo.Context) error {
	return s.renderCaseShow(c, http.StatusOK, casefile.NotificationInput{Stage: casefile.NoteAccepted}, nil)
}

func (s *Server) renderCaseShow(c echo.Context, status int, note casefile.NotificationInput, formErr error) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	d, err := s.caseDetail(c, id)
	if err != nil {
		return err
	}
	all, units, err := s.unitDirectory(c)
	if err != nil {
		return err
	}
	if note.FromUnitID == 0 {
		note.FromUnitID = actor(c).UnitID
	}
	v := caseShowView{CaseDetail: d.CaseDetail, Meetings: d.Meetings, Units: units, All: all, Stages: casefile.Stages, NoteStages: casefile.NoteStages, Note: note}
	for _, u := range all {
		side := casefile.RegisterSide(u.Kind)
		if side || u.ID == d.OriginUnitID {
			v.Senders = append(v.Senders, u)
		}
		if side {
			v.Receivers = append(v.Receivers, u)
		}
	}
	p := s.page(c, "cases", "", v)
	p.Title = d.Number
	s.formErrors(p, formErr)
	return s.render(c, status, "case_show", p)
}

func (s *Server) casePageStage(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(c.FormValue("version"))
	_, err = s.Cases.SetStage(c.Request().Context(), actor(c), id, casefile.Stage(c.FormValue("stage")), version)
	if err != nil {
		if formFixable(err) {
			return s.renderCaseShow(c, statusFor(err), casefile.NotificationInput{}, err)
		}
		return err
	}
	s.flash(c, "common.saved")
	return redirect(c, "/cases/"+strconv.FormatInt(id, 10))
}

func (s *Server) casePageNotify(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	in := casefile.NotificationInput{FromUnitID: formID(c, "from_unit_id"), ToUnitID: formID(c, "to_unit_id"),
		Stage: casefile.NoteStage(c.FormValue("stage")), Summary: c.FormValue("summary")}
	if _, err := s.Cases.Notify(c.Request().Context(), actor(c), id, in); err != nil {
		if formFixable(err) {
			return s.renderCaseShow(c, statusFor(err), in, err)
		}
		return err
	}
	s.flash(c, "case.notified")
	return redirect(c, "/cases/"+strconv.FormatInt(id, 10))
}

func (s *Server) casePageRead(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	nid, err := idParam(c, "nid")
	if err != nil {
		return err
	}
	if _, err := s.Cases.MarkRead(c.Request().Context(), actor(c), id, nid); err != nil {
		return err
	}
	return redirect(c, "/cases/"+strconv.FormatInt(id, 10))
}
