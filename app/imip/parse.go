package imip

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-ical"
	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // Outlook's text parts come in windows-125x and GB18030
	"github.com/emersion/go-message/mail"
)

// maxCalendar bounds the calendar part we decode; a reply is a few KB.
const maxCalendar = 256 << 10

// Reply is what one mail says, before anything is matched against the
// database.
type Reply struct {
	MessageID string
	From      string    // the From address, lower case
	SentAt    time.Time // the Date header; zero when missing
	UID       string
	// RecurrenceID is set when the answer is for one occurrence of a series.
	RecurrenceID time.Time
	Sequence     int // SEQUENCE, 0 when absent (RFC 5545's default)
	Attendees    []ReplyAttendee
	// DMARCFail: the receiving server's own verdict (the topmost
	// Authentication-Results header) says the From domain failed DMARC.
	DMARCFail bool
}

// ReplyAttendee is one ATTENDEE line of the reply.
type ReplyAttendee struct {
	Email       string // lower case, without mailto:
	PartStat    string // upper case, as written
	DelegatedTo []string
	SentBy      string
}

// Reasons a message is not a reply at all (message keys).
const (
	reasonUnreadable = "imip.reason.unreadable"
	reasonNotReply   = "imip.reason.not_reply"
)

// ParseReply reads a raw RFC 5322 message: its From, Message-ID and the
// first calendar part (text/calendar, or application/ics as Gmail also
// attaches) whose METHOD is REPLY. The reason is a message key when the
// mail is not a readable iMIP REPLY; the headers are still filled in so
// that the admin page can say who sent it.
func ParseReply(raw []byte) (Reply, string) {
	var r Reply
	ent, err := message.Read(bytes.NewReader(raw))
	if ent == nil || (err != nil && !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err)) {
		return r, reasonUnreadable
	}
	h := mail.Header{Header: ent.Header}
	if from, err := h.AddressList("From"); err == nil && len(from) > 0 {
		r.From = strings.ToLower(from[0].Address)
	}
	r.MessageID, _ = h.MessageID()
	r.SentAt, _ = h.Date()
	r.DMARCFail = strings.Contains(strings.ToLower(h.Get("Authentication-Results")), "dmarc=fail")
	cal, err := findCalendar(ent)
	if err != nil || cal == nil {
		return r, reasonNotReply
	}
	if m := cal.Props.Get(ical.PropMethod); m == nil || !strings.EqualFold(strings.TrimSpace(m.Value), "REPLY") {
		return r, reasonNotReply
	}
	var ev *ical.Component
	for _, c := range cal.Children {
		if c.Name == ical.CompEvent {
			ev = c
			break
		}
	}
	if ev == nil {
		return r, reasonNotReply
	}
	if p := ev.Props.Get(ical.PropUID); p != nil {
		r.UID = strings.TrimSpace(p.Value)
	}
	if p := ev.Props.Get(ical.PropSequence); p != nil {
		r.Sequence, _ = strconv.Atoi(strings.TrimSpace(p.Value))
	}
	if p := ev.Props.Get(ical.PropRecurrenceID); p != nil {
		r.RecurrenceID = recurrenceID(p)
	}
	for _, p := range ev.Props.Values(ical.PropAttendee) {
		a := ReplyAttendee{Email: address(p.Value), PartStat: strings.ToUpper(p.Params.Get(ical.ParamParticipationStatus))}
		for _, v := range p.Params.Values(ical.ParamDelegatedTo) {
			for _, d := range strings.Split(v, ",") {
				if d = address(d); d != "" {
					a.DelegatedTo = append(a.DelegatedTo, d)
				}
			}
		}
		a.SentBy = address(p.Params.Get(ical.ParamSentBy))
		r.Attendees = append(r.Attendees, a)
	}
	if r.UID == "" {
		return r, reasonNotReply
	}
	return r, ""
}

// findCalendar walks the MIME tree for the first decodable calendar with a
// METHOD: Outlook sends it inside multipart/alternative, Apple Calendar as
// an attachment, Gmail both ways, Thunderbird inline.
func findCalendar(ent *message.Entity) (*ical.Calendar, error) {
	var found *ical.Calendar
	stop := errors.New("found")
	err := ent.Walk(func(_ []int, part *message.Entity, err error) error {
		if err != nil && !message.IsUnknownCharset(err) {
			return nil // a damaged part is skipped, not the whole mail
		}
		mt, params, _ := mime.ParseMediaType(part.Header.Get("Content-Type"))
		if mt != "text/calendar" && mt != "application/ics" {
			return nil
		}
		b, err := io.ReadAll(io.LimitReader(part.Body, maxCalendar))
		if err != nil {
			return nil
		}
		cal, err := ical.NewDecoder(bytes.NewReader(normaliseNewlines(b))).Decode()
		if err != nil || (cal.Props.Get(ical.PropMethod) == nil && params["method"] == "") {
			return nil
		}
		if cal.Props.Get(ical.PropMethod) == nil {
			cal.Props.SetText(ical.PropMethod, strings.ToUpper(params["method"]))
		}
		found = cal
		return stop
	})
	if err != nil && !errors.Is(err, stop) {
		return nil, err
	}
	return found, nil
}

// normaliseNewlines turns bare LF line ends (some clients and gateways
// write them) into CRLF, which the decoder expects.
func normaliseNewlines(b []byte) []byte {
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))
}

// address returns the mail address of a CAL-ADDRESS ("mailto:A@B" in any
// case, optionally quoted), lower case.
func address(v string) string {
	v = strings.Trim(strings.TrimSpace(v), `"`)
	if len(v) >= 7 && strings.EqualFold(v[:7], "mailto:") {
		v = v[7:]
	}
	return strings.ToLower(strings.TrimSpace(v))
}

// recurrenceID reads RECURRENCE-ID. Our invitations write it in
// Asia/Shanghai; Outlook answers with its own zone name ("China Standard
// Time"), which Go does not know: an unknown or missing TZID on a local
// time is read as Asia/Shanghai, the zone of every meeting here.
func recurrenceID(p *ical.Prop) time.Time {
	v := strings.TrimSpace(p.Value)
	if strings.HasSuffix(v, "Z") {
		t, _ := time.Parse("20060102T150405Z", v)
		return t
	}
	loc := shanghai
	if tz := p.Params.Get(ical.ParamTimezoneID); tz != "" {
		if l, err := time.LoadLocation(tz); err == nil {
			loc = l
		}
	}
	if len(v) == 8 {
		t, _ := time.ParseInLocation("20060102", v, loc)
		return t
	}
	t, _ := time.ParseInLocation("20060102T150405", v, loc)
	return t
}
