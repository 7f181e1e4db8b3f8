package account

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"

	"liaison/app/clock"
	"liaison/app/db/dbtest"
)

func TestPassword(t *testing.T) {
	t.Parallel()
	h, err := HashPassword("correct horse")
	if err != nil || !strings.HasPrefix(h, "$argon2id$") {
		t.Fatalf("hash %q %v", h, err)
	}
	h2, _ := HashPassword("correct horse")
	if h == h2 {
		t.Error("no salt")
	}
	if !CheckPassword(h, "correct horse") || CheckPassword(h, "correct horse ") || CheckPassword(h, "") {
		t.Error("check")
	}
	for _, bad := range []string{"", "plain", "$argon2id$v=19$m=x$a$b", "$bcrypt$a$b$c$d", h[:len(h)-4] + "!!!!"} {
		if CheckPassword(bad, "correct horse") {
			t.Errorf("malformed hash %q accepted", bad)
		}
	}
	cases := map[string]string{
		"short":                   "password.too_short",
		"1234567":                 "password.too_short",
		strings.Repeat("长", 129):  "password.too_long",
		"password123":             "password.common",
		"Password123":             "password.common",
		"the.user":                "password.username",
		"kuiwen-district-river-9": "",
		"长城长城长城长城":                "",
	}
	for pw, want := range cases {
		if got := PasswordProblem(pw, "The.User"); got != want {
			t.Errorf("PasswordProblem(%.20q) = %q, want %q", pw, got, want)
		}
	}
}

func TestSessionStore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := dbtest.New(t)
	svc := NewService(d)
	unit, err := svc.CreateUnit(ctx, System, UnitInput{Name: "单位", Kind: KindAgency})
	if err != nil {
		t.Fatal(err)
	}
	u, err := svc.CreateUser(ctx, System, UserInput{Username: "someone", DisplayName: "x", UnitID: unit.ID, Role: RoleMember, Password: "a-long-passphrase"})
	if err != nil {
		t.Fatal(err)
	}
	st := NewSessionStore(d)
	now := clock.ToWall(d.Clock(), d.Now()) // scs hands the store wall-clock expiries
	data, err := (scs.GobCodec{}).Encode(now.Add(time.Hour), map[string]any{SessionUserKey: u.ID, "csrf": "x"})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CommitCtx(ctx, "live", data, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := st.CommitCtx(ctx, "dead", []byte("x"), now.Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	got, ok, err := st.FindCtx(ctx, "live")
	if err != nil || !ok || string(got) != string(data) {
		t.Fatalf("find live: %v %v", ok, err)
	}
	if _, ok, err := st.FindCtx(ctx, "dead"); ok || err != nil {
		t.Errorf("expired session found: %v %v", ok, err)
	}
	if _, ok, _ := st.FindCtx(ctx, "LIVE"); ok {
		t.Error("token match is not exact")
	}
	// Commit again (idle timeout moves the expiry) updates in place.
	if err := st.CommitCtx(ctx, "live", data, now.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	var n int64
	d.Conn(ctx).Raw(`SELECT COUNT(*) FROM sessions WHERE user_id = ?`, u.ID).Scan(&n)
	if n != 1 {
		t.Errorf("%d sessions of the user, want 1 (user id lifted out of the data)", n)
	}
	d.Conn(ctx).Raw(`SELECT COUNT(*) FROM sessions WHERE token_hash IN ('live', 'dead')`).Scan(&n)
	if n != 0 {
		t.Error("raw tokens stored")
	}

	// Prune drops expired sessions and finished throttle windows only.
	if err := svc.store.AddFailure(ctx, "old", throttleWindow, d.Now().Add(-2*throttleWindow)); err != nil {
		t.Fatal(err)
	}
	if err := svc.store.AddFailure(ctx, "new", throttleWindow, d.Now()); err != nil {
		t.Fatal(err)
	}
	if err := svc.Prune(ctx); err != nil {
		t.Fatal(err)
	}
	d.Conn(ctx).Raw(`SELECT COUNT(*) FROM sessions`).Scan(&n)
	if n != 1 {
		t.Errorf("%d sessions after prune, want 1", n)
	}
	d.Conn(ctx).Raw(`SELECT COUNT(*) FROM login_throttle`).Scan(&n)
	if n != 1 {
		t.Errorf("%d throttle rows after prune, want 1", n)
	}
	if err := svc.store.DeleteSessions(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := st.FindCtx(ctx, "live"); ok {
		t.Error("session survived DeleteSessions")
	}
}

func TestStore_ThrottleWindow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := dbtest.New(t)
	s := newStore(d)
	t0 := d.Now().Add(-time.Hour)
	for i := range 3 {
		if err := s.AddFailure(ctx, "k", throttleWindow, t0.Add(time.Duration(i)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := s.Failures(ctx, "k", throttleWindow, t0.Add(5*time.Minute)); err != nil || n != 3 {
		t.Errorf("within the window: %d %v", n, err)
	}
	later := t0.Add(throttleWindow + time.Minute)
	if n, _ := s.Failures(ctx, "k", throttleWindow, later); n != 0 {
		t.Errorf("after the window: %d", n)
	}
	if err := s.AddFailure(ctx, "k", throttleWindow, later); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.Failures(ctx, "k", throttleWindow, later); n != 1 {
		t.Errorf("a new window starts at 1, got %d", n)
	}
	if err := s.ClearFailures(ctx, "k"); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.Failures(ctx, "k", throttleWindow, later); n != 0 {
		t.Errorf("after clear: %d", n)
	}
}

func TestService_ResolveUnit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	svc := NewService(dbtest.New(t))
	a, _ := svc.CreateUnit(ctx, System, UnitInput{Name: "区检察院", ShortName: "检察院", Kind: KindProcuratorate})
	b, _ := svc.CreateUnit(ctx, System, UnitInput{Name: "区委", Kind: KindPartyCommittee})
	for ref, want := range map[string]int64{"区检察院": a.ID, "检察院": a.ID, " 区委 ": b.ID} {
		if u, err := svc.ResolveUnit(ctx, ref); err != nil || u.ID != want {
			t.Errorf("ResolveUnit(%q) = %d %v, want %d", ref, u.ID, err, want)
		}
	}
	for _, ref := range []string{"", "  ", "无此单位", "999"} {
		if u, err := svc.ResolveUnit(ctx, ref); err == nil {
			t.Errorf("ResolveUnit(%q) = %+v", ref, u)
		}
	}
}
