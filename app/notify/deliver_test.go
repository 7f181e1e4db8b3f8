package notify_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/calendar"
	"liaison/app/clock"
	"liaison/app/db/dbtest"
	"liaison/app/notify"
)

func TestService_Retry(t *testing.T) {
	t.Parallel()
	t.Run("temporary refusal is retried with backoff", func(t *testing.T) {
		t.Parallel()
		d := dbtest.New(t)
		ms := newMailServer(t)
		ms.SetRefuse(&smtp.SMTPError{Code: 451, Message: "try again later"})
		s := newService(t, d, ms.Host, ms.Port, fast())
		if _, err := s.Enqueue(context.Background(), plain("r1", "a@jcy.example.gov.cn")); err != nil {
			t.Fatal(err)
		}
		start(t, s)
		o := waitStatus(t, s, "r1", notify.Failed)
		if !strings.Contains(o.LastError, "451") || o.NextAttemptAt == nil {
			t.Errorf("failed row: error %q, next %v", o.LastError, o.NextAttemptAt)
		}
		ms.SetRefuse(nil)
		o = waitStatus(t, s, "r1", notify.Sent)
		if o.Attempts < 2 || o.LastError != "" {
			t.Errorf("sent after %d attempts, error %q", o.Attempts, o.LastError)
		}
		if n := len(ms.All()); n != 1 {
			t.Errorf("%d mails", n)
		}
	})
	t.Run("permanent refusal stays failed until an admin retries", func(t *testing.T) {
		t.Parallel()
		d := dbtest.New(t)
		ms := newMailServer(t)
		ms.SetRefuse(&smtp.SMTPError{Code: 550, Message: "no such mailbox"})
		s := newService(t, d, ms.Host, ms.Port, fast())
		if _, err := s.Enqueue(context.Background(), plain("p1", "a@jcy.example.gov.cn")); err != nil {
			t.Fatal(err)
		}
		start(t, s)
		o := waitStatus(t, s, "p1", notify.Failed)
		if !strings.Contains(o.LastError, "550") || !strings.Contains(o.LastError, "no such mailbox") || o.NextAttemptAt != nil {
			t.Fatalf("failed row: error %q, next %v", o.LastError, o.NextAttemptAt)
		}
		time.Sleep(time.Second)
		if o := waitStatus(t, s, "p1", notify.Failed); o.Attempts != 1 {
			t.Errorf("a permanent failure was retried: %d attempts", o.Attempts)
		}
		if _, err := s.Retry(context.Background(), account.Actor{Role: account.RoleMember}, o.ID); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("member retry: %v", err)
		}
		ms.SetRefuse(nil)
		if _, err := s.Retry(context.Background(), account.System, o.ID); err != nil {
			t.Fatal(err)
		}
		waitStatus(t, s, "p1", notify.Sent)
		if _, err := s.Retry(context.Background(), account.System, o.ID); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("retry of a sent mail: %v", err)
		}
		ms.WaitFor(1, 5*time.Second)
	})
	t.Run("a server that never answers times out", func(t *testing.T) {
		t.Parallel()
		d := dbtest.New(t)
		host, port := silentServer(t)
		o := fast()
		o.SMTPTimeout = 500 * time.Millisecond
		o.Backoff = func(int) time.Duration { return time.Hour }
		s := newService(t, d, host, port, o)
		if _, err := s.Enqueue(context.Background(), plain("t1", "a@jcy.example.gov.cn")); err != nil {
			t.Fatal(err)
		}
		start(t, s)
		row := waitStatus(t, s, "t1", notify.Failed)
		if !strings.Contains(row.LastError, "timeout") || row.NextAttemptAt == nil {
			t.Errorf("error %q, next %v", row.LastError, row.NextAttemptAt)
		}
	})
	t.Run("connection refused", func(t *testing.T) {
		t.Parallel()
		d := dbtest.New(t)
		s := newService(t, d, "127.0.0.1", closedPort(t), fast())
		if _, err := s.Enqueue(context.Background(), plain("c1", "a@jcy.example.gov.cn")); err != nil {
			t.Fatal(err)
		}
		start(t, s)
		row := waitStatus(t, s, "c1", notify.Failed)
		if !strings.Contains(row.LastError, "connect") {
			t.Errorf("error %q", row.LastError)
		}
	})
}

func TestService_Idempotent(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ms := newMailServer(t)
	s := newService(t, d, ms.Host, ms.Port, fast())
	ctx := context.Background()
	m := invite(t, "meeting:7:lina:request:1", calendar.Request, 1)
	err := d.WithTx(ctx, func(ctx context.Context) error {
		for range 2 {
			if _, err := s.Enqueue(ctx, m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := s.Enqueue(ctx, m); err != nil || ok {
		t.Errorf("third enqueue = %v, %v; want false, nil", ok, err)
	}
	start(t, s)
	waitStatus(t, s, m.DedupeKey, notify.Sent)
	// Another key for the same meeting, recipient, kind and sequence is
	// stopped by the sent-log.
	m2 := m
	m2.DedupeKey = "other-key"
	if _, err := s.Enqueue(ctx, m2); err != nil {
		t.Fatal(err)
	}
	waitStatus(t, s, "other-key", notify.Sent)
	time.Sleep(500 * time.Millisecond)
	if n := len(ms.All()); n != 1 {
		t.Errorf("%d mails, want 1", n)
	}
}

func TestService_RolledBack(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	s := newService(t, d, "127.0.0.1", 25, fast())
	err := d.WithTx(context.Background(), func(ctx context.Context) error {
		if _, err := s.Enqueue(ctx, plain("rb", "a@jcy.example.gov.cn")); err != nil {
			return err
		}
		return fmt.Errorf("the change failed")
	})
	if err == nil {
		t.Fatal("no error")
	}
	if n := len(outbox(t, s, "")); n != 0 {
		t.Errorf("a rolled-back change left %d mails", n)
	}
}

func TestService_NoSMTP(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	s := newService(t, d, "", 0, fast())
	if _, err := s.Enqueue(context.Background(), plain("n1", "a@jcy.example.gov.cn")); err != nil {
		t.Fatal(err)
	}
	start(t, s)
	time.Sleep(500 * time.Millisecond)
	rows := outbox(t, s, notify.NotSent)
	if len(rows) != 1 || rows[0].DedupeKey != "n1" || rows[0].LastError == "" {
		t.Fatalf("not_sent rows %+v", rows)
	}
	if _, err := s.Retry(context.Background(), account.System, rows[0].ID); apperr.KindOf(err) != apperr.Conflict {
		t.Errorf("retry without SMTP: %v", err)
	}
}

// TestService_TwoInstances runs two workers on one database: every mail is
// sent exactly once.
func TestService_TwoInstances(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ms := newMailServer(t)
	a := newService(t, d, ms.Host, ms.Port, fast())
	b := newService(t, d, ms.Host, ms.Port, fast())
	const n = 40
	for i := range n {
		if _, err := a.Enqueue(context.Background(), plain("batch:"+itoa(i), fmt.Sprintf("u%d@jcy.example.gov.cn", i))); err != nil {
			t.Fatal(err)
		}
	}
	start(t, a)
	start(t, b)
	ms.WaitFor(n, 30*time.Second)
	time.Sleep(time.Second) // let any duplicate arrive before counting
	got := ms.All()
	seen := map[string]int{}
	for _, m := range got {
		seen[parseMail(t, m.Data).Header.Get("Message-Id")]++
	}
	if len(got) != n || len(seen) != n {
		t.Errorf("%d mails, %d distinct, want %d", len(got), len(seen), n)
	}
	// The SMTP server sees a mail just before its worker commits the row as
	// sent; under load that commit can lag, so wait for it.
	for sw := clock.StartStopwatch(); ; time.Sleep(100 * time.Millisecond) {
		rows := outbox(t, a, notify.Sent)
		if len(rows) == n {
			break
		}
		if sw.Elapsed() > 15*time.Second {
			t.Fatalf("%d rows sent, want %d", len(rows), n)
		}
	}
}

func TestService_Periodic(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	var ran atomic.Int32
	var svcs []*notify.Service
	for range 2 {
		s := newService(t, d, "", 0, fast())
		if err := s.RegisterPeriodic("overdue", 2*time.Second, func(context.Context) error { ran.Add(1); return nil }); err != nil {
			t.Fatal(err)
		}
		svcs = append(svcs, s)
	}
	if err := svcs[0].RegisterPeriodic("overdue", time.Minute, func(context.Context) error { return nil }); err == nil {
		t.Error("a name registered twice")
	}
	for _, s := range svcs {
		start(t, s)
	}
	// Leader election can take a while on a loaded machine: wait for the
	// first run, then count over a fixed window.
	for sw := clock.StartStopwatch(); ran.Load() == 0; time.Sleep(100 * time.Millisecond) {
		if sw.Elapsed() > 30*time.Second {
			t.Fatal("the periodic job never ran")
		}
	}
	ran.Store(0)
	time.Sleep(6 * time.Second)
	// Two instances, one schedule: about 3 runs in 6s at a 2s interval,
	// never one per instance per tick (that would be about 6).
	if n := ran.Load(); n < 1 || n > 4 {
		t.Errorf("ran %d times in 6s at a 2s interval on two instances", n)
	}
}
