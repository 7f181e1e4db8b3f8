package account

import (
	"context"
	"testing"

	"liaison/app/db/dbtest"
)

// TestRelease_AfterTheClientWentAway: a charge reserved for an attempt that
// did not fail is given back even when the request's context is cancelled
// by then (the browser closed mid-sign-in). Before, the give-back ran on
// the cancelled context, failed silently and the charge stayed a failure.
func TestRelease_AfterTheClientWentAway(t *testing.T) {
	d := dbtest.New(t)
	svc := NewService(d)
	now := svc.Now()
	limits := []limit{{"ip:198.51.100.7", maxPerIP}}
	if err := svc.reserve(context.Background(), System, "auth.throttled", 0, limits, now); err != nil {
		t.Fatal(err)
	}
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	svc.release(gone, limits, now)
	var failures int
	if err := d.Conn(context.Background()).Raw(`SELECT failures FROM login_throttle WHERE key = ?`, limits[0].key).Scan(&failures).Error; err != nil {
		t.Fatal(err)
	}
	if failures != 0 {
		t.Fatalf("%d charges left after release on a cancelled request, want 0", failures)
	}
}
