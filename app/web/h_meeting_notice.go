package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"liaison/app/meeting"
)

// The 会议通知 (issue 20 item 2): the printable notice of an issued meeting
// and its JSON twin, both from meeting.Service.Notice, visible to whoever
// may see the meeting.

// meetingNoticeRoutes registers the notice routes.
func (s *Server) meetingNoticeRoutes(g routeGroups) {
	g.api.GET("/meetings/:id/notice", s.apiMeetingNotice)
	g.pages.GET("/meetings/:id/notice", s.meetingPageNotice)
}

func (s *Server) apiMeetingNotice(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	n, err := s.Meetings.Notice(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, n)
}

// noticeView is the notice page's data.
type noticeView struct {
	meeting.Notice
}

// Num is the 1-based row number.
func (noticeView) Num(i int) int { return i + 1 }

func (s *Server) meetingPageNotice(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	n, err := s.Meetings.Notice(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "meeting_notice", s.page(c, "meetings", "notice.page_title", noticeView{n}))
}
