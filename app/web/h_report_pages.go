package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/casefile"
	"liaison/app/followup"
	"liaison/app/report"
	"liaison/app/workday"
)

// reportStatuses are the item statuses the documents' results show, in order.
var reportStatuses = []followup.Status{followup.Open, followup.InProgress, followup.Answered, followup.Returned, followup.Rectified}

type reportCaseRow struct {
	Kind    string
	Total   int
	ByStage []int
}

type reportDocRow struct {
	Type     casefile.DocumentType
	Issued   int
	Copied   int
	ByStatus []int
}

// reportView is one period's report with its tables laid out.
type reportView struct {
	report.Report
	Units    map[int64]string
	Stages   []casefile.NoteStage
	Statuses []followup.Status
	CaseRows []reportCaseRow
	DocRows  []reportDocRow
	Title    string
}

func (s *Server) reportView(c echo.Context, key string) (reportView, error) {
	r, err := s.Reports.Build(c.Request().Context(), actor(c), key)
	if err != nil {
		return reportView{}, err
	}
	v := reportView{Report: r, Stages: casefile.NoteStages, Statuses: reportStatuses}
	if v.Units, err = s.unitNames(c); err != nil {
		return v, err
	}
	for _, k := range r.CasesByType {
		row := reportCaseRow{Kind: k.Key, Total: k.N}
		for _, st := range v.Stages {
			row.ByStage = append(row.ByStage, report.Figure(r.CasesByStage, k.Key, string(st)))
		}
		v.CaseRows = append(v.CaseRows, row)
	}
	defs, err := s.Cases.TypeDefs(c.Request().Context())
	if err != nil {
		return v, err
	}
	for _, d := range defs {
		t := d.Code
		row := reportDocRow{Type: t, Issued: report.Figure(r.Documents, string(t), "issued"), Copied: report.Figure(r.Documents, string(t), "copied_justice")}
		any := row.Issued+row.Copied > 0
		for _, st := range v.Statuses {
			n := report.Figure(r.DocumentResults, string(t), string(st))
			row.ByStatus, any = append(row.ByStatus, n), any || n > 0
		}
		if d.Builtin || any { // the source's four always; an added type when it has figures
			v.DocRows = append(v.DocRows, row)
		}
	}
	return v, nil
}

// unitNames maps every unit's id to its name.
func (s *Server) unitNames(c echo.Context) (map[int64]string, error) {
	all, err := s.allUnits(c)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]string, len(all))
	for _, u := range all {
		out[u.ID] = u.Name
	}
	return out, nil
}

func (s *Server) reportPage(c echo.Context) error {
	v, err := s.reportView(c, c.Param("period"))
	if err != nil {
		return notFoundIfInvalid(err)
	}
	p := s.page(c, "dashboard", "report.title", v)
	p.Title = s.periodTitle(p, v.Period)
	return s.render(c, http.StatusOK, "report_show", p)
}

func (s *Server) reportPrintPage(c echo.Context) error {
	v, err := s.reportView(c, c.Param("period"))
	if err != nil {
		return notFoundIfInvalid(err)
	}
	p := s.page(c, "dashboard", "report.title", v)
	p.Title = s.periodTitle(p, v.Period)
	return s.render(c, http.StatusOK, "report_print", p)
}

// notFoundIfInvalid answers a malformed period in a page's path as an
// unknown page, as an unknown id is.
func notFoundIfInvalid(err error) error {
	if apperr.KindOf(err) == apperr.Invalid {
		return apperr.NotFoundErr("report")
	}
	return err
}

// periodTitle names a period: 2026年第四季度工作通报, 2026年11月工作通报.
func (s *Server) periodTitle(p *Page, per report.Period) string {
	if per.Quarter > 0 {
		return p.T("report.title_quarter", "Year", per.Year, "Quarter", p.T("report.quarter_"+strconv.Itoa(per.Quarter)))
	}
	return p.T("report.title_month", "Year", per.Year, "Month", per.Month)
}

type reportListView struct {
	Periods    []report.Period
	Activities []report.Activity
	Quarter    string
	Units      map[int64]string
	Hubs       []account.Unit
	Kinds      []report.ActivityKind
	MayWrite   bool
	Form       report.ActivityInput
	Date       string
	EditID     int64 // the activity the form changes (?edit=), or 0 for a new one
}

// Checked reports whether the form names unit id (its unit boxes).
func (v reportListView) Checked(id int64) bool { return slices.Contains(v.Form.UnitIDs, id) }

func (s *Server) reportListPage(c echo.Context) error {
	edit, _ := strconv.ParseInt(c.QueryParam("edit"), 10, 64)
	return s.renderReportListEdit(c, http.StatusOK, report.ActivityInput{}, "", edit, nil)
}

func (s *Server) renderReportList(c echo.Context, status int, form report.ActivityInput, date string, formErr error) error {
	return s.renderReportListEdit(c, status, form, date, 0, formErr)
}

// renderReportList shows the periods and the quarter's activities with the
// form for a new activity, or for changing activity editID (prefilled from
// the record when the form is empty, as on first showing it).
func (s *Server) renderReportListEdit(c echo.Context, status int, form report.ActivityInput, date string, editID int64, formErr error) error {
	a := actor(c)
	if !report.MayRead(a) {
		return apperr.E(apperr.Forbidden, "forbidden")
	}
	today := workday.FromTime(s.DB.Now())
	v := reportListView{Periods: report.Recent(today, reportPeriods), Quarter: report.QuarterKey(today), Kinds: report.ActivityKinds,
		MayWrite: report.MayWrite(a), Form: form, Date: date}
	per, _ := report.ParsePeriod(v.Quarter)
	var err error
	if v.Activities, err = s.Reports.Activities(c.Request().Context(), a, per); err != nil {
		return err
	}
	if editID != 0 && v.MayWrite {
		i := slices.IndexFunc(v.Activities, func(x report.Activity) bool { return x.ID == editID })
		if i < 0 {
			return apperr.NotFoundErr("report_activity")
		}
		v.EditID = editID
		if form.Title == "" && form.Kind == "" && formErr == nil {
			x := v.Activities[i]
			v.Form = report.ActivityInput{OccurredOn: x.OccurredOn, Kind: x.Kind, UnitIDs: x.UnitIDs, Title: x.Title, Summary: x.Summary, Version: x.Version}
		}
	}
	all, err := s.allUnits(c)
	if err != nil {
		return err
	}
	v.Units = map[int64]string{}
	for _, u := range all {
		v.Units[u.ID] = u.Name
		if u.Active && u.Kind != account.KindAgency {
			v.Hubs = append(v.Hubs, u)
		}
	}
	p := s.page(c, "dashboard", "report.list", v)
	s.formErrors(p, formErr)
	return s.render(c, status, "report_list", p)
}

// activityForm reads an activity from the reports page's form; date is
// the day as typed, bad is its error (the form is shown again).
func activityForm(c echo.Context) (in report.ActivityInput, date string, bad error, err error) {
	form, err := c.FormParams()
	if err != nil {
		return in, "", nil, err
	}
	in = report.ActivityInput{Kind: report.ActivityKind(c.FormValue("kind")), Title: c.FormValue("title"), Summary: c.FormValue("summary")}
	in.Version, _ = strconv.Atoi(c.FormValue("version"))
	for _, v := range form["unit_ids"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			in.UnitIDs = append(in.UnitIDs, id)
		}
	}
	date = c.FormValue("occurred_on")
	if date != "" {
		d, err := workday.ParseDate(date)
		if err != nil {
			return in, date, apperr.Fields{"occurred_on": "workday.invalid_date"}.Err(), nil
		}
		in.OccurredOn = d
	}
	return in, date, nil, nil
}

func (s *Server) activityPageCreate(c echo.Context) error {
	in, date, bad, err := activityForm(c)
	if err != nil {
		return err
	}
	if bad != nil {
		return s.renderReportList(c, http.StatusUnprocessableEntity, in, date, bad)
	}
	if _, err := s.Reports.CreateActivity(c.Request().Context(), actor(c), in); err != nil {
		if formFixable(err) {
			return s.renderReportList(c, statusFor(err), in, date, err)
		}
		return err
	}
	s.flash(c, "common.saved")
	return redirect(c, "/reports")
}

// activityPageUpdate changes an activity through the same service method
// as PATCH /api/v1/report-activities/{id}, at the version the form read.
func (s *Server) activityPageUpdate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	in, date, bad, err := activityForm(c)
	if err != nil {
		return err
	}
	if bad != nil {
		return s.renderReportListEdit(c, http.StatusUnprocessableEntity, in, date, id, bad)
	}
	if _, err := s.Reports.UpdateActivity(c.Request().Context(), actor(c), id, in); err != nil {
		if formFixable(err) {
			return s.renderReportListEdit(c, statusFor(err), in, date, id, err)
		}
		return err
	}
	s.flash(c, "common.saved")
	return redirect(c, "/reports")
}

func (s *Server) activityPageDelete(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(c.FormValue("version"))
	if err := s.Reports.DeleteActivity(c.Request().Context(), actor(c), id, version); err != nil {
		if formFixable(err) {
			return s.renderReportList(c, statusFor(err), report.ActivityInput{}, "", err)
		}
		return err
	}
	s.flash(c, "common.saved")
	return redirect(c, "/reports")
}
