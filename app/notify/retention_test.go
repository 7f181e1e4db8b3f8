package notify_test

import (
	"context"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"liaison/app/db"
	"liaison/app/db/dbtest"
	"liaison/app/notify"
)

// bodyLen is the length of the stored message of the row with key.
func bodyLen(t *testing.T, d *db.DB, key string) int64 {
	t.Helper()
	var n int64
	if err := d.Conn(context.Background()).Raw("SELECT length(message) FROM outbox WHERE dedupe_key = ?", key).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func countRows(t *testing.T, d *db.DB, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := d.Conn(context.Background()).Raw(q, args...).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// TestService_PruneSent: mail really sent (through the worker and an SMTP
// server) more than SentRetention ago loses its body; younger sent mail and
// queued, failed and not-sent rows of any age keep theirs; every row and
// every sent-log row stays. Then the old mail is made to look abandoned
// mid-send, as a late River retry would find it: the worker reclaims it,
// the sent-log stops the send, and enqueuing it again is a no-op.
func TestService_PruneSent(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ms := newMailServer(t)
	now := d.Now().Truncate(time.Second)
	clk := dbtest.Clock(t, d) // the service reads the database's one clock
	clk.Freeze()
	clk.Set(now.Add(-days(200)))
	o := fast()
	s := newService(t, d, ms.Host, ms.Port, o)
	if notify.SentRetention != days(180) {
		t.Fatalf("the ages below assume a 180-day retention, not %v", notify.SentRetention)
	}
	ctx := context.Background()
	// Queued 200 days ago and waiting (its next attempt is in the future);
	// written before the worker starts, so that no relay sees it due.
	mustEnqueue(t, s, plain("queued-old", "q@jcy.example.gov.cn"))
	if err := d.Conn(ctx).Exec("UPDATE outbox SET next_attempt_at = ? WHERE dedupe_key = ?", now.Add(24*time.Hour), "queued-old").Error; err != nil {
		t.Fatal(err)
	}
	start(t, s)

	// 200 days ago: one mail refused for good (failed, kept for an admin),
	// one sent.
	ms.SetRefuse(&smtp.SMTPError{Code: 550, Message: "no such user"})
	mustEnqueue(t, s, plain("failed-old", "x@jcy.example.gov.cn"))
	waitStatus(t, s, "failed-old", notify.Failed)
	ms.SetRefuse(nil)
	mustEnqueue(t, s, plain("sent-old", "old@jcy.example.gov.cn"))
	waitStatus(t, s, "sent-old", notify.Sent)
	// Not sent for want of an SMTP server, 200 days ago.
	nosmtp := newService(t, d, "", 0, o)
	mustEnqueue(t, nosmtp, plain("notsent-old", "n@jcy.example.gov.cn"))
	// Sent 179 days ago: still within the retention.
	clk.Set(now.Add(-days(179)))
	mustEnqueue(t, s, plain("sent-young", "young@jcy.example.gov.cn"))
	waitStatus(t, s, "sent-young", notify.Sent)
	if n := len(ms.All()); n != 2 {
		t.Fatalf("%d mails sent, want 2", n)
	}
	if st := waitStatus(t, s, "queued-old", notify.Queued); st.Attempts != 0 {
		t.Fatalf("the waiting row was tried: %+v", st)
	}

	keys := []string{"failed-old", "sent-old", "notsent-old", "queued-old", "sent-young"}
	before := map[string]int64{}
	for _, k := range keys {
		if before[k] = bodyLen(t, d, k); before[k] == 0 {
			t.Fatalf("row %s has no body to begin with", k)
		}
	}
	clk.Set(now)
	n, err := s.PruneSent(ctx)
	if err != nil || n != 1 {
		t.Fatalf("PruneSent = %d, %v; want 1 row", n, err)
	}
	for _, k := range keys {
		got, want := bodyLen(t, d, k), before[k]
		if k == "sent-old" {
			want = 0
		}
		if got != want {
			t.Errorf("row %s: body of %d bytes after the prune, want %d", k, got, want)
		}
	}
	if n := countRows(t, d, "SELECT COUNT(*) FROM outbox"); n != int64(len(keys)) {
		t.Errorf("%d outbox rows after the prune, want %d: rows are kept, only bodies go", n, len(keys))
	}
	if n := countRows(t, d, "SELECT COUNT(*) FROM sent_log WHERE dedupe_key IN (?, ?)", "sent-old", "sent-young"); n != 2 {
		t.Errorf("%d sent-log rows after the prune, want 2", n)
	}
	if n, err := s.PruneSent(ctx); err != nil || n != 0 {
		t.Errorf("second PruneSent = %d, %v; want nothing left to do", n, err)
	}

	// A late retry of the old mail: the same event enqueued again is
	// dropped by its dedupe key, and a worker finding the row abandoned
	// mid-send consults the sent-log instead of sending an empty body.
	if added, err := s.Enqueue(ctx, plain("sent-old", "old@jcy.example.gov.cn")); err != nil || added {
		t.Fatalf("enqueue again = %v, %v; want dropped", added, err)
	}
	if err := d.Conn(ctx).Exec("UPDATE outbox SET status = ?, claimed_by = ?, claimed_at = ? WHERE dedupe_key = ?",
		notify.Sending, "dead-worker", now.Add(-time.Hour), "sent-old").Error; err != nil {
		t.Fatal(err)
	}
	row := waitStatus(t, s, "sent-old", notify.Sent)
	if row.Attempts != 2 {
		t.Errorf("the abandoned row was not reclaimed: %+v", row)
	}
	if n := len(ms.All()); n != 2 {
		t.Errorf("%d mails after the late retry, want still 2: the old mail went out again", n)
	}
}

// days is n days, to read the ages above against the 180-day retention.
func days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

func mustEnqueue(t *testing.T, s *notify.Service, m notify.Mail) {
	t.Helper()
	if added, err := s.Enqueue(context.Background(), m); err != nil || !added {
		t.Fatalf("enqueue %s: %v %v", m.DedupeKey, added, err)
	}
}
