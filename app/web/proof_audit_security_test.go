package web_test

import (
	"net/url"

	"liaison/app/account"
	"liaison/app/web/webtest"
)

// security: a user's own password, sessions, second factor and recovery
// codes, by API (one user) and the security page (another).
func (f *acFlow) security() {
	d := f.d
	u := f.e.User("audit.api", d.Justice, account.RoleMember)
	api := f.e.API(u)
	f.e.Browser(u) // a browser session to end from the API
	sid := f.otherSession(api)
	f.do(api, u, "POST /api/v1/me/sessions/:sid/end", "/api/v1/me/sessions/"+sid+"/end", nil,
		acWant{action: "auth.session_ended", objType: "user", objID: u.ID})
	f.e.Browser(u)
	f.do(api, u, "POST /api/v1/me/sessions/end-others", "/api/v1/me/sessions/end-others", nil,
		acWant{action: "auth.sessions_ended_others", objType: "user", objID: u.ID})
	var en account.Enrolment
	r := api.Post("/api/v1/me/totp/enrol", nil)
	r.Decode(f.t, &en)
	secret, err := account.DecodeSecret(en.Secret)
	if err != nil {
		f.t.Fatal(err)
	}
	f.do(api, u, "POST /api/v1/me/totp/confirm", "/api/v1/me/totp/confirm", map[string]string{"code": account.TOTPCode(secret, f.e.DB.Now())},
		acWant{action: "auth.totp_enrolled", objType: "user", objID: u.ID})
	api = f.e.API(u)
	f.do(api, u, "POST /api/v1/me/recovery-codes", "/api/v1/me/recovery-codes", map[string]string{"password": webtest.Password},
		acWant{action: "auth.recovery_codes_regenerated", objType: "user", objID: u.ID})
	f.do(api, u, "POST /api/v1/me/totp/replace", "/api/v1/me/totp/replace", map[string]string{"password": webtest.Password},
		acWant{action: "auth.totp_replaced", objType: "user", objID: u.ID})
	f.do(api, u, "POST /api/v1/me/totp/disable", "/api/v1/me/totp/disable", map[string]string{"password": webtest.Password},
		acWant{action: "auth.totp_disabled", objType: "user", objID: u.ID})
	api = f.e.API(u)
	f.do(api, u, "POST /api/v1/me/password", "/api/v1/me/password", map[string]string{"current_password": webtest.Password, "new_password": "长江黄河泰山华山-接口"},
		acWant{action: "user.password_changed", objType: "user", objID: u.ID})

	u = f.e.User("audit.page.sec", d.Justice, account.RoleMember)
	b := f.e.Browser(u)
	f.e.Browser(u)
	sid = f.otherSession(f.e.API(u))
	f.do(b, u, "POST /me/security/sessions/:sid/end", "/me/security/sessions/"+sid+"/end", url.Values{},
		acWant{action: "auth.session_ended", objType: "user", objID: u.ID})
	f.e.Browser(u)
	f.do(b, u, "POST /me/security/sessions/end-others", "/me/security/sessions/end-others", url.Values{},
		acWant{action: "auth.sessions_ended_others", objType: "user", objID: u.ID})
	r = b.Get("/me/security/totp")
	m := secretRE.FindSubmatch(r.Body)
	if m == nil {
		f.t.Fatalf("enrolment page shows no key:\n%s", r.Body)
	}
	if secret, err = account.DecodeSecret(string(m[1])); err != nil {
		f.t.Fatal(err)
	}
	f.do(b, u, "POST /me/security/totp/confirm", "/me/security/totp/confirm", url.Values{"code": {account.TOTPCode(secret, f.e.DB.Now())}},
		acWant{action: "auth.totp_enrolled", objType: "user", objID: u.ID})
	f.do(b, u, "POST /me/security/recovery-codes", "/me/security/recovery-codes", url.Values{"password": {webtest.Password}},
		acWant{action: "auth.recovery_codes_regenerated", objType: "user", objID: u.ID})
	f.do(b, u, "POST /me/security/totp-replace", "/me/security/totp-replace", url.Values{"password": {webtest.Password}},
		acWant{action: "auth.totp_replaced", objType: "user", objID: u.ID})
	r = b.Get("/me/security/totp")
	if m = secretRE.FindSubmatch(r.Body); m == nil {
		f.t.Fatalf("enrolment page shows no key:\n%s", r.Body)
	}
	secret, _ = account.DecodeSecret(string(m[1]))
	wantStatus(f.t, b.PostForm("/me/security/totp/confirm", url.Values{"code": {nextCode(f.e, secret)}}), 200)
	f.do(b, u, "POST /me/security/totp-disable", "/me/security/totp-disable", url.Values{"password": {webtest.Password}},
		acWant{action: "auth.totp_disabled", objType: "user", objID: u.ID})
	f.do(b, u, "POST /me/security/password", "/me/security/password", url.Values{"current_password": {webtest.Password}, "new_password": {"长江黄河泰山华山-页面"}},
		acWant{action: "user.password_changed", objType: "user", objID: u.ID})
}

// otherSession is the id of one of the user's browser sessions that is not
// the caller's own.
func (f *acFlow) otherSession(api *webtest.Client) string {
	f.t.Helper()
	var s struct {
		Items []account.SessionInfo `json:"items"`
	}
	api.Get("/api/v1/me/sessions").Decode(f.t, &s)
	for _, it := range s.Items {
		if !it.Current {
			return it.ID
		}
	}
	f.t.Fatalf("no other session: %+v", s.Items)
	return ""
}

// signIn: sign-in by form (with and without a second factor), by API
// token, the second factor asked again of a session, and sign-out.
func (f *acFlow) signIn() {
	d := f.d
	u := f.e.User("audit.signin", d.AgencyA, account.RoleMember)
	b := f.e.NewBrowser()
	b.Get("/login")
	f.do(b, u, "POST /login", "/login", url.Values{"username": {u.Username}, "password": {webtest.Password}},
		acWant{action: "auth.signin", objType: "user", objID: u.ID})
	b.Get("/")
	f.do(b, u, "POST /logout", "/logout", url.Values{}, acWant{action: "auth.signout", objType: "user", objID: u.ID})
	f.do(f.e.Anon(), u, "POST /api/v1/auth/token", "/api/v1/auth/token", map[string]string{"username": u.Username, "password": webtest.Password},
		acWant{action: "auth.signin", objType: "user", objID: u.ID}, acWant{action: "token.create", objType: "user", objID: u.ID})

	// A session signed in before its user enrolled a second factor (here
	// through the fixture) is asked for a code before security changes.
	s := f.e.User("audit.stepup", d.Justice, account.RoleSecretary)
	b = f.e.Browser(s)
	secret, recovery := f.e.EnrolTOTP(s) // the fixture confirmed with the current code
	wantStatus(f.t, b.Get("/me/security/totp"), 200)
	f.do(b, s, "POST /me/security/totp/verify", "/me/security/totp/verify", url.Values{"code": {nextCode(f.e, secret)}},
		acWant{action: "auth.second_factor", objType: "user", objID: s.ID})

	b = f.e.NewBrowser()
	b.Get("/login")
	r := b.PostForm("/login", url.Values{"username": {s.Username}, "password": {webtest.Password}})
	if r.Status != 303 || r.Header.Get("Location") != "/login/second-factor" {
		f.t.Fatalf("password step: %d %q", r.Status, r.Header.Get("Location"))
	}
	b.Get("/login/second-factor")
	f.do(b, s, "POST /login/second-factor", "/login/second-factor", url.Values{"code": {recovery[0]}},
		acWant{action: "auth.second_factor", objType: "user", objID: s.ID}, acWant{action: "auth.recovery_code_used", objType: "user", objID: s.ID})
}
