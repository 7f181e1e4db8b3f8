package web

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/meeting"
)

// inviteLeadingGroup adds every member of the 领导小组 to meeting id, in one
// transaction: members invited already are passed over, and a refusal
// (a consultation's boundary, a cancelled meeting) invites nobody.
func (s *Server) inviteLeadingGroup(c echo.Context, id int64) error {
	out, err := s.addLeadingGroup(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"items": out})
}

// addLeadingGroup is inviteLeadingGroup's work, shared with the meeting
// page's "invite the leading group" button; it returns the new attendees.
func (s *Server) addLeadingGroup(ctx context.Context, a account.Actor, id int64) ([]meeting.Attendee, error) {
	out := []meeting.Attendee{}
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		ids, err := s.LeadGroup.UserIDs(ctx)
		if err != nil {
			return err
		}
		for _, uid := range ids {
			uid := uid
			at, err := s.Meetings.AddAttendee(ctx, a, id, meeting.AttendeeInput{UserID: &uid})
			if apperr.KindOf(err) == apperr.Conflict {
				if ae, ok := apperr.As(err); ok && ae.Code == "meeting.attendee_twice" {
					continue
				}
			}
			if err != nil {
				return err
			}
			out = append(out, at)
		}
		return nil
	})
	return out, err
}
