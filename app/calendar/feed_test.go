package calendar_test

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	"liaison/app/apperr"
	"liaison/app/calendar"
	"liaison/app/calendar/icstest"
)

// mixed is a feed's worth of meetings of every kind.
func mixed() []calendar.Event {
	a, b, c, d := meeting(), series(), chinese(), meeting()
	c.UID = "meeting-47@liaison.example.gov.cn"
	d.UID = "meeting-48@liaison.example.gov.cn"
	d.Sensitivity = calendar.Sensitive
	d.Start, d.End = at(2025, 3, 18, 9, 30), at(2025, 3, 18, 10, 0) // same start as a: UID breaks the tie
	return []calendar.Event{a, b, c, d}
}

func feed(t *testing.T, evs []calendar.Event, days []calendar.AllDay, opts calendar.FeedOptions) []byte {
	t.Helper()
	body, err := calendar.Feed("我的会议", evs, days, opts)
	if err != nil {
		t.Fatal(err)
	}
	icstest.Check(t, body, icstest.Feed)
	return body
}

func TestFeed_Deterministic(t *testing.T) {
	evs := mixed()
	first := feed(t, evs, nil, calendar.FeedOptions{})
	// The same meetings in another order, later: identical bytes and ETag.
	rev := []calendar.Event{evs[3], evs[2], evs[1], evs[0]}
	second := feed(t, rev, nil, calendar.FeedOptions{})
	if !bytes.Equal(first, second) || calendar.ETag(first) != calendar.ETag(second) {
		t.Fatal("feed bytes depend on input order or time")
	}
	if evs[0].UID != "meeting-42@liaison.example.gov.cn" || rev[3].UID != evs[0].UID {
		t.Fatal("Feed reordered the caller's slice")
	}
}

// TestFeed_Concurrent shares the package's read-only VTIMEZONE and
// parameter maps between goroutines; run with -race.
func TestFeed_Concurrent(t *testing.T) {
	want := feed(t, mixed(), nil, calendar.FeedOptions{})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			got, err := calendar.Feed("我的会议", mixed(), nil, calendar.FeedOptions{})
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("concurrent feed differs: %v", err)
			}
		})
	}
	wg.Wait()
}

func TestETag(t *testing.T) {
	evs := mixed()
	base := feed(t, evs, nil, calendar.FeedOptions{})
	tag := calendar.ETag(base)
	if !strings.HasPrefix(tag, `"`) || !strings.HasSuffix(tag, `"`) || len(tag) != 66 {
		t.Fatalf("ETag %s is not a strong quoted tag", tag)
	}
	edits := map[string]func([]calendar.Event){
		"title":    func(e []calendar.Event) { e[0].Title += "（改）" },
		"modified": func(e []calendar.Event) { e[0].LastModified = e[0].LastModified.Add(time.Second) },
		"moved":    func(e []calendar.Event) { e[1].Overrides[0].Start = e[1].Overrides[0].Start.Add(time.Hour) },
		"removed":  func(e []calendar.Event) { e[2].Status = calendar.StatusCancelled },
	}
	for name, edit := range edits {
		evs := mixed()
		edit(evs)
		if calendar.ETag(feed(t, evs, nil, calendar.FeedOptions{})) == tag {
			t.Errorf("%s: ETag unchanged", name)
		}
	}
}

func TestFeed_Redaction(t *testing.T) {
	classified, sensitive := series(), meeting()
	classified.Sensitivity = calendar.Classified
	classified.Overrides[0].Title = "秘密议题"
	sensitive.Sensitivity = calendar.Sensitive
	sensitive.UID = "meeting-49@liaison.example.gov.cn"
	sensitive.Description = "敏感内容：线下运转"
	sensitive.Location, sensitive.URL = "区司法局", "https://liaison.example.gov.cn/meetings/49"
	secret := calendar.AllDay{UID: "item-8@liaison.example.gov.cn", Title: "涉密督办", Description: "密",
		Date: time.Date(2025, 4, 1, 0, 0, 0, 0, shanghai), Sensitivity: calendar.Classified, LastModified: modified}
	body := feed(t, []calendar.Event{classified, sensitive}, []calendar.AllDay{secret}, calendar.FeedOptions{BusySummary: "Busy"})
	for _, leak := range []string{classified.Title, classified.Description, classified.Location, classified.URL,
		"秘密议题", classified.Overrides[0].Location, sensitive.Description, "涉密督办", "DESCRIPTION:密"} {
		if bytes.Contains(body, []byte(leak)) {
			t.Errorf("feed leaks %q", leak)
		}
	}
	if n := bytes.Count(body, []byte("SUMMARY:Busy")); n != 3 { // master, override, all-day
		t.Errorf("%d busy summaries, want 3", n)
	}
	if !bytes.Contains(body, []byte("CLASS:PRIVATE")) || !bytes.Contains(body, []byte("SUMMARY:"+sensitive.Title)) {
		t.Error("sensitive meeting lost its title or class")
	}
}

func TestFeed_NoPeopleNoMethod(t *testing.T) {
	body := feed(t, mixed(), nil, calendar.FeedOptions{})
	for _, s := range []string{"METHOD", "ATTENDEE", "ORGANIZER", "RSVP", "PARTSTAT", "mailto:", "@fzb.", "@jcy."} {
		if bytes.Contains(body, []byte(s)) {
			t.Errorf("feed contains %q", s)
		}
	}
}

func TestFeed_CancelledRemoved(t *testing.T) {
	evs := mixed()
	evs[0].Status = calendar.StatusCancelled
	body := feed(t, evs, nil, calendar.FeedOptions{})
	if bytes.Contains(body, []byte("UID:"+evs[0].UID)) {
		t.Error("cancelled meeting still in the feed")
	}
}

func TestFeed_AllDay(t *testing.T) {
	// Midnight in Shanghai is the previous day in UTC: the day must not slip.
	d := calendar.AllDay{UID: "item-9@liaison.example.gov.cn", Title: "反馈期限", Sensitivity: calendar.Ordinary,
		Date: time.Date(2025, 12, 31, 0, 0, 0, 0, shanghai), LastModified: modified}
	body := feed(t, nil, []calendar.AllDay{d}, calendar.FeedOptions{})
	for _, want := range []string{"DTSTART;VALUE=DATE:20251231", "DTEND;VALUE=DATE:20260101", "TRANSP:TRANSPARENT"} {
		if !bytes.Contains(body, []byte(want+"\r\n")) {
			t.Errorf("missing %s", want)
		}
	}
}

func TestFeed_Options(t *testing.T) {
	body := feed(t, nil, nil, calendar.FeedOptions{Refresh: 30 * time.Minute})
	for _, want := range []string{"REFRESH-INTERVAL;VALUE=DURATION:PT30M", "X-PUBLISHED-TTL:PT30M",
		"X-WR-CALNAME:我的会议", "NAME:我的会议", "X-WR-TIMEZONE:Asia/Shanghai", "BEGIN:VTIMEZONE"} {
		if !bytes.Contains(body, []byte(want+"\r\n")) {
			t.Errorf("missing %s", want)
		}
	}
	if bytes.Contains(body, []byte("BEGIN:VEVENT")) {
		t.Error("empty feed has events")
	}
}

func TestFeed_Errors(t *testing.T) {
	ev := meeting()
	ev.LastModified = time.Time{}
	_, err := calendar.Feed("x", []calendar.Event{ev}, nil, calendar.FeedOptions{})
	if ae, ok := apperr.As(err); !ok || ae.Code != "calendar.last_modified_missing" {
		t.Errorf("err = %v", err)
	}
	day := calendar.AllDay{UID: "item-1@x", Title: "t", Date: stamp, LastModified: modified}
	_, err = calendar.Feed("x", nil, []calendar.AllDay{day}, calendar.FeedOptions{})
	if ae, ok := apperr.As(err); !ok || ae.Code != "calendar.sensitivity_unknown" {
		t.Errorf("err = %v", err)
	}
}
