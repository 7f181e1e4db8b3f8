package calendar_test

import (
	"bytes"
	"testing"
	"time"

	"liaison/app/apperr"
	"liaison/app/calendar"
)

func TestValidateRRule(t *testing.T) {
	start := at(2025, 1, 15, 9, 30) // a Wednesday
	cases := map[string]string{
		"FREQ=MONTHLY;COUNT=6":                           "",
		"freq=weekly;until=20250630":                     "",
		"RRULE:FREQ=WEEKLY;BYDAY=WE;COUNT=10":            "",
		"FREQ=MONTHLY;INTERVAL=3;UNTIL=20251231T000000Z": "",
		"FREQ=WEEKLY;COUNT=200":                          "",
		"":                                               "meeting.rrule_invalid",
		"COUNT=5":                                        "meeting.rrule_invalid",
		"FREQ=WEEKLY;COUNT=0":                            "meeting.rrule_invalid",
		"FREQ=WEEKLY;COUNT=5;UNTIL=20250630":             "meeting.rrule_invalid",
		"FREQ=WEEKLY;FREQ=DAILY;COUNT=5":                 "meeting.rrule_invalid",
		"FREQ=FORTNIGHTLY;COUNT=5":                       "meeting.rrule_invalid",
		"FREQ=WEEKLY;COUNT=5\r\nATTENDEE:mailto:x@y":     "meeting.rrule_invalid",
		"FREQ=WEEKLY;BYDAY=XX;COUNT=5":                   "meeting.rrule_invalid",
		"FREQ=WEEKLY;DTSTART=20250101T000000;COUNT=5":    "meeting.rrule_invalid",
		"FREQ=HOURLY;COUNT=5":                            "meeting.rrule_unsupported",
		"FREQ=DAILY;BYHOUR=9,14;COUNT=5":                 "meeting.rrule_unsupported",
		"FREQ=WEEKLY":                                    "meeting.rrule_unbounded",
		"FREQ=DAILY;INTERVAL=2":                          "meeting.rrule_unbounded",
		"FREQ=DAILY;COUNT=201":                           "meeting.rrule_too_many",
		"FREQ=DAILY;UNTIL=20260101":                      "meeting.rrule_too_many",
		"FREQ=YEARLY;UNTIL=20500101":                     "meeting.rrule_too_long",
		"FREQ=YEARLY;COUNT=30":                           "meeting.rrule_too_long",
		"FREQ=WEEKLY;UNTIL=20250101":                     "meeting.rrule_empty",
		"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;COUNT=3":    "meeting.rrule_empty",
		"FREQ=WEEKLY;BYDAY=MO;COUNT=5":                   "meeting.rrule_start_mismatch",
	}
	for rule, code := range cases {
		err := calendar.ValidateRRule(rule, start)
		if code == "" {
			if err != nil {
				t.Errorf("%q: %v", rule, err)
			}
			continue
		}
		ae, ok := apperr.As(err)
		if !ok || ae.Kind != apperr.Invalid || ae.Code != code || ae.Fields["rrule"] != code {
			t.Errorf("%q: err = %v, want Invalid %s", rule, err, code)
		}
	}
}

func TestOccurrences(t *testing.T) {
	start := at(2025, 1, 15, 9, 30)
	got, err := calendar.Occurrences("FREQ=MONTHLY;COUNT=6", start, at(2025, 3, 1, 0, 0), at(2025, 5, 15, 9, 30))
	if err != nil {
		t.Fatal(err)
	}
	want := []time.Time{at(2025, 3, 15, 9, 30), at(2025, 4, 15, 9, 30)} // the window's end is exclusive
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if !got[i].Equal(want[i]) || got[i].Location().String() != "Asia/Shanghai" {
			t.Errorf("occurrence %d = %v, want %v", i, got[i], want[i])
		}
	}
	single, err := calendar.Occurrences("", start.UTC(), start, start.Add(time.Minute))
	if err != nil || len(single) != 1 || !single[0].Equal(start) {
		t.Errorf("single meeting: %v %v", single, err)
	}
	if _, err := calendar.Occurrences("FREQ=DAILY", start, start, start); err == nil {
		t.Error("unbounded rule accepted")
	}
}

// TestRRule_Canonical checks that what is written is the normalised rule:
// upper case, UNTIL in UTC and inclusive of a date-only day.
func TestRRule_Canonical(t *testing.T) {
	ev := meeting()
	ev.RRule = "freq=weekly;until=20250401"
	body, err := calendar.Invite(ev, calendar.Request, stamp)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(body, []byte("RRULE:FREQ=WEEKLY;UNTIL=20250401T155959Z\r\n")) {
		t.Errorf("rule not canonical:\n%s", body)
	}
}
