package subscribe

import (
	"context"

	"liaison/app/account"
	"liaison/app/calendar"
	"liaison/app/meeting"
	"liaison/app/notify"
)

// InviteICS returns invite.ics for meeting id as the actor may see it. For
// an attendee with an address it is the invitation addressed to them (a
// REQUEST with the meeting's ATTENDEE lines, or a CANCEL once cancelled);
// for anyone else a PUBLISH with no ATTENDEE, since an invitation not
// addressed to the reader makes Outlook ask them to answer for someone
// else and Evolution refuse it. Its SEQUENCE is the one published
// in mail and feeds (the meeting's plus its bump, see reconcile.go), so a
// download never looks older than a mail. NotFound when the actor may not
// see the meeting.
func (s *Service) InviteICS(ctx context.Context, a account.Actor, id int64) ([]byte, error) {
	d, err := s.Meetings.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	bump, err := s.store.Bump(ctx, id)
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
	method := calendar.Publish
	if invited(ev.Attendees, d.Attendees, a.UserID) {
		method = calendar.Request
		if d.Status == meeting.Cancelled {
			method = calendar.Cancel
		}
	}
	return calendar.Invite(ev, method, s.Now())
}

// invited reports whether user is an attendee whose address the calendar
// carries (cal and att are the same list, mapped and as loaded).
func invited(cal []calendar.Attendee, att []meeting.Attendee, user int64) bool {
	for i, x := range att {
		if x.UserID != nil && *x.UserID == user && i < len(cal) && cal[i].Email != "" {
			return true
		}
	}
	return false
}

// cleanAttendees drops addresses a mail server would refuse, keeping the
// person (the calendar package leaves address-less attendees out).
func cleanAttendees(in []calendar.Attendee) []calendar.Attendee {
	for i := range in {
		for _, e := range []*string{&in[i].Email, &in[i].DelegatedTo, &in[i].DelegatedFrom} {
			if *e != "" && !notify.ValidEmail(*e) {
				*e = ""
			}
		}
	}
	return in
}
