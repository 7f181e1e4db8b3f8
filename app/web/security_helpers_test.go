package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	"liaison/app/account"
	"liaison/app/web/webtest"
)

var (
	secretRE   = regexp.MustCompile(`id="totp-secret">([A-Z2-7 ]+)<`)
	recoveryRE = regexp.MustCompile(`<li><code>([a-z2-7-]{29})</code></li>`)
)

// enrolByPage enrols the browser's user through the enrolment page, as a
// person would: read the key, type the app's code (at the server's clock,
// against which it is checked). It returns the secret, the code used and
// the recovery codes shown.
func enrolByPage(t *testing.T, e *webtest.Env, b *webtest.Client) (secret []byte, used string, recovery []string) {
	t.Helper()
	r := b.Get("/me/security/totp")
	wantStatus(t, r, http.StatusOK)
	m := secretRE.FindSubmatch(r.Body)
	if m == nil {
		t.Fatalf("enrolment page shows no key:\n%s", r.Body)
	}
	secret, err := account.DecodeSecret(string(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	used = account.TOTPCode(secret, e.DB.Now())
	r = b.PostForm("/me/security/totp/confirm", url.Values{"code": {used}})
	wantStatus(t, r, http.StatusOK)
	for _, m := range recoveryRE.FindAllSubmatch(r.Body, -1) {
		recovery = append(recovery, string(m[1]))
	}
	if len(recovery) != 10 {
		t.Fatalf("%d recovery codes shown:\n%s", len(recovery), r.Body)
	}
	return secret, used, recovery
}

// nextCode is a code the server accepts after one used now: the next
// step's (inside the ±1 window, later than the last used step), by the
// server's clock.
func nextCode(e *webtest.Env, secret []byte) string {
	return account.TOTPCode(secret, e.DB.Now().Add(30*time.Second))
}

// passwordStep posts the sign-in form and expects the second step.
func passwordStep(t *testing.T, e *webtest.Env, u account.User) *webtest.Client {
	t.Helper()
	b := e.NewBrowser()
	b.Get("/login")
	r := b.PostForm("/login", url.Values{"username": {u.Username}, "password": {webtest.Password}, "next": {"/cases"}})
	wantStatus(t, r, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/login/second-factor" {
		t.Fatalf("password step sent to %q", loc)
	}
	wantStatus(t, b.Get("/login/second-factor"), http.StatusOK)
	return b
}
