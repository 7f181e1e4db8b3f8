package meeting_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/casefile"
	"liaison/app/db"
	"liaison/app/db/dbtest"
	"liaison/app/followup"
	"liaison/app/meeting"
	"liaison/app/settings"
	"liaison/app/workday"
)

// fixture is a small district on a fresh database with the real services.
type fixture struct {
	t   *testing.T
	ctx context.Context
	db  *db.DB
	svc *meeting.Service

	office, proc, justice, agency                   account.Unit
	officeSec, procSec, justiceSec, agencyMember, l account.User
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	d := dbtest.New(t)
	// The domain tests here name their days (see at): they pin the clock a
	// week before them rather than follow the run's pinned now.
	dbtest.Clock(t, d).Set(time.Date(2026, time.November, 23, 9, 0, 0, 0, workday.Shanghai()))
	acc := account.NewService(d)
	actions := followup.NewService(d, acc, followup.Hooks{})
	cases, err := casefile.NewService(d, acc, actions, nil)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := meeting.NewService(d, acc, cases, actions, nil, settings.New(d), nil)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, ctx: context.Background(), db: d, svc: svc}
	unit := func(name string, k account.UnitKind) account.Unit {
		u, err := acc.CreateUnit(f.ctx, account.System, account.UnitInput{Name: name, ShortName: name, Kind: k})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	// Users are written with plain SQL: they never sign in here, so they
	// need no password (the service would hash one), and the account
	// store is account's own.
	user := func(name string, u account.Unit, r account.Role) account.User {
		x := account.User{Username: name, DisplayName: name, UnitID: u.ID, Role: r, Email: name + "@test.example",
			PasswordHash: "-", Active: true, Version: 1, CreatedAt: d.Now(), UpdatedAt: d.Now()}
		if err := d.Conn(f.ctx).Raw(`INSERT INTO users (username, display_name, unit_id, role, email, password_hash, active, version, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			x.Username, x.DisplayName, x.UnitID, x.Role, x.Email, x.PasswordHash, x.Active, x.Version, x.CreatedAt, x.UpdatedAt).Scan(&x.ID).Error; err != nil {
			t.Fatal(err)
		}
		return x
	}
	f.office = unit("区委依法治区办", account.KindRuleOfLawOffice)
	f.proc = unit("区检察院", account.KindProcuratorate)
	f.justice = unit("区司法局", account.KindJusticeBureau)
	f.agency = unit("区人社局", account.KindAgency)
	f.officeSec = user("office.sec", f.office, account.RoleSecretary)
	f.procSec = user("proc.sec", f.proc, account.RoleSecretary)
	f.justiceSec = user("justice.sec", f.justice, account.RoleSecretary)
	f.agencyMember = user("agency.member", f.agency, account.RoleMember)
	f.l = user("leader", f.office, account.RoleLeader)
	return f
}

// as is the actor for user u.
func (f *fixture) as(u account.User) account.Actor {
	kinds := map[int64]account.UnitKind{f.office.ID: f.office.Kind, f.proc.ID: f.proc.Kind, f.justice.ID: f.justice.Kind, f.agency.ID: f.agency.Kind}
	return account.Actor{UserID: u.ID, Username: u.Username, UnitID: u.UnitID, UnitKind: kinds[u.UnitID], Role: u.Role}
}

// at is a time on a day of December 2026 (or later months) in Asia/Shanghai.
func at(month time.Month, day, hour, min int) time.Time {
	y := 2026
	if month < time.June {
		y = 2027
	}
	return time.Date(y, month, day, hour, min, 0, 0, workday.Shanghai())
}

// create schedules a meeting as u, failing the test on error.
func (f *fixture) create(u account.User, in meeting.Input) meeting.Meeting {
	f.t.Helper()
	if in.Kind == "" {
		in.Kind = meeting.Consultation
	}
	if in.Title == "" {
		in.Title = "会商"
	}
	if in.ConveningUnitID == 0 {
		in.ConveningUnitID = u.UnitID
	}
	m, err := f.svc.Create(f.ctx, f.as(u), in)
	if err != nil {
		f.t.Fatalf("create: %v", err)
	}
	return m
}

// count runs a COUNT query.
func (f *fixture) count(q string, args ...any) int64 {
	f.t.Helper()
	var n int64
	if err := f.db.Conn(f.ctx).Raw(q, args...).Scan(&n).Error; err != nil {
		f.t.Fatalf("%s: %v", q, err)
	}
	return n
}

// hm formats a time as MM-DD hh:mm in Asia/Shanghai.
func hm(t time.Time) string { return t.In(workday.Shanghai()).Format("01-02 15:04") }

func ptr[T any](v T) *T { return &v }

// code is the apperr code of err ("" for nil, the text otherwise).
func code(err error) string {
	if err == nil {
		return ""
	}
	if e, ok := apperr.As(err); ok {
		return e.Code
	}
	return fmt.Sprintf("%v", err)
}
