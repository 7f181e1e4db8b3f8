package account

import (
	"context"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"

	"liaison/app/apperr"
	"liaison/app/clock"
	"liaison/app/db/dbtest"
)

// mfaFixture is a database with one user and a clock the test moves.
type mfaFixture struct {
	svc *Service
	m   *MFA
	a   Actor
	now time.Time
}

func newMFAFixture(t *testing.T, role Role) *mfaFixture {
	t.Helper()
	ctx := context.Background()
	d := dbtest.New(t)
	f := &mfaFixture{svc: NewService(d), now: time.Unix(1_900_000_000, 0).UTC()}
	f.svc.Now = func() time.Time { return f.now }
	unit, err := f.svc.CreateUnit(ctx, System, UnitInput{Name: "区司法局", Kind: KindJusticeBureau})
	if err != nil {
		t.Fatal(err)
	}
	u, err := f.svc.CreateUser(ctx, System, UserInput{Username: "sec.one", DisplayName: "秘书", UnitID: unit.ID, Role: role, Password: "kuiwen-river-stone-9"})
	if err != nil {
		t.Fatal(err)
	}
	f.a = ActorFor(u, unit.Kind)
	if f.m, err = NewMFA(f.svc, []byte("0123456789abcdef0123456789abcdef")); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *mfaFixture) enrol(t *testing.T) ([]byte, []string) {
	t.Helper()
	ctx := context.Background()
	en, err := f.m.BeginEnrol(ctx, f.a)
	if err != nil {
		t.Fatal(err)
	}
	secret, err := DecodeSecret(en.Secret)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.m.ConfirmEnrol(ctx, f.a, "000000"); apperr.KindOf(err) != apperr.Invalid {
		t.Fatalf("wrong first code: %v", err)
	}
	codes, err := f.m.ConfirmEnrol(ctx, f.a, TOTPCode(secret, f.now))
	if err != nil {
		t.Fatal(err)
	}
	return secret, codes
}

func auditCount(t *testing.T, f *mfaFixture, action string) int64 {
	t.Helper()
	var n int64
	f.svc.DB.Conn(context.Background()).Raw(`SELECT COUNT(*) FROM audit_log WHERE action = ?`, action).Scan(&n)
	return n
}

func TestMFA_EnrolVerifyReplayRecovery(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newMFAFixture(t, RoleSecretary)
	if ok, _ := f.m.Enrolled(ctx, f.a.UserID); ok {
		t.Fatal("enrolled before confirming")
	}
	secret, codes := f.enrol(t)
	if len(codes) != 10 {
		t.Fatalf("%d recovery codes", len(codes))
	}
	if ok, err := f.m.Enrolled(ctx, f.a.UserID); !ok || err != nil {
		t.Fatalf("not enrolled: %v", err)
	}
	if _, err := f.m.BeginEnrol(ctx, f.a); apperr.KindOf(err) != apperr.Conflict {
		t.Errorf("second enrolment: %v", err)
	}
	// The code that confirmed enrolment cannot sign in (same step).
	if err := f.m.Verify(ctx, f.a, TOTPCode(secret, f.now)); apperr.KindOf(err) != apperr.Invalid {
		t.Errorf("replayed code: %v", err)
	}
	f.now = f.now.Add(30 * time.Second)
	code := TOTPCode(secret, f.now)
	if err := f.m.Verify(ctx, f.a, code); err != nil {
		t.Fatalf("fresh code: %v", err)
	}
	if err := f.m.Verify(ctx, f.a, code); apperr.KindOf(err) != apperr.Invalid {
		t.Errorf("code used twice: %v", err)
	}
	// Recovery codes: any case and separators, each once.
	if err := f.m.Verify(ctx, f.a, " "+codes[0]+" "); err != nil {
		t.Fatalf("recovery code: %v", err)
	}
	if err := f.m.Verify(ctx, f.a, codes[0]); apperr.KindOf(err) != apperr.Invalid {
		t.Errorf("recovery code used twice: %v", err)
	}
	st, err := f.m.Status(ctx, f.a, f.a.UserID)
	if err != nil || st.RecoveryLeft != 9 || !st.CanDisable || st.Required {
		t.Errorf("status %+v %v", st, err)
	}
	// The stored secret is not the secret.
	var stored string
	f.svc.DB.Conn(ctx).Raw(`SELECT secret FROM user_totp WHERE user_id = ?`, f.a.UserID).Scan(&stored)
	if stored == "" || stored == b32.EncodeToString(secret) {
		t.Errorf("secret stored in clear: %q", stored)
	}
	// New recovery codes need a proof; old ones stop working.
	if _, err := f.m.RegenerateRecovery(ctx, f.a, Proof{}); apperr.KindOf(err) != apperr.Invalid {
		t.Errorf("regenerate without proof: %v", err)
	}
	fresh, err := f.m.RegenerateRecovery(ctx, f.a, Proof{Password: "kuiwen-river-stone-9"})
	if err != nil || len(fresh) != 10 {
		t.Fatalf("regenerate: %v", err)
	}
	if err := f.m.Verify(ctx, f.a, codes[1]); apperr.KindOf(err) != apperr.Invalid {
		t.Errorf("old recovery code still works: %v", err)
	}
	for _, action := range []string{"auth.totp_enrolled", "auth.recovery_code_used", "auth.second_factor_failed", "auth.recovery_codes_regenerated"} {
		if auditCount(t, f, action) == 0 {
			t.Errorf("no audit entry %s", action)
		}
	}
	// Disable needs a proof; afterwards nothing verifies.
	f.now = f.now.Add(time.Hour) // past the throttle window of the failures above
	if err := f.m.Disable(ctx, f.a, Proof{Password: "wrong password here"}); apperr.KindOf(err) != apperr.Invalid {
		t.Errorf("disable with wrong password: %v", err)
	}
	if err := f.m.Disable(ctx, f.a, Proof{Code: fresh[0]}); err != nil {
		t.Fatal(err)
	}
	if ok, _ := f.m.Enrolled(ctx, f.a.UserID); ok {
		t.Error("still enrolled")
	}
}

func TestMFA_ThrottleAndAdminRules(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newMFAFixture(t, RoleAdmin)
	secret, _ := f.enrol(t)
	f.now = f.now.Add(time.Minute)
	for i := range maxSecondFactor {
		if err := f.m.Verify(ctx, f.a, "111111"); apperr.KindOf(err) != apperr.Invalid {
			t.Fatalf("wrong code %d: %v", i, err)
		}
	}
	// Locked: even the right code is refused until the window passes.
	if err := f.m.Verify(ctx, f.a, TOTPCode(secret, f.now)); apperr.KindOf(err) != apperr.TooMany {
		t.Fatalf("after five wrong codes: %v", err)
	}
	f.now = f.now.Add(throttleWindow + time.Minute)
	if err := f.m.Verify(ctx, f.a, TOTPCode(secret, f.now)); err != nil {
		t.Fatalf("after the window: %v", err)
	}
	if err := f.m.Disable(ctx, f.a, Proof{Password: "kuiwen-river-stone-9"}); apperr.KindOf(err) != apperr.Forbidden {
		t.Errorf("admin disabled their second factor: %v", err)
	}
	st, _ := f.m.Status(ctx, f.a, f.a.UserID)
	if !st.Required || st.CanDisable {
		t.Errorf("admin status %+v", st)
	}
	// Reset by an admin (another user): gone, sessions ended.
	other := f.a
	other.UserID = 0
	if err := f.m.Reset(ctx, Actor{UserID: 999, Role: RoleSecretary}, f.a.UserID); apperr.KindOf(err) != apperr.NotFound {
		t.Errorf("non-admin reset: %v", err)
	}
	if err := f.m.Reset(ctx, System, f.a.UserID); err != nil {
		t.Fatal(err)
	}
	if ok, _ := f.m.Enrolled(ctx, f.a.UserID); ok {
		t.Error("still enrolled after reset")
	}
}

func commitSession(t *testing.T, st *SessionStore, token string, values map[string]any) {
	t.Helper()
	exp := clock.ToWall(st.db.Clock(), st.db.Now().Add(time.Hour)) // scs hands the store wall-clock expiries
	data, err := (scs.GobCodec{}).Encode(exp, values)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CommitCtx(context.Background(), token, data, exp); err != nil {
		t.Fatal(err)
	}
}

func TestSessions_ListEndOthers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newMFAFixture(t, RoleMember)
	f.now = f.svc.DB.Now()
	st := NewSessionStore(f.svc.DB)
	uid := f.a.UserID
	commitSession(t, st, "tok-a", map[string]any{SessionUserKey: uid, SessionIPKey: "10.0.0.1", SessionAgentKey: "Firefox"})
	commitSession(t, st, "tok-b", map[string]any{SessionUserKey: uid, SessionIPKey: "10.0.0.2", SessionAgentKey: "WeChat"})
	commitSession(t, st, "tok-c", map[string]any{SessionPendingKey: uid, SessionIPKey: "10.0.0.3"})
	commitSession(t, st, "tok-x", map[string]any{"csrf": "anonymous visitor"})
	list, err := f.svc.ListSessions(ctx, f.a, uid, "tok-a")
	if err != nil || len(list) != 3 {
		t.Fatalf("list: %d %v", len(list), err)
	}
	byIP := map[string]SessionInfo{}
	for _, s := range list {
		byIP[s.IP] = s
		if s.LastSeenAt.IsZero() || s.CreatedAt.IsZero() || s.ID == "" {
			t.Errorf("session %+v lacks times or id", s)
		}
	}
	if !byIP["10.0.0.1"].Current || byIP["10.0.0.2"].Current || byIP["10.0.0.2"].UserAgent != "WeChat" || !byIP["10.0.0.3"].Pending {
		t.Errorf("sessions %+v", byIP)
	}
	// Someone else may not list or end them.
	stranger := Actor{UserID: uid + 1000, Role: RoleSecretary}
	if _, err := f.svc.ListSessions(ctx, stranger, uid, ""); apperr.KindOf(err) != apperr.NotFound {
		t.Errorf("stranger listed: %v", err)
	}
	if err := f.svc.EndSession(ctx, stranger, uid, byIP["10.0.0.2"].ID); apperr.KindOf(err) != apperr.NotFound {
		t.Errorf("stranger ended: %v", err)
	}
	if err := f.svc.EndSession(ctx, f.a, uid, "no-such-id"); apperr.KindOf(err) != apperr.NotFound {
		t.Errorf("unknown id: %v", err)
	}
	if err := f.svc.EndSession(ctx, f.a, uid, byIP["10.0.0.2"].ID); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := st.FindCtx(ctx, "tok-b"); ok {
		t.Error("ended session still found")
	}
	n, err := f.svc.EndOtherSessions(ctx, f.a, uid, "tok-a", 0)
	if err != nil || n != 1 {
		t.Fatalf("end others: %d %v", n, err)
	}
	if _, ok, _ := st.FindCtx(ctx, "tok-a"); !ok {
		t.Error("the kept session ended")
	}
	if _, ok, _ := st.FindCtx(ctx, "tok-x"); !ok {
		t.Error("an anonymous session ended")
	}
	if auditCount(t, f, "auth.session_ended") != 1 || auditCount(t, f, "auth.sessions_ended_others") != 1 {
		t.Error("session ends not audited")
	}
}

func TestChangePassword(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newMFAFixture(t, RoleMember)
	f.now = f.svc.DB.Now()
	st := NewSessionStore(f.svc.DB)
	commitSession(t, st, "mine", map[string]any{SessionUserKey: f.a.UserID})
	commitSession(t, st, "elsewhere", map[string]any{SessionUserKey: f.a.UserID})
	cases := []struct {
		in    PasswordChange
		field string
		code  string
	}{
		{PasswordChange{Current: "", New: "a-good-new-passphrase"}, "current_password", "required"},
		{PasswordChange{Current: "kuiwen-river-stone-9", New: "short"}, "new_password", "password.too_short"},
		{PasswordChange{Current: "kuiwen-river-stone-9", New: "sec.one-2024-pass"}, "new_password", "password.username"},
		{PasswordChange{Current: "not my password", New: "a-good-new-passphrase"}, "current_password", "password.wrong"},
	}
	for _, c := range cases {
		err := f.svc.ChangePassword(ctx, f.a, c.in, "mine", 0)
		ae, ok := apperr.As(err)
		if !ok || ae.Fields[c.field] != c.code {
			t.Errorf("%+v: %v", c.in, err)
		}
	}
	if err := f.svc.ChangePassword(ctx, f.a, PasswordChange{Current: "kuiwen-river-stone-9", New: "a-good-new-passphrase"}, "mine", 0); err != nil {
		t.Fatal(err)
	}
	u, _ := f.svc.store.User(ctx, f.a.UserID)
	if !CheckPassword(u.PasswordHash, "a-good-new-passphrase") || u.Version != 2 {
		t.Errorf("password not changed (version %d)", u.Version)
	}
	if _, ok, _ := st.FindCtx(ctx, "elsewhere"); ok {
		t.Error("other session survived the password change")
	}
	if _, ok, _ := st.FindCtx(ctx, "mine"); !ok {
		t.Error("the changing session ended")
	}
	if auditCount(t, f, "user.password_changed") != 1 || auditCount(t, f, "auth.password_change_failed") != 1 {
		t.Error("password change not audited")
	}
}
