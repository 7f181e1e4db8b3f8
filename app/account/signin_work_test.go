package account

import (
	"context"
	"fmt"
	"testing"

	"liaison/app/apperr"
	"liaison/app/db/dbtest"
)

// TestAuthenticate_SameWorkOnEveryPath is issue 14's finding 3: a
// deactivated account answered in 2.5 ms where an unknown user or a wrong
// password took 25–50 ms, because the password of an inactive account was
// never hashed. Every way a sign-in can go must hash exactly once (counted
// at the argon2 gate, not timed) and charge the same throttle counters.
// Not parallel: the gate's counter is the process's.
func TestAuthenticate_SameWorkOnEveryPath(t *testing.T) {
	ctx := context.Background()
	d := dbtest.New(t)
	svc := NewService(d)
	unit, err := svc.CreateUnit(ctx, System, UnitInput{Name: "区司法局", Kind: KindJusticeBureau})
	if err != nil {
		t.Fatal(err)
	}
	const pw = "kuiwen-river-stone-9"
	mk := func(name string, active bool) {
		u, err := svc.CreateUser(ctx, System, UserInput{Username: name, DisplayName: name, UnitID: unit.ID, Role: RoleMember, Password: pw})
		if err != nil {
			t.Fatal(err)
		}
		if !active {
			if _, err := NewUsers(svc, Hooks{}).UpdateUser(ctx, System, u.ID, UserPatch{Active: new(false), Version: u.Version}); err != nil {
				t.Fatal(err)
			}
		}
	}
	mk("active.one", true)
	mk("inactive.one", false)

	cases := []struct {
		name, user, password string
		ok                   bool
		reason               string
	}{
		{"right password", "active.one", pw, true, ""},
		{"wrong password", "active.one", "not-the-password", false, "bad_password"},
		{"unknown user", "nobody.here", pw, false, "unknown_user"},
		{"inactive, right password", "inactive.one", pw, false, "inactive"},
		{"inactive, wrong password", "inactive.one", "not-the-password", false, "inactive"},
		{"name that cannot exist", "no such\x00name", pw, false, "unknown_user"},
	}
	for i, c := range cases {
		ip := fmt.Sprintf("192.0.2.%d", i+1)
		before := hashCount.Load()
		_, _, err := svc.Authenticate(ctx, Credentials{Username: c.user, Password: c.password, IP: ip})
		hashes := hashCount.Load() - before
		if c.ok != (err == nil) {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !c.ok && apperr.KindOf(err) != apperr.Unauthorized {
			t.Errorf("%s: %v, want the one Unauthorized answer", c.name, err)
		}
		if hashes != 1 {
			t.Errorf("%s: %d password hashes, want 1 on every path", c.name, hashes)
		}
		if c.ok {
			continue
		}
		// The same bookkeeping: one failure on the (account, address) and
		// the address counters (each case has its own address), and the
		// account's counter charged too.
		var n int64
		if err := d.Conn(ctx).Raw(`SELECT COUNT(*) FROM login_throttle WHERE (failures = 1 AND key IN (?, ?)) OR (failures >= 1 AND key = ?)`,
			"ui:"+safeName(c.user)+"|"+ip, "ip:"+ip, "u:"+safeName(c.user)).Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		if n != 3 {
			t.Errorf("%s: %d of the 3 throttle counters charged once", c.name, n)
		}
		var reason string
		if err := d.Conn(ctx).Raw(`SELECT detail FROM audit_entries WHERE action = 'auth.signin_failed' AND ip = ?`, ip).Scan(&reason).Error; err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf(`{"reason":%q}`, c.reason); reason != want {
			t.Errorf("%s: audited %s, want %s", c.name, reason, want)
		}
	}
}
