package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/casefile"
)

type caseTypesView struct {
	Types    []casefile.CaseType
	Timers   casefile.Timers
	DocTypes []casefile.DocumentType
	Units    []casefile.PeriodUnit
	Form     casefile.CaseTypeInput
	Periods  []periodRow
	// The document types: the four and the added ones, with the form for a
	// new one (or the row whose edit failed, DocFormID).
	TypeDefs  []casefile.TypeDef
	UnitKinds []account.UnitKind
	DocFormID int64
	NewForm   docTypeFormView
	EditForms map[int64]docTypeFormView
}

// docTypeFormView is the form of a new document type or of an added one.
type docTypeFormView struct {
	P              *Page
	Prefix, Action string
	Edit           bool
	Version        int
	Active         bool
	In             casefile.TypeDefInput
	Kinds          []account.UnitKind
	Units          []casefile.PeriodUnit
	Errors         bool // this form was the one submitted with errors
}

// HasIssuer and HasCopy check the form's kind boxes.
func (f docTypeFormView) HasIssuer(k account.UnitKind) bool {
	return slices.Contains(f.In.IssuerKinds, k)
}
func (f docTypeFormView) HasCopy(k account.UnitKind) bool {
	return slices.Contains(f.In.CopiedKinds, k)
}

// periodRow is one timer on the settings form.
type periodRow struct {
	Prefix, Label, Field string
	Period               casefile.Period
}

func (s *Server) caseTypesPage(c echo.Context) error {
	return s.renderCaseTypes(c, http.StatusOK, casefile.CaseTypeInput{Position: 50}, nil, nil)
}

// casefileTypeForms are the page's forms as last submitted (an error
// shows them again with their messages).
type casefileTypeForms struct {
	caseType  casefile.CaseTypeInput
	timers    *casefile.Timers
	docType   casefile.TypeDefInput
	docTypeID int64 // the added type whose row form was submitted
}

// renderCaseTypes shows the case types and the register's timers (admins).
func (s *Server) renderCaseTypes(c echo.Context, status int, form casefile.CaseTypeInput, timers *casefile.Timers, formErr error) error {
	return s.renderCaseTypesWith(c, status, casefileTypeForms{caseType: form, timers: timers}, formErr)
}

// renderCaseTypesWith shows the page with the forms as given.
func (s *Server) renderCaseTypesWith(c echo.Context, status int, forms casefileTypeForms, formErr error) error {
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
	if forms.timers != nil {
		t = *forms.timers
	}
	defs, err := s.docTypeDefs(ctx)
	if err != nil {
		return err
	}
	if forms.caseType.Position == 0 && forms.caseType.Name == "" {
		forms.caseType.Position = 50
	}
	if forms.docType.Reply.Unit == "" {
		forms.docType.Reply = casefile.Period{N: 15, Unit: casefile.Workdays}
	}
	v := caseTypesView{Types: types, Timers: t, DocTypes: casefile.DocumentTypes, Units: []casefile.PeriodUnit{casefile.Days, casefile.Workdays, casefile.Months}, Form: forms.caseType,
		TypeDefs: defs, UnitKinds: account.UnitKinds, DocFormID: forms.docTypeID}
	v.Periods = []periodRow{{"notify", "case.timer_notify", "notify", t.Notify}, {"result", "case.timer_result", "result", t.Result},
		{"feedback", "case.period.feedback", "feedback", t.Feedback}}
	for _, typ := range casefile.DocumentTypes {
		v.Periods = append(v.Periods, periodRow{"reply_" + string(typ), "document.type_" + string(typ), "reply_periods." + string(typ), t.ReplyPeriods[typ]})
	}
	p := s.page(c, "cases", "case.types_title", nil)
	failed := formErr != nil
	v.NewForm = docTypeFormView{P: p, Prefix: "dtn", Action: "/cases/document-types", In: forms.docType, Kinds: account.UnitKinds, Units: v.Units,
		Errors: failed && forms.docTypeID == 0}
	v.EditForms = map[int64]docTypeFormView{}
	for _, d := range defs {
		if d.Builtin {
			continue
		}
		in := casefile.TypeDefInput{NameZh: d.NameZh, NameEn: d.NameEn, IssuerKinds: d.IssuerKinds, CopiedKinds: d.CopiedKinds, Reply: d.Reply}
		f := docTypeFormView{P: p, Prefix: "dt" + strconv.FormatInt(d.ID, 10), Action: "/cases/document-types/" + strconv.FormatInt(d.ID, 10),
			Edit: true, Version: d.Version, Active: d.Active, In: in, Kinds: account.UnitKinds, Units: v.Units}
		if failed && forms.docTypeID == d.ID {
			f.In, f.Errors = forms.docType, true
		}
		v.EditForms[d.ID] = f
	}
	p.Data = v
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
