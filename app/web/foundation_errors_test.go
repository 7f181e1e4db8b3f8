package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"liaison/app/config"
	"liaison/app/web/webtest"
)

// TestErrors_Localised checks every kind of API error: the status the API contract
// fixes, the {"error": {"code", "message"}} body, a Chinese message by
// default and an English one for Accept-Language: en (fields too).
func TestErrors_Localised(t *testing.T) {
	t.Parallel()
	e := webtest.NewWith(t, func(c *config.Config) { c.BodyLimit = 4096 })
	d := e.District()
	unitPath := fmt.Sprintf("/api/v1/units/%d", d.AgencyA.ID)
	cases := []struct {
		name   string
		who    func() *webtest.Client
		method string
		path   string
		body   any
		status int
		code   string
	}{
		{"malformed", func() *webtest.Client { return e.API(d.Admin) }, http.MethodPost, "/api/v1/units", `{`, 400, "malformed.json"},
		{"unknown field", func() *webtest.Client { return e.API(d.Admin) }, http.MethodPost, "/api/v1/units", `{"nom": "x"}`, 400, "malformed.unknown_field"},
		{"anonymous", e.Anon, http.MethodGet, "/api/v1/me", nil, 401, "auth.required"},
		{"forbidden", func() *webtest.Client { return e.API(d.ProcSec) }, http.MethodPost, "/api/v1/units", map[string]string{"name": "x", "kind": "agency"}, 403, "forbidden"},
		{"not found", func() *webtest.Client { return e.API(d.Admin) }, http.MethodGet, "/api/v1/users/424242", nil, 404, "not_found"},
		{"no route", func() *webtest.Client { return e.API(d.Admin) }, http.MethodGet, "/api/v1/nothing-here", nil, 404, "not_found"},
		{"stale", func() *webtest.Client { return e.API(d.Admin) }, http.MethodPatch, unitPath, map[string]any{"name": "x", "version": 99}, 409, "stale_version"},
		{"invalid", func() *webtest.Client { return e.API(d.Admin) }, http.MethodPost, "/api/v1/units", map[string]string{"name": "", "kind": "x"}, 422, "invalid"},
		{"too large", func() *webtest.Client { return e.API(d.Admin) }, http.MethodPost, "/api/v1/units", `{"name": "` + strings.Repeat("x", 5000) + `"}`, 413, "malformed.too_large"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, en := range []bool{false, true} {
				cl := c.who()
				if en {
					cl.Header.Set("Accept-Language", "en-US,en;q=0.9")
				}
				ae := wantError(t, cl.Do(c.method, c.path, c.body), c.status, c.code)
				texts := []string{ae.Message}
				for _, m := range ae.Fields {
					texts = append(texts, m)
				}
				for _, s := range texts {
					if hasChinese(s) == en {
						t.Errorf("en=%v: message %q", en, s)
					}
				}
			}
		})
	}
	t.Run("unsupported method", func(t *testing.T) {
		// Echo's group catch-all answers 404 where a bare router says 405;
		// either is an error body, never a 500.
		r := e.API(d.Admin).Do(http.MethodDelete, unitPath, nil)
		if r.Status != http.StatusNotFound && r.Status != http.StatusMethodNotAllowed {
			t.Fatalf("status %d", r.Status)
		}
		errorOf(t, r)
	})
	t.Run("pages answer errors as pages", func(t *testing.T) {
		b := e.Browser(d.Admin)
		r := b.Get("/admin/users/424242")
		wantStatus(t, r, http.StatusNotFound)
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") || !strings.Contains(string(r.Body), e.Deps.Tr.T("zh-CN", "not_found", nil)) {
			t.Errorf("not-found page: %s %.200s", r.Header.Get("Content-Type"), r.Body)
		}
		// A JSON client of a page gets JSON.
		b.Header.Set("Accept", "application/json")
		wantError(t, b.Get("/admin/users/424242"), http.StatusNotFound, "not_found")
	})
}
