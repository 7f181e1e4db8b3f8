package webtest

import (
	"net/http"
	"net/url"
	"sync"

	"liaison/app/account"
)

// Admins must use a second factor, so Browser signs them in the way a real
// admin does: the fixture enrols an authenticator for them through the
// account service (once per database) and answers the second sign-in step
// with one of the recovery codes it was given, making new ones when they
// run out. Recovery codes rather than TOTP codes, because a TOTP code
// cannot be used twice in its 30-second step and tests sign in faster.

// fixtureFactor is what the fixture keeps of one user's enrolment.
type fixtureFactor struct {
	recovery []string
}

// factors holds the enrolments per database, so that Sibling instances
// (same database) share them.
var factors sync.Map // *db.DB → *factorSet

type factorSet struct {
	mu    sync.Mutex
	users map[int64]*fixtureFactor
}

func (e *Env) factorSet() *factorSet {
	v, loaded := factors.LoadOrStore(e.DB, &factorSet{users: map[int64]*fixtureFactor{}})
	if !loaded {
		d := e.DB
		e.T.Cleanup(func() { factors.Delete(d) })
	}
	return v.(*factorSet)
}

// MFA returns the second-factor service as the server builds it.
func (e *Env) MFA() *account.MFA {
	e.T.Helper()
	key, err := e.Deps.Settings.SigningKey(e.Ctx())
	if err != nil {
		e.T.Fatal(err)
	}
	m, err := account.NewMFA(e.Deps.Accounts, key)
	if err != nil {
		e.T.Fatal(err)
	}
	return m
}

// EnrolTOTP enrols an authenticator for u through the account service and
// returns its secret and recovery codes (the test's own copy).
func (e *Env) EnrolTOTP(u account.User) (secret []byte, recovery []string) {
	e.T.Helper()
	a := e.Actor(u)
	m := e.MFA()
	en, err := m.BeginEnrol(e.Ctx(), a)
	if err != nil {
		e.T.Fatalf("enrol %s: %v", u.Username, err)
	}
	if secret, err = account.DecodeSecret(en.Secret); err != nil {
		e.T.Fatal(err)
	}
	if recovery, err = m.ConfirmEnrol(e.Ctx(), a, account.TOTPCode(secret, e.DB.Now())); err != nil {
		e.T.Fatalf("confirm %s: %v", u.Username, err)
	}
	return secret, recovery
}

// fixtureEnrol enrols u and keeps the secret and codes for Browser.
func (e *Env) fixtureEnrol(u account.User) {
	e.T.Helper()
	_, rc := e.EnrolTOTP(u)
	fs := e.factorSet()
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.users[u.ID] = &fixtureFactor{recovery: rc}
}

// fixtureCode returns a code that completes u's second sign-in step; ok is
// false for a user the fixture did not enrol (a test that enrolled them
// itself signs in by hand).
func (e *Env) fixtureCode(u account.User) (string, bool) {
	e.T.Helper()
	fs := e.factorSet()
	fs.mu.Lock()
	defer fs.mu.Unlock()
	f, ok := fs.users[u.ID]
	if !ok {
		return "", false
	}
	if len(f.recovery) == 0 {
		codes, err := e.MFA().RegenerateRecovery(e.Ctx(), e.Actor(u), account.Proof{Password: Password})
		if err != nil {
			e.T.Fatalf("new recovery codes for %s: %v", u.Username, err)
		}
		f.recovery = codes
	}
	code := f.recovery[0]
	f.recovery = f.recovery[1:]
	return code, true
}

// signInSecondStep answers the second step when the sign-in form sent the
// browser there.
func (e *Env) signInSecondStep(c *Client, u account.User, r Response) Response {
	e.T.Helper()
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/login/second-factor" {
		return r
	}
	code, ok := e.fixtureCode(u)
	if !ok {
		e.T.Fatalf("sign-in as %s needs a second factor the fixture does not know", u.Username)
	}
	c.Get("/login/second-factor") // the half-signed-in session's CSRF token
	return c.PostForm("/login/second-factor", url.Values{"code": {code}})
}
