package web_test

import (
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"testing"

	"liaison/app/config"
	"liaison/app/web/webtest"
)

// deviceEnv is an application behind a trusted proxy, so that a test can
// place its clients at any address with X-Forwarded-For.
func deviceEnv(t *testing.T) *webtest.Env {
	return webtest.NewWith(t, func(c *config.Config) {
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	})
}

// saturate spends the per-address budget of ip (30 failures in the window)
// on made-up names, four tries each, so no per-account limit is reached.
func saturate(t *testing.T, e *webtest.Env, ip string) {
	t.Helper()
	c := fromIP(e.Anon(), ip)
	for i := 0; i < 34; i++ {
		r := c.Post("/api/v1/auth/token", map[string]string{"username": fmt.Sprintf("nobody.%d", i/4), "password": "guess-guess"})
		if r.Status != http.StatusUnauthorized && r.Status != http.StatusTooManyRequests {
			t.Fatalf("spraying from %s: %d", ip, r.Status)
		}
	}
	if r := fromIP(e.Anon(), ip).Post("/api/v1/auth/token", map[string]string{"username": "nobody.x", "password": "guess-guess"}); r.Status != http.StatusTooManyRequests {
		t.Fatalf("%s is not over its limit: %d", ip, r.Status)
	}
}

// deviceBrowser signs u in through the form from ip and signs out again,
// leaving the browser with a device cookie and no session.
func deviceBrowser(t *testing.T, e *webtest.Env, username, password, ip string) *webtest.Client {
	t.Helper()
	b := fromIP(e.NewBrowser(), ip)
	wantStatus(t, signInForm(b, username, password), http.StatusSeeOther)
	if deviceCookieOf(t, e, b) == "" {
		t.Fatal("no device cookie after signing in")
	}
	signOut(t, b)
	return b
}

// signOut signs the browser out through the page's form (after a page
// view, for the signed-in session's CSRF token).
func signOut(t *testing.T, b *webtest.Client) {
	t.Helper()
	b.Get("/")
	wantStatus(t, b.PostForm("/logout", url.Values{}), http.StatusSeeOther)
}

// deviceCookieOf is the device cookie the browser holds for /login.
func deviceCookieOf(t *testing.T, e *webtest.Env, b *webtest.Client) string {
	t.Helper()
	u, _ := url.Parse(e.URL + "/login")
	for _, ck := range b.HTTP.Jar.Cookies(u) {
		if ck.Name == "liaison_device" {
			return ck.Value
		}
	}
	return ""
}

// TestThrottle_KnownDeviceBypassesAddressLimit is issue 14's finding 4:
// after 30 failures from one address (an office behind one NAT, or an
// attacker inside it) everyone there got 429, even a user with the right
// password in the browser they always use. A browser holding the user's
// device cookie now skips the per-address limit as it skips the
// per-account one; a browser without it is still refused.
func TestThrottle_KnownDeviceBypassesAddressLimit(t *testing.T) {
	t.Parallel()
	e := deviceEnv(t)
	d := e.District()
	const office = "198.51.100.20"
	b := deviceBrowser(t, e, d.JusticeSec.Username, webtest.Password, office)

	saturate(t, e, office)
	stranger := fromIP(e.NewBrowser(), office)
	wantStatus(t, signInForm(stranger, d.JusticeMember.Username, webtest.Password), http.StatusTooManyRequests)

	r := signInForm(b, d.JusticeSec.Username, webtest.Password)
	wantStatus(t, r, http.StatusSeeOther)
	if !signedIn(t, b) {
		t.Fatal("the user with a known device is locked out by the address limit")
	}
	// Its own wrong passwords are still limited (five per device cookie).
	signOut(t, b)
	statuses := map[int]int{}
	for range 7 {
		statuses[signInForm(b, d.JusticeSec.Username, "not-the-password").Status]++
	}
	if statuses[http.StatusUnauthorized] != 5 || statuses[http.StatusTooManyRequests] != 2 {
		t.Errorf("wrong passwords with a device cookie: %v, want 5 × 401 then 429", statuses)
	}
}

// TestDeviceCookie_Revocable: device cookies are random per browser and
// stored, and they stop working when the user signs out everywhere (else),
// changes their password, or an admin resets it or ends their sessions.
func TestDeviceCookie_Revocable(t *testing.T) {
	t.Parallel()
	e := deviceEnv(t)
	d := e.District()
	u := d.ProcMember
	const office, home = "198.51.100.30", "192.0.2.30"
	saturate(t, e, office)
	// A browser that is refused at the office unless its cookie works.
	bypasses := func(b *webtest.Client, password string) bool {
		t.Helper()
		fromIP(b, office)
		switch r := signInForm(b, u.Username, password); r.Status {
		case http.StatusSeeOther:
			signOut(t, b)
			return true
		case http.StatusTooManyRequests:
			return false
		default:
			t.Fatalf("sign-in at the office: %d", r.Status)
		}
		return false
	}

	desk := fromIP(e.NewBrowser(), home)
	wantStatus(t, signInForm(desk, u.Username, webtest.Password), http.StatusSeeOther)
	desk.Get("/")
	laptop := deviceBrowser(t, e, u.Username, webtest.Password, home)
	if a, b := deviceCookieOf(t, e, desk), deviceCookieOf(t, e, laptop); a == "" || a == b {
		t.Fatalf("two browsers got device cookies %q and %q: want random ones", a, b)
	}
	if n := count(t, e, `SELECT COUNT(*) FROM device_cookies WHERE user_id = ?`, u.ID); n != 2 {
		t.Errorf("%d device cookies stored, want 2", n)
	}

	// "Sign out everywhere else" from the desk: the laptop's cookie ends,
	// the desk's stays.
	wantStatus(t, desk.PostForm("/me/security/sessions/end-others", url.Values{}), http.StatusSeeOther)
	signOut(t, desk)
	if bypasses(laptop, webtest.Password) {
		t.Error("a cookie ended by signing out everywhere else still bypasses the limit")
	}
	if !bypasses(desk, webtest.Password) {
		t.Error("the cookie of the browser that signed out everywhere else stopped working")
	}

	// A password change keeps the changing browser's cookie and ends the rest.
	laptop = deviceBrowser(t, e, u.Username, webtest.Password, home)
	fromIP(desk, home)
	wantStatus(t, signInForm(desk, u.Username, webtest.Password), http.StatusSeeOther)
	desk.Get("/")
	const changed = "a-brand-new-passphrase"
	wantStatus(t, desk.PostForm("/me/security/password", url.Values{"current_password": {webtest.Password}, "new_password": {changed}}), http.StatusSeeOther)
	signOut(t, desk)
	if bypasses(laptop, changed) {
		t.Error("a cookie survived the password change")
	}
	if !bypasses(desk, changed) {
		t.Error("the changing browser's cookie ended with the password change")
	}

	// An admin ending all the user's sessions ends every cookie.
	admin := e.API(d.Admin)
	wantStatus(t, admin.Post(fmt.Sprintf("/api/v1/users/%d/sessions/end", u.ID), nil), http.StatusNoContent)
	if bypasses(desk, changed) {
		t.Error("a cookie survived signing out everywhere")
	}

	// And an admin's password reset.
	laptop = deviceBrowser(t, e, u.Username, changed, home)
	v := count(t, e, `SELECT version FROM users WHERE id = ?`, u.ID)
	wantStatus(t, admin.Do(http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", u.ID), map[string]any{"password": webtest.Password, "version": v}), http.StatusOK)
	if bypasses(laptop, webtest.Password) {
		t.Error("a cookie survived the admin's password reset")
	}
	if n := count(t, e, `SELECT COUNT(*) FROM audit_entries WHERE action IN ('auth.sessions_ended', 'auth.sessions_ended_others', 'user.password_changed', 'user.update') AND object_id = ? AND detail LIKE '%devices_revoked%'`, fmt.Sprint(u.ID)); n < 4 {
		t.Errorf("%d audit entries name the device cookies revoked, want 4", n)
	}
}
