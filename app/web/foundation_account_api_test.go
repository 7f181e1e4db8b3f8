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

func TestUnitsAPI(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	admin := e.API(d.Admin)

	var u account.Unit
	r := admin.Post("/api/v1/units", map[string]string{"name": " 区教育和体育局 ", "short_name": "区教体局", "kind": "agency"})
	wantStatus(t, r, http.StatusCreated)
	r.Decode(t, &u)
	if u.ID == 0 || u.Name != "区教育和体育局" || u.ShortName != "区教体局" || u.Kind != account.KindAgency || u.Version != 1 || !u.Active {
		t.Fatalf("created %+v", u)
	}
	var got account.Unit
	r = e.API(d.AgencyAMember).Get(fmt.Sprintf("/api/v1/units/%d", u.ID))
	wantStatus(t, r, http.StatusOK)
	r.Decode(t, &got)
	if got.Name != u.Name {
		t.Errorf("get %+v", got)
	}
	wantError(t, admin.Get("/api/v1/units/999999"), http.StatusNotFound, "not_found")
	wantError(t, admin.Get("/api/v1/units/abc"), http.StatusNotFound, "not_found")

	t.Run("patch with version", func(t *testing.T) {
		path := fmt.Sprintf("/api/v1/units/%d", u.ID)
		var v2 account.Unit
		r := admin.Do(http.MethodPatch, path, map[string]any{"short_name": "教体局", "version": 1})
		wantStatus(t, r, http.StatusOK)
		r.Decode(t, &v2)
		if v2.Version != 2 || v2.ShortName != "教体局" || v2.Name != u.Name {
			t.Fatalf("patched %+v", v2)
		}
		wantError(t, admin.Do(http.MethodPatch, path, map[string]any{"short_name": "陈旧", "version": 1}), http.StatusConflict, "stale_version")
		wantError(t, admin.Do(http.MethodPatch, path, map[string]any{"short_name": "无版本"}), http.StatusUnprocessableEntity, "invalid")
		wantError(t, admin.Do(http.MethodPatch, "/api/v1/units/999999", map[string]any{"short_name": "x", "version": 1}), http.StatusNotFound, "not_found")
		var now account.Unit
		admin.Get(path).Decode(t, &now)
		if now.ShortName != "教体局" || now.Version != 2 {
			t.Errorf("a refused patch changed the unit: %+v", now)
		}
	})

	t.Run("bad input", func(t *testing.T) {
		before := count(t, e, `SELECT COUNT(*) FROM units`)
		ae := wantError(t, admin.Post("/api/v1/units", map[string]string{"name": "区检察院", "kind": "procuratorate"}), http.StatusUnprocessableEntity, "invalid")
		if ae.Fields["name"] == "" {
			t.Errorf("duplicate name: fields %v", ae.Fields)
		}
		wantError(t, admin.Post("/api/v1/units", `{"name": "x", "kind": `), http.StatusBadRequest, "malformed.json")
		wantError(t, admin.Post("/api/v1/units", `[1,2]`), http.StatusBadRequest, "")
		wantError(t, admin.Post("/api/v1/units", `{"name": "x", "kind": "agency"} {}`), http.StatusBadRequest, "")
		wantError(t, admin.Post("/api/v1/units", `{"name": "x", "kind": "agency", "colour": "red"}`), http.StatusBadRequest, "malformed.unknown_field")
		ae = wantError(t, admin.Post("/api/v1/units", `{"name": 5, "kind": "agency"}`), http.StatusUnprocessableEntity, "malformed.type")
		if ae.Fields["name"] == "" {
			t.Errorf("wrong type: fields %v", ae.Fields)
		}
		ae = wantError(t, admin.Post("/api/v1/units", map[string]string{"name": strings.Repeat("长", 101), "kind": "agency"}), http.StatusUnprocessableEntity, "invalid")
		if ae.Fields["name"] == "" {
			t.Errorf("too long: fields %v", ae.Fields)
		}
		ae = wantError(t, admin.Post("/api/v1/units", map[string]string{"name": "", "kind": "bakery"}), http.StatusUnprocessableEntity, "invalid")
		if ae.Fields["name"] == "" || ae.Fields["kind"] == "" {
			t.Errorf("empty name, bad kind: fields %v", ae.Fields)
		}
		wantError(t, admin.Post("/api/v1/units", map[string]string{"name": "a\x00b", "kind": "agency"}), http.StatusBadRequest, "text_invalid")
		wantError(t, admin.Post("/api/v1/units", map[string]string{"name": "a\x01b", "kind": "agency"}), http.StatusUnprocessableEntity, "invalid")
		wantStatus(t, admin.Do(http.MethodPost, "/api/v1/units", ""), http.StatusBadRequest)
		if n := count(t, e, `SELECT COUNT(*) FROM units`); n != before {
			t.Errorf("bad input created units: %d → %d", before, n)
		}
		ae = wantError(t, english(admin).Post("/api/v1/units", map[string]string{"name": "", "kind": "agency"}), http.StatusUnprocessableEntity, "invalid")
		if hasChinese(ae.Message) || hasChinese(ae.Fields["name"]) {
			t.Errorf("English answer in Chinese: %+v", ae)
		}
	})
}

func TestUnitsAPI_Pagination(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	for i := range 7 {
		e.Unit(fmt.Sprintf("分页单位%02d", i), account.KindAgency)
	}
	total := count(t, e, `SELECT COUNT(*) FROM units`)
	c := e.API(d.ProcMember)
	seen := map[int64]bool{}
	cursor, pages := "", 0
	for {
		q := url.Values{"limit": {"4"}}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		var p struct {
			Items      []account.Unit `json:"items"`
			NextCursor *string        `json:"next_cursor"`
		}
		r := c.Get("/api/v1/units?" + q.Encode())
		wantStatus(t, r, http.StatusOK)
		r.Decode(t, &p)
		if p.NextCursor == nil {
			t.Fatalf("no next_cursor key: %s", r.Body)
		}
		if len(p.Items) > 4 {
			t.Fatalf("%d items on a page of 4", len(p.Items))
		}
		for _, u := range p.Items {
			if seen[u.ID] {
				t.Fatalf("unit %d twice", u.ID)
			}
			seen[u.ID] = true
		}
		pages++
		if *p.NextCursor == "" {
			break
		}
		cursor = *p.NextCursor
		if pages > 10 {
			t.Fatal("pagination does not end")
		}
	}
	if int64(len(seen)) != total || pages != int((total+3)/4) {
		t.Errorf("saw %d of %d units in %d pages", len(seen), total, pages)
	}
	for _, bad := range []string{"limit=0", "limit=201", "limit=abc", "limit=-1", "cursor=%25%25", "cursor=abc", "limit=1e3"} {
		r := c.Get("/api/v1/units?" + bad)
		if r.Status != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d", bad, r.Status)
			continue
		}
		if ae := wantError(t, r, http.StatusUnprocessableEntity, "invalid"); len(ae.Fields) == 0 {
			t.Errorf("%s: no field named", bad)
		}
	}
	wantStatus(t, c.Get("/api/v1/units?limit=200"), http.StatusOK)
	wantStatus(t, c.Get("/api/v1/users?limit=1&unit_id="+fmt.Sprint(d.Office.ID)), http.StatusOK)
	wantError(t, c.Get("/api/v1/users?unit_id=abc"), http.StatusUnprocessableEntity, "invalid")
}

func TestUsersAPI(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	admin := e.API(d.Admin)
	in := map[string]any{"username": "new.person", "display_name": "新同事", "unit_id": d.AgencyA.ID, "role": "member",
		"email": "new@kuiwen.example.gov.cn", "password": "long-and-unusual-9"}
	r := admin.Post("/api/v1/users", in)
	wantStatus(t, r, http.StatusCreated)
	if s := string(r.Body); strings.Contains(s, "password") || strings.Contains(s, "argon2") || strings.Contains(s, "long-and-unusual-9") {
		t.Errorf("answer leaks the password: %s", s)
	}
	var u account.User
	r.Decode(t, &u)
	if u.ID == 0 || u.Username != "new.person" || u.UnitID != d.AgencyA.ID || u.Role != account.RoleMember || u.Version != 1 || !u.Active {
		t.Fatalf("created %+v", u)
	}
	var got account.User
	r = e.API(d.ProcMember).Get(fmt.Sprintf("/api/v1/users/%d", u.ID))
	wantStatus(t, r, http.StatusOK)
	r.Decode(t, &got)
	if got.Username != u.Username || strings.Contains(string(r.Body), "argon2") {
		t.Errorf("get %s", r.Body)
	}
	wantError(t, admin.Get("/api/v1/users/0"), http.StatusNotFound, "not_found")
	// The new user can sign in.
	wantStatus(t, e.Anon().Post("/api/v1/auth/token", map[string]string{"username": "new.person", "password": "long-and-unusual-9"}), http.StatusCreated)

	with := func(k string, v any) map[string]any {
		m := map[string]any{}
		for a, b := range in {
			m[a] = b
		}
		m["username"] = "other.person"
		m[k] = v
		return m
	}
	t.Run("bad input", func(t *testing.T) {
		before := count(t, e, `SELECT COUNT(*) FROM users`)
		ae := wantError(t, admin.Post("/api/v1/users", with("username", "new.person")), http.StatusConflict, "user.username_taken")
		if ae.Fields["username"] == "" {
			t.Errorf("duplicate: fields %v", ae.Fields)
		}
		wantError(t, admin.Post("/api/v1/users", with("username", "NEW.Person")), http.StatusConflict, "user.username_taken")
		fields := []struct {
			name, field string
			value       any
		}{
			{"unknown unit", "unit_id", 999999},
			{"no unit", "unit_id", 0},
			{"weak password", "password", "short"},
			{"common password", "password", "password123"},
			{"username as password", "password", "other.person"},
			{"over-long password", "password", strings.Repeat("p", 129)},
			{"bad role", "role", "superuser"},
			{"bad username", "username", "-x"},
			{"over-long display name", "display_name", strings.Repeat("名", 61)},
			{"bad email", "email", "not an email"},
		}
		for _, f := range fields {
			ae := wantError(t, admin.Post("/api/v1/users", with(f.field, f.value)), http.StatusUnprocessableEntity, "invalid")
			if ae.Fields[f.field] == "" || !hasChinese(ae.Fields[f.field]) {
				t.Errorf("%s: fields %v", f.name, ae.Fields)
			}
		}
		inactive := e.Unit("撤销单位", account.KindAgency)
		if _, err := e.Deps.Accounts.UpdateUnit(e.Ctx(), account.System, inactive.ID, account.UnitPatch{Active: ptr(false), Version: inactive.Version}); err != nil {
			t.Fatal(err)
		}
		wantError(t, admin.Post("/api/v1/users", with("unit_id", inactive.ID)), http.StatusUnprocessableEntity, "invalid")
		ae = wantError(t, admin.Post("/api/v1/users", with("unit_id", "seven")), http.StatusUnprocessableEntity, "malformed.type")
		if ae.Fields["unit_id"] == "" {
			t.Errorf("wrong type: %v", ae.Fields)
		}
		wantError(t, admin.Post("/api/v1/users", with("unit_id", 1.5)), http.StatusUnprocessableEntity, "malformed.type")
		wantError(t, admin.Post("/api/v1/users", with("is_admin", true)), http.StatusBadRequest, "malformed.unknown_field")
		ae = wantError(t, english(admin).Post("/api/v1/users", with("password", "short")), http.StatusUnprocessableEntity, "invalid")
		if hasChinese(ae.Fields["password"]) || ae.Fields["password"] == "" {
			t.Errorf("English field message %q", ae.Fields["password"])
		}
		if n := count(t, e, `SELECT COUNT(*) FROM users`); n != before {
			t.Errorf("bad input created users: %d → %d", before, n)
		}
	})

	t.Run("patch", func(t *testing.T) {
		path := fmt.Sprintf("/api/v1/users/%d", u.ID)
		var v2 account.User
		r := admin.Do(http.MethodPatch, path, map[string]any{"role": "secretary", "unit_id": d.AgencyB.ID, "version": 1})
		wantStatus(t, r, http.StatusOK)
		r.Decode(t, &v2)
		if v2.Version != 2 || v2.Role != account.RoleSecretary || v2.UnitID != d.AgencyB.ID || v2.DisplayName != "新同事" {
			t.Fatalf("patched %+v", v2)
		}
		wantError(t, admin.Do(http.MethodPatch, path, map[string]any{"role": "leader", "version": 1}), http.StatusConflict, "stale_version")
		wantError(t, admin.Do(http.MethodPatch, path, map[string]any{"unit_id": 999999, "version": 2}), http.StatusUnprocessableEntity, "invalid")
		wantError(t, admin.Do(http.MethodPatch, path, map[string]any{"password": "123", "version": 2}), http.StatusUnprocessableEntity, "invalid")
		wantError(t, admin.Do(http.MethodPatch, path, map[string]any{"locale": "fr", "version": 2}), http.StatusUnprocessableEntity, "invalid")
		wantError(t, admin.Do(http.MethodPatch, path, map[string]any{"version": "2"}), http.StatusUnprocessableEntity, "malformed.type")
		var now account.User
		admin.Get(path).Decode(t, &now)
		if now.Version != 2 || now.Role != account.RoleSecretary || now.UnitID != d.AgencyB.ID {
			t.Errorf("a refused patch changed the user: %+v", now)
		}
	})
}

func TestAudit(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	admin := e.API(d.Admin)
	// A failed and a successful sign-in, from the form.
	b := e.NewBrowser()
	b.Get("/login")
	b.PostForm("/login", url.Values{"username": {d.ProcSec.Username}, "password": {"wrong-password"}})
	wantStatus(t, b.PostForm("/login", url.Values{"username": {d.ProcSec.Username}, "password": {webtest.Password}}), http.StatusSeeOther)
	var unit account.Unit
	admin.Post("/api/v1/units", map[string]string{"name": "审计单位", "kind": "agency"}).Decode(t, &unit)
	admin.Do(http.MethodPatch, fmt.Sprintf("/api/v1/units/%d", unit.ID), map[string]any{"active": false, "version": 1})
	var user account.User
	admin.Post("/api/v1/users", map[string]any{"username": "audited", "display_name": "被审计", "unit_id": d.AgencyA.ID,
		"role": "member", "password": "secret-passphrase-1"}).Decode(t, &user)
	admin.Do(http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", user.ID), map[string]any{"password": "another-passphrase-2", "version": 1})

	var list struct {
		Items      []account.AuditEntry `json:"items"`
		NextCursor string               `json:"next_cursor"`
	}
	r := admin.Get("/api/v1/audit?limit=200")
	wantStatus(t, r, http.StatusOK)
	r.Decode(t, &list)
	if strings.Contains(string(r.Body), "secret-passphrase-1") || strings.Contains(string(r.Body), "another-passphrase-2") || strings.Contains(string(r.Body), "argon2") {
		t.Error("the audit log holds a password or hash")
	}
	type key struct{ action, obj string }
	found := map[key]account.AuditEntry{}
	for _, a := range list.Items {
		found[key{a.Action, a.ObjectID}] = a
	}
	want := []struct {
		action string
		obj    int64
		actor  int64
	}{
		{"auth.signin_failed", d.ProcSec.ID, 0},
		{"auth.signin", d.ProcSec.ID, d.ProcSec.ID},
		{"unit.create", unit.ID, d.Admin.ID},
		{"unit.update", unit.ID, d.Admin.ID},
		{"user.create", user.ID, d.Admin.ID},
		{"user.update", user.ID, d.Admin.ID},
	}
	for _, w := range want {
		a, ok := found[key{w.action, fmt.Sprint(w.obj)}]
		if !ok {
			t.Errorf("no %s entry for %d", w.action, w.obj)
			continue
		}
		if a.IP == "" || a.At.IsZero() {
			t.Errorf("%s: no address or time: %+v", w.action, a)
		}
		if w.actor != 0 && (a.ActorID == nil || *a.ActorID != w.actor) {
			t.Errorf("%s: actor %v, want %d", w.action, a.ActorID, w.actor)
		}
		if strings.HasPrefix(w.action, "unit.") || strings.HasPrefix(w.action, "user.") {
			if a.RequestID == "" {
				t.Errorf("%s: no request id", w.action)
			}
		}
	}
	// Filters and pagination.
	r = admin.Get("/api/v1/audit?action=unit.create&limit=1")
	wantStatus(t, r, http.StatusOK)
	r.Decode(t, &list)
	if len(list.Items) != 1 || list.Items[0].Action != "unit.create" || list.NextCursor == "" {
		t.Fatalf("filtered page %+v", list)
	}
	first := list.Items[0].ID
	r = admin.Get("/api/v1/audit?action=unit.create&limit=200&cursor=" + list.NextCursor)
	wantStatus(t, r, http.StatusOK)
	r.Decode(t, &list)
	if len(list.Items) == 0 || list.Items[0].ID >= first {
		t.Errorf("second page %+v does not continue after %d", list.Items, first)
	}
	// HTML page shows entries.
	ab := e.Browser(d.Admin)
	if r := ab.Get("/admin/audit"); !strings.Contains(string(r.Body), "unit.create") {
		t.Errorf("audit page lacks entries")
	}
}
