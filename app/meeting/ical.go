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
		Title: d.Title, Description: d.Description, Location: d.place(),
		URL:   fmt.Sprintf("%s/meetings/%d", strings.TrimRight(baseURL, "/"), d.ID),
		Start: d.Start, End: d.End, Sensitivity: calendar.Sensitivity(d.Sensitivity),
		Organizer: calendar.Person{Name: d.Units[d.ConveningUnitID]},
		RRule:     d.RRule, Created: d.CreatedAt, LastModified: d.UpdatedAt,
	}
	if d.Status == Cancelled {
		ev.Status = calendar.StatusCancelled
	}
	for _, a := range d.Attendees {
		ev.Attendees = append(ev.Attendees, calendar.Attendee{Person: calendar.Person{Name: a.Name, Email: a.Email}, Role: string(a.Role), Answer: string(a.Answer)})
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

// place is what a calendar shows as the location: the room's name, the
// free text, or the online link.
func (d Detail) place() string {
	parts := []string{}
	if d.RoomName != "" {
		parts = append(parts, d.RoomName)
	}
	if d.Location != "" {
		parts = append(parts, d.Location)
	}
	if len(parts) == 0 && d.OnlineURL != "" {
		parts = append(parts, d.OnlineURL)
	}
	return strings.Join(parts, " · ")
}
