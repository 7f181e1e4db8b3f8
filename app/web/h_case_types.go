package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"liaison/app/casefile"
)

type caseTypesView struct {
	Types    []casefile.CaseType
	Timers   casefile.Timers
	DocTypes []casefile.DocumentType
	Units    []casefile.PeriodUnit
	Form     casefile.CaseTypeInput
	Periods  []periodRow
}

// periodRow is one timer on the settings form.
type periodRow struct {
	Prefix, Label, Field string
	Period               casefile.Period
}

func (s *Server) caseTypesPage(c echo.Context) error {
	return s.renderCaseTypes(c, http.StatusOK, casefile.CaseTypeInput{Position: 50}, nil, nil)
}

// renderCaseTypes shows the case types and the register's timers (admins).
func (s *Server) renderCaseTypes(c echo.Context, status int, form casefile.CaseTypeInput, timers *casefile.Timers, formErr error) error {
	if err := mustAdmin(c); err != nil {
		return err
	}
	ctx := c.Request().Context()
	types, err := s.Cases.Types(ctx)
	if err != nil {
		return err
	}
	t, err := s.Cases.Timers(ctx)
	if err != nil {
		return err
	}
	if timers != nil {
		t = *timers
	}
	v := caseTypesView{Types: types, Timers: t, DocTypes: casefile.DocumentTypes, Units: []casefile.PeriodUnit{casefile.Days, casefile.Workdays, casefile.Months}, Form: form}
	v.Periods = []periodRow{{"notify", "case.timer_notify", "notify", t.Notify}, {"result", "case.timer_result", "result", t.Result},
		{"feedback", "case.period.feedback", "feedback", t.Feedback}}
	for _, typ := range casefile.DocumentTypes {
		v.Periods = append(v.Periods, periodRow{"reply_" + string(typ), "document.type_" + string(typ), "reply_periods." + string(typ), t.ReplyPeriods[typ]})
	}
	p := s.page(c, "cases", "case.types_title", v)
	s.formErrors(p, formErr)
	return s.render(c, status, "case_types", p)
}

func (s *Server) caseTypesCreate(c echo.Context) error {
	pos, _ := strconv.Atoi(strings.TrimSpace(c.FormValue("position")))
	in := casefile.CaseTypeInput{Name: c.FormValue("name"), Position: pos}
	if _, err := s.Cases.CreateType(c.Request().Context(), actor(c), in); err != nil {
		if formFixable(err) {
			return s.renderCaseTypes(c, statusFor(err), in, nil, err)
		}
		return err
	}
	s.flash(c, "common.saved")
	return redirect(c, "/cases/types")
}

func (s *Server) caseTypesToggle(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if _, err := s.Cases.SetTypeActive(c.Request().Context(), actor(c), id, c.FormValue("active") == "true"); err != nil {
		return err
	}
	s.flash(c, "common.saved")
	return redirect(c, "/cases/types")
}

// formPeriod reads a period from fields prefix_n and prefix_unit.
func formPeriod(c echo.Context, prefix string) casefile.Period {
	n, _ := strconv.Atoi(strings.TrimSpace(c.FormValue(prefix + "_n")))
	return casefile.Period{N: n, Unit: casefile.PeriodUnit(c.FormValue(prefix + "_unit"))}
}

func (s *Server) caseSettingsSave(c echo.Context) error {
	t := casefile.Timers{Notify: formPeriod(c, "notify"), Result: formPeriod(c, "result"), Feedback: formPeriod(c, "feedback"),
		ReplyPeriods: map[casefile.DocumentType]casefile.Period{}}
	for _, typ := range casefile.DocumentTypes {
		t.ReplyPeriods[typ] = formPeriod(c, "reply_"+string(typ))
	}
	if _, err := s.Cases.SetTimers(c.Request().Context(), actor(c), t); err != nil {
		if formFixable(err) {
			return s.renderCaseTypes(c, statusFor(err), casefile.CaseTypeInput{Position: 50}, &t, err)
		}
		return err
	}
	s.flash(c, "common.saved")
	return redirect(c, "/cases/types")
}
