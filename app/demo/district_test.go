package demo_test

import (
	"testing"

	"liaison/app/config"
	"liaison/app/db"
	"liaison/app/db/dbtest"
	"liaison/app/demo"
	"liaison/app/web"
	"liaison/app/wire"
)

// activityDistrict is the demo district as `serve --demo` loads it (the
// people, then a few weeks of activity up to the test's pinned now) on a
// fresh test database, with the services built on it.
func activityDistrict(t *testing.T) (*db.DB, web.Deps) {
	t.Helper()
	d := dbtest.New(t)
	ctx := t.Context()
	deps, err := wire.Build(config.Default(), d, nil)
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
	return d, deps
}
