package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/scoreboard"
)

// scoreboardView is the month page.
type scoreboardView struct {
	Board      scoreboard.Board
	Month      string
	Prev, Next string // empty when not viewable
	Year       int
	Figures    []scoreboard.Figure
	MayPublish bool
	CanPublish bool // the month is over and not yet published
	Reason     string
	Query      string // revision query to keep on links
	// Basis are the item kinds the ranking counts; Beside the others,
	// each shown in a column of its own (scoreboard/basis.go).
	Basis, Beside []string
}

func (s *Server) scoreboardPage(c echo.Context) error {
	m, err := s.boardMonth(c, c.QueryParam("month"))
	if err != nil {
		return err
	}
	return s.renderScoreboard(c, m, http.StatusOK, "", nil)
}

// renderScoreboard shows month m; a failed publish or revise form passes
// its error to show.
func (s *Server) renderScoreboard(c echo.Context, m scoreboard.Month, status int, reason string, formErr error) error {
	rev, err := revisionParam(c)
	if err != nil {
		return err
	}
	b, err := s.Scoreboard.Board(c.Request().Context(), m, rev)
	if err != nil {
		return err
	}
	cur := s.Scoreboard.CurrentMonth()
	v := scoreboardView{Board: b, Month: b.Month, Prev: m.Prev().String(), Year: m.Year, Figures: scoreboardColumns,
		MayPublish: scoreboard.MayPublish(actor(c)), Reason: reason}
	v.CanPublish = v.MayPublish && !b.Published && m != cur
	st, err := s.Scoreboard.Settings(c.Request().Context())
	if err != nil {
		return err
	}
	v.Basis = st.Basis
	for _, k := range scoreboard.Kinds() {
		if !slices.Contains(st.Basis, k) {
			v.Beside = append(v.Beside, k)
		}
	}
	if m != cur {
		v.Next = m.Next().String()
	}
	if rev > 0 {
		v.Query = "&revision=" + strconv.Itoa(rev)
	}
	p := s.page(c, "scoreboard", "scoreboard.title", v)
	if formErr != nil {
		s.formErrors(p, formErr)
	}
	return s.render(c, status, "scoreboard_month", p)
}

// scoreboardFormMonth reads the path month of a form post.
func scoreboardFormMonth(c echo.Context) (scoreboard.Month, error) {
	return scoreboard.ParseMonth(c.Param("month"))
}

func (s *Server) scoreboardPublishForm(c echo.Context) error {
	m, err := scoreboardFormMonth(c)
	if err != nil {
		return err
	}
	if _, err := s.Scoreboard.Publish(c.Request().Context(), actor(c), m); err != nil {
		if formFixable(err) {
			return s.renderScoreboard(c, m, statusFor(err), "", err)
		}
		return err
	}
	s.flash(c, "scoreboard.published_flash")
	return redirect(c, "/scoreboard?month="+m.String())
}

func (s *Server) scoreboardReviseForm(c echo.Context) error {
	m, err := scoreboardFormMonth(c)
	if err != nil {
		return err
	}
	reason := c.FormValue("reason")
	if _, err := s.Scoreboard.Revise(c.Request().Context(), actor(c), m, reason); err != nil {
		if formFixable(err) {
			return s.renderScoreboard(c, m, statusFor(err), reason, err)
		}
		return err
	}
	s.flash(c, "scoreboard.revised_flash")
	return redirect(c, "/scoreboard?month="+m.String())
}

// recordsView lists the records behind one number.
type recordsView struct {
	scoreboard.Records
	UnitName   string
	ActionsURL string
}

func (s *Server) scoreboardRecordsPage(c echo.Context) error {
	r, err := s.loadRecords(c)
	if err != nil {
		return err
	}
	u, err := s.Accounts.Unit(c.Request().Context(), r.UnitID)
	if err != nil {
		return err
	}
	v := recordsView{Records: r, UnitName: u.Name, ActionsURL: fmt.Sprintf("/actions?unit_id=%d&month=%s&figure=%s", r.UnitID, r.Month, r.Figure)}
	return s.render(c, http.StatusOK, "scoreboard_records", s.page(c, "scoreboard", "scoreboard.records_title", v))
}

// yearView is the year-end page.
type yearView struct {
	scoreboard.YearBoard
	Prev, Next int
}

func (s *Server) scoreboardYearPage(c echo.Context) error {
	y, err := scoreYearParam(c)
	if err != nil {
		return err
	}
	b, err := s.Scoreboard.Year(c.Request().Context(), y)
	if err != nil {
		return err
	}
	v := yearView{YearBoard: b, Prev: y - 1}
	if y < s.Scoreboard.CurrentMonth().Year {
		v.Next = y + 1
	}
	return s.render(c, http.StatusOK, "scoreboard_year", s.page(c, "scoreboard", "scoreboard.year_title", v))
}

// settingsView is the admins' formula form; Form keeps what was typed.
type settingsView struct {
	Settings scoreboard.Settings
	Form     map[string]string
	Fields   []string
	Kinds    []string        // the item kinds the basis may hold
	InBasis  map[string]bool // those the basis holds now
}

// settingsFields are the form's number fields, as in the JSON.
var settingsFields = []string{"formula.base", "formula.per_overdue", "formula.per_unanswered", "formula.per_late",
	"formula.per_returned", "formula.per_absence", "formula.per_rectified", "formula.floor", "formula.cap",
	"annual_proportion", "commend_at", "deduct_below"}

func settingsForm(st scoreboard.Settings) map[string]string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	x := st.Formula
	return map[string]string{"formula.base": f(x.Base), "formula.per_overdue": f(x.PerOverdue), "formula.per_unanswered": f(x.PerUnanswered),
		"formula.per_late": f(x.PerLate), "formula.per_returned": f(x.PerReturned), "formula.per_absence": f(x.PerAbsence),
		"formula.per_rectified": f(x.PerRectified), "formula.floor": f(x.Floor), "formula.cap": f(x.Cap),
		"annual_proportion": f(st.AnnualProportion), "commend_at": f(st.CommendAt), "deduct_below": f(st.DeductBelow)}
}

func (s *Server) scoreboardSettingsPage(c echo.Context) error {
	if !actor(c).Can(account.ActManage, account.Scope{}) {
		return apperr.E(apperr.Forbidden, "forbidden")
	}
	st, err := s.Scoreboard.Settings(c.Request().Context())
	if err != nil {
		return err
	}
	v := settingsView{Settings: st, Form: settingsForm(st), Fields: settingsFields, Kinds: scoreboard.Kinds(), InBasis: map[string]bool{}}
	for _, k := range st.Basis {
		v.InBasis[k] = true
	}
	return s.render(c, http.StatusOK, "scoreboard_settings", s.page(c, "scoreboard", "scoreboard.settings_title", v))
}

func (s *Server) scoreboardSettingsSave(c echo.Context) error {
	form := map[string]string{}
	vals := map[string]float64{}
	bad := apperr.Fields{}
	for _, k := range settingsFields {
		form[k] = c.FormValue(k)
		v, err := strconv.ParseFloat(form[k], 64)
		if err != nil {
			bad.Add(k, "scoreboard.weight_invalid")
		}
		vals[k] = v
	}
	version, _ := strconv.Atoi(c.FormValue("version"))
	st := scoreboard.Settings{Formula: scoreboard.Formula{Base: vals["formula.base"], PerOverdue: vals["formula.per_overdue"],
		PerUnanswered: vals["formula.per_unanswered"], PerLate: vals["formula.per_late"], PerReturned: vals["formula.per_returned"],
		PerAbsence: vals["formula.per_absence"], PerRectified: vals["formula.per_rectified"], Floor: vals["formula.floor"],
		Cap: vals["formula.cap"]}, AnnualProportion: vals["annual_proportion"], CommendAt: vals["commend_at"],
		DeductBelow: vals["deduct_below"], Version: version}
	if c.FormValue("basis_form") != "" {
		// The form shows the basis (a form without it keeps the one in force).
		params, _ := c.FormParams()
		st.Basis = append([]string{}, params["basis"]...)
	}
	err := bad.Err()
	if err == nil {
		_, err = s.Scoreboard.SaveSettings(c.Request().Context(), actor(c), st)
	}
	if err == nil {
		s.flash(c, "common.saved")
		return redirect(c, "/scoreboard/settings")
	}
	if !formFixable(err) {
		return err
	}
	v := settingsView{Settings: st, Form: form, Fields: settingsFields, Kinds: scoreboard.Kinds(), InBasis: map[string]bool{}}
	for _, k := range st.Basis {
		v.InBasis[k] = true
	}
	p := s.page(c, "scoreboard", "scoreboard.settings_title", v)
	s.formErrors(p, err)
	return s.render(c, statusFor(err), "scoreboard_settings", p)
}
