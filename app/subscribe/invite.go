package subscribe

import (
	"context"

	"liaison/app/account"
	"liaison/app/calendar"
	"liaison/app/meeting"
	"liaison/app/notify"
)

// InviteICS returns invite.ics for meeting id as the actor may see it: a
// REQUEST while the meeting stands, a CANCEL once cancelled (its sequence
// was incremented by the cancellation). Its SEQUENCE is the one published
// in mail and feeds (the meeting's plus its bump, see reconcile.go), so a
// download never looks older than a mail. NotFound when the actor may not
// see the meeting.
func (s *Service) InviteICS(ctx context.Context, a account.Actor, id int64) ([]byte, error) {
	d, err := s.Meetings.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	bump, err := s.Store.Bump(ctx, id)
	if err != nil {
		return nil, err
	}
	ev := d.CalendarEvent(s.baseURL)
	ev.Sequence += bump
	for i := range ev.Overrides {
		ev.Overrides[i].Sequence += bump
	}
	ev.Organizer.Email = s.from
	ev.Attendees = cleanAttendees(ev.Attendees)
	s.noMailReplies(&ev)
	method := calendar.Request
	if d.Status == meeting.Cancelled {
		method = calendar.Cancel
	}
	return calendar.Invite(ev, method, s.Now())
}

// cleanAttendees drops addresses a mail server would refuse, keeping the
// person (the calendar package leaves address-less attendees out).
func cleanAttendees(in []calendar.Attendee) []calendar.Attendee {
	for i := range in {
		if in[i].Email != "" && !notify.ValidEmail(in[i].Email) {
			in[i].Email = ""
		}
	}
	return in
}
