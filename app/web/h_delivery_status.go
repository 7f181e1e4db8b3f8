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

// linkDelivery is meetingDelivery for any other record, by its path
// ("/documents/3"): the mail of its announcements and its unit channel
// messages; nil unless show (the record's issuer, who caused them).
func (s *Server) linkDelivery(c echo.Context, show bool, link string) (*notify.Undelivered, error) {
	if !show {
		return nil, nil
	}
	u, err := s.Notify.UndeliveredForLink(c.Request().Context(), link)
	if err != nil {
		return nil, err
	}
	u.Messages = true
	return &u, nil
}
