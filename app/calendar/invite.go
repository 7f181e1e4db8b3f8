package calendar

import (
	"slices"
	"strings"
	"time"

	"github.com/emersion/go-ical"
)

// prodID names the generator; clients only show it in diagnostics.
const prodID = "-//Liaison//Meetings 1.0//ZH"

// Invite returns an iTIP message for all attendees: Request sends the meeting
// (the whole series with its overrides), Cancel calls it off (the whole
// series), Publish shows it to someone not invited (no attendees; a
// cancelled meeting then says STATUS:CANCELLED). For Cancel the caller
// passes the incremented Sequence. A Request needs an attendee with an
// address (libical and Evolution refuse one without). stamp is
// the send time, written as DTSTAMP; it must grow with each message. Email is
// no safer than a feed, so sensitive and classified meetings are redacted the
// same way. Bad input is an *apperr.Error of kind Invalid, code calendar.*.
func Invite(ev Event, method Method, stamp time.Time) ([]byte, error) {
	switch {
	case method != Request && method != Cancel && method != Publish:
		return nil, invalid("calendar.method_unknown", "Method", string(method))
	case method == Request && ev.Status == StatusCancelled:
		return nil, invalid("calendar.request_cancelled", "UID", ev.UID)
	case method == Publish:
		return message(&ev, method, stamp, nil, time.Time{})
	}
	return message(&ev, method, stamp, ev.Attendees, time.Time{})
}

// CancelFor returns the CANCEL sent to attendees removed from a meeting: for
// them the whole meeting (or series) is off, for everyone else nothing
// changes. The caller passes the incremented Sequence.
func CancelFor(ev Event, removed []Attendee, stamp time.Time) ([]byte, error) {
	if len(removed) == 0 {
		return nil, invalid("calendar.no_attendees", "UID", ev.UID)
	}
	return message(&ev, Cancel, stamp, removed, time.Time{})
}

// CancelOccurrence returns the CANCEL of one occurrence of a series, named by
// its original start (RECURRENCE-ID); it may already be among ev.ExDates.
// The caller passes the incremented Sequence.
func CancelOccurrence(ev Event, recurrenceID, stamp time.Time) ([]byte, error) {
	if recurrenceID.IsZero() {
		return nil, invalid("calendar.exdate_not_occurrence", "UID", ev.UID)
	}
	return message(&ev, Cancel, stamp, ev.Attendees, recurrenceID)
}

// RequestOccurrence returns the REQUEST of one occurrence of a series, named
// by its original start (RECURRENCE-ID), as it now is (an override may have
// moved it): sent when just that occurrence moved, so clients change that
// occurrence alone and do not ask everyone to answer the series again. The
// caller passes the Sequence the change produced.
func RequestOccurrence(ev Event, recurrenceID, stamp time.Time) ([]byte, error) {
	if recurrenceID.IsZero() {
		return nil, invalid("calendar.override_not_occurrence", "UID", ev.UID)
	}
	if ev.Status == StatusCancelled {
		return nil, invalid("calendar.request_cancelled", "UID", ev.UID)
	}
	return message(&ev, Request, stamp, ev.Attendees, recurrenceID)
}

// message builds an invitation; a non-zero rid is about just that
// occurrence (cancelled by a CANCEL, as it now is by a REQUEST).
func message(ev *Event, method Method, stamp time.Time, attendees []Attendee, rid time.Time) ([]byte, error) {
	if stamp.IsZero() {
		return nil, invalid("calendar.stamp_missing", "UID", ev.UID)
	}
	if err := checkPeople(ev, attendees); err != nil {
		return nil, err
	}
	if method != Publish && !slices.ContainsFunc(attendees, func(a Attendee) bool { return a.Email != "" }) {
		return nil, invalid("calendar.no_attendees", "UID", ev.UID)
	}
	p, err := check(ev)
	if err != nil {
		return nil, err
	}
	r := render{method: method, stamp: stamp, attendees: attendees, busy: DefaultBusySummary}
	cal := newCalendar()
	add(cal.Component, ical.Prop{Name: "METHOD", Value: string(method)})
	if rid.IsZero() {
		cal.Children, err = r.components(ev, p, cal.Children)
	} else {
		err = r.occurrence(ev, p, local(rid), cal)
	}
	if err != nil {
		return nil, err
	}
	return encode(cal, 2048+256*len(attendees))
}

// occurrence renders the occurrence that started at rid, at the time it
// currently has (an override may have moved it): cancelled for a CANCEL,
// confirmed for a REQUEST (which a cancelled occurrence cannot be).
func (r *render) occurrence(ev *Event, p plan, rid time.Time, cal *ical.Calendar) error {
	if p.occ == nil {
		return invalid("calendar.not_recurring", "UID", ev.UID)
	}
	if !p.occ.has(rid) {
		return invalid("calendar.exdate_not_occurrence", "UID", ev.UID, "Date", rid)
	}
	v, err := eventView(ev, r.busy)
	if err != nil {
		return err
	}
	if _, gone := slices.BinarySearchFunc(p.exdates, rid, time.Time.Compare); gone && r.method == Request {
		return invalid("calendar.request_cancelled", "UID", ev.UID, "Date", rid)
	}
	start, end, seq := rid, rid.Add(ev.End.Sub(ev.Start)), ev.Sequence
	for _, o := range p.overrides {
		if local(o.RecurrenceID).Equal(rid) {
			start, end, seq, v = o.Start, o.End, max(seq, o.Sequence), v.with(ev, o)
		}
	}
	status, alarms := "CANCELLED", []*ical.Component(nil)
	if r.method == Request {
		status, alarms = "CONFIRMED", r.alarms(ev, v.title)
	}
	cal.Children = append(cal.Children, r.vevent(ev, r.stamps(ev), v, rid, start, end, seq, status, alarms))
	return nil
}

// newCalendar returns a VCALENDAR holding the VTIMEZONE, which must come
// before the events that reference it.
func newCalendar() *ical.Calendar {
	cal := ical.NewCalendar()
	add(cal.Component, ical.Prop{Name: "PRODID", Value: prodID})
	add(cal.Component, ical.Prop{Name: "VERSION", Value: "2.0"})
	add(cal.Component, ical.Prop{Name: "CALSCALE", Value: "GREGORIAN"})
	cal.Children = append(cal.Children, vtimezone)
	return cal
}

// Role and answer mappings. Experts and the recorder must be present, so they
// are REQ-PARTICIPANT: NON-PARTICIPANT would tell Outlook the meeting is
// only for their information.
var (
	roles = map[string]string{"": "REQ-PARTICIPANT", RoleChair: "CHAIR", RoleRequired: "REQ-PARTICIPANT",
		RoleOptional: "OPT-PARTICIPANT", RoleExpert: "REQ-PARTICIPANT", RoleRecorder: "REQ-PARTICIPANT"}
	partstats = map[string]string{"": "NEEDS-ACTION", AnswerPending: "NEEDS-ACTION", AnswerAccepted: "ACCEPTED",
		AnswerDeclined: "DECLINED", AnswerTentative: "TENTATIVE", AnswerDelegated: "DELEGATED"}
)

// checkPeople validates the organizer (an invitation needs exactly one, with
// an address to reply to) and the attendees' roles and answers.
func checkPeople(ev *Event, attendees []Attendee) error {
	if !validEmail(ev.Organizer.Email) {
		return invalid("calendar.organizer_email_invalid", "UID", ev.UID)
	}
	if ev.SentBy != "" && !validEmail(ev.SentBy) {
		return invalid("calendar.sent_by_invalid", "UID", ev.UID)
	}
	for _, a := range attendees {
		if _, ok := roles[a.Role]; !ok {
			return invalid("calendar.role_unknown", "Role", a.Role)
		}
		if _, ok := partstats[a.Answer]; !ok {
			return invalid("calendar.answer_unknown", "Answer", a.Answer)
		}
		for _, e := range []string{a.Email, a.DelegatedTo, a.DelegatedFrom} {
			if e != "" && !validEmail(e) {
				return invalid("calendar.attendee_email_invalid", "UID", ev.UID)
			}
		}
	}
	return nil
}

// people writes ORGANIZER and ATTENDEE lines. An attendee without an email
// address is left out: a CAL-ADDRESS must be a URI the client can reply to,
// and an invented one (urn:…) shows up in Outlook and Google as an
// undeliverable guest. Such people still see the meeting in Liaison and in
// their feed. A repeated address is written once, as clients merge them.
func (r *render) people(c *ical.Component, ev *Event) {
	org := ical.Prop{Name: "ORGANIZER", Params: ical.Params{}, Value: "mailto:" + ev.Organizer.Email}
	if cn := paramText(ev.Organizer.Name); cn != "" && ev.Sensitivity != Classified {
		org.Params["CN"] = []string{cn}
	}
	if ev.SentBy != "" {
		org.Params["SENT-BY"] = []string{"mailto:" + ev.SentBy}
	}
	add(c, org)
	seen := make(map[string]bool, len(r.attendees))
	for _, a := range r.attendees {
		key := strings.ToLower(a.Email)
		if a.Email == "" || seen[key] {
			continue
		}
		seen[key] = true
		p := ical.Prop{Name: "ATTENDEE", Params: ical.Params{"ROLE": {roles[a.Role]}}, Value: "mailto:" + a.Email}
		// A classified meeting names no attendees (calendar rule 9, in the
		// package doc), nor does a neutral mail: the address stays, since
		// the client answers to it, but not the name.
		if cn := paramText(a.Name); cn != "" && ev.Sensitivity != Classified && ev.Neutral == "" {
			p.Params["CN"] = []string{cn}
		}
		if a.DelegatedTo != "" {
			p.Params["DELEGATED-TO"] = []string{"mailto:" + a.DelegatedTo}
		}
		if a.DelegatedFrom != "" {
			p.Params["DELEGATED-FROM"] = []string{"mailto:" + a.DelegatedFrom}
		}
		if r.method == Request {
			// The organizer listed as attendee is not asked to answer, and
			// nobody is when no mailbox reads the answers.
			rsvp := "TRUE"
			if ev.NoMailReplies || strings.EqualFold(a.Email, ev.Organizer.Email) {
				rsvp = "FALSE"
			}
			p.Params["PARTSTAT"] = []string{partstats[a.Answer]}
			p.Params["RSVP"] = []string{rsvp}
		}
		add(c, p)
	}
}
