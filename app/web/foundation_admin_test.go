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

func TestAdminForms(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	b := e.Browser(d.Admin)

	t.Run("unit create", func(t *testing.T) {
		r := b.PostForm("/admin/units", url.Values{"name": {"区统计局"}, "short_name": {"统计局"}, "kind": {"agency"}})
		wantStatus(t, r, http.StatusSeeOther)
		r = b.Get("/admin/units")
		if !strings.Contains(string(r.Body), "区统计局") || !strings.Contains(string(r.Body), e.Deps.Tr.T("zh-CN", "common.saved", nil)) {
			t.Error("list lacks the new unit or the saved notice")
		}
		// Invalid: re-rendered with 422, the entered value and the message next to the field.
		r = b.PostForm("/admin/units", url.Values{"name": {"区检察院"}, "short_name": {"重复"}, "kind": {"agency"}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if s := string(r.Body); !strings.Contains(s, e.Deps.Tr.T("zh-CN", "unit.name_taken", nil)) || !strings.Contains(s, `value="重复"`) {
			t.Errorf("form not re-rendered with the error:\n%.2000s", s)
		}
	})

	t.Run("user create", func(t *testing.T) {
		form := url.Values{"username": {"form.user"}, "display_name": {"表单用户"}, "unit_id": {fmt.Sprint(d.AgencyA.ID)},
			"role": {"member"}, "email": {"form@example.gov.cn"}, "password": {"short"}}
		r := b.PostForm("/admin/users", form)
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if s := string(r.Body); !strings.Contains(s, e.Deps.Tr.T("zh-CN", "password.too_short", nil)) || !strings.Contains(s, `value="form.user"`) || strings.Contains(s, `value="short"`) {
			t.Errorf("user form re-render:\n%.2000s", s)
		}
		form.Set("password", "a-long-form-passphrase")
		wantStatus(t, b.PostForm("/admin/users", form), http.StatusSeeOther)
		wantStatus(t, b.PostForm("/admin/users", form), http.StatusConflict)
	})

	t.Run("user edit and deactivate", func(t *testing.T) {
		u := e.User("to.deactivate", d.AgencyB, account.RoleMember)
		ub := e.Browser(u)
		path := fmt.Sprintf("/admin/users/%d", u.ID)
		wantStatus(t, b.Get(path), http.StatusOK)
		edit := url.Values{"display_name": {"改过的名字"}, "email": {""}, "role": {"member"}, "unit_id": {fmt.Sprint(d.AgencyB.ID)}, "active": {"on"}, "version": {"1"}}
		wantStatus(t, b.PostForm(path, edit), http.StatusSeeOther)
		// The same form again carries a stale version: 409, page shows the current record.
		r := b.PostForm(path, edit)
		wantStatus(t, r, http.StatusConflict)
		if !strings.Contains(string(r.Body), e.Deps.Tr.T("zh-CN", "stale_version", nil)) {
			t.Error("no stale-version notice")
		}
		if !signedIn(t, ub) {
			t.Fatal("user signed out by a name change")
		}
		edit.Del("active")
		edit.Set("version", "2")
		wantStatus(t, b.PostForm(path, edit), http.StatusSeeOther)
		if signedIn(t, ub) {
			t.Error("deactivated user still signed in")
		}
		got, err := e.Deps.Accounts.User(e.Ctx(), u.ID)
		if err != nil || got.Active || got.DisplayName != "改过的名字" || got.Version != 3 {
			t.Errorf("user %+v %v", got, err)
		}
	})

	t.Run("unit edit", func(t *testing.T) {
		path := fmt.Sprintf("/admin/units/%d", d.AgencyB.ID)
		wantStatus(t, b.Get(path), http.StatusOK)
		r := b.PostForm(path, url.Values{"name": {strings.Repeat("长", 101)}, "short_name": {""}, "kind": {"agency"}, "active": {"on"}, "version": {"1"}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if !strings.Contains(string(r.Body), e.Deps.Tr.T("zh-CN", "too_long", nil)) {
			t.Error("no too-long message")
		}
		wantStatus(t, b.PostForm(path, url.Values{"name": {"区市场监督管理局"}, "short_name": {"市场监管"}, "kind": {"agency"}, "active": {"on"}, "version": {"1"}}), http.StatusSeeOther)
		got, _ := e.Deps.Accounts.Unit(e.Ctx(), d.AgencyB.ID)
		if got.Name != "区市场监督管理局" || got.Version != 2 {
			t.Errorf("unit %+v", got)
		}
	})

	t.Run("end sessions", func(t *testing.T) {
		u := e.User("ended", d.AgencyA, account.RoleMember)
		ub := e.Browser(u)
		wantStatus(t, b.PostForm(fmt.Sprintf("/admin/users/%d/sessions/end", u.ID), url.Values{}), http.StatusSeeOther)
		if signedIn(t, ub) {
			t.Error("session survived")
		}
		if !signedIn(t, b) {
			t.Error("the admin was signed out")
		}
	})
}
