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

type sessionItem struct {
	ID        string `json:"id"`
	IP        string `json:"ip"`
	UserAgent string `json:"user_agent"`
	Current   bool   `json:"current"`
	Pending   bool   `json:"pending"`
}

func mySessions(t *testing.T, c *webtest.Client, path string) []sessionItem {
	t.Helper()
	var out struct {
		Items []sessionItem `json:"items"`
	}
	r := c.Get(path)
	wantStatus(t, r, http.StatusOK)
	r.Decode(t, &out)
	return out.Items
}

func browserAs(e *webtest.Env, u account.User, agent string) *webtest.Client {
	b := e.NewBrowser()
	b.Header.Set("User-Agent", agent)
	b.Get("/login")
	b.PostForm("/login", url.Values{"username": {u.Username}, "password": {webtest.Password}})
	b.Get("/")
	return b
}

// A user lists their sessions (this one marked), ends one, and signs out
// everywhere else; pages and API agree; admins end anyone's sessions and
// nobody else can see or end them.
func TestSecurity_Sessions(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	u := d.ProcMember
	phone := browserAs(e, u, "Mozilla/5.0 (iPhone) MicroMessenger/8.0")
	desk := browserAs(e, u, "Mozilla/5.0 (Windows NT 10.0) Firefox/140.0")
	laptop := browserAs(e, u, "Mozilla/5.0 (Macintosh) Safari/605")

	list := mySessions(t, desk, "/api/v1/me/sessions")
	if len(list) != 3 {
		t.Fatalf("%d sessions, want 3: %+v", len(list), list)
	}
	var phoneID string
	for _, s := range list {
		if s.Current != strings.Contains(s.UserAgent, "Firefox") {
			t.Errorf("current mark wrong: %+v", s)
		}
		if strings.Contains(s.UserAgent, "iPhone") {
			phoneID = s.ID
		}
		if s.IP == "" {
			t.Errorf("no IP: %+v", s)
		}
	}
	page := desk.Get("/me/security")
	wantStatus(t, page, http.StatusOK)
	for _, want := range []string{"我的账户安全", "MicroMessenger", "当前会话", "/me/security/sessions/" + phoneID + "/end", "退出其他所有会话"} {
		if !strings.Contains(string(page.Body), want) {
			t.Errorf("security page lacks %q", want)
		}
	}

	// Someone else can neither list nor end them.
	other := e.API(d.ProcSec)
	wantStatus(t, other.Get(fmt.Sprintf("/api/v1/users/%d/sessions", u.ID)), http.StatusNotFound)
	wantStatus(t, other.Post("/api/v1/me/sessions/"+phoneID+"/end", nil), http.StatusNotFound)
	if !signedIn(t, phone) {
		t.Fatal("another user ended the phone's session")
	}

	wantStatus(t, desk.PostForm("/me/security/sessions/"+phoneID+"/end", url.Values{}), http.StatusSeeOther)
	if signedIn(t, phone) {
		t.Error("ended session still signed in")
	}
	r := desk.PostForm("/me/security/sessions/end-others", url.Values{})
	wantStatus(t, r, http.StatusSeeOther)
	if signedIn(t, laptop) || !signedIn(t, desk) {
		t.Error("sign out everywhere else ended the wrong sessions")
	}
	if n := len(mySessions(t, desk, "/api/v1/me/sessions")); n != 1 {
		t.Errorf("%d sessions left, want 1", n)
	}
	if n := count(t, e, `SELECT COUNT(*) FROM audit_log WHERE action IN ('auth.session_ended', 'auth.sessions_ended_others') AND object_id = ?`, fmt.Sprint(u.ID)); n != 2 {
		t.Errorf("%d session ends audited, want 2", n)
	}

	// Ending the current session signs out.
	cur := mySessions(t, desk, "/api/v1/me/sessions")[0]
	wantStatus(t, desk.PostForm("/me/security/sessions/"+cur.ID+"/end", url.Values{}), http.StatusSeeOther)
	if signedIn(t, desk) {
		t.Error("ending the current session left it signed in")
	}

	// The API, with a bearer token, ends every session of the user.
	b1, b2 := browserAs(e, u, "a"), browserAs(e, u, "b")
	var ended struct{ Ended int }
	r = e.API(u).Post("/api/v1/me/sessions/end-others", nil)
	wantStatus(t, r, http.StatusOK)
	r.Decode(t, &ended)
	if ended.Ended != 2 || signedIn(t, b1) || signedIn(t, b2) {
		t.Errorf("bearer sign-out everywhere: %+v", ended)
	}

	// Admins see and end anyone's sessions (page and API).
	b3 := browserAs(e, u, "c")
	admin := e.API(d.Admin)
	if n := len(mySessions(t, admin, fmt.Sprintf("/api/v1/users/%d/sessions", u.ID))); n != 1 {
		t.Errorf("admin sees %d sessions", n)
	}
	wantStatus(t, admin.Post(fmt.Sprintf("/api/v1/users/%d/sessions/end", u.ID), nil), http.StatusNoContent)
	if signedIn(t, b3) {
		t.Error("admin could not end the user's session")
	}
	b4 := browserAs(e, u, "d")
	ab := e.Browser(d.Admin)
	wantStatus(t, ab.PostForm(fmt.Sprintf("/admin/users/%d/sessions/end", u.ID), url.Values{}), http.StatusSeeOther)
	if signedIn(t, b4) {
		t.Error("admin page could not end the user's session")
	}
}

// Changing one's own password needs the current one; the rules answer with
// clear localised messages; the other sessions end, this one stays.
func TestSecurity_ChangePassword(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	u := d.AgencyAMember
	elsewhere := e.Browser(u)
	b := e.Browser(u)

	cases := []struct {
		current, next, field, zh string
	}{
		{"wrong-password", "a-new-long-passphrase", "current_password", "当前密码不正确"},
		{webtest.Password, "short", "new_password", "至少"},
		{webtest.Password, "password123", "new_password", "常见"},
		{webtest.Password, "agency.a-2026", "new_password", "不能包含用户名"},
		{webtest.Password, "19900101", "new_password", "容易猜测"},
	}
	for _, c := range cases {
		r := b.PostForm("/me/security/password", url.Values{"current_password": {c.current}, "new_password": {c.next}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), c.zh) {
			t.Errorf("%s → %s: %d, want 422 with %q", c.current, c.next, r.Status, c.zh)
		}
	}
	api := english(e.API(u))
	ae := wantError(t, api.Post("/api/v1/me/password", map[string]string{"current_password": webtest.Password, "new_password": "iloveyou"}), http.StatusUnprocessableEntity, "invalid")
	if msg := ae.Fields["new_password"]; !strings.Contains(msg, "common") {
		t.Errorf("English message %q", msg)
	}
	if !signedIn(t, elsewhere) {
		t.Fatal("a refused change ended sessions")
	}

	r := b.PostForm("/me/security/password", url.Values{"current_password": {webtest.Password}, "new_password": {"长江黄河泰山华山-奎文"}})
	wantStatus(t, r, http.StatusSeeOther)
	if !signedIn(t, b) || signedIn(t, elsewhere) {
		t.Error("password change must keep this session and end the others")
	}
	nb := e.NewBrowser()
	nb.Get("/login")
	r = nb.PostForm("/login", url.Values{"username": {u.Username}, "password": {"长江黄河泰山华山-奎文"}})
	if r.Status != http.StatusSeeOther || !signedIn(t, nb) {
		t.Errorf("sign-in with the new (Chinese) password: %d", r.Status)
	}
	if n := count(t, e, `SELECT COUNT(*) FROM audit_log WHERE action = 'user.password_changed' AND object_id = ?`, fmt.Sprint(u.ID)); n != 1 {
		t.Errorf("%d password changes audited", n)
	}
}

// One's own password cannot be changed through the profile edit, which
// does not ask for the current one.
func TestSecurity_OwnPasswordOnlyWithCurrent(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	u := d.ProcSec
	ae := wantError(t, e.API(u).Do(http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", u.ID), map[string]any{"password": "a-new-long-passphrase", "version": u.Version}), http.StatusUnprocessableEntity, "invalid")
	if !hasChinese(ae.Fields["password"]) {
		t.Errorf("fields %v", ae.Fields)
	}
	b := e.NewBrowser()
	b.Get("/login")
	if r := b.PostForm("/login", url.Values{"username": {u.Username}, "password": {webtest.Password}}); r.Status != http.StatusSeeOther {
		t.Error("the password changed anyway")
	}
}
