package web

import (
	"github.com/labstack/echo/v4"
)

// meetingPageInviteLeadingGroup is the meeting page's "invite the leading
// group": every roster member not yet invited, all or none (the API's
// invite_leading_group on attendee add).
func (s *Server) meetingPageInviteLeadingGroup(c echo.Context, id int64) error {
	if _, err := s.addLeadingGroup(c.Request().Context(), actor(c), id); err != nil {
		if formFixable(err) {
			return s.renderMeetingShow(c, statusFor(err), meetingShowView{Section: "attendees"}, err)
		}
		return err
	}
	s.flash(c, "mui.leadgroup_added")
	return redirect(c, meetingURL(id, "#attendees"))
}
