package demo_test

import (
	"testing"

	"liaison/app/config"
	"liaison/app/db/dbtest"
	"liaison/app/demo"
	"liaison/app/web"
)

// TestLoadActivity_EveryInboxHasNotices: the demo's activity, made through
// the services, leaves notifications in every demo user's inbox, so the
// bell and the inbox are worth showing from the first sign-in.
func TestLoadActivity_EveryInboxHasNotices(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := t.Context()
	deps, err := web.BuildDeps(config.Default(), d, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, deps.Accounts); err != nil {
		t.Fatal(err)
	}
	svc := demo.Services{Accounts: deps.Accounts, Cases: deps.Cases, Actions: deps.Actions, Meetings: deps.Meetings}
	if err := demo.LoadActivity(ctx, svc, d.Now()); err != nil {
		t.Fatal(err)
	}
	for _, p := range demo.People {
		u, err := deps.Accounts.Store.UserByUsername(ctx, p.Username)
		if err != nil {
			t.Fatal(err)
		}
		var n int64
		if err := d.Conn(ctx).Raw(`SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind <> ''`, u.ID).Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Errorf("%s (%s) has an empty inbox", p.Username, p.Role)
		}
	}
}
