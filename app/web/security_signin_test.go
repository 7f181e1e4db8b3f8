package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"liaison/app/account"
	"liaison/app/web/webtest"
)

// A secretary enrols an authenticator through the pages; signing in then
// takes two steps, the first leaving a session good for nothing but the
// second; wrong and replayed codes are refused with a localised message,
// recovery codes work once, and five wrong codes lock the second step.
func TestSecurity_TwoStepSignIn(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := d.JusticeSec

	elsewhere := e.Browser(sec)
	b := e.Browser(sec)
	if r := b.Get("/me/security"); r.Status != http.StatusOK || !strings.Contains(string(r.Body), `href="/me/security/totp"`) {
		t.Fatalf("security page does not offer enrolment to a secretary: %d\n%s", r.Status, r.Body)
	}
	secret, used, recovery := enrolByPage(t, e, b)
	if signedIn(t, elsewhere) {
		t.Error("enrolment did not end the user's other sessions")
	}
	if !signedIn(t, b) {
		t.Fatal("enrolling session signed out")
	}
	if r := b.Get("/me/security/totp"); r.Status != http.StatusSeeOther {
		t.Errorf("enrolment page for an enrolled session: %d (the secret must not be shown again)", r.Status)
	}
	if n := count(t, e, `SELECT COUNT(*) FROM audit_log WHERE action = 'auth.totp_enrolled' AND object_id = ?`, fmt.Sprint(sec.ID)); n != 1 {
		t.Errorf("%d enrolment audit entries", n)
	}

	t.Run("half-signed-in session can do nothing else", func(t *testing.T) {
		h := passwordStep(t, e, sec)
		wantError(t, h.Get("/api/v1/me"), http.StatusUnauthorized, "auth.required")
		if r := h.Get("/cases"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
			t.Errorf("pending session reached a page: %d %s", r.Status, r.Header.Get("Location"))
		}
		wantStatus(t, h.Post("/api/v1/me/sessions/end-others", nil), http.StatusUnauthorized)
	})

	t.Run("wrong and replayed codes", func(t *testing.T) {
		h := passwordStep(t, e, sec)
		for _, code := range []string{"000000", used, "not-a-code"} {
			r := h.PostForm("/login/second-factor", url.Values{"code": {code}})
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "验证码错误或已使用过") {
				t.Errorf("code %q: %d\n%s", code, r.Status, r.Body)
			}
		}
		if signedIn(t, h) {
			t.Fatal("wrong codes signed in")
		}
		before := jarCookie(t, e, h, sessionCookieName)
		r := h.PostForm("/login/second-factor", url.Values{"code": {nextCode(e, secret)}})
		wantStatus(t, r, http.StatusSeeOther)
		if loc := r.Header.Get("Location"); loc != "/cases" {
			t.Errorf("after the second step: %q, want the page asked for", loc)
		}
		if after := jarCookie(t, e, h, sessionCookieName); after == before || after == "" {
			t.Error("session token not renewed at the second step")
		}
		if !signedIn(t, h) {
			t.Fatal("right code did not sign in")
		}
	})

	t.Run("recovery code works once", func(t *testing.T) {
		h := passwordStep(t, e, sec)
		wantStatus(t, h.PostForm("/login/second-factor", url.Values{"code": {strings.ToUpper(recovery[0])}}), http.StatusSeeOther)
		if !signedIn(t, h) {
			t.Fatal("recovery code did not sign in")
		}
		h2 := passwordStep(t, e, sec)
		wantStatus(t, h2.PostForm("/login/second-factor", url.Values{"code": {recovery[0]}}), http.StatusUnprocessableEntity)
		var left struct {
			SecondFactor account.MFAStatus `json:"second_factor"`
		}
		h.Get("/api/v1/me/security").Decode(t, &left)
		if !left.SecondFactor.Enrolled || left.SecondFactor.RecoveryLeft != 9 {
			t.Errorf("status %+v", left.SecondFactor)
		}
	})

	t.Run("token endpoint asks for the code", func(t *testing.T) {
		anon := e.Anon()
		wantError(t, anon.Post("/api/v1/auth/token", map[string]string{"username": sec.Username, "password": webtest.Password}), http.StatusUnauthorized, "auth.second_factor_required")
		wantStatus(t, anon.Post("/api/v1/auth/token", map[string]string{"username": sec.Username, "password": webtest.Password, "code": recovery[1]}), http.StatusCreated)
	})

	t.Run("five wrong codes lock the second step", func(t *testing.T) {
		h := passwordStep(t, e, sec)
		for range 5 {
			wantStatus(t, h.PostForm("/login/second-factor", url.Values{"code": {"123123"}}), http.StatusUnprocessableEntity)
		}
		r := h.PostForm("/login/second-factor", url.Values{"code": {recovery[2]}})
		if r.Status != http.StatusTooManyRequests || !strings.Contains(string(r.Body), "尝试次数过多") && !strings.Contains(string(r.Body), "15") {
			t.Errorf("after five wrong codes: %d\n%s", r.Status, r.Body)
		}
		if signedIn(t, h) {
			t.Error("signed in while locked")
		}
		if n := count(t, e, `SELECT COUNT(*) FROM audit_log WHERE action = 'auth.second_factor_failed' AND object_id = ?`, fmt.Sprint(sec.ID)); n < 5 {
			t.Errorf("%d failed codes audited", n)
		}
	})
}

// Admins without a second factor reach nothing but enrolment; bearer
// tokens made before keep working; the test fixture's admins are enrolled
// and sign in any number of times.
func TestSecurity_AdminMustEnrol(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	admin := e.User("admin.two", d.Office, account.RoleAdmin)
	api := e.API(admin)

	b := e.NewBrowser()
	b.Get("/login")
	wantStatus(t, b.PostForm("/login", url.Values{"username": {admin.Username}, "password": {webtest.Password}}), http.StatusSeeOther)
	for _, p := range []string{"/", "/cases", "/admin/users", "/me/security"} {
		r := b.Get(p)
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/me/security/totp" {
			t.Errorf("%s: %d → %q, want the enrolment page", p, r.Status, r.Header.Get("Location"))
		}
	}
	wantError(t, b.Get("/api/v1/me"), http.StatusForbidden, "auth.enrol_required")
	wantStatus(t, api.Get("/api/v1/me"), http.StatusOK)
	wantError(t, e.Anon().Post("/api/v1/auth/token", map[string]string{"username": admin.Username, "password": webtest.Password}), http.StatusForbidden, "auth.enrol_required")
	r := b.Get("/me/security/totp")
	if !strings.Contains(string(r.Body), "管理员必须启用两步验证") {
		t.Errorf("enrolment page does not say why:\n%s", r.Body)
	}
	wantError(t, b.Post("/api/v1/units", map[string]any{"name": "x", "kind": "agency"}), http.StatusForbidden, "auth.enrol_required")

	secret, _, _ := enrolByPage(t, e, b)
	wantStatus(t, b.Get("/"), http.StatusOK)
	wantStatus(t, b.Get("/admin/users"), http.StatusOK)
	// Admins cannot turn it off, only move it to a new phone.
	r = b.PostForm("/me/security/totp-disable", url.Values{"code": {nextCode(e, secret)}})
	if r.Status != http.StatusForbidden {
		t.Errorf("admin disabled the second factor: %d", r.Status)
	}
	wantStatus(t, e.Anon().Post("/api/v1/auth/token", map[string]string{"username": admin.Username, "password": webtest.Password, "code": nextCode(e, secret)}), http.StatusCreated)

	// The fixture's admin signs in again and again (recovery codes run out
	// after ten and the fixture makes more).
	for i := range 12 {
		if r := e.Browser(d.Admin).Get("/admin/users"); r.Status != http.StatusOK {
			t.Fatalf("fixture admin sign-in %d: %d", i, r.Status)
		}
	}
}

// An admin resets the second factor of someone who lost phone and codes:
// their sessions end and they sign in with the password alone, until they
// enrol again. Nobody else can.
func TestSecurity_AdminResetsSecondFactor(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := d.OfficeSec
	e.EnrolTOTP(sec)
	passwordStep(t, e, sec) // enrolled: two steps

	wantStatus(t, e.API(d.ProcSec).Post(fmt.Sprintf("/api/v1/users/%d/totp/reset", sec.ID), nil), http.StatusNotFound)
	ab := e.Browser(d.Admin)
	if r := ab.Get(fmt.Sprintf("/admin/users/%d", sec.ID)); !strings.Contains(string(r.Body), "/totp/reset") {
		t.Error("user page has no reset button")
	}
	wantStatus(t, ab.PostForm(fmt.Sprintf("/admin/users/%d/totp/reset", sec.ID), url.Values{}), http.StatusSeeOther)
	b := e.NewBrowser()
	b.Get("/login")
	r := b.PostForm("/login", url.Values{"username": {sec.Username}, "password": {webtest.Password}})
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/" || !signedIn(t, b) {
		t.Errorf("after reset: %d → %q", r.Status, r.Header.Get("Location"))
	}
	if n := count(t, e, `SELECT COUNT(*) FROM audit_log WHERE action = 'auth.totp_reset' AND object_id = ?`, fmt.Sprint(sec.ID)); n != 1 {
		t.Errorf("%d resets audited", n)
	}
}
