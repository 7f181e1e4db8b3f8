// Package webtest runs the real application for tests: the real router over
// a fresh real database (SQLite, or PostgreSQL when
// LIAISON_TEST_DATABASE_URL is set), behind a real HTTP listener, with
// helpers to make units and users and to talk to it as an API client or as
// a browser with cookies and CSRF tokens.
package webtest

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"

	"liaison/app/account"
	"liaison/app/clock"
	"liaison/app/db"
	"liaison/app/web"
)

// Password is every test user's password.
const Password = "correct-horse-battery"

// Env is one running application.
type Env struct {
	T      testing.TB
	DB     *db.DB
	Deps   web.Deps
	Server *web.Server
	HTTP   *httptest.Server
	URL    string
	// Clock is the application's one clock, pinned at this run's "now"
	// (clocktest.Now) and shared by Sibling instances; tests move it.
	Clock *clock.Pinned

	mu    sync.Mutex
	units map[string]account.Unit
	users map[string]account.User
}

// New starts the application on a fresh database.
func New(t testing.TB) *Env {
	t.Helper()
	return NewWith(t, nil)
}

// Ctx is a background context for direct service calls.
func (e *Env) Ctx() context.Context { return context.Background() }

// Unit returns the unit called name, creating it with kind on first use.
func (e *Env) Unit(name string, kind account.UnitKind) account.Unit {
	e.T.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	if u, ok := e.units[name]; ok {
		return u
	}
	u, err := e.Deps.Accounts.CreateUnit(e.Ctx(), account.System, account.UnitInput{Name: name, Kind: kind})
	if err != nil {
		e.T.Fatalf("create unit %s: %v", name, err)
	}
	e.units[name] = u
	return u
}

// User returns the user called username, creating them in unit with role on
// first use (password Password, email username@test.example).
func (e *Env) User(username string, unit account.Unit, role account.Role) account.User {
	e.T.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	if u, ok := e.users[username]; ok {
		return u
	}
	// Fixtures skip the service's argon2 hashing (slow under -race) and
	// reuse one hash of Password; sign-in still verifies it for real. The
	// row is written with plain SQL, as the account store is account's own.
	now := e.DB.Now()
	u := account.User{Username: username, DisplayName: username, UnitID: unit.ID, Role: role, Email: username + "@test.example",
		PasswordHash: passwordHash(e.T), Active: true, Version: 1, CreatedAt: now, UpdatedAt: now}
	if err := e.DB.Conn(e.Ctx()).Raw(`INSERT INTO users (username, display_name, unit_id, role, email, password_hash, active, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		u.Username, u.DisplayName, u.UnitID, u.Role, u.Email, u.PasswordHash, u.Active, u.Version, u.CreatedAt, u.UpdatedAt).Scan(&u.ID).Error; err != nil {
		e.T.Fatalf("create user %s: %v", username, err)
	}
	e.users[username] = u
	return u
}

// Actor returns the domain actor of a user made with User.
func (e *Env) Actor(u account.User) account.Actor {
	e.T.Helper()
	unit, err := e.Deps.Accounts.Unit(e.Ctx(), u.UnitID)
	if err != nil {
		e.T.Fatal(err)
	}
	return account.ActorFor(u, unit.Kind)
}

// District makes the standard cast used across tests: the hub units and two
// agencies, with a secretary, member and leader where the mechanism has them.
type District struct {
	Office, Procuratorate, Justice, Government, Party, Discipline, AgencyA, AgencyB                        account.Unit
	Admin, OfficeSec, ProcSec, ProcMember, JusticeSec, JusticeMember, Leader, AgencyAMember, AgencyBMember account.User
}

// District creates the standard cast.
func (e *Env) District() District {
	var d District
	d.Office = e.Unit("区委依法治区办", account.KindRuleOfLawOffice)
	d.Procuratorate = e.Unit("区检察院", account.KindProcuratorate)
	d.Justice = e.Unit("区司法局", account.KindJusticeBureau)
	d.Government = e.Unit("区政府", account.KindGovernment)
	d.Party = e.Unit("区委", account.KindPartyCommittee)
	d.Discipline = e.Unit("区纪委监委", account.KindDisciplineCommission)
	d.AgencyA = e.Unit("区人社局", account.KindAgency)
	d.AgencyB = e.Unit("区市场监管局", account.KindAgency)
	d.Admin = e.User("admin", d.Office, account.RoleAdmin)
	d.OfficeSec = e.User("office.sec", d.Office, account.RoleSecretary)
	d.Leader = e.User("leader", d.Office, account.RoleLeader)
	d.ProcSec = e.User("proc.sec", d.Procuratorate, account.RoleSecretary)
	d.ProcMember = e.User("proc.member", d.Procuratorate, account.RoleMember)
	d.JusticeSec = e.User("justice.sec", d.Justice, account.RoleSecretary)
	d.JusticeMember = e.User("justice.member", d.Justice, account.RoleMember)
	d.AgencyAMember = e.User("agency.a", d.AgencyA, account.RoleMember)
	d.AgencyBMember = e.User("agency.b", d.AgencyB, account.RoleMember)
	return d
}

var passwordHash = func() func(testing.TB) string {
	var (
		once sync.Once
		hash string
		err  error
	)
	return func(t testing.TB) string {
		once.Do(func() { hash, err = account.HashPassword(Password) })
		if err != nil {
			t.Fatal(err)
		}
		return hash
	}
}()
