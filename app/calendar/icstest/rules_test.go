package icstest_test

import (
	"strings"
	"testing"

	"liaison/app/calendar/icstest"
)

// request is a minimal valid REQUEST the cases below break one rule of.
var request = strings.Join([]string{
	"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", "METHOD:REQUEST",
	"BEGIN:VEVENT", "UID:m-1@example.cn", "DTSTAMP:20250305T091530Z",
	"DTSTART:20250318T013000Z", "SEQUENCE:2", "STATUS:CONFIRMED",
	"SUMMARY:会议", "RRULE:FREQ=MONTHLY;COUNT=3;BYDAY=3TU",
	"ORGANIZER;CN=张伟:mailto:zw@example.cn",
	"ATTENDEE;CN=李娜;PARTSTAT=NEEDS-ACTION;ROLE=CHAIR:mailto:l@x.cn",
	"END:VEVENT", "END:VCALENDAR"}, "\r\n") + "\r\n"

// TestValidate_Issue18Rules: the rules added for what real clients trip on.
func TestValidate_Issue18Rules(t *testing.T) {
	icstest.Check(t, []byte(request), icstest.Invite)
	attendee := "ATTENDEE;CN=李娜;PARTSTAT=NEEDS-ACTION;ROLE=CHAIR:mailto:l@x.cn\r\n"
	cases := []struct {
		name, old, new string
		kind           icstest.Kind
		want           string
	}{
		{"version not first", "VERSION:2.0\r\nPRODID:-//test//EN\r\n", "PRODID:-//test//EN\r\nVERSION:2.0\r\n", icstest.Invite, "first property"},
		{"request without attendee", attendee, "", icstest.Invite, "needs an ATTENDEE"},
		{"publish with attendee", "METHOD:REQUEST", "METHOD:PUBLISH", icstest.Invite, "names no ATTENDEE"},
		{"signed ordinal", "BYDAY=3TU", "BYDAY=+3TU", icstest.Invite, "+ sign or INTERVAL=1"},
		{"interval one", "COUNT=3;", "INTERVAL=1;COUNT=3;", icstest.Invite, "+ sign or INTERVAL=1"},
		{"delegated-to not mailto", "ATTENDEE;CN=李娜;", `ATTENDEE;CN=李娜;DELEGATED-TO="x@example.cn";`, icstest.Invite, "DELEGATED-TO"},
		{"conference without VALUE=URI", "SUMMARY:会议\r\n", "SUMMARY:会议\r\nCONFERENCE:https://meeting.tencent.com/dm/1\r\n", icstest.Invite, "VALUE=URI"},
		{"neutral with a place", "SUMMARY:会议\r\n", "SUMMARY:会议\r\nLOCATION:第一会议室\r\n", icstest.Neutral, "no LOCATION"},
		{"neutral naming attendees", "", "", icstest.Neutral, "names no attendee"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body := strings.Replace(request, c.old, c.new, 1)
			err := icstest.Validate([]byte(body), c.kind)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("want an error mentioning %q, got %v", c.want, err)
			}
		})
	}
}
