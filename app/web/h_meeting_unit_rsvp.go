package web

import (
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"liaison/app/meeting"
)

// 本单位回执 (issue 20 item 3): on the meeting page a unit's secretary or
// liaison sees the invitees of their unit and answers for each, naming
// who attends (委托) — the page twin of
// POST /api/v1/meetings/{id}/attendees/{aid}/rsvp, through the same
// meeting.Service.RSVPFor with the version the page was read at.

// unitRSVPView is the section: the rows the actor may answer for.
type unitRSVPView struct {
	Rows    []unitRSVPRow
	Pending int // rows not answered
}

// unitRSVPRow is one invitee with the form's values: what was typed when
// this row's submit failed, else the current answer.
type unitRSVPRow struct {
	meeting.Attendee
	Form         rsvpForm
	Failed       bool   // this row's submit failed: its errors show in place
	DelegateName string // 委托: the colleague who attends
}

// UID is the invitee's user id (every row is a user of the unit).
func (r unitRSVPRow) UID() int64 { return *r.UserID }

// unitRSVPForm is what a failed 本单位回执 submit typed, for one row.
type unitRSVPForm struct {
	AttendeeID int64
	rsvpForm
}

// unitRSVPOf lists d's invitees the actor may answer for (meeting.CanAnswerFor)
// on an issued meeting not cancelled, while answers are open; failed is the row whose submit failed.
func unitRSVPOf(c echo.Context, d meeting.Detail, dir meetingDir, failed unitRSVPForm, now time.Time) unitRSVPView {
	var v unitRSVPView
	if d.Status != meeting.Scheduled || !meeting.AnswersOpen(d.Meeting, now) {
		return v
	}
	a := actor(c)
	for _, p := range d.Attendees {
		if !meeting.CanAnswerFor(a, p) {
			continue
		}
		row := unitRSVPRow{Attendee: p, Form: rsvpForm{Answer: string(p.Answer), Comment: p.Comment}}
		if p.DelegateUserID != nil {
			row.Form.Delegate = *p.DelegateUserID
			for _, u := range dir.UsersOf(a.UnitID) {
				if u.ID == *p.DelegateUserID {
					row.DelegateName = u.DisplayName
				}
			}
		}
		if failed.AttendeeID == p.ID {
			row.Form, row.Failed = failed.rsvpForm, true
		}
		if p.Answer == meeting.Pending || p.Answer == "" {
			v.Pending++
		}
		v.Rows = append(v.Rows, row)
	}
	return v
}

// meetingPageRSVPFor is a unit answering for its person from the page.
func (s *Server) meetingPageRSVPFor(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	aid, err := idParam(c, "aid")
	if err != nil {
		return err
	}
	f := unitRSVPForm{AttendeeID: aid, rsvpForm: rsvpForm{Answer: c.FormValue("answer"), Comment: c.FormValue("comment"), Delegate: formID(c, "delegate_user_id")}}
	version, _ := strconv.Atoi(c.FormValue("version"))
	in := meeting.RSVPInput{Answer: meeting.Answer(f.Answer), Comment: f.Comment, Version: version}
	if n, err := strconv.Atoi(c.FormValue("answer_version")); err == nil {
		in.AnswerVersion = &n // the answer the liaison saw
	}
	if f.Answer == string(meeting.Delegated) {
		in.DelegateUserID = optionalID(f.Delegate)
	}
	if _, err := s.Meetings.RSVPFor(c.Request().Context(), actor(c), id, aid, in); err != nil {
		if formFixable(err) {
			return s.renderMeetingShow(c, statusFor(err), meetingShowView{UnitRSVPForm: f, Section: "unit-rsvp"}, err)
		}
		return err
	}
	s.flash(c, "mui.answered_for")
	return redirect(c, meetingURL(id, "#unit-rsvp"))
}
