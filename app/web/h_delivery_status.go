package web

import (
	"github.com/labstack/echo/v4"

	"liaison/app/meeting"
	"liaison/app/notify"
)

// meetingDelivery counts the meeting's undelivered mail for the people who
// organise it (those who may edit it); nil for everyone else, so the
// banner (templates/partials/delivery_status.html) stays theirs.
func (s *Server) meetingDelivery(c echo.Context, d meeting.Detail) (*notify.Undelivered, error) {
	if !d.CanEdit {
		return nil, nil
	}
	u, err := s.Notify.UndeliveredForMeeting(c.Request().Context(), d.ID)
	if err != nil {
		return nil, err
	}
	return &u, nil
}
