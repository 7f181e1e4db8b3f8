package notify_test

import (
	"context"
	"testing"
	"time"

	"liaison/app/account"
	"liaison/app/calendar"
	"liaison/app/clock"
	"liaison/app/clock/clocktest"
	"liaison/app/config"
	"liaison/app/db"
	"liaison/app/notify"
	"liaison/app/page"
)

const organizer = "zhangwei@fzb.example.gov.cn"

// fast are Options that make a test take seconds, not minutes.
func fast() notify.Options {
	return notify.Options{PollInterval: 200 * time.Millisecond, SMTPTimeout: 2 * time.Second,
		Backoff: func(int) time.Duration { return 300 * time.Millisecond }, MaxAttempts: 4}
}

// newService builds a Service over d sending to host:port ("" = no SMTP).
func newService(t testing.TB, d *db.DB, host string, port int, o notify.Options) *notify.Service {
	t.Helper()
	cfg := config.Default()
	cfg.BaseURL = "https://liaison.example.gov.cn"
	cfg.SMTP = config.SMTP{Host: host, Port: port, From: organizer}
	return notify.NewWith(cfg, d, account.NewService(d), nil, nil, o)
}

// start starts s and stops it when the test ends.
func start(t testing.TB, s *notify.Service) {
	t.Helper()
	if err := s.Start(context.Background()); err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := s.Stop(ctx); err != nil {
			t.Errorf("stop: %v", err)
		}
	})
}

// outbox lists every row.
func outbox(t testing.TB, s *notify.Service, st notify.Status) []notify.Outbox {
	t.Helper()
	p, err := s.ListOutbox(context.Background(), account.System, notify.OutboxFilter{Status: st, Page: page.Request{Limit: page.MaxLimit}})
	if err != nil {
		t.Fatal(err)
	}
	return p.Items
}

// waitStatus waits until the row with key has status st and returns it.
func waitStatus(t testing.TB, s *notify.Service, key string, st notify.Status) notify.Outbox {
	t.Helper()
	var last notify.Outbox
	for sw := clock.StartStopwatch(); sw.Elapsed() < 15*time.Second; time.Sleep(50 * time.Millisecond) {
		for _, o := range outbox(t, s, "") {
			if o.DedupeKey == key {
				last = o
				if o.Status == st {
					return o
				}
			}
		}
	}
	t.Fatalf("row %s: status %q (error %q), want %q", key, last.Status, last.LastError, st)
	return last
}

func shanghai() *time.Location {
	l, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return l
}

// event is a plain meeting organised by the sender address.
func event() calendar.Event {
	at := func(d, h int) time.Time { return time.Date(2026, 12, d, h, 0, 0, 0, shanghai()) }
	return calendar.Event{
		UID: "meeting-7@liaison.example.gov.cn", Status: calendar.StatusConfirmed,
		Title: "联席会议：行政检察与执法监督衔接", Location: "第一会议室",
		Start: at(10, 9), End: at(10, 11), Sensitivity: calendar.Ordinary,
		Organizer: calendar.Person{Name: "张伟", Email: organizer},
		Attendees: []calendar.Attendee{{Person: calendar.Person{Name: "李娜", Email: "lina@jcy.example.gov.cn"}, Role: calendar.RoleRequired}},
		Created:   at(1, 9), LastModified: at(1, 9),
	}
}

// invite is a REQUEST (or CANCEL) mail for event().
func invite(t testing.TB, key string, method calendar.Method, seq int) notify.Mail {
	t.Helper()
	ev := event()
	ev.Sequence = seq
	if method == calendar.Cancel {
		ev.Status = calendar.StatusCancelled
	}
	ics, err := calendar.Invite(ev, method, clocktest.Now())
	if err != nil {
		t.Fatal(err)
	}
	return notify.Mail{Kind: "invite", DedupeKey: key, To: "lina@jcy.example.gov.cn", ToName: "李娜",
		FromName: "区委依法治区办 张伟", Subject: "会议邀请：联席会议（12月10日 09:00）", Text: "请参加联席会议。\n时间：12月10日 09:00",
		ICS: ics, MeetingID: 7, Sequence: seq}
}

// plain is a mail without a calendar.
func plain(key, to string) notify.Mail {
	return notify.Mail{Kind: "reminder", DedupeKey: key, To: to, Subject: "Reminder", Text: "An action item is due tomorrow."}
}

func adminActor() account.Actor { return account.System }
