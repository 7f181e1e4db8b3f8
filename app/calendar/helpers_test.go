package calendar_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"liaison/app/calendar"
	"liaison/app/calendar/icstest"
)

var update = flag.Bool("update", false, "rewrite testdata/*.ics from the current output")

var shanghai = mustZone()

func mustZone() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}

// at is a wall-clock time in Asia/Shanghai.
func at(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, shanghai)
}

var (
	created  = time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
	modified = time.Date(2025, 3, 5, 9, 15, 30, 0, time.UTC)
	stamp    = time.Date(2025, 3, 6, 2, 3, 4, 0, time.UTC)
)

// meeting is a plain joint meeting; tests change what they need.
func meeting() calendar.Event {
	return calendar.Event{
		UID:         "meeting-42@liaison.example.gov.cn",
		Status:      calendar.StatusConfirmed,
		Title:       "2025年第一季度联席会议",
		Description: "审议行政检察与行政执法监督衔接工作情况",
		Location:    "区委依法治区办第一会议室",
		URL:         "https://liaison.example.gov.cn/meetings/42",
		Start:       at(2025, 3, 18, 9, 30),
		End:         at(2025, 3, 18, 11, 0),
		Sensitivity: calendar.Ordinary,
		Organizer:   calendar.Person{Name: "张伟", Email: "zhangwei@fzb.example.gov.cn"},
		Attendees: []calendar.Attendee{
			{Person: calendar.Person{Name: "张伟", Email: "zhangwei@fzb.example.gov.cn"}, Role: calendar.RoleChair, Answer: calendar.AnswerAccepted},
			{Person: calendar.Person{Name: "李娜", Email: "lina@jcy.example.gov.cn"}, Role: calendar.RoleRequired},
			{Person: calendar.Person{Name: "王强", Email: "wangqiang@sfj.example.gov.cn"}, Role: calendar.RoleOptional, Answer: calendar.AnswerTentative},
			{Person: calendar.Person{Name: "刘洋", Email: "liuyang@fzb.example.gov.cn"}, Role: calendar.RoleRecorder, Answer: calendar.AnswerDeclined},
		},
		Created:      created,
		LastModified: modified,
		Alarms:       []time.Duration{24 * time.Hour, time.Hour},
	}
}

// series is a monthly meeting with one occurrence moved and one cancelled.
func series() calendar.Event {
	ev := meeting()
	ev.UID = "meeting-43@liaison.example.gov.cn"
	ev.Title = "联席会议（月度）"
	ev.RRule = "FREQ=MONTHLY;COUNT=6"
	ev.Sequence = 2
	ev.ExDates = []time.Time{at(2025, 5, 18, 9, 30)}
	ev.Overrides = []calendar.Override{{
		RecurrenceID: at(2025, 4, 18, 9, 30),
		Start:        at(2025, 4, 21, 14, 0),
		End:          at(2025, 4, 21, 15, 30),
		Location:     "区检察院302会议室",
		Sequence:     1,
	}}
	return ev
}

// golden compares got with testdata/name (rewritten with -update) and runs
// it through the strict validator.
func golden(t *testing.T, name string, got []byte, kind icstest.Kind) {
	t.Helper()
	icstest.Check(t, got, kind)
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		g, w := strings.Split(string(got), "\r\n"), strings.Split(string(want), "\r\n")
		for i := 0; i < len(g) && i < len(w); i++ {
			if g[i] != w[i] {
				t.Fatalf("%s differs at line %d:\n got %q\nwant %q", name, i+1, g[i], w[i])
			}
		}
		t.Fatalf("%s differs in length: got %d lines, want %d", name, len(g), len(w))
	}
}

// kindOf tells a golden file's kind from its name.
func kindOf(name string) icstest.Kind {
	if strings.HasPrefix(filepath.Base(name), "feed") {
		return icstest.Feed
	}
	if strings.Contains(filepath.Base(name), "neutral") {
		return icstest.Neutral
	}
	return icstest.Invite
}
