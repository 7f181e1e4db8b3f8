package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/meeting"
)

// meetingForm is the scheduling form as typed, so a failed submit shows
// exactly what the user entered.
type meetingForm struct {
	Kind, Title, Description, Start, End     string
	Location, OnlineURL, Sensitivity, Holder string
	ConveningUnitID, ChairUserID, RoomID     int64
	CoUnitIDs, InspectedUnitIDs, CaseIDs     idSet
	AttendeeUserIDs                          idSet
	InspectionScope, Findings, Report        string
	Reason                                   string // why the sensitivity is lowered (edit only)
	InviteStanding                           bool
	InviteLeadingGroup                       bool // new meetings only: the 领导小组's roster
	Experts                                  []expertForm
	Rec                                      recurrence
	ReplyBy                                  string // the 回执 deadline; empty: the default (new) or unchanged (edit)
	// New meetings only: the template (series) it is made from, the
	// template's length (fills an empty end) and the agenda rows.
	TemplateID     int64
	DefaultMinutes int
	Agenda         []agendaRowForm
}

type meetingFormView struct {
	ID       int64
	Version  int
	Edit     bool
	Stale    bool
	F        meetingForm
	Dir      meetingDir
	Kinds    []meeting.Kind
	Sens     []account.Sensitivity
	Warnings []warningView
	// Lost are the exceptions a series change would drop (the 409
	// meeting.series_exceptions): the page lists them and offers to
	// resubmit with exceptions=drop.
	Lost []meeting.LostException
	// Force and Drop carry a confirmation already given (save despite
	// the clashes, drop the exceptions) across the other confirmation,
	// so that the second button does not bring the first question back.
	Force, Drop bool
	prefillView
}

// SchedulingUnits are the units the user may convene for.
func (v meetingFormView) SchedulingUnits(a account.Actor) []account.Unit {
	var out []account.Unit
	for _, u := range v.Dir.Units {
		if a.CanSchedule(u.ID) || u.ID == v.F.ConveningUnitID {
			out = append(out, u)
		}
	}
	return out
}

// readMeetingForm reads the posted form.
func readMeetingForm(c echo.Context) meetingForm {
	f := meetingForm{Kind: c.FormValue("kind"), Title: c.FormValue("title"), Description: c.FormValue("description"),
		Start: c.FormValue("start"), End: c.FormValue("end"), Location: c.FormValue("location"), OnlineURL: c.FormValue("online_url"),
		Sensitivity: c.FormValue("sensitivity"), Holder: c.FormValue("paper_file_holder"),
		ConveningUnitID: formID(c, "convening_unit_id"), ChairUserID: formID(c, "chair_user_id"), RoomID: formID(c, "room_id"),
		CoUnitIDs: formIDs(c, "co_unit_ids"), InspectedUnitIDs: formIDs(c, "inspected_unit_ids"), CaseIDs: formIDs(c, "case_ids"),
		AttendeeUserIDs: formIDs(c, "attendee_user_ids"), InspectionScope: c.FormValue("inspection_scope"),
		Findings: c.FormValue("findings"), Report: c.FormValue("report"), Reason: c.FormValue("reason"), InviteStanding: c.FormValue("invite_standing") != "",
		InviteLeadingGroup: c.FormValue("invite_leading_group") != "",
		Rec:                recurrence{Freq: c.FormValue("freq"), Count: c.FormValue("count"), Until: c.FormValue("until"), Raw: c.FormValue("rrule_raw")},
		Experts:            readExperts(c), ReplyBy: c.FormValue("reply_by"),
		TemplateID: formID(c, "template_id"), Agenda: readAgendaRows(c)}
	f.DefaultMinutes, _ = strconv.Atoi(c.FormValue("default_minutes"))
	return f
}

// input turns the form into the domain's Input (only a consultation's kind
// sends experts; empty rows and rows marked for removal are skipped). On the
// edit form the experts are checked with the rest, then saved by
// meeting.Service.UpdateWithExperts.
func (f meetingForm) input() meeting.Input {
	in := meeting.Input{Kind: meeting.Kind(f.Kind), Title: f.Title, Description: f.Description,
		Start: parseLocal(f.Start), End: parseLocal(f.End), Location: f.Location, RoomID: optionalID(f.RoomID),
		OnlineURL: f.OnlineURL, Sensitivity: account.Sensitivity(f.Sensitivity), ConveningUnitID: f.ConveningUnitID,
		CoUnitIDs: f.CoUnitIDs, ChairUserID: optionalID(f.ChairUserID), PaperFileHolder: f.Holder,
		RRule: f.Rec.rrule(), CaseIDs: f.CaseIDs, AttendeeUserIDs: f.AttendeeUserIDs}
	if f.ReplyBy != "" {
		t := parseLocal(f.ReplyBy)
		in.ReplyBy = &t
	}
	if strings.TrimSpace(f.End) == "" && !in.Start.IsZero() && f.DefaultMinutes > 0 {
		in.End = in.Start.Add(time.Duration(f.DefaultMinutes) * time.Minute)
	}
	standing := f.InviteStanding
	in.InviteStandingMembers = &standing
	if in.Kind == meeting.JointInspection {
		in.InspectedUnitIDs, in.InspectionScope, in.Findings, in.Report = f.InspectedUnitIDs, f.InspectionScope, f.Findings, f.Report
	}
	if in.Kind == meeting.Consultation {
		for _, x := range f.Experts {
			if x.Remove || x.empty() {
				continue
			}
			in.Experts = append(in.Experts, meeting.ExpertInput{UserID: optionalID(x.UserID), Name: x.Name, Email: x.Email, UnitName: x.UnitName, Mode: x.Mode})
		}
	}
	return in
}

// patch turns the form into a full Patch of an existing meeting.
func (f meetingForm) patch(version int) meeting.Patch {
	in := f.input()
	room, chair := f.RoomID, f.ChairUserID
	co, insp, cases := []int64(f.CoUnitIDs), []int64(in.InspectedUnitIDs), []int64(f.CaseIDs)
	if co == nil {
		co = []int64{}
	}
	if insp == nil {
		insp = []int64{}
	}
	if cases == nil {
		cases = []int64{}
	}
	return meeting.Patch{Version: version, Kind: &in.Kind, Title: &in.Title, Description: &in.Description,
		Start: &in.Start, End: &in.End, Location: &in.Location, RoomID: &room, OnlineURL: &in.OnlineURL,
		Sensitivity: &in.Sensitivity, ConveningUnitID: &in.ConveningUnitID, CoUnitIDs: &co, InspectedUnitIDs: &insp,
		ChairUserID: &chair, PaperFileHolder: &in.PaperFileHolder, RRule: &in.RRule, CaseIDs: &cases,
		InspectionScope: &in.InspectionScope, Findings: &in.Findings, Report: &in.Report, Reason: f.Reason, ReplyBy: in.ReplyBy}
}

// formOf fills the form from a stored meeting.
func formOf(d meeting.Detail) meetingForm {
	f := meetingForm{Kind: string(d.Kind), Title: d.Title, Description: d.Description, Start: localInput(d.Start), End: localInput(d.End),
		Location: d.Location, OnlineURL: d.OnlineURL, Sensitivity: string(d.Sensitivity), Holder: d.PaperFileHolder,
		ConveningUnitID: d.ConveningUnitID, CoUnitIDs: d.CoUnitIDs, InspectedUnitIDs: d.InspectedUnitIDs,
		InspectionScope: d.InspectionScope, Findings: d.Findings, Report: d.Report, Rec: parseRecurrence(d.RRule)}
	if d.ChairUserID != nil {
		f.ChairUserID = *d.ChairUserID
	}
	if d.RoomID != nil {
		f.RoomID = *d.RoomID
	}
	if d.ReplyBy != nil {
		f.ReplyBy = localInput(*d.ReplyBy)
	}
	for _, c := range d.Cases {
		f.CaseIDs = append(f.CaseIDs, c.ID)
	}
	f.Experts = expertsOf(d.Attendees)
	return f
}

func (s *Server) meetingPageNew(c echo.Context) error {
	a := actor(c)
	if a.Role != account.RoleAdmin && a.Role != account.RoleSecretary {
		return apperr.E(apperr.Forbidden, "forbidden")
	}
	f := meetingForm{Kind: string(meeting.JointMeeting), Sensitivity: string(account.Ordinary), ConveningUnitID: a.UnitID,
		InviteStanding: true, Rec: recurrence{Freq: "none"}}
	if k := c.QueryParam("kind"); meeting.Kind(k).Valid() {
		f.Kind = k
	}
	v := meetingFormView{F: f}
	if err := s.prefillNew(c, &v); err != nil {
		if !isPrefillErr(err) {
			return err
		}
		return s.renderMeetingForm(c, statusFor(err), meetingFormView{F: f}, err)
	}
	return s.renderMeetingForm(c, http.StatusOK, v, nil)
}

func (s *Server) renderMeetingForm(c echo.Context, status int, v meetingFormView, formErr error) error {
	dir, err := s.meetingDirectory(c, true)
	if err != nil {
		return err
	}
	if dir.Cases, err = s.withChosenCases(c, dir.Cases, v.F.CaseIDs); err != nil {
		return err
	}
	v.Dir, v.Kinds, v.Sens = dir, meeting.Kinds, []account.Sensitivity{account.Ordinary, account.Sensitive, account.Classified}
	v.F.Experts = padExperts(v.F.Experts)
	if !v.Edit {
		if v.Templates == nil {
			if err := s.prefillChoices(c, &v); err != nil {
				return err
			}
		}
		if n := len(v.F.Agenda); n == 0 || !v.F.Agenda[n-1].empty() {
			v.F.Agenda = append(v.F.Agenda, agendaRowForm{}) // one empty row to type into
		}
	}
	title := "mui.new"
	if v.Edit {
		title = "mui.edit"
	}
	p := s.page(c, "meetings", title, v)
	s.formErrors(p, formErr)
	if v.Stale {
		p.Error = p.T("mui.stale")
	}
	return s.render(c, status, "meeting_form", p)
}

// conflictsFor asks the domain for clashes of the proposed meeting; an
// input it cannot check yet (bad times) has none: saving reports those.
func (s *Server) conflictsFor(c echo.Context, in meeting.Input, self int64) []meeting.Warning {
	users := append([]int64{}, in.AttendeeUserIDs...)
	if in.ChairUserID != nil {
		users = append(users, *in.ChairUserID)
	}
	for _, x := range in.Experts {
		if x.UserID != nil {
			users = append(users, *x.UserID)
		}
	}
	ws, err := s.Meetings.Conflicts(c.Request().Context(), actor(c), meeting.ConflictInput{Start: in.Start, End: in.End,
		RRule: in.RRule, RoomID: in.RoomID, UserIDs: users, MeetingID: self})
	if err != nil {
		return nil
	}
	return ws
}

func (s *Server) meetingPageCreate(c echo.Context) error {
	f := readMeetingForm(c)
	if c.FormValue("add_expert") != "" {
		// "add a row" without script: the same form, one more row, nothing saved
		f.Experts = append(f.Experts, expertForm{})
		return s.renderMeetingForm(c, http.StatusOK, meetingFormView{F: f}, nil)
	}
	if c.FormValue("add_agenda") != "" {
		f.Agenda = append(f.Agenda, agendaRowForm{})
		return s.renderMeetingForm(c, http.StatusOK, meetingFormView{F: f}, nil)
	}
	in := f.input()
	// what the form shows is final: the template is recorded, not applied again
	in.Agenda, in.TemplateID, in.Filled = agendaInputs(f.Agenda), optionalID(f.TemplateID), true
	if c.FormValue("status") == string(meeting.Draft) { // 保存草稿: nothing is sent
		in.Status = meeting.Draft
	}
	if err := in.Validate(); err != nil {
		return s.renderMeetingForm(c, statusFor(err), meetingFormView{F: f}, err)
	}
	// a draft books nothing, so it is not held up by conflicts
	if c.FormValue("force") == "" && in.Status != meeting.Draft {
		if ws := s.conflictsFor(c, in, 0); len(ws) > 0 {
			return s.renderMeetingForm(c, http.StatusOK, meetingFormView{F: f, Warnings: s.warningViews(c, ws)}, nil)
		}
	}
	if f.InviteLeadingGroup { // the 领导小组's roster, issue 16
		ids, err := s.LeadGroup.UserIDs(c.Request().Context())
		if err != nil {
			return err
		}
		in.AttendeeUserIDs = append(in.AttendeeUserIDs, ids...)
	}
	m, err := s.Meetings.Create(c.Request().Context(), actor(c), in)
	if err != nil {
		if formFixable(err) {
			return s.renderMeetingForm(c, statusFor(err), meetingFormView{F: f}, err)
		}
		return err
	}
	if m.Status == meeting.Draft {
		s.flash(c, "mui.draft_saved")
	} else {
		s.flash(c, "mui.scheduled")
	}
	return redirect(c, meetingURL(m.ID, ""))
}

func (s *Server) meetingPageEdit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	d, err := s.Meetings.Get(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	if !d.CanEdit {
		return apperr.E(apperr.Forbidden, "forbidden")
	}
	return s.renderMeetingForm(c, http.StatusOK, meetingFormView{ID: id, Version: d.Version, Edit: true, F: formOf(d)}, nil)
}

func (s *Server) meetingPageUpdate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(c.FormValue("version"))
	f := readMeetingForm(c)
	v := meetingFormView{ID: id, Version: version, Edit: true, F: f,
		Force: c.FormValue("force") != "", Drop: c.FormValue("exceptions") == meeting.ExceptionsDrop}
	if c.FormValue("add_expert") != "" {
		v.F.Experts = append(v.F.Experts, expertForm{})
		return s.renderMeetingForm(c, http.StatusOK, v, nil)
	}
	in := f.input()
	if err := in.Validate(); err != nil {
		return s.renderMeetingForm(c, statusFor(err), v, err)
	}
	if c.FormValue("force") == "" {
		if ws := s.conflictsFor(c, in, id); len(ws) > 0 {
			v.Warnings = s.warningViews(c, ws)
			return s.renderMeetingForm(c, http.StatusOK, v, nil)
		}
	}
	// the meeting's fields and, for a consultation, its experts: one
	// transaction in the service
	p := f.patch(version)
	p.Exceptions = c.FormValue("exceptions") // "drop" only from the confirm button below the list
	_, err = s.Meetings.UpdateWithExperts(c.Request().Context(), actor(c), id, p,
		func(cur []meeting.Attendee) ([]int64, []meeting.AttendeeInput) { return expertChanges(f.Experts, cur) })
	if lost, ok := lostExceptions(err); ok {
		v.Lost = lost
		return s.renderMeetingForm(c, http.StatusConflict, v, nil)
	}
	if apperr.KindOf(err) == apperr.Conflict && isStale(err) {
		// show the newer state the other editor saved
		d, gerr := s.Meetings.Get(c.Request().Context(), actor(c), id)
		if gerr != nil {
			return gerr
		}
		return s.renderMeetingForm(c, http.StatusConflict, meetingFormView{ID: id, Version: d.Version, Edit: true, Stale: true, F: formOf(d)}, nil)
	}
	if err != nil {
		if formFixable(err) {
			return s.renderMeetingForm(c, statusFor(err), v, err)
		}
		return err
	}
	s.flash(c, "common.saved")
	return redirect(c, meetingURL(id, ""))
}

// isStale reports the optimistic-concurrency conflict (as opposed to other
// conflicts such as a cancelled meeting).
func isStale(err error) bool {
	ae, ok := apperr.As(err)
	return ok && ae.Code == "stale_version"
}

// lostExceptions gives the exceptions listed by a 409
// meeting.series_exceptions.
func lostExceptions(err error) ([]meeting.LostException, bool) {
	ae, ok := apperr.As(err)
	if !ok || ae.Code != "meeting.series_exceptions" {
		return nil, false
	}
	lost, ok := ae.Args[meeting.ArgLostExceptions].([]meeting.LostException)
	return lost, ok
}
