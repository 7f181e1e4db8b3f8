package meeting

import (
	"fmt"
	"strings"

	"liaison/app/calendar"
)

// CalendarEvent maps the meeting onto the calendar package's Event (for
// invite.ics, feeds and email). baseURL is LIAISON_BASE_URL; the
// calendar package redacts by sensitivity, so content is passed as stored
// (classified meetings hold none).
func (d Detail) CalendarEvent(baseURL string) calendar.Event {
	ev := calendar.Event{
		UID: d.UID, Sequence: d.Sequence, Status: calendar.StatusConfirmed,
		Title: d.Title, Description: d.Description, Location: d.place(), Online: d.OnlineURL,
		URL: fmt.Sprintf("%s/meetings/%d", strings.TrimRight(baseURL, "/"), d.ID), Comment: d.CancelReason,
		Start: d.Start, End: d.End, Sensitivity: calendar.Sensitivity(d.Sensitivity),
		Organizer: calendar.Person{Name: d.Units[d.ConveningUnitID]},
		RRule:     d.RRule, Created: d.CreatedAt, LastModified: d.UpdatedAt,
	}
	if d.Status == Cancelled {
		ev.Status = calendar.StatusCancelled
	}
	emailOf := map[int64]string{}
	for _, a := range d.Attendees {
		if a.UserID != nil {
			emailOf[*a.UserID] = a.Email
		}
	}
	from := map[string]string{} // delegate's email → delegator's
	for _, a := range d.Attendees {
		c := calendar.Attendee{Person: calendar.Person{Name: a.Name, Email: a.Email}, Role: string(a.Role), Answer: string(a.Answer)}
		if a.Answer == Delegated && a.DelegateUserID != nil && a.Email != "" {
			if to := emailOf[*a.DelegateUserID]; to != "" {
				c.DelegatedTo, from[to] = to, a.Email
			}
		}
		ev.Attendees = append(ev.Attendees, c)
	}
	for i := range ev.Attendees {
		ev.Attendees[i].DelegatedFrom = from[ev.Attendees[i].Email]
	}
	for _, o := range d.Occurrences {
		if o.Status == Cancelled {
			ev.ExDates = append(ev.ExDates, o.OriginalStart)
			continue
		}
		ev.Overrides = append(ev.Overrides, calendar.Override{RecurrenceID: o.OriginalStart, Start: o.Start, End: o.End, Sequence: o.Sequence})
	}
	return ev
}

// place is what a calendar shows as the location: the room's name and the
// free text. The online link of a hybrid meeting goes in URL and CONFERENCE
// instead, so LOCATION keeps the room.
func (d Detail) place() string {
	parts := []string{}
	if d.RoomName != "" {
		parts = append(parts, d.RoomName)
	}
	if d.Location != "" {
		parts = append(parts, d.Location)
	}
	return strings.Join(parts, " · ")
}
