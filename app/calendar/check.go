package calendar

import (
	"slices"
	"time"
)

// DefaultBusySummary is the SUMMARY of a classified meeting: busy time only.
const DefaultBusySummary = "忙碌"

// view is what an event may show after redaction by sensitivity.
type view struct {
	title, description, location, url, class, online, comment string
}

// redact applies 密级 to what an event would show: sensitive drops the
// description and any comment, classified keeps only the time (and is
// marked CONFIDENTIAL so shared calendars hide it too).
func redact(s Sensitivity, v view, busy string) (view, error) {
	switch s {
	case Ordinary:
		v.class = ""
		return v, nil
	case Sensitive:
		v.description, v.comment, v.class = "", "", "PRIVATE"
		return v, nil
	case Classified:
		return view{title: busy, class: "CONFIDENTIAL"}, nil
	}
	return view{}, invalid("calendar.sensitivity_unknown", "Sensitivity", string(s))
}

// eventView is ev as an invitation or feed may show it. A mail about a
// sensitive or classified meeting (ev.Neutral set) shows no more than its
// body: the neutral summary, the time and the page link.
func eventView(ev *Event, busy string) (view, error) {
	v, err := redact(ev.Sensitivity, view{title: ev.Title, description: ev.Description,
		location: ev.Location, url: ev.URL, online: ev.Online, comment: ev.Comment}, busy)
	if err != nil {
		return v, err
	}
	if ev.Neutral != "" {
		v = view{title: ev.Neutral, url: v.url, class: v.class}
		if ev.Sensitivity == Classified {
			v.url = ""
		}
	}
	if v.online != "" {
		// Phones and Outlook offer URL as the link to open; the page stays
		// reachable from Liaison. The description repeats the link for
		// clients that show neither URL nor CONFERENCE.
		v.url = v.online
		if v.description != "" || ev.Sensitivity == Ordinary {
			line := ConferenceLabel(v.online) + "：" + v.online
			if v.description != "" {
				line = v.description + "\n\n" + line
			}
			v.description = line
		}
	}
	return v, nil
}

// plan is an event checked against its rule: the exclusions to write and the
// overrides that remain occurrences, both sorted for stable output.
type plan struct {
	rule      string
	occ       *series
	exdates   []time.Time
	overrides []*Override
}

// check validates ev and resolves its recurrence; an EXDATE or override that
// is not an occurrence of the rule is an error, since clients silently drop
// it and the attendee keeps the wrong date.
func check(ev *Event) (plan, error) {
	var p plan
	switch {
	case !validUID(ev.UID):
		return p, invalid("calendar.uid_invalid", "UID", ev.UID)
	case ev.Start.IsZero() || !ev.End.After(ev.Start):
		return p, invalid("calendar.end_before_start", "UID", ev.UID)
	case ev.Sequence < 0:
		return p, invalid("calendar.sequence_negative", "UID", ev.UID)
	case ev.Status != StatusConfirmed && ev.Status != StatusCancelled:
		return p, invalid("calendar.status_unknown", "UID", ev.UID)
	case ev.URL != "" && !validURL(ev.URL), ev.Online != "" && !validURL(ev.Online):
		return p, invalid("calendar.url_invalid", "UID", ev.UID)
	}
	if ev.RRule == "" {
		if len(ev.ExDates) > 0 || len(ev.Overrides) > 0 {
			return p, invalid("calendar.not_recurring", "UID", ev.UID)
		}
		return p, nil
	}
	s, err := parseRule(ev.RRule, ev.Start)
	if err != nil {
		return p, err
	}
	p.rule, p.occ = s.rule, s
	for _, t := range ev.ExDates {
		if !s.has(local(t)) {
			return p, invalid("calendar.exdate_not_occurrence", "UID", ev.UID, "Date", t)
		}
		p.exdates = append(p.exdates, local(t))
	}
	for i := range ev.Overrides {
		o := &ev.Overrides[i]
		switch {
		case !s.has(local(o.RecurrenceID)):
			return p, invalid("calendar.override_not_occurrence", "UID", ev.UID, "Date", o.RecurrenceID)
		case o.Status == StatusCancelled:
			p.exdates = append(p.exdates, local(o.RecurrenceID))
		case o.Status != "" && o.Status != StatusConfirmed:
			return p, invalid("calendar.status_unknown", "UID", ev.UID)
		case o.Start.IsZero() || !o.End.After(o.Start):
			return p, invalid("calendar.end_before_start", "UID", ev.UID, "Date", o.RecurrenceID)
		default:
			p.overrides = append(p.overrides, o)
		}
	}
	slices.SortFunc(p.exdates, time.Time.Compare)
	p.exdates = slices.CompactFunc(p.exdates, time.Time.Equal)
	slices.SortFunc(p.overrides, func(a, b *Override) int { return a.RecurrenceID.Compare(b.RecurrenceID) })
	for i, o := range p.overrides {
		rid := local(o.RecurrenceID)
		if i > 0 && rid.Equal(local(p.overrides[i-1].RecurrenceID)) {
			return p, invalid("calendar.override_duplicate", "UID", ev.UID, "Date", o.RecurrenceID)
		}
		if _, found := slices.BinarySearchFunc(p.exdates, rid, time.Time.Compare); found {
			return p, invalid("calendar.override_duplicate", "UID", ev.UID, "Date", o.RecurrenceID)
		}
	}
	return p, nil
}
