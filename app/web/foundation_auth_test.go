package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"liaison/app/account"
	"liaison/app/clock"
	"liaison/app/config"
	"liaison/app/web/webtest"
)

// Failed sign-ins answer 401 on the form (re-rendered with one message) and
// on the token endpoint, whatever the reason: unknown user, wrong password
// or a deactivated account look the same, so accounts cannot be enumerated.
func TestSignIn(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()

	t.Run("success renews the session token", func(t *testing.T) {
		b := e.NewBrowser()
		wantStatus(t, b.Get("/login"), http.StatusOK)
		before := jarCookie(t, e, b, sessionCookieName)
		if before == "" || b.CSRF == "" {
			t.Fatalf("sign-in page set no session (%q) or CSRF token (%q)", before, b.CSRF)
		}
		r := b.PostForm("/login", url.Values{"username": {d.ProcSec.Username}, "password": {webtest.Password}, "next": {"/admin/audit"}})
		wantStatus(t, r, http.StatusSeeOther)
		if loc := r.Header.Get("Location"); loc != "/admin/audit" {
			t.Errorf("redirect to %q", loc)
		}
		after := jarCookie(t, e, b, sessionCookieName)
		if after == "" || after == before {
			t.Fatalf("session token not renewed at sign-in: before %q after %q", before, after)
		}
		if signedIn(t, withSession(e, before)) {
			t.Error("the pre-sign-in token is signed in (session fixation)")
		}
		if !signedIn(t, withSession(e, after)) {
			t.Error("the new token is not signed in")
		}
		var me map[string]any
		b.Get("/api/v1/me").Decode(t, &me)
		if me["username"] != d.ProcSec.Username || me["role"] != "secretary" || me["unit_id"] != float64(d.Procuratorate.ID) {
			t.Errorf("me = %v", me)
		}
	})

	t.Run("open redirect is refused", func(t *testing.T) {
		b := e.NewBrowser()
		b.Get("/login")
		r := b.PostForm("/login", url.Values{"username": {d.ProcSec.Username}, "password": {webtest.Password}, "next": {"//evil.example/"}})
		wantStatus(t, r, http.StatusSeeOther)
		if loc := r.Header.Get("Location"); loc != "/" {
			t.Errorf("redirect to %q", loc)
		}
	})

	inactive := e.User("gone", d.AgencyA, account.RoleMember)
	if _, err := e.Deps.Users.UpdateUser(e.Ctx(), account.System, inactive.ID, account.UserPatch{Active: ptr(false), Version: inactive.Version}); err != nil {
		t.Fatal(err)
	}
	zh := e.Deps.Tr.T("zh-CN", "auth.bad_credentials", nil)
	en := e.Deps.Tr.T("en", "auth.bad_credentials", nil)
	failures := []struct{ name, username, password string }{
		{"wrong password", d.ProcSec.Username, "wrong-password-123"},
		{"unknown user", "nobody.here", webtest.Password},
		{"deactivated user", inactive.Username, webtest.Password},
		{"empty", "", ""},
	}
	for _, f := range failures {
		t.Run(f.name, func(t *testing.T) {
			b := e.NewBrowser()
			b.Get("/login")
			r := b.PostForm("/login", url.Values{"username": {f.username}, "password": {f.password}})
			wantStatus(t, r, http.StatusUnauthorized)
			if !strings.Contains(string(r.Body), zh) || !strings.Contains(string(r.Body), `name="username"`) {
				t.Errorf("form does not show %q again:\n%s", zh, r.Body)
			}
			if strings.Contains(string(r.Body), f.password) && f.password != "" {
				t.Error("the password is echoed back")
			}
			if signedIn(t, b) {
				t.Error("signed in after a failure")
			}
			b.Header.Set("Accept-Language", "en")
			r = b.PostForm("/login", url.Values{"username": {f.username}, "password": {f.password}})
			if r.Status != http.StatusUnauthorized || !strings.Contains(string(r.Body), en) {
				t.Errorf("English: status %d, want message %q", r.Status, en)
			}
			api := e.Anon()
			r = api.Post("/api/v1/auth/token", map[string]string{"username": f.username, "password": f.password})
			ae := wantError(t, r, http.StatusUnauthorized, "auth.bad_credentials")
			if ae.Message != zh {
				t.Errorf("token endpoint message %q, want %q", ae.Message, zh)
			}
		})
	}
}

func TestSignOut(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	b := e.Browser(d.JusticeSec)
	old := jarCookie(t, e, b, sessionCookieName)
	r := b.PostForm("/logout", url.Values{})
	wantStatus(t, r, http.StatusSeeOther)
	if r.Header.Get("Location") != "/login" {
		t.Errorf("logout redirects to %q", r.Header.Get("Location"))
	}
	if signedIn(t, b) {
		t.Error("still signed in after sign-out")
	}
	if signedIn(t, withSession(e, old)) {
		t.Error("the old session cookie still works after sign-out")
	}
	if n := count(t, e, `SELECT COUNT(*) FROM sessions WHERE user_id = ?`, d.JusticeSec.ID); n != 0 {
		t.Errorf("%d sessions left in the database", n)
	}
}

func TestSession_Timeouts(t *testing.T) {
	t.Parallel()
	t.Run("idle", func(t *testing.T) {
		t.Parallel()
		// Generous margins: requests on a loaded 2-core CI machine can take
		// a second, and that must not look like idling.
		e := webtest.NewWith(t, func(c *config.Config) { c.SessionIdle, c.SessionMax = 3*time.Second, time.Hour })
		d := e.District()
		ck := jarCookie(t, e, e.Browser(d.ProcMember), sessionCookieName)
		c := withSession(e, ck)
		// Activity within the idle timeout keeps the session alive...
		for range 3 {
			time.Sleep(500 * time.Millisecond)
			if !signedIn(t, c) {
				t.Fatal("signed out while active")
			}
		}
		// ...and a pause longer than it ends the session on the server.
		time.Sleep(4 * time.Second)
		if signedIn(t, c) {
			t.Fatal("session survived the idle timeout")
		}
		r := c.Get("/")
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
			t.Errorf("page after timeout: %d %q", r.Status, r.Header.Get("Location"))
		}
	})
	t.Run("absolute", func(t *testing.T) {
		t.Parallel()
		e := webtest.NewWith(t, func(c *config.Config) { c.SessionIdle, c.SessionMax = 3*time.Second, 6*time.Second })
		d := e.District()
		// The session was created between start and created: it is alive
		// until at least start+6s and dead from created+6s on.
		start := clock.StartStopwatch()
		ck := jarCookie(t, e, e.Browser(d.ProcMember), sessionCookieName)
		created := clock.StartStopwatch()
		c := withSession(e, ck)
		for start.Elapsed() < 3000*time.Millisecond {
			if !signedIn(t, c) {
				t.Fatalf("signed out after %s of activity", start.Elapsed())
			}
			time.Sleep(400 * time.Millisecond)
		}
		for created.Elapsed() < 6500*time.Millisecond {
			time.Sleep(400 * time.Millisecond)
			c.Get("/api/v1/me") // stay active
		}
		if signedIn(t, c) {
			t.Fatal("an active session outlived the absolute timeout")
		}
	})
}

func TestSession_SharedByInstances(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	b := e.Browser(d.OfficeSec)
	ck := jarCookie(t, e, b, sessionCookieName)
	other := e.Sibling()
	c := withSession(other, ck)
	var me map[string]any
	r := c.Get("/api/v1/me")
	wantStatus(t, r, http.StatusOK)
	r.Decode(t, &me)
	if me["username"] != d.OfficeSec.Username {
		t.Errorf("second instance sees %v", me)
	}
	// A CSRF-protected write through the second instance works with the
	// token the first one issued.
	b2 := b.On(other)
	wantStatus(t, b2.PostForm("/logout", url.Values{}), http.StatusSeeOther)
	if signedIn(t, withSession(e, ck)) {
		t.Error("sign-out on one instance did not end the session on the other")
	}
	if n := count(t, e, `SELECT COUNT(*) FROM sessions WHERE token_hash = ?`, ck); n != 0 {
		t.Error("the raw session token is stored in the database")
	}
}

func TestSession_EndedByDeactivationAndPasswordChange(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	admin := e.API(d.Admin)
	cases := []struct {
		name   string
		patch  func(version int) map[string]any
		undo   func(version int) map[string]any
		reauth string
	}{
		{"deactivation", func(v int) map[string]any { return map[string]any{"active": false, "version": v} },
			func(v int) map[string]any { return map[string]any{"active": true, "version": v} }, webtest.Password},
		{"password change", func(v int) map[string]any { return map[string]any{"password": "a-brand-new-passphrase", "version": v} },
			nil, "a-brand-new-passphrase"},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			u := e.User(fmt.Sprintf("victim%d", i), d.AgencyA, account.RoleMember)
			b1, b2 := e.Browser(u), e.Browser(u)
			tok := e.API(u)
			for _, c := range []*webtest.Client{b1, b2, tok} {
				if !signedIn(t, c) {
					t.Fatal("not signed in before")
				}
			}
			var got account.User
			r := admin.Do(http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", u.ID), tc.patch(u.Version))
			wantStatus(t, r, http.StatusOK)
			r.Decode(t, &got)
			if tc.undo != nil {
				r = admin.Do(http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", u.ID), tc.undo(got.Version))
				wantStatus(t, r, http.StatusOK)
			}
			// Even once the account works again, old sessions and tokens stay dead.
			for n, c := range []*webtest.Client{b1, b2, tok} {
				if signedIn(t, c) {
					t.Errorf("credential %d still works after %s", n, tc.name)
				}
			}
			wantError(t, tok.Get("/api/v1/me"), http.StatusUnauthorized, "")
			if n := count(t, e, `SELECT COUNT(*) FROM sessions WHERE user_id = ?`, u.ID); n != 0 {
				t.Errorf("%d sessions left", n)
			}
			if n := count(t, e, `SELECT COUNT(*) FROM api_tokens WHERE user_id = ? AND revoked_at IS NULL`, u.ID); n != 0 {
				t.Errorf("%d tokens not revoked", n)
			}
			nb := e.NewBrowser()
			nb.Get("/login")
			wantStatus(t, nb.PostForm("/login", url.Values{"username": {u.Username}, "password": {tc.reauth}}), http.StatusSeeOther)
		})
	}
	t.Run("admin ends sessions", func(t *testing.T) {
		u := e.User("victim9", d.AgencyB, account.RoleMember)
		b := e.Browser(u)
		wantStatus(t, admin.Post(fmt.Sprintf("/api/v1/users/%d/sessions/end", u.ID), nil), http.StatusNoContent)
		if signedIn(t, b) {
			t.Error("session survived")
		}
		// Someone else may not end another user's sessions (and learns nothing).
		other := e.API(d.AgencyAMember)
		wantError(t, other.Post(fmt.Sprintf("/api/v1/users/%d/sessions/end", d.Admin.ID), nil), http.StatusNotFound, "not_found")
	})
}

func TestSession_TamperedCookie(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	ck := jarCookie(t, e, e.Browser(d.ProcMember), sessionCookieName)
	flip := []byte(ck)
	if flip[0] == 'A' {
		flip[0] = 'B'
	} else {
		flip[0] = 'A'
	}
	for _, v := range []string{string(flip), ck + "x", "", "not-a-token", strings.Repeat("A", 4000), "%00%ff"} {
		c := withSession(e, v)
		r := c.Get("/")
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
			t.Errorf("cookie %.20q: page status %d %q", v, r.Status, r.Header.Get("Location"))
		}
		wantError(t, c.Get("/api/v1/me"), http.StatusUnauthorized, "auth.required")
		wantStatus(t, c.Get("/login"), http.StatusOK)
	}
}

func ptr[T any](v T) *T { return &v }
