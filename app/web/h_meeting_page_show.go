package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/calendar"
	"liaison/app/casefile"
	"liaison/app/meeting"
	"liaison/app/notify"
	"liaison/app/page"
)

// meetingShowView is everything the meeting page shows; the forms on it
// keep what was typed when a submit fails.
type meetingShowView struct {
	meeting.Detail
	nameHelpers
	Dir         meetingDir
	History     []account.AuditEntry
	Series      []seriesSlot
	Actions     []meetingActionRow
	MayRecord   bool
	CanSign     bool // the caller's unit may sign off (会签) the draft now
	CanConfirm  bool
	CanIssue    bool // the caller may sign the confirmed output for issue (签发)
	RSVP        rsvpForm
	AgendaForm  agendaForm
	AgendaRows  []agendaRow
	Files       meetingFilesView // 会议材料 (h_meeting_files.go)
	MinutesForm minutesForm
	Section     string              // the form that failed, to show its errors in place
	Delivery    *notify.Undelivered // the organisers' undelivered-mail banner (h_delivery_status.go)
	Draft       draftView           // a 草稿's approval and 发布 (h_meeting_drafts.go)
	Receipts    *receiptsView       // the organisers' 回执 table (h_meeting_receipts.go)
	UnitRSVP    unitRSVPView        // 本单位回执: a unit answering for its people (h_meeting_unit_rsvp.go)
	// UnitRSVPForm is what a failed 本单位回执 submit typed.
	UnitRSVPForm unitRSVPForm
	Now          time.Time
}

// State names where the meeting stands, as the office says it: 已通知,
// 已召开, 纪要待会签, 纪要已确认, 已取消, and before 发布 草稿, 待审批,
// 已退回, 已审批 (message mui.state.*).
func (v meetingShowView) State() string {
	switch {
	case v.Status == meeting.Draft && v.Approval == meeting.ApprovalPending:
		return "approval_pending"
	case v.Status == meeting.Draft && v.Approval == meeting.ApprovalReturned:
		return "approval_returned"
	case v.Status == meeting.Draft && v.Approval == meeting.ApprovalApproved:
		return "approved"
	case v.Status == meeting.Draft:
		return "draft"
	case v.Status == meeting.Cancelled:
		return "cancelled"
	case v.Minutes != nil && v.Minutes.Status == meeting.MinutesConfirmed:
		return "minutes_confirmed"
	case v.Minutes != nil:
		return "minutes_signoff"
	case v.End.Before(v.Now):
		return "held"
	}
	return "notified"
}

// ReplyPassed reports that the 回执 deadline has passed.
func (v meetingShowView) ReplyPassed() bool { return v.ReplyBy != nil && v.Now.After(*v.ReplyBy) }

// checkInOpensBefore is how long before the start attendees may check in.
const checkInOpensBefore = meeting.CheckInLead

// AnswersOpen reports whether invitations may still be answered: until
// the meeting (its last occurrence) ends; after that the page shows the
// answers given, without forms.
func (v meetingShowView) AnswersOpen() bool { return meeting.AnswersOpen(v.Meeting, v.Now) }

// MinutesOpen reports whether the meeting has started: only then are its
// minutes written and confirmed.
func (v meetingShowView) MinutesOpen() bool { return !v.Now.Before(v.Start) }

// CanCheckIn reports whether the caller is an invitee not yet checked in
// while the meeting is about to start or under way: the page then offers
// 签到 at the top.
func (v meetingShowView) CanCheckIn() bool {
	return v.Me != nil && v.Me.CheckedInAt == nil && v.Status != meeting.Cancelled &&
		!v.Now.Before(v.Start.Add(-checkInOpensBefore)) && v.Now.Before(v.End)
}

// Answers lists the answers an invitee may give.
func (meetingShowView) Answers() []meeting.Answer {
	return []meeting.Answer{meeting.Accepted, meeting.Tentative, meeting.Declined, meeting.Delegated}
}

// Roles lists the attendee roles for the invite form.
func (meetingShowView) Roles() []meeting.Role { return meeting.Roles }

// Pending reports whether attendee id has not answered.
func (v meetingShowView) Pending(id int64) bool { return slices.Contains(v.NotAnswered, id) }

// Signed reports whether unit id has signed off the draft.
func (v meetingShowView) Signed(unitID int64) *meeting.SignOff {
	if v.Minutes == nil {
		return nil
	}
	for i, so := range v.Minutes.SignOffs {
		if so.UnitID == unitID {
			return &v.Minutes.SignOffs[i]
		}
	}
	return nil
}

// Classified reports a classified meeting: its page holds the register
// entry only, and the content forms are not offered.
func (v meetingShowView) Classified() bool { return v.Sensitivity == account.Classified }

// Place is the room's name or the free-text location.
func (v meetingShowView) Place() string {
	if v.RoomID != nil {
		return v.RoomName
	}
	return v.Location
}

// Owners are the convening and co-organising units (会签 order).
func (v meetingShowView) Owners() []int64 { return v.Meeting.Owners() }

// seriesSlot is one occurrence of a series on the meeting page.
type seriesSlot struct {
	Orig          string // the original start, RFC 3339, naming it in forms
	OriginalStart time.Time
	Start, End    time.Time
	Cancelled     bool
	Moved         bool
}

type rsvpForm struct {
	Answer   string
	Comment  string
	Delegate int64
}

func (s *Server) meetingPageShow(c echo.Context) error {
	return s.renderMeetingShow(c, http.StatusOK, meetingShowView{}, nil)
}

// renderMeetingShow loads the meeting and renders its page with the forms
// in v (those that failed keep their input) and the error formErr.
func (s *Server) renderMeetingShow(c echo.Context, status int, v meetingShowView, formErr error) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	a := actor(c)
	d, err := s.Meetings.Get(ctx, a, id)
	if err != nil {
		return err
	}
	v.Detail = d
	if v.Dir, err = s.meetingDirectory(c, d.CanEdit); err != nil {
		return err
	}
	v.MayRecord = d.CanEdit || (d.Me != nil && d.Me.Role == meeting.RoleRecorder)
	if d.Minutes != nil && d.Minutes.Status == meeting.MinutesDraft && d.CanEdit {
		v.CanSign = a.Role == account.RoleSecretary && slices.Contains(d.CoUnitIDs, a.UnitID) && v.Signed(a.UnitID) == nil
		v.CanConfirm = (a.UnitID == d.ConveningUnitID || a.Role == account.RoleAdmin) && len(d.Minutes.Pending) == 0
	}
	v.CanIssue = d.Minutes != nil && d.Minutes.Status == meeting.MinutesConfirmed && d.Minutes.IssuedAt == nil &&
		d.Status != meeting.Cancelled && meeting.MayIssue(a, d.Meeting)
	if typed := v.MinutesForm; typed.Decisions == nil {
		v.MinutesForm = minutesFormOf(d.Minutes)
		if d.Minutes == nil {
			v.MinutesForm.Body = d.MinutesOutline // the template's sections
		}
		if typed.RevBody != "" || typed.Reason != "" {
			v.MinutesForm.RevBody, v.MinutesForm.Reason = typed.RevBody, typed.Reason
		}
	}
	if d.Minutes != nil {
		v.MinutesForm.Version = d.Minutes.Version
	}
	if v.Actions, err = s.minutesActions(c, d.Minutes); err != nil {
		return err
	}
	if v.RSVP.Answer == "" && d.Me != nil {
		v.RSVP = rsvpForm{Answer: string(d.Me.Answer), Comment: d.Me.Comment}
		if d.Me.DelegateUserID != nil {
			v.RSVP.Delegate = *d.Me.DelegateUserID
		}
	}
	if v.Delivery, err = s.meetingDelivery(c, d); err != nil {
		return err
	}
	if v.Draft, err = s.draftOf(c, d.Meeting, v.Draft); err != nil {
		return err
	}
	if v.Receipts, err = s.receiptsOf(c, d); err != nil {
		return err
	}
	v.UnitRSVP = unitRSVPOf(c, d, v.Dir, v.UnitRSVPForm, s.DB.Now())
	v.AgendaRows = agendaRows(d.Agenda, v.AgendaForm)
	if v.Files, err = s.meetingFilesOf(c, d); err != nil {
		return err
	}
	if v.AgendaForm.EditID != 0 || v.AgendaForm.Duration == "" {
		v.AgendaForm = agendaForm{Duration: "30"}
	}
	hist, err := s.Meetings.HistoryOf(ctx, d, page.Request{Limit: 20})
	if err != nil {
		return err
	}
	v.Now = s.DB.Now()
	if v.History, err = s.withActorNames(ctx, hist.Items); err != nil {
		return err
	}
	v.Series = seriesOf(d)
	p := s.page(c, "meetings", "", v)
	p.Title = d.Title
	if d.Title == "" {
		p.Title = p.T("mui.busy")
	}
	s.formErrors(p, formErr)
	return s.render(c, status, "meeting_show", p)
}

// seriesOf lists up to 60 occurrences of a series with the single
// occurrences that were moved or cancelled.
func seriesOf(d meeting.Detail) []seriesSlot {
	if d.RRule == "" {
		return nil
	}
	starts, err := calendar.Occurrences(d.RRule, d.Start, d.Start, d.SeriesEnd.Add(time.Second))
	if err != nil {
		return nil
	}
	dur := d.Duration()
	out := make([]seriesSlot, 0, len(starts))
	for _, st := range starts {
		sl := seriesSlot{Orig: st.Format(time.RFC3339), OriginalStart: st, Start: st, End: st.Add(dur)}
		for _, o := range d.Occurrences {
			if o.OriginalStart.Equal(st) {
				sl.Cancelled = o.Status == meeting.Cancelled
				sl.Moved = !sl.Cancelled
				sl.Start, sl.End = o.Start, o.End
			}
		}
		out = append(out, sl)
		if len(out) == 60 {
			break
		}
	}
	return out
}

func (s *Server) meetingPageCancel(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	// the same service method and version check as the API's cancel: a
	// page read before someone else's change gets 409 and cancels nothing
	version, _ := strconv.Atoi(c.FormValue("version"))
	if _, err := s.Meetings.CancelVersion(c.Request().Context(), actor(c), id, c.FormValue("reason"), version); err != nil {
		if formFixable(err) {
			return s.renderMeetingShow(c, statusFor(err), meetingShowView{Section: "cancel"}, err)
		}
		return err
	}
	s.flash(c, "mui.cancelled")
	return redirect(c, meetingURL(id, ""))
}

func (s *Server) meetingPageRSVP(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	f := rsvpForm{Answer: c.FormValue("answer"), Comment: c.FormValue("comment"), Delegate: formID(c, "delegate_user_id")}
	in := meeting.RSVPInput{Answer: meeting.Answer(f.Answer), Comment: f.Comment}
	if f.Answer == string(meeting.Delegated) {
		in.DelegateUserID = optionalID(f.Delegate)
	}
	if _, err := s.Meetings.RSVP(c.Request().Context(), actor(c), id, in); err != nil {
		if formFixable(err) {
			return s.renderMeetingShow(c, statusFor(err), meetingShowView{RSVP: f, Section: "rsvp"}, err)
		}
		return err
	}
	s.flash(c, "mui.answered")
	return redirect(c, meetingURL(id, "#rsvp"))
}

func (s *Server) meetingPageInvite(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if c.FormValue("invite_leading_group") != "" { // the 领导小组's roster, issue 16
		return s.meetingPageInviteLeadingGroup(c, id)
	}
	in := meeting.AttendeeInput{UserID: optionalID(formID(c, "user_id")), Name: c.FormValue("name"), Email: c.FormValue("email"),
		UnitName: c.FormValue("unit_name"), Role: meeting.Role(c.FormValue("role")), ExpertMode: c.FormValue("expert_mode")}
	if _, err := s.Meetings.AddAttendee(c.Request().Context(), actor(c), id, in); err != nil {
		if formFixable(err) {
			return s.renderMeetingShow(c, statusFor(err), meetingShowView{Section: "attendees"}, err)
		}
		return err
	}
	s.flash(c, "common.saved")
	return redirect(c, meetingURL(id, "#attendees"))
}

func (s *Server) meetingPageUninvite(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	aid, err := idParam(c, "aid")
	if err != nil {
		return err
	}
	if err := s.Meetings.RemoveAttendee(c.Request().Context(), actor(c), id, aid); err != nil {
		if formFixable(err) {
			return s.renderMeetingShow(c, statusFor(err), meetingShowView{Section: "attendees"}, err)
		}
		return err
	}
	return redirect(c, meetingURL(id, "#attendees"))
}

// mustEdit answers Forbidden unless the caller edits the meeting (pages
// only editors use: roster, QR code).
func mustEdit(d meeting.Detail) error {
	if !d.CanEdit {
		return apperr.E(apperr.Forbidden, "forbidden")
	}
	return nil
}

// CaseNumber names case id by its 案号 (ids stay in URLs): agenda items
// carry only ids, and the meeting's detail holds every case it links.
func (v meetingShowView) CaseNumber(id int64) string {
	for _, r := range append(append([]casefile.Ref{}, v.Cases...), v.LinkedCases...) {
		if r.ID == id {
			return r.Number
		}
	}
	return ""
}

// withActorNames puts each entry's person by name (王芳) where the audit
// log keeps the username it was written under (wang.fang): the change
// history is read by people, not administrators.
func (s *Server) withActorNames(ctx context.Context, entries []account.AuditEntry) ([]account.AuditEntry, error) {
	var ids []int64
	for _, e := range entries {
		if e.ActorID != nil {
			ids = append(ids, *e.ActorID)
		}
	}
	users, err := s.Accounts.UsersByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := slices.Clone(entries)
	for i, e := range out {
		if e.ActorID != nil {
			if u, ok := users[*e.ActorID]; ok && u.DisplayName != "" {
				out[i].ActorName = u.DisplayName
			}
		}
	}
	return out, nil
}
