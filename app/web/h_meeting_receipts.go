package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// 回执 with a deadline (issue 20 item 3): the organisers' 回执 table and
// the district setting of the default deadline.

func (s *Server) apiMeetingReceipts(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	r, err := s.Meetings.Receipts(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}

// withReplyDays answers the meetings' settings with the default 回执
// deadline added.
func (s *Server) withReplyDays(c echo.Context, out meetingSettingsJSON) error {
	n, err := s.Meetings.ReplyDays(c.Request().Context())
	if err != nil {
		return err
	}
	out.ReplyDays = &n
	return c.JSON(http.StatusOK, out)
}

// putReplyDays changes the default 回执 deadline when the body names it.
func (s *Server) putReplyDays(c echo.Context, n *int) error {
	if n == nil {
		return nil
	}
	_, err := s.Meetings.SetReplyDays(c.Request().Context(), actor(c), *n)
	return err
}
