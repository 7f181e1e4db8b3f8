package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"liaison/app/apperr"
	"liaison/app/meeting"
	"liaison/app/workday"
)

// minutesForm is the draft editor as typed: the body, the decisions and
// their action items, plus one blank decision and one blank action row
// per decision so that a browser without JavaScript can add one.
type minutesForm struct {
	Body      string
	Version   int
	Decisions []decisionForm
	RevBody   string
	Reason    string
	// the sections of a 会商意见 or 专项监督报告
	Scope, Analysis, Opinion string
}

type decisionForm struct {
	N       int // 1-based, for the legend
	Text    string
	UnitID  int64 // the unit inspected (joint inspections)
	Actions []actionForm
}

type actionForm struct {
	Title   string
	UnitID  int64
	Due     string
	CaseIDs idSet
}

// minutesFormOf fills the editor from stored minutes.
func minutesFormOf(mi *meeting.Minutes) minutesForm {
	f := minutesForm{}
	if mi != nil {
		f.Body, f.Version, f.RevBody = mi.Body, mi.Version, mi.Body
		f.Scope, f.Analysis, f.Opinion = mi.Scope, mi.Analysis, mi.Opinion
		for _, d := range mi.Decisions {
			df := decisionForm{Text: d.Text}
			if d.UnitID != nil {
				df.UnitID = *d.UnitID
			}
			for _, ac := range d.ActionItems {
				due := ""
				if !ac.DueOn.IsZero() {
					due = ac.DueOn.String()
				}
				df.Actions = append(df.Actions, actionForm{Title: ac.Title, UnitID: ac.ResponsibleUnitID, Due: due, CaseIDs: ac.CaseIDs})
			}
			f.Decisions = append(f.Decisions, df)
		}
	}
	return f.withBlanks()
}

// withBlanks appends the blank rows.
func (f minutesForm) withBlanks() minutesForm {
	for i := range f.Decisions {
		f.Decisions[i].Actions = append(f.Decisions[i].Actions, actionForm{})
	}
	f.Decisions = append(f.Decisions, decisionForm{Actions: []actionForm{{}}})
	for i := range f.Decisions {
		f.Decisions[i].N = i + 1
	}
	return f
}

// readMinutesForm reads the editor; blank rows are dropped. Dates that do
// not parse are reported as field errors in the domain's field names.
func readMinutesForm(c echo.Context) (minutesForm, meeting.MinutesInput, error) {
	f := minutesForm{Body: c.FormValue("body"), Scope: c.FormValue("scope"), Analysis: c.FormValue("analysis"), Opinion: c.FormValue("opinion")}
	f.Version, _ = strconv.Atoi(c.FormValue("version"))
	in := meeting.MinutesInput{Body: f.Body, Scope: f.Scope, Analysis: f.Analysis, Opinion: f.Opinion, Decisions: []meeting.DecisionInput{}}
	if f.Version > 0 {
		v := f.Version
		in.Version = &v
	}
	bad := apperr.Fields{}
	n, _ := strconv.Atoi(c.FormValue("decisions"))
	for i := 0; i < n && i < 100; i++ {
		p := fmt.Sprintf("d%d_", i)
		df := decisionForm{Text: c.FormValue(p + "text"), UnitID: formID(c, p+"unit")}
		na, _ := strconv.Atoi(c.FormValue(p + "actions"))
		for j := 0; j < na && j < 50; j++ {
			q := fmt.Sprintf("%sa%d_", p, j)
			af := actionForm{Title: c.FormValue(q + "title"), UnitID: formID(c, q+"unit"), Due: strings.TrimSpace(c.FormValue(q + "due")), CaseIDs: formIDs(c, q+"cases")}
			if strings.TrimSpace(af.Title) == "" && af.UnitID == 0 && af.Due == "" && len(af.CaseIDs) == 0 {
				continue
			}
			df.Actions = append(df.Actions, af)
		}
		if strings.TrimSpace(df.Text) == "" && len(df.Actions) == 0 && df.UnitID == 0 {
			continue
		}
		k := len(f.Decisions)
		di := meeting.DecisionInput{Text: df.Text, ActionItems: []meeting.ActionInput{}}
		if df.UnitID != 0 {
			di.UnitID = &df.UnitID
		}
		for j, af := range df.Actions {
			ai := meeting.ActionInput{Title: af.Title, ResponsibleUnitID: af.UnitID, CaseIDs: af.CaseIDs}
			if af.Due != "" {
				d, err := workday.ParseDate(af.Due)
				if err != nil {
					bad.Add(fmt.Sprintf("decisions[%d].action_items[%d].due_on", k, j), "date_invalid")
				}
				ai.DueOn = d
			}
			di.ActionItems = append(di.ActionItems, ai)
		}
		f.Decisions = append(f.Decisions, df)
		in.Decisions = append(in.Decisions, di)
	}
	if len(bad) > 0 {
		return f, in, bad.Err()
	}
	return f, in, nil
}

func (s *Server) meetingPageMinutesSave(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	f, in, err := readMinutesForm(c)
	if err == nil {
		_, err = s.Meetings.SaveMinutes(c.Request().Context(), actor(c), id, in)
	}
	if err != nil {
		if isStale(err) {
			// the newer draft replaces what was typed, with a notice
			return s.renderMeetingShow(c, http.StatusConflict, meetingShowView{Section: "minutes"}, err)
		}
		if formFixable(err) {
			return s.renderMeetingShow(c, statusFor(err), meetingShowView{MinutesForm: f.withBlanks(), Section: "minutes"}, err)
		}
		return err
	}
	s.flash(c, "mui.minutes_saved")
	return redirect(c, meetingURL(id, "#minutes"))
}

// meetingPageMinutesStep runs a one-button step on the minutes: sign-off
// or confirm.
func (s *Server) meetingPageMinutesStep(step string) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := idParam(c, "id")
		if err != nil {
			return err
		}
		ctx, a := c.Request().Context(), actor(c)
		msg := "mui.signed"
		if step == "confirm" {
			msg = "mui.confirmed"
			_, err = s.Meetings.ConfirmMinutes(ctx, a, id)
		} else {
			_, err = s.Meetings.SignOff(ctx, a, id)
		}
		if err != nil {
			if formFixable(err) {
				return s.renderMeetingShow(c, statusFor(err), meetingShowView{Section: "minutes"}, err)
			}
			return err
		}
		s.flash(c, msg)
		return redirect(c, meetingURL(id, "#minutes"))
	}
}

func (s *Server) meetingPageMinutesRevise(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(c.FormValue("version"))
	in := meeting.RevisionInput{Body: c.FormValue("body"), Reason: c.FormValue("reason")}
	if version > 0 {
		in.Version = &version
	}
	if _, err := s.Meetings.ReviseMinutes(c.Request().Context(), actor(c), id, in); err != nil {
		if formFixable(err) {
			v := meetingShowView{Section: "revise"}
			v.MinutesForm.RevBody, v.MinutesForm.Reason = in.Body, in.Reason
			if isStale(err) {
				v.MinutesForm.RevBody = ""
			}
			return s.renderMeetingShow(c, statusFor(err), v, err)
		}
		return err
	}
	s.flash(c, "mui.revised")
	return redirect(c, meetingURL(id, "#minutes"))
}
