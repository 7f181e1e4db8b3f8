package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"liaison/app/web/webtest"
)

func TestAuthorization_HTTP(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	nonAdmins := map[string]*webtest.Client{
		"secretary": e.API(d.OfficeSec), "leader": e.API(d.Leader), "member": e.API(d.ProcMember),
	}
	for role, c := range nonAdmins {
		t.Run(role+" may not manage", func(t *testing.T) {
			units := count(t, e, `SELECT COUNT(*) FROM units`)
			wantError(t, c.Post("/api/v1/units", map[string]string{"name": "越权单位", "kind": "agency"}), http.StatusForbidden, "forbidden")
			wantError(t, c.Post("/api/v1/users", map[string]any{"username": "sneaky", "display_name": "x", "unit_id": d.AgencyA.ID,
				"role": "admin", "password": "a-long-enough-pass"}), http.StatusForbidden, "forbidden")
			wantError(t, c.Do(http.MethodPatch, fmt.Sprintf("/api/v1/units/%d", d.AgencyA.ID), map[string]any{"name": "改名", "version": 1}), http.StatusForbidden, "forbidden")
			// Changing someone else is as if they did not exist; promoting oneself is refused.
			wantError(t, c.Do(http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", d.Admin.ID), map[string]any{"display_name": "x", "version": 1}), http.StatusNotFound, "not_found")
			wantStatus(t, c.Get("/api/v1/audit"), http.StatusForbidden)
			if n := count(t, e, `SELECT COUNT(*) FROM units`); n != units {
				t.Error("a refused request changed units")
			}
			if n := count(t, e, `SELECT COUNT(*) FROM users WHERE username = 'sneaky'`); n != 0 {
				t.Error("a refused request created a user")
			}
		})
	}
	t.Run("nobody promotes themselves", func(t *testing.T) {
		c := e.API(d.ProcMember)
		wantError(t, c.Do(http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", d.ProcMember.ID), map[string]any{"role": "admin", "version": 1}), http.StatusForbidden, "forbidden")
		// but edit their own name.
		r := c.Do(http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", d.ProcMember.ID), map[string]any{"display_name": "新名字", "version": 1})
		wantStatus(t, r, http.StatusOK)
	})
	t.Run("admin pages are hidden", func(t *testing.T) {
		b := e.Browser(d.OfficeSec)
		for _, p := range []string{"/admin", "/admin/units", "/admin/users", "/admin/audit", fmt.Sprintf("/admin/users/%d", d.Admin.ID), fmt.Sprintf("/admin/units/%d", d.Office.ID)} {
			if r := b.Get(p); r.Status != http.StatusNotFound {
				t.Errorf("GET %s: %d", p, r.Status)
			}
		}
		for _, p := range []string{"/admin/units", "/admin/users", fmt.Sprintf("/admin/users/%d", d.Admin.ID), fmt.Sprintf("/admin/units/%d", d.Office.ID)} {
			r := b.PostForm(p, url.Values{"name": {"x"}, "kind": {"agency"}, "username": {"x1"}, "display_name": {"x"}, "role": {"admin"}, "version": {"1"}})
			if r.Status != http.StatusNotFound && r.Status != http.StatusForbidden {
				t.Errorf("POST %s: %d", p, r.Status)
			}
		}
		if n := count(t, e, `SELECT COUNT(*) FROM units WHERE name = 'x'`); n != 0 {
			t.Error("a refused form created a unit")
		}
		a := e.Browser(d.Admin)
		for _, p := range []string{"/admin/units", "/admin/users", "/admin/audit"} {
			wantStatus(t, a.Get(p), http.StatusOK)
		}
	})
	t.Run("anonymous", func(t *testing.T) {
		c := e.Anon()
		for _, p := range []string{"/api/v1/me", "/api/v1/units", "/api/v1/users", "/api/v1/audit"} {
			wantError(t, c.Get(p), http.StatusUnauthorized, "auth.required")
		}
		wantError(t, c.Post("/api/v1/units", map[string]string{"name": "匿名", "kind": "agency"}), http.StatusUnauthorized, "auth.required")
		for _, p := range []string{"/", "/admin", "/admin/users?q=x"} {
			r := c.Get(p)
			if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/login?next="+url.QueryEscape(p) {
				t.Errorf("GET %s: %d %q", p, r.Status, r.Header.Get("Location"))
			}
		}
		r := c.Get("/no/such/page")
		if r.Status != http.StatusNotFound && r.Status != http.StatusSeeOther {
			t.Errorf("unknown page: %d", r.Status)
		}
		if strings.Contains(string(r.Body), "goroutine") {
			t.Error("stack trace in a response")
		}
	})
}
