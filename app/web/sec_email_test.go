package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"liaison/app/web/webtest"
)

// userVersion reads a user's version for a PATCH.
func userVersion(t *testing.T, e *webtest.Env, id int64) int64 {
	t.Helper()
	return count(t, e, `SELECT version FROM users WHERE id = ?`, id)
}

// noticesTo counts the outbox mails of the email-change notice sent to addr.
func noticesTo(t *testing.T, e *webtest.Env, addr string) int64 {
	t.Helper()
	return count(t, e, `SELECT COUNT(*) FROM outbox WHERE kind = 'account_email_changed' AND recipient = ?`, addr)
}

// TestSecurity_OwnEmailNeedsPassword is issue 14's finding 5b: a signed-in
// session (a borrowed laptop, a stolen cookie) could move the account's
// address elsewhere without the password and without the owner hearing of
// it. Changing one's own email now needs the current password, and a
// notice goes to the old address through the outbox, as all mail does.
func TestSecurity_OwnEmailNeedsPassword(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	u := d.AgencyAMember
	old := u.Email
	api := e.API(u)
	path := fmt.Sprintf("/api/v1/users/%d", u.ID)
	patch := func(body map[string]any) webtest.Response {
		body["version"] = userVersion(t, e, u.ID)
		return api.Do(http.MethodPatch, path, body)
	}
	unchanged := func(what string) {
		t.Helper()
		if n := count(t, e, `SELECT COUNT(*) FROM users WHERE id = ? AND email = ?`, u.ID, old); n != 1 {
			t.Fatalf("%s changed the email", what)
		}
		if n := noticesTo(t, e, old); n != 0 {
			t.Fatalf("%s mailed %d notices", what, n)
		}
	}

	ae := wantError(t, patch(map[string]any{"email": "elsewhere@evil.example"}), http.StatusUnprocessableEntity, "invalid")
	if ae.Fields["current_password"] == "" || !hasChinese(ae.Fields["current_password"]) {
		t.Errorf("no localised current_password field: %+v", ae)
	}
	unchanged("a change without the password")
	ae = wantError(t, english(api).Do(http.MethodPatch, path, map[string]any{"email": "elsewhere@evil.example", "current_password": "not-my-password",
		"version": userVersion(t, e, u.ID)}), http.StatusUnprocessableEntity, "invalid")
	if msg := ae.Fields["current_password"]; !strings.Contains(strings.ToLower(msg), "password") {
		t.Errorf("English message for a wrong password: %q", msg)
	}
	unchanged("a change with a wrong password")
	if n := count(t, e, `SELECT COUNT(*) FROM audit_log WHERE action = 'user.email_change_failed' AND object_id = ?`, fmt.Sprint(u.ID)); n != 1 {
		t.Errorf("%d failed attempts audited, want 1", n)
	}
	// A bad address is refused first, with the password asked for too.
	ae = wantError(t, patch(map[string]any{"email": "not an address"}), http.StatusUnprocessableEntity, "invalid")
	if ae.Fields["email"] == "" {
		t.Errorf("bad address: %+v", ae)
	}
	unchanged("a bad address")

	// Other fields, and the same address again, need no password.
	wantStatus(t, patch(map[string]any{"display_name": "新名字", "email": old}), http.StatusOK)
	unchanged("a change of name")

	// With the password: changed, the old address told, audited.
	r := patch(map[string]any{"email": "a.new@test.example", "current_password": webtest.Password})
	wantStatus(t, r, http.StatusOK)
	if got := r.JSON(t)["email"]; got != "a.new@test.example" {
		t.Errorf("email now %v", got)
	}
	if n := noticesTo(t, e, old); n != 1 {
		t.Fatalf("%d notices to the old address, want 1", n)
	}
	if n := count(t, e, `SELECT COUNT(*) FROM outbox WHERE recipient = 'a.new@test.example'`); n != 0 {
		t.Errorf("%d mails to the new address, want none", n)
	}
	var subject string
	if err := e.DB.Conn(e.Ctx()).Raw(`SELECT subject FROM outbox WHERE kind = 'account_email_changed'`).Scan(&subject).Error; err != nil || !hasChinese(subject) {
		t.Errorf("notice subject %q (%v)", subject, err)
	}
	if n := count(t, e, `SELECT COUNT(*) FROM audit_entries WHERE action = 'user.update' AND object_id = ? AND detail LIKE '%old_address_notified%'`, fmt.Sprint(u.ID)); n != 1 {
		t.Errorf("%d audited changes noting the notice, want 1", n)
	}

	// Wrong guesses share the password throttle: five, then 429.
	for i := range 5 {
		r := patch(map[string]any{"email": "x@evil.example", "current_password": fmt.Sprintf("guess-%d", i)})
		if r.Status != http.StatusUnprocessableEntity && r.Status != http.StatusTooManyRequests {
			t.Fatalf("guess %d: %d", i, r.Status)
		}
	}
	wantError(t, patch(map[string]any{"email": "x@evil.example", "current_password": webtest.Password}), http.StatusTooManyRequests, "auth.throttled")

	// An admin changing someone else's address needs no password of theirs;
	// the old address is told all the same.
	v := d.JusticeMember
	admin := e.API(d.Admin)
	wantStatus(t, admin.Do(http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", v.ID), map[string]any{"email": "moved@test.example",
		"version": userVersion(t, e, v.ID)}), http.StatusOK)
	if n := noticesTo(t, e, v.Email); n != 1 {
		t.Errorf("%d notices to the old address after an admin's change", n)
	}
}

// TestSecurity_AdminPageOwnEmail: an admin editing their own record on the
// user page must give their password to change its address; the page asks
// for it and says so when it is missing.
func TestSecurity_AdminPageOwnEmail(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	b := e.Browser(d.Admin)
	page := fmt.Sprintf("/admin/users/%d", d.Admin.ID)
	r := b.Get(page)
	wantStatus(t, r, http.StatusOK)
	if !strings.Contains(string(r.Body), `name="current_password"`) {
		t.Fatal("the page does not ask for the current password on one's own record")
	}
	form := url.Values{"display_name": {"admin"}, "email": {"boss@test.example"}, "role": {"admin"}, "unit_id": {fmt.Sprint(d.Admin.UnitID)},
		"active": {"on"}, "version": {fmt.Sprint(userVersion(t, e, d.Admin.ID))}}
	r = b.PostForm(page, form)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(string(r.Body), e.Deps.Tr.T("zh-CN", "user.email_needs_password", nil)) {
		t.Errorf("the page does not say the password is needed:\n%s", r.Body)
	}
	form.Set("current_password", webtest.Password)
	wantStatus(t, b.PostForm(page, form), http.StatusSeeOther)
	if n := noticesTo(t, e, d.Admin.Email); n != 1 {
		t.Errorf("%d notices to the admin's old address", n)
	}
}
