package followup_test

import (
	"context"
	"fmt"
	"testing"

	"liaison/app/account"
)

// unitMaker returns a function creating units through the account service.
func unitMaker(t *testing.T, ctx context.Context, acc *account.Service) func(string, account.UnitKind) account.Unit {
	return func(name string, k account.UnitKind) account.Unit {
		t.Helper()
		u, err := acc.CreateUnit(ctx, account.System, account.UnitInput{Name: name, Kind: k})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
}

// newUser creates the one user of role r in unit u.
func newUser(t *testing.T, ctx context.Context, acc *account.Service, u account.Unit, r account.Role) account.User {
	t.Helper()
	usr, err := acc.CreateUser(ctx, account.System, account.UserInput{Username: fmt.Sprintf("u%d-%s", u.ID, r), DisplayName: "x",
		UnitID: u.ID, Role: r, Email: fmt.Sprintf("u%d-%s@test.example", u.ID, r), Password: "correct-horse-battery"})
	if err != nil {
		t.Fatal(err)
	}
	return usr
}
