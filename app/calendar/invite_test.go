package calendar_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"liaison/app/apperr"
	"liaison/app/calendar"
	"liaison/app/calendar/icstest"
)

// decode reads body back with go-ical, as a client would.
func decode(t *testing.T, body []byte) *ical.Calendar {
	t.Helper()
	cal, err := ical.NewDecoder(bytes.NewReader(body)).Decode()
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	return cal
}

// plain is what a client should show for form text.
func plain(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

func TestInvite_RoundTrip(t *testing.T) {
	ev := chinese()
	body, err := calendar.Invite(ev, calendar.Request, stamp)
	if err != nil {
		t.Fatal(err)
	}
	icstest.Check(t, body, icstest.Invite)
	cal := decode(t, body)
	if m := cal.Props.Get("METHOD"); m == nil || m.Value != "REQUEST" {
		t.Fatalf("METHOD = %v", m)
	}
	evs := cal.Events()
	if len(evs) != 1 {
		t.Fatalf("%d events", len(evs))
	}
	p := evs[0].Props
	for name, want := range map[string]string{"SUMMARY": ev.Title, "DESCRIPTION": ev.Description, "LOCATION": ev.Location} {
		got, err := p.Text(name)
		if err != nil || got != plain(want) {
			t.Errorf("%s = %q (%v), want %q", name, got, err, plain(want))
		}
	}
	start, err := p.DateTime("DTSTART", nil)
	if err != nil || !start.Equal(ev.Start) || start.Location().String() != "Asia/Shanghai" {
		t.Errorf("DTSTART = %v (%v)", start, err)
	}
	if seq := p.Get("SEQUENCE"); seq.Value != "0" || len(seq.Params) != 0 {
		t.Errorf("SEQUENCE = %+v", seq)
	}
	org := p.Get("ORGANIZER")
	if org.Value != "mailto:zhangwei@fzb.example.gov.cn" || org.Params.Get("CN") != `区委依法治区办 '张伟' 😀` ||
		org.Params.Get("SENT-BY") != "mailto:secretary@fzb.example.gov.cn" {
		t.Errorf("ORGANIZER = %+v", org)
	}
	att := p.Values("ATTENDEE")
	if len(att) != 3 { // 孙磊 has no address
		t.Fatalf("%d attendees, want 3", len(att))
	}
	want := []struct{ cn, role, partstat string }{
		{"李娜, 区检察院第五检察部主任（行政检察）", "CHAIR", "NEEDS-ACTION"},
		{"王强;区司法局 行政复议科", "REQ-PARTICIPANT", "DELEGATED"},
		{"赵敏:专家🧑‍⚖️", "OPT-PARTICIPANT", "NEEDS-ACTION"},
	}
	for i, w := range want {
		a := att[i].Params
		if a.Get("CN") != w.cn || a.Get("ROLE") != w.role || a.Get("PARTSTAT") != w.partstat || a.Get("RSVP") != "TRUE" {
			t.Errorf("attendee %d = %v, want %+v", i, a, w)
		}
	}
	if n := len(evs[0].Children); n != 2 {
		t.Errorf("%d alarms, want 2", n)
	}
}

func TestInvite_Cancel(t *testing.T) {
	ev := meeting()
	ev.Sequence = 4
	body, err := calendar.Invite(ev, calendar.Cancel, stamp)
	if err != nil {
		t.Fatal(err)
	}
	icstest.Check(t, body, icstest.Invite)
	e := decode(t, body).Events()[0]
	for name, want := range map[string]string{"UID": ev.UID, "SEQUENCE": "4", "STATUS": "CANCELLED"} {
		if got := e.Props.Get(name).Value; got != want {
			t.Errorf("%s = %s, want %s", name, got, want)
		}
	}
	if len(e.Children) != 0 || bytes.Contains(body, []byte("RSVP")) {
		t.Errorf("a cancellation carries alarms or RSVP:\n%s", body)
	}
}

func TestCancelFor_OnlyRemoved(t *testing.T) {
	ev := meeting()
	ev.Sequence = 1
	body, err := calendar.CancelFor(ev, ev.Attendees[1:2], stamp)
	if err != nil {
		t.Fatal(err)
	}
	icstest.Check(t, body, icstest.Invite)
	att := decode(t, body).Events()[0].Props.Values("ATTENDEE")
	if len(att) != 1 || att[0].Value != "mailto:lina@jcy.example.gov.cn" {
		t.Errorf("attendees %v", att)
	}
}

func TestInvite_ClassifiedIsBusy(t *testing.T) {
	ev := meeting()
	ev.Sensitivity = calendar.Classified
	body, err := calendar.Invite(ev, calendar.Request, stamp)
	if err != nil {
		t.Fatal(err)
	}
	icstest.Check(t, body, icstest.Invite)
	secrets := []string{ev.Title, ev.Description, ev.Location, ev.URL}
	for _, a := range ev.Attendees {
		secrets = append(secrets, a.Name) // who attends is itself classified
	}
	for _, secret := range secrets {
		if secret != "" && bytes.Contains(plainBytes(body), []byte(secret)) {
			t.Errorf("classified invite leaks %q", secret)
		}
	}
	if n := strings.Count(string(body), "ATTENDEE;"); n == 0 {
		t.Error("classified invite lost its ATTENDEE lines (clients answer to them)")
	}
}

// plainBytes unfolds content lines so a folded secret is still found.
func plainBytes(b []byte) []byte { return []byte(strings.ReplaceAll(string(b), "\r\n ", "")) }

func TestInvite_DuplicateAddresses(t *testing.T) {
	ev := meeting()
	ev.Attendees = append(ev.Attendees, calendar.Attendee{Person: calendar.Person{Name: "李娜", Email: "LiNa@jcy.example.gov.cn"}})
	body, err := calendar.Invite(ev, calendar.Request, stamp)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(decode(t, body).Events()[0].Props.Values("ATTENDEE")); n != 4 {
		t.Errorf("%d attendees, want 4", n)
	}
}

func TestInvite_Errors(t *testing.T) {
	cases := []struct {
		code string
		call func() ([]byte, error)
		edit func(*calendar.Event)
	}{
		{"calendar.method_unknown", nil, nil},
		{"calendar.request_cancelled", nil, func(e *calendar.Event) { e.Status = calendar.StatusCancelled }},
		{"calendar.organizer_email_invalid", nil, func(e *calendar.Event) { e.Organizer.Email = "" }},
		{"calendar.sent_by_invalid", nil, func(e *calendar.Event) { e.SentBy = `a"b@x.cn` }},
		{"calendar.attendee_email_invalid", nil, func(e *calendar.Event) { e.Attendees[1].Email = "a b@x.cn" }},
		{"calendar.uid_invalid", nil, func(e *calendar.Event) { e.UID = "a;b" }},
		{"calendar.end_before_start", nil, func(e *calendar.Event) { e.End = e.Start }},
		{"calendar.status_unknown", nil, func(e *calendar.Event) { e.Status = "" }},
		{"calendar.url_invalid", nil, func(e *calendar.Event) { e.URL = "javascript:alert(1)" }},
		{"calendar.role_unknown", nil, func(e *calendar.Event) { e.Attendees[0].Role = "boss" }},
		{"calendar.answer_unknown", nil, func(e *calendar.Event) { e.Attendees[0].Answer = "maybe" }},
		{"calendar.sensitivity_unknown", nil, func(e *calendar.Event) { e.Sensitivity = "" }},
		{"calendar.not_recurring", nil, func(e *calendar.Event) { e.ExDates = []time.Time{e.Start} }},
		{"calendar.exdate_not_occurrence", nil, func(e *calendar.Event) {
			*e = series()
			e.ExDates = []time.Time{at(2025, 5, 18, 10, 30)}
		}},
		{"calendar.override_not_occurrence", nil, func(e *calendar.Event) {
			*e = series()
			e.Overrides[0].RecurrenceID = at(2025, 4, 19, 9, 30)
		}},
		{"calendar.override_duplicate", nil, func(e *calendar.Event) {
			*e = series()
			e.ExDates = append(e.ExDates, e.Overrides[0].RecurrenceID)
		}},
		{"meeting.rrule_unbounded", nil, func(e *calendar.Event) { e.RRule = "FREQ=WEEKLY" }},
		{"calendar.stamp_missing", func() ([]byte, error) { return calendar.Invite(meeting(), calendar.Request, time.Time{}) }, nil},
		{"calendar.no_attendees", func() ([]byte, error) { return calendar.CancelFor(meeting(), nil, stamp) }, nil},
		{"calendar.no_attendees", nil, func(e *calendar.Event) { e.Attendees = nil }},
		{"calendar.no_attendees", nil, func(e *calendar.Event) {
			e.Attendees = []calendar.Attendee{{Person: calendar.Person{Name: "无邮箱"}}}
		}},
		{"calendar.url_invalid", nil, func(e *calendar.Event) { e.Online = "tencent meeting 123" }},
		{"calendar.attendee_email_invalid", nil, func(e *calendar.Event) { e.Attendees[1].DelegatedTo = "not an address" }},
		{"calendar.exdate_not_occurrence", func() ([]byte, error) {
			return calendar.CancelOccurrence(series(), at(2025, 4, 19, 9, 30), stamp)
		}, nil},
		{"calendar.not_recurring", func() ([]byte, error) {
			return calendar.CancelOccurrence(meeting(), at(2025, 3, 18, 9, 30), stamp)
		}, nil},
	}
	for _, c := range cases {
		t.Run(c.code, func(t *testing.T) {
			call := c.call
			if call == nil {
				ev, method := meeting(), calendar.Request
				if c.edit != nil {
					c.edit(&ev)
				} else {
					method = "REPLY" // Liaison never sends one
				}
				call = func() ([]byte, error) { return calendar.Invite(ev, method, stamp) }
			}
			body, err := call()
			ae, ok := apperr.As(err)
			if !ok || ae.Kind != apperr.Invalid || ae.Code != c.code {
				t.Fatalf("err = %v, want Invalid %s (body %d bytes)", err, c.code, len(body))
			}
		})
	}
}
