package calendar

import (
	"strconv"
	"time"

	"github.com/emersion/go-ical"
)

// render says how events become VEVENTs for one message or feed.
type render struct {
	method    Method     // "" for a feed
	stamp     time.Time  // DTSTAMP; zero in a feed, where LAST-MODIFIED is used
	attendees []Attendee // ATTENDEE lines; a feed has none
	busy      string     // SUMMARY of classified items
	arena     []ical.Prop
}

// add appends a property to c without touching its value: every value
// reaching here is already escaped or formatted, so go-ical's setters (which
// add or drop VALUE= wrongly) are never needed. Single properties are carved
// from an arena, one allocation per 256 instead of one each: the feed is a
// hot path.
func (r *render) add(c *ical.Component, p ical.Prop) {
	if ps, ok := c.Props[p.Name]; ok {
		c.Props[p.Name] = append(ps, p)
		return
	}
	if len(r.arena) == cap(r.arena) {
		size := 256
		if cap(r.arena) == 0 {
			size = 32 // an invitation needs about this many
		}
		r.arena = make([]ical.Prop, 0, size)
	}
	r.arena = append(r.arena, p)
	n := len(r.arena)
	c.Props[p.Name] = r.arena[n-1 : n : n] // capped: a second value reallocates
}

// text appends a TEXT property unless s is empty.
func (r *render) text(c *ical.Component, name, s string) {
	if s != "" {
		r.add(c, ical.Prop{Name: name, Value: escapeText(s)})
	}
}

// add appends a property to a component built once, such as the VCALENDAR.
func add(c *ical.Component, p ical.Prop) { c.Props[p.Name] = append(c.Props[p.Name], p) }

// stamps are an event's UTC times, formatted once for master and overrides.
type stamps struct{ dtstamp, created, modified ical.Prop }

func (r *render) stamps(ev *Event) *stamps {
	st := &stamps{}
	if !ev.Created.IsZero() {
		st.created = utcProp("CREATED", ev.Created)
	}
	if !ev.LastModified.IsZero() {
		st.modified = utcProp("LAST-MODIFIED", ev.LastModified)
	}
	if r.stamp.IsZero() { // a feed: its bytes change only when the meeting does
		st.dtstamp = ical.Prop{Name: "DTSTAMP", Value: st.modified.Value}
	} else {
		st.dtstamp = utcProp("DTSTAMP", r.stamp)
	}
	return st
}

// vevent builds one VEVENT: the series master when rid is zero, else the
// occurrence that started at rid.
func (r *render) vevent(ev *Event, st *stamps, v view, rid, start, end time.Time, seq int, status string, alarms []*ical.Component) *ical.Component {
	c := &ical.Component{Name: ical.CompEvent, Props: make(ical.Props, 20), Children: alarms}
	r.add(c, ical.Prop{Name: "UID", Value: ev.UID})
	r.add(c, st.dtstamp)
	if !rid.IsZero() {
		r.add(c, localProp("RECURRENCE-ID", rid))
	}
	r.add(c, localProp("DTSTART", start))
	r.add(c, localProp("DTEND", end))
	// SEQUENCE is built by hand: SetText would add VALUE=TEXT.
	r.add(c, ical.Prop{Name: "SEQUENCE", Value: strconv.Itoa(seq)})
	r.add(c, ical.Prop{Name: "STATUS", Value: status})
	r.text(c, "SUMMARY", v.title)
	r.text(c, "DESCRIPTION", v.description)
	r.text(c, "LOCATION", v.location)
	if v.url != "" {
		r.add(c, ical.Prop{Name: "URL", Value: v.url})
	}
	if v.online != "" {
		r.add(c, conference(v.online))
	}
	if r.method == Cancel {
		r.text(c, "COMMENT", v.comment)
	}
	if v.class != "" {
		r.add(c, ical.Prop{Name: "CLASS", Value: v.class})
	}
	if st.created.Name != "" {
		r.add(c, st.created)
	}
	if st.modified.Name != "" {
		r.add(c, st.modified)
	}
	if r.method != "" {
		r.people(c, ev)
	}
	return c
}

// alarms are the DISPLAY reminders of ev; DESCRIPTION is required for
// DISPLAY and Outlook drops alarms without it. A cancellation has none.
func (r *render) alarms(ev *Event, title string) []*ical.Component {
	if r.method == Cancel || len(ev.Alarms) == 0 {
		return nil
	}
	if title == "" {
		title = "Reminder"
	}
	out := make([]*ical.Component, len(ev.Alarms))
	for i, d := range ev.Alarms {
		a := &ical.Component{Name: ical.CompAlarm, Props: make(ical.Props, 3)}
		r.add(a, ical.Prop{Name: "ACTION", Value: "DISPLAY"})
		r.add(a, ical.Prop{Name: "TRIGGER", Value: durationValue(-d)})
		r.text(a, "DESCRIPTION", title)
		out[i] = a
	}
	return out
}

// components renders ev (master first, then its overrides) onto out.
func (r *render) components(ev *Event, p plan, out []*ical.Component) ([]*ical.Component, error) {
	v, err := eventView(ev, r.busy)
	if err != nil {
		return out, err
	}
	status := "CONFIRMED"
	if r.method == Cancel || r.method == Publish && ev.Status == StatusCancelled {
		status = "CANCELLED"
	}
	st, alarms := r.stamps(ev), r.alarms(ev, v.title)
	m := r.vevent(ev, st, v, time.Time{}, ev.Start, ev.End, ev.Sequence, status, alarms)
	if p.rule != "" {
		r.add(m, ical.Prop{Name: "RRULE", Value: p.rule})
		for _, t := range p.exdates {
			r.add(m, localProp("EXDATE", t))
		}
	}
	out = append(out, m)
	if r.method == Cancel {
		return out, nil // a CANCEL without RECURRENCE-ID removes the whole series
	}
	for _, o := range p.overrides {
		ov, oa := v.with(ev, o), alarms
		if ov.title != v.title {
			oa = r.alarms(ev, ov.title)
		}
		out = append(out, r.vevent(ev, st, ov, o.RecurrenceID, o.Start, o.End, max(ev.Sequence, o.Sequence), status, oa))
	}
	return out, nil
}

// with is the view of the occurrence o changes; a classified meeting stays
// busy time whatever the override says.
func (v view) with(ev *Event, o *Override) view {
	if ev.Sensitivity == Classified {
		return v
	}
	if o.Title != "" {
		v.title = o.Title
	}
	if o.Location != "" {
		v.location = o.Location
	}
	return v
}
