package calendar

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"time"

	"github.com/emersion/go-ical"
)

// FeedOptions tunes a subscription feed; the zero value is the default.
type FeedOptions struct {
	BusySummary string        // SUMMARY of classified items; DefaultBusySummary if empty
	Refresh     time.Duration // how often clients should poll; 1h if zero
}

// Feed returns a subscription calendar of events and all-day items. It is
// deterministic: DTSTAMP is LAST-MODIFIED, items are sorted, and nothing reads
// the clock, so unchanged data gives identical bytes and a stable ETag.
// Feeds carry no METHOD, ORGANIZER or ATTENDEE (a feed URL can be shared, and
// clients turn such events into invitations to answer); cancelled events are
// left out; classified ones are busy time only, sensitive ones lose their
// description. An EXDATE or override that is not an occurrence is an error.
func Feed(name string, events []Event, allDays []AllDay, opts FeedOptions) ([]byte, error) {
	if opts.BusySummary == "" {
		opts.BusySummary = DefaultBusySummary
	}
	if opts.Refresh <= 0 {
		opts.Refresh = time.Hour
	}
	if name == "" {
		name = "Liaison"
	}
	cal := newCalendar()
	c := cal.Component
	add(c, ical.Prop{Name: "X-WR-CALNAME", Value: escapeText(name)})
	add(c, ical.Prop{Name: "NAME", Value: escapeText(name)})
	add(c, ical.Prop{Name: "X-WR-TIMEZONE", Value: TZID})
	ttl := durationValue(opts.Refresh)
	// REFRESH-INTERVAL requires VALUE=DURATION (RFC 7986); SetDuration drops it.
	add(c, ical.Prop{Name: "REFRESH-INTERVAL", Params: durationParams, Value: ttl})
	add(c, ical.Prop{Name: "X-PUBLISHED-TTL", Value: ttl})

	order := make([]*Event, 0, len(events))
	for i := range events {
		if events[i].Status != StatusCancelled {
			order = append(order, &events[i])
		}
	}
	slices.SortFunc(order, func(a, b *Event) int {
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.UID, b.UID))
	})
	days := make([]*AllDay, len(allDays))
	for i := range allDays {
		days[i] = &allDays[i]
	}
	slices.SortFunc(days, func(a, b *AllDay) int {
		return cmp.Or(civil(a.Date).Compare(civil(b.Date)), cmp.Compare(a.UID, b.UID))
	})

	cal.Children = slices.Grow(cal.Children, len(order)+len(days))
	r := render{busy: opts.BusySummary}
	for _, ev := range order {
		p, err := check(ev)
		if err != nil {
			return nil, err
		}
		if ev.LastModified.IsZero() {
			return nil, invalid("calendar.last_modified_missing", "UID", ev.UID)
		}
		if cal.Children, err = r.components(ev, p, cal.Children); err != nil {
			return nil, err
		}
	}
	for _, d := range days {
		comp, err := r.allDay(d)
		if err != nil {
			return nil, err
		}
		cal.Children = append(cal.Children, comp)
	}
	return encode(cal, 1024+900*len(order)+600*len(days))
}

// civil is the calendar day of t in its own location, as UTC midnight.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// allDay renders a dated item: VALUE=DATE with the exclusive end RFC 5545
// requires (the next day), and TRANSP so a due date does not block the day.
func (r *render) allDay(d *AllDay) (*ical.Component, error) {
	switch {
	case !validUID(d.UID):
		return nil, invalid("calendar.uid_invalid", "UID", d.UID)
	case d.Date.IsZero():
		return nil, invalid("calendar.date_missing", "UID", d.UID)
	case d.LastModified.IsZero():
		return nil, invalid("calendar.last_modified_missing", "UID", d.UID)
	case d.URL != "" && !validURL(d.URL):
		return nil, invalid("calendar.url_invalid", "UID", d.UID)
	}
	v, err := redact(d.Sensitivity, view{title: d.Title, description: d.Description, url: d.URL}, r.busy)
	if err != nil {
		return nil, err
	}
	c := &ical.Component{Name: ical.CompEvent, Props: make(ical.Props, 12)}
	r.add(c, ical.Prop{Name: "UID", Value: d.UID})
	r.add(c, utcProp("DTSTAMP", d.LastModified))
	y, m, day := d.Date.Date()
	r.add(c, dateProp("DTSTART", y, m, day))
	r.add(c, dateProp("DTEND", y, m, day+1))
	r.add(c, ical.Prop{Name: "SEQUENCE", Value: "0"})
	r.add(c, ical.Prop{Name: "TRANSP", Value: "TRANSPARENT"})
	r.text(c, "SUMMARY", v.title)
	r.text(c, "DESCRIPTION", v.description)
	if v.url != "" {
		r.add(c, ical.Prop{Name: "URL", Value: v.url})
	}
	if v.class != "" {
		r.add(c, ical.Prop{Name: "CLASS", Value: v.class})
	}
	r.add(c, utcProp("LAST-MODIFIED", d.LastModified))
	return c, nil
}

// ETag returns a strong entity tag for a feed body: a quoted SHA-256, so any
// change of content changes it and equal bytes always match.
func ETag(body []byte) string {
	sum := sha256.Sum256(body)
	var b [2 + 2*sha256.Size]byte
	b[0], b[len(b)-1] = '"', '"'
	hex.Encode(b[1:len(b)-1], sum[:])
	return string(b[:])
}
