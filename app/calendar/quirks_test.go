package calendar_test

import (
	"bytes"
	"testing"

	"liaison/app/calendar"
	"liaison/app/calendar/icstest"
)

// TestRRule_ClientForm: no INTERVAL=1 and no + on ordinals (rrule-go writes
// both), and the rule still expands to the same dates.
func TestRRule_ClientForm(t *testing.T) {
	ev := meeting()
	ev.Start, ev.End = at(2025, 3, 13, 9, 30), at(2025, 3, 13, 11, 0) // the second Thursday
	ev.RRule = "FREQ=MONTHLY;INTERVAL=1;BYDAY=+2TH;COUNT=3"
	body, err := calendar.Invite(ev, calendar.Request, stamp)
	if err != nil {
		t.Fatal(err)
	}
	icstest.Check(t, body, icstest.Invite)
	if !bytes.Contains(body, []byte("RRULE:FREQ=MONTHLY;COUNT=3;BYDAY=2TH\r\n")) {
		t.Errorf("rule not in client form:\n%s", body)
	}
	got, err := calendar.Occurrences("FREQ=MONTHLY;COUNT=3;BYDAY=2TH", ev.Start, ev.Start, at(2026, 1, 1, 0, 0))
	if err != nil || len(got) != 3 || got[1].Day() != 10 || got[2].Day() != 8 {
		t.Errorf("occurrences = %v, %v; want 13 Mar, 10 Apr, 8 May", got, err)
	}
}

func TestConferenceLabel(t *testing.T) {
	for link, want := range map[string]string{
		"https://meeting.tencent.com/dm/AbCd":    "腾讯会议",
		"https://voovmeeting.com/dm/AbCd":        "腾讯会议",
		"https://meeting.dingtalk.com/j/abc":     "钉钉会议",
		"https://vc.feishu.cn/j/123456789":       "飞书会议",
		"https://us02web.zoom.us/j/123":          "Zoom",
		"https://evil-zoom.us.example.com/j/123": "线上会议",
		"https://meet.example.gov.cn/room/7":     "线上会议",
	} {
		if got := calendar.ConferenceLabel(link); got != want {
			t.Errorf("%s: %s, want %s", link, got, want)
		}
	}
}

// TestInvite_VersionFirst: every body starts BEGIN:VCALENDAR, VERSION:2.0.
func TestInvite_VersionFirst(t *testing.T) {
	inv, err := calendar.Invite(meeting(), calendar.Request, stamp)
	if err != nil {
		t.Fatal(err)
	}
	feed, err := calendar.Feed("x", nil, nil, calendar.FeedOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range [][]byte{inv, feed} {
		if !bytes.HasPrefix(b, []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nCALSCALE")) || bytes.Count(b, []byte("VERSION:")) != 1 {
			t.Errorf("VERSION not first, or twice:\n%s", b)
		}
	}
}

// TestInvite_PublishForOutsiders: a download for someone not invited is a
// PUBLISH with no ATTENDEE; a cancelled meeting says so in STATUS.
func TestInvite_PublishForOutsiders(t *testing.T) {
	ev := meeting()
	ev.Status = calendar.StatusCancelled
	body, err := calendar.Invite(ev, calendar.Publish, stamp)
	if err != nil {
		t.Fatal(err)
	}
	icstest.Check(t, body, icstest.Invite)
	if !bytes.Contains(body, []byte("METHOD:PUBLISH")) || bytes.Contains(body, []byte("ATTENDEE")) || !bytes.Contains(body, []byte("STATUS:CANCELLED")) {
		t.Errorf("not a PUBLISH of a cancelled meeting:\n%s", body)
	}
}

// TestRequestOccurrence: moving one occurrence sends a REQUEST for that
// RECURRENCE-ID only; a cancelled one cannot be requested.
func TestRequestOccurrence(t *testing.T) {
	ev := series()
	o := ev.Overrides[0]
	body, err := calendar.RequestOccurrence(ev, o.RecurrenceID, stamp)
	if err != nil {
		t.Fatal(err)
	}
	icstest.Check(t, body, icstest.Invite)
	cal := decode(t, body)
	evs := cal.Events()
	if len(evs) != 1 || evs[0].Props.Get("RECURRENCE-ID") == nil || evs[0].Props.Get("RRULE") != nil ||
		evs[0].Props.Get("STATUS").Value != "CONFIRMED" || len(evs[0].Props.Values("ATTENDEE")) == 0 {
		t.Fatalf("not a REQUEST of one occurrence:\n%s", body)
	}
	if got, _ := evs[0].DateTimeStart(shanghai); !got.Equal(o.Start) {
		t.Errorf("DTSTART %v, want the moved start %v", got, o.Start)
	}
	if _, err := calendar.RequestOccurrence(ev, ev.ExDates[0], stamp); err == nil {
		t.Error("a REQUEST of a cancelled occurrence was made")
	}
}
