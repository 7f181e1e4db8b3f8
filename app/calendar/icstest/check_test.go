package icstest_test

import (
	"strings"
	"testing"

	"liaison/app/calendar/icstest"
)

// base is a small valid feed written by hand, independent of package
// calendar; each case below breaks one rule in it.
var base = strings.Join([]string{
	"BEGIN:VCALENDAR",
	"VERSION:2.0",
	"PRODID:-//test//EN",
	"X-WR-CALNAME:会议",
	"NAME:会议",
	"X-WR-TIMEZONE:Asia/Shanghai",
	"REFRESH-INTERVAL;VALUE=DURATION:PT1H",
	"X-PUBLISHED-TTL:PT1H",
	"BEGIN:VTIMEZONE",
	"TZID:Asia/Shanghai",
	"BEGIN:STANDARD",
	"DTSTART:19700101T000000",
	"TZOFFSETFROM:+0800",
	"TZOFFSETTO:+0800",
	"TZNAME:CST",
	"END:STANDARD",
	"END:VTIMEZONE",
	"BEGIN:VEVENT",
	"UID:m-1@example.cn",
	"DTSTAMP:20250305T091530Z",
	"DTSTART;TZID=Asia/Shanghai:20250318T093000",
	"DTEND;TZID=Asia/Shanghai:20250318T110000",
	"RRULE:FREQ=WEEKLY;COUNT=3",
	"EXDATE;TZID=Asia/Shanghai:20250325T093000",
	"SEQUENCE:1",
	"SUMMARY:会议，议程\\;A\\,B",
	"DESCRIPTION:第一行\\n第二行",
	"BEGIN:VALARM",
	"ACTION:DISPLAY",
	"TRIGGER:-PT1H",
	"DESCRIPTION:提醒",
	"END:VALARM",
	"END:VEVENT",
	"BEGIN:VEVENT",
	"UID:m-1@example.cn",
	"DTSTAMP:20250305T091530Z",
	"RECURRENCE-ID;TZID=Asia/Shanghai:20250401T093000",
	"DTSTART;TZID=Asia/Shanghai:20250402T093000",
	"DTEND;TZID=Asia/Shanghai:20250402T110000",
	"SUMMARY:改期",
	"END:VEVENT",
	"BEGIN:VEVENT",
	"UID:d-1@example.cn",
	"DTSTAMP:20250305T091530Z",
	"DTSTART;VALUE=DATE:20250331",
	"DTEND;VALUE=DATE:20250401",
	"SUMMARY:期限",
	"END:VEVENT",
	"END:VCALENDAR",
}, "\r\n") + "\r\n"

func TestValidate_Base(t *testing.T) {
	icstest.Check(t, []byte(base), icstest.Feed)
	icstest.Check(t, []byte(base), icstest.Any)
}

func TestValidate_CatchesEachRule(t *testing.T) {
	long := "DESCRIPTION:" + strings.Repeat("议程", 40)
	splitChar := "DESCRIPTION:" + strings.Repeat("a", 62) + "议\r\n 程" // 62+12 = 74, then one byte of 议 too many
	splitChar = strings.Replace(splitChar, "议\r\n 程", "\xe8\xae\r\n \xae程", 1)
	cases := []struct{ name, old, new, want string }{
		{"long line", "DESCRIPTION:第一行\\n第二行", long, "more than 75"},
		{"split character", "DESCRIPTION:第一行\\n第二行", splitChar, "split a character"},
		{"bare LF", "SEQUENCE:1\r\n", "SEQUENCE:1\n", "bare LF"},
		{"bare CR", "SEQUENCE:1\r\n", "SEQUENCE:1\r\r\n", "bare CR"},
		{"tab fold", "SUMMARY:会议，", "SUMMARY:会议\r\n\t，", "TAB"},
		{"bad escape", "第一行\\n", "第一行\\t", "invalid escape"},
		{"unescaped comma", "议程\\;A\\,B", "议程\\;A,B", "unescaped"},
		{"sequence value", "SEQUENCE:1", "SEQUENCE;VALUE=TEXT:1", "without VALUE"},
		{"local dtstamp", "UID:d-1@example.cn\r\nDTSTAMP:20250305T091530Z", "UID:d-1@example.cn\r\nDTSTAMP:20250305T091530", "UTC"},
		{"unknown tzid", "DTEND;TZID=Asia/Shanghai:20250318T110000", "DTEND;TZID=China:20250318T110000", "no VTIMEZONE"},
		{"floating", "DTEND;TZID=Asia/Shanghai:20250318T110000", "DTEND:20250318T110000", "floating"},
		{"exdate form", "EXDATE;TZID=Asia/Shanghai:20250325T093000", "EXDATE:20250325T013000Z", "written as UTC"},
		{"inclusive all-day end", "DTEND;VALUE=DATE:20250401", "DTEND;VALUE=DATE:20250331", "exclusive"},
		{"end first", "DTSTART;VALUE=DATE:20250331\r\nDTEND;VALUE=DATE:20250401", "DTEND;VALUE=DATE:20250330\r\nDTSTART;VALUE=DATE:20250331", "not after DTSTART"},
		{"alarm description", "DESCRIPTION:提醒\r\n", "", "needs a DESCRIPTION"},
		{"alarm trigger", "TRIGGER:-PT1H", "TRIGGER:-1H", "not a duration"},
		{"method in feed", "VERSION:2.0", "VERSION:2.0\r\nMETHOD:REQUEST", "no METHOD"},
		{"rsvp in feed", "SUMMARY:期限", "SUMMARY:期限\r\nATTENDEE;RSVP=TRUE:mailto:a@b.cn", "RSVP"},
		{"cancelled in feed", "SUMMARY:期限", "SUMMARY:期限\r\nSTATUS:CANCELLED", "removed from feeds"},
		{"refresh value", "REFRESH-INTERVAL;VALUE=DURATION:PT1H", "REFRESH-INTERVAL:PT1H", "VALUE=DURATION"},
		{"unbounded rule", "RRULE:FREQ=WEEKLY;COUNT=3", "RRULE:FREQ=WEEKLY", "never ends"},
		{"confidential leak", "SUMMARY:改期", "SUMMARY:忙碌\r\nCLASS:CONFIDENTIAL\r\nLOCATION:三楼", "carries LOCATION"},
		{"orphan override", "UID:m-1@example.cn\r\nDTSTAMP:20250305T091530Z\r\nRECURRENCE", "UID:m-2@example.cn\r\nDTSTAMP:20250305T091530Z\r\nRECURRENCE", "without their series"},
		{"timezone after event", "END:VEVENT\r\nEND:VCALENDAR", "END:VEVENT\r\nBEGIN:VTIMEZONE\r\nTZID:X\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\nEND:VCALENDAR", "after an event"},
		{"quote in param", "SUMMARY:期限", "SUMMARY;CN=张\"伟\":期限", "stray quote"},
		{"quote inside quotes", "SUMMARY:期限", "SUMMARY;CN=\"张\"伟\":期限", "no colon"},
		{"unbalanced", "END:VALARM\r\n", "", "does not close"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(base, c.old) {
				t.Fatalf("base lacks %q", c.old)
			}
			body := strings.Replace(base, c.old, c.new, 1)
			err := icstest.Validate([]byte(body), icstest.Feed)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("want an error mentioning %q, got %v", c.want, err)
			}
		})
	}
}

func TestValidate_Invite(t *testing.T) {
	inv := strings.Join([]string{
		"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", "METHOD:CANCEL",
		"BEGIN:VEVENT", "UID:m-1@example.cn", "DTSTAMP:20250305T091530Z",
		"DTSTART:20250318T013000Z", "SEQUENCE:2", "STATUS:CONFIRMED",
		"ORGANIZER;CN=张伟:mailto:zw@example.cn",
		"ATTENDEE;CN=李娜;ROLE=REQ-PARTICIPANT:mailto:ln@example.cn",
		"END:VEVENT", "END:VCALENDAR"}, "\r\n") + "\r\n"
	err := icstest.Validate([]byte(inv), icstest.Invite)
	if err == nil || !strings.Contains(err.Error(), "STATUS:CANCELLED") {
		t.Errorf("CANCEL with STATUS:CONFIRMED: %v", err)
	}
	ok := strings.Replace(inv, "STATUS:CONFIRMED", "STATUS:CANCELLED", 1)
	icstest.Check(t, []byte(ok), icstest.Invite)
	if err := icstest.Validate([]byte(strings.Replace(ok, "METHOD:CANCEL\r\n", "", 1)), icstest.Invite); err == nil {
		t.Error("invitation without METHOD accepted")
	}
	noOrg := strings.Replace(ok, "ORGANIZER;CN=张伟:mailto:zw@example.cn\r\n", "", 1)
	if err := icstest.Validate([]byte(noOrg), icstest.Invite); err == nil {
		t.Error("invitation without ORGANIZER accepted")
	}
}
