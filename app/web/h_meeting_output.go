package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"liaison/app/apperr"
	"liaison/app/meeting"
	"liaison/app/workday"
)

// apiMinutesIssue records the 签发 of confirmed minutes (any kind's
// output) and returns them with their number.
func (s *Server) apiMinutesIssue(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in meeting.IssueInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	mi, err := s.Meetings.IssueMinutes(c.Request().Context(), actor(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, mi)
}

// meetingPageMinutesIssue is the 签发 form on the meeting page.
func (s *Server) meetingPageMinutesIssue(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(c.FormValue("version"))
	in := meeting.IssueInput{Version: &version}
	if v := strings.TrimSpace(c.FormValue("signed_on")); v != "" {
		d, err := workday.ParseDate(v)
		if err != nil {
			return s.renderMeetingShow(c, http.StatusUnprocessableEntity, meetingShowView{Section: "issue"}, apperr.Fields{"signed_on": "date_invalid"}.Err())
		}
		in.SignedOn = &d
	}
	if _, err := s.Meetings.IssueMinutes(c.Request().Context(), actor(c), id, in); err != nil {
		if formFixable(err) {
			return s.renderMeetingShow(c, statusFor(err), meetingShowView{Section: "issue"}, err)
		}
		return err
	}
	s.flash(c, "out.issued_flash")
	return redirect(c, meetingURL(id, "#minutes"))
}

// Today is today's date as the 签发 form's date input wants it.
func (v meetingShowView) Today() string { return workday.FromTime(v.Now).String() }

// Experts are the experts a consultation sent for or invited, as its
// 会商意见 names them.
func (v docView) Experts() []meeting.Attendee {
	var out []meeting.Attendee
	for _, a := range v.Attendees {
		if a.Role == meeting.RoleExpert {
			out = append(out, a)
		}
	}
	return out
}

// CopyTo are the units an output is copied to (抄送): the co-organisers
// and, for an inspection report, the units inspected; never the
// convening unit, which issues it.
func (v docView) CopyTo() []int64 {
	var out []int64
	add := func(ids []int64) {
		for _, id := range ids {
			if id != v.ConveningUnitID && !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	add(v.CoUnitIDs)
	if v.Kind == meeting.JointInspection {
		add(v.InspectedUnitIDs)
	}
	return out
}
