package demo

import (
	"context"
	"testing"

	"liaison/app/account"
	"liaison/app/db/dbtest"
	"liaison/app/page"
)

func TestLoad(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	acc := account.NewService(dbtest.New(t))
	res, err := Load(ctx, acc)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Loaded || len(res.Users) == 0 {
		t.Fatalf("result %+v", res)
	}
	units, err := acc.ListUnits(ctx, account.UnitFilter{Page: page.Request{Limit: page.MaxLimit}})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]account.Unit{}
	agencies := 0
	for _, u := range units.Items {
		byName[u.Name] = u
		if u.Kind == account.KindAgency {
			agencies++
		}
	}
	// The API contract (app/web/openapi/00_base.yaml) fixes these six names exactly.
	fixed := map[string]account.UnitKind{
		"区委依法治区办": account.KindRuleOfLawOffice, "区检察院": account.KindProcuratorate, "区司法局": account.KindJusticeBureau,
		"区政府": account.KindGovernment, "区委": account.KindPartyCommittee, "区纪委监委": account.KindDisciplineCommission,
	}
	for name, kind := range fixed {
		if u, ok := byName[name]; !ok || u.Kind != kind {
			t.Errorf("unit %s: %+v (present %v)", name, u, ok)
		}
	}
	if agencies < 6 {
		t.Errorf("%d agencies, want at least 6", agencies)
	}
	users, err := acc.ListUsers(ctx, account.UserFilter{Page: page.Request{Limit: page.MaxLimit}})
	if err != nil {
		t.Fatal(err)
	}
	roles := map[account.Role]int{}
	for _, u := range users.Items {
		roles[u.Role]++
		if !u.Active {
			t.Errorf("demo user %s inactive", u.Username)
		}
	}
	for _, r := range account.Roles {
		if roles[r] == 0 {
			t.Errorf("no demo user with role %s", r)
		}
	}
	// The documented demo password works for a demo user.
	if _, _, err := acc.Authenticate(ctx, account.Credentials{Username: res.Users[1].Username, Password: Password, IP: "192.0.2.1"}); err != nil {
		t.Errorf("demo sign-in: %v", err)
	}

	t.Run("second load does nothing", func(t *testing.T) {
		res, err := Load(ctx, acc)
		if err != nil || res.Loaded {
			t.Fatalf("second load: %+v %v", res, err)
		}
		again, err := acc.ListUnits(ctx, account.UnitFilter{Page: page.Request{Limit: page.MaxLimit}})
		if err != nil || len(again.Items) != len(units.Items) {
			t.Errorf("units %d → %d (%v)", len(units.Items), len(again.Items), err)
		}
	})
	t.Run("bootstrap does nothing once there are users", func(t *testing.T) {
		u, pw, err := Bootstrap(ctx, acc)
		if err != nil || u != "" || pw != "" {
			t.Errorf("bootstrap = %q %q %v", u, pw, err)
		}
	})
}

func TestBootstrap(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	acc := account.NewService(dbtest.New(t))
	username, pw, err := Bootstrap(ctx, acc)
	if err != nil {
		t.Fatal(err)
	}
	if username == "" || len(pw) < 12 {
		t.Fatalf("bootstrap = %q %q", username, pw)
	}
	users, err := acc.ListUsers(ctx, account.UserFilter{Page: page.Request{Limit: 10}})
	if err != nil {
		t.Fatal(err)
	}
	if len(users.Items) != 1 || users.Items[0].Role != account.RoleAdmin || users.Items[0].Username != username {
		t.Fatalf("users %+v", users.Items)
	}
	if _, _, err := acc.Authenticate(ctx, account.Credentials{Username: username, Password: pw, IP: "192.0.2.1"}); err != nil {
		t.Errorf("printed password does not sign in: %v", err)
	}
	u2, pw2, err := Bootstrap(ctx, acc)
	if err != nil || u2 != "" || pw2 != "" {
		t.Errorf("second bootstrap = %q %q %v", u2, pw2, err)
	}
	if n, _ := acc.CountUsers(ctx); n != 1 {
		t.Errorf("%d users after second bootstrap", n)
	}
	// Demo data is not loaded over a bootstrapped database.
	if res, err := Load(ctx, acc); err != nil || res.Loaded {
		t.Errorf("demo over bootstrap: %+v %v", res, err)
	}
}
