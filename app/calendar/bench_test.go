package calendar_test

import (
	"fmt"
	"testing"
	"time"

	"liaison/app/calendar"
	"liaison/app/calendar/icstest"
)

// feed500 is a busy district's year: 500 meetings, one in ten a series with
// a moved and a cancelled occurrence, some sensitive or classified.
func feed500() []calendar.Event {
	evs := make([]calendar.Event, 500)
	for i := range evs {
		ev := meeting()
		ev.UID = fmt.Sprintf("meeting-%d@liaison.example.gov.cn", 1000+i)
		ev.Start = at(2025, 1, 6, 9, 0).Add(time.Duration(i) * 26 * time.Hour)
		ev.End = ev.Start.Add(90 * time.Minute)
		ev.Description = "一、通报案件受理情况；二、研究检察建议书落实情况；三、议定事项，明确责任单位和完成时限。"
		switch {
		case i%10 == 0:
			ev.RRule = "FREQ=WEEKLY;COUNT=8"
			ev.ExDates = []time.Time{ev.Start.AddDate(0, 0, 14)}
			ev.Overrides = []calendar.Override{{RecurrenceID: ev.Start.AddDate(0, 0, 7),
				Start: ev.Start.AddDate(0, 0, 8), End: ev.End.AddDate(0, 0, 8), Location: "区司法局"}}
		case i%7 == 0:
			ev.Sensitivity = calendar.Classified
		case i%5 == 0:
			ev.Sensitivity = calendar.Sensitive
		}
		evs[i] = ev
	}
	return evs
}

func TestFeed500Valid(t *testing.T) {
	body, err := calendar.Feed("全部会议", feed500(), nil, calendar.FeedOptions{})
	if err != nil {
		t.Fatal(err)
	}
	icstest.Check(t, body, icstest.Feed)
}

func BenchmarkFeed500(b *testing.B) {
	evs := feed500()
	b.ReportAllocs()
	var n int
	for b.Loop() {
		body, err := calendar.Feed("全部会议", evs, nil, calendar.FeedOptions{})
		if err != nil {
			b.Fatal(err)
		}
		n = len(body)
	}
	b.ReportMetric(float64(n), "bytes/feed")
}

func BenchmarkInvite(b *testing.B) {
	ev := chinese()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := calendar.Invite(ev, calendar.Request, stamp); err != nil {
			b.Fatal(err)
		}
	}
}
