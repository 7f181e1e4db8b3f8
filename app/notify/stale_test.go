package notify_test

import (
	"context"
	"testing"
	"time"

	"liaison/app/clock"
	"liaison/app/db/dbtest"
	"liaison/app/notify"
)

// TestService_KilledMidSend leaves a row in 'sending' as a worker killed
// between claim and commit would: it is not touched while the claim is
// fresh, and is sent once after Options.StaleAfter.
func TestService_KilledMidSend(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ms := newMailServer(t)
	o := fast()
	// Long enough that starting the worker (River's migrations, slow under
	// -race) cannot by itself make the dead worker's claim stale.
	o.StaleAfter = 6 * time.Second
	s := newService(t, d, ms.Host, ms.Port, o)
	ctx := context.Background()
	if _, err := s.Enqueue(ctx, plain("k1", "a@jcy.example.gov.cn")); err != nil {
		t.Fatal(err)
	}
	claimed := d.Now()
	err := d.Conn(ctx).Exec("UPDATE outbox SET status = ?, claimed_by = ?, claimed_at = ?, attempts = 1 WHERE dedupe_key = ?",
		notify.Sending, "dead-worker", claimed, "k1").Error
	if err != nil {
		t.Fatal(err)
	}
	start(t, s)
	// The claim is as fresh as the test can make it once the worker runs.
	claimed = d.Now()
	if err := d.Conn(ctx).Exec("UPDATE outbox SET claimed_at = ? WHERE dedupe_key = ? AND status = ?", claimed, "k1", notify.Sending).Error; err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second)
	if n := len(ms.All()); n != 0 {
		t.Fatalf("a freshly claimed row was sent by another worker (%d mails)", n)
	}
	row := waitStatus(t, s, "k1", notify.Sent)
	if row.SentAt.Sub(claimed) < o.StaleAfter {
		t.Errorf("re-sent %v after the claim, before StaleAfter", row.SentAt.Sub(claimed))
	}
	time.Sleep(500 * time.Millisecond)
	if n := len(ms.All()); n != 1 || row.Attempts != 2 {
		t.Errorf("%d mails after %d attempts", n, row.Attempts)
	}
}

// TestService_AdminRetryRound: an admin retry starts a fresh round of
// automatic attempts (MaxAttempts 2: two, then two more after the retry).
func TestService_AdminRetryRound(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	host, port := silentServer(t)
	o := fast()
	o.SMTPTimeout = 300 * time.Millisecond
	o.MaxAttempts = 2
	s := newService(t, d, host, port, o)
	if _, err := s.Enqueue(context.Background(), plain("a1", "a@jcy.example.gov.cn")); err != nil {
		t.Fatal(err)
	}
	start(t, s)
	row := waitStatus(t, s, "a1", notify.Failed)
	for row.NextAttemptAt != nil { // wait for the give-up
		time.Sleep(100 * time.Millisecond)
		row = waitStatus(t, s, "a1", notify.Failed)
	}
	if row.Attempts != 2 {
		t.Fatalf("gave up after %d attempts, want 2", row.Attempts)
	}
	if _, err := s.Retry(context.Background(), adminActor(), row.ID); err != nil {
		t.Fatal(err)
	}
	for sw := clock.StartStopwatch(); ; time.Sleep(100 * time.Millisecond) {
		r := waitStatus(t, s, "a1", notify.Failed)
		if r.Attempts == 4 && r.NextAttemptAt == nil {
			break
		}
		if sw.Elapsed() > 10*time.Second {
			t.Fatalf("after retry: attempts %d next %v", r.Attempts, r.NextAttemptAt)
		}
	}
}
