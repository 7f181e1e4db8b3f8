package web_test

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"liaison/app/web/webtest"
)

// TestBadInput_Never500 sends the kinds of garbage that reach the database
// (NUL bytes, invalid UTF-8, huge strings) through every foundation entry
// point: each must get a 4xx and a proper error body, never a 500.
func TestBadInput_Never500(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	admin := e.API(d.Admin)
	long := strings.Repeat("x", 5000)
	noise := make([]byte, 4000) // does not compress below PostgreSQL's index row limit
	_, _ = rand.Read(noise)
	random := hex.EncodeToString(noise)
	check := func(t *testing.T, what string, r webtest.Response) {
		t.Helper()
		if r.Status >= 500 {
			t.Errorf("%s: status %d\n%.300s", what, r.Status, r.Body)
		}
	}
	t.Run("sign-in", func(t *testing.T) {
		for _, name := range []string{long, random, "a\x00b", "\xff\xfe", "管理员", strings.Repeat("名", 2000)} {
			r := e.Anon().Post("/api/v1/auth/token", `{"username": "`+jsonEscape(name)+`", "password": "x"}`)
			check(t, "token "+name[:min(len(name), 10)], r)
			want := http.StatusUnauthorized
			if strings.Contains(name, "\x00") {
				want = http.StatusBadRequest // no NUL gets near the database
			}
			if r.Status != want {
				t.Errorf("token %.10q: status %d, want %d", name, r.Status, want)
			}
			b := e.NewBrowser()
			b.Get("/login")
			r = b.PostForm("/login", url.Values{"username": {name}, "password": {"x"}})
			check(t, "form "+name[:min(len(name), 10)], r)
		}
		r := e.Anon().Post("/api/v1/auth/token", map[string]string{"username": d.ProcMember.Username, "password": webtest.Password, "name": long})
		check(t, "long token name", r)
		if r.Status != http.StatusUnprocessableEntity {
			t.Errorf("long token name: %d", r.Status)
		}
		r = e.Anon().Post("/api/v1/auth/token", map[string]string{"username": d.ProcMember.Username, "password": webtest.Password, "name": "a\x00b"})
		wantError(t, r, http.StatusBadRequest, "text_invalid")
		// Only the token endpoint's own validation, not the sign-in, failed.
		if n := count(t, e, `SELECT COUNT(*) FROM api_tokens WHERE user_id = ?`, d.ProcMember.ID); n != 0 {
			t.Errorf("%d tokens created by refused requests", n)
		}
	})
	t.Run("queries", func(t *testing.T) {
		for _, p := range []string{
			"/api/v1/users?q=%00", "/api/v1/users?q=%ff", "/api/v1/users?role=%00", "/api/v1/units?kind=%ff%00",
			"/api/v1/users?q=" + long, "/api/v1/audit?action=%00", "/api/v1/audit?object_type=%ff&object_id=%00",
			"/api/v1/units/%00", "/api/v1/users/99999999999999999999", "/api/v1/units?cursor=" + long,
		} {
			r := admin.Get(p)
			check(t, p, r)
			if strings.Contains(p, "%00") || strings.Contains(p, "%ff") {
				wantError(t, r, http.StatusBadRequest, "text_invalid")
			}
		}
		b := e.Browser(d.Admin)
		for _, p := range []string{"/admin/users?q=%00", "/admin/users?q=%ff", "/admin/audit?cursor=%00", "/login?next=%00", "/lang/%ff"} {
			check(t, p, b.Get(p))
		}
	})
	t.Run("bodies", func(t *testing.T) {
		for _, body := range []string{
			`{"name": "a\u0000b", "kind": "agency"}`, `{"name": "ok", "short_name": "\u0000", "kind": "agency"}`,
			`{"name": "ok", "kind": "\u0000"}`, "{\"name\": \"\xff\", \"kind\": \"agency\"}", `{"name": null, "kind": null}`,
			`null`, `"x"`, `{"name": "` + long + `", "kind": "agency"}`,
		} {
			check(t, body[:min(len(body), 30)], admin.Post("/api/v1/units", body))
		}
		for _, body := range []string{
			`{"username": "a\u0000", "display_name": "x", "unit_id": 1, "role": "member", "password": "long-enough-pass"}`,
			`{"username": "ok.user", "display_name": "x", "unit_id": 1, "role": "\u0000", "password": "long-enough-pass"}`,
			`{"username": "ok.user", "display_name": "x", "unit_id": 1, "role": "member", "email": "a\u0000@b.c", "password": "long-enough-pass"}`,
			`{"username": "ok.user", "display_name": "x", "unit_id": 99999999999999999999, "role": "member", "password": "long-enough-pass"}`,
			`{"username": "ok.user", "display_name": "x", "unit_id": -1, "role": "member", "password": "pass\u0000word-long"}`,
		} {
			check(t, body[:min(len(body), 40)], admin.Post("/api/v1/users", body))
		}
		b := e.Browser(d.Admin)
		check(t, "form unit", b.PostForm("/admin/units", url.Values{"name": {"a\x00b"}, "kind": {"agency"}}))
		check(t, "form user", b.PostForm("/admin/users", url.Values{"username": {"x\xff"}, "display_name": {"\x00"}, "unit_id": {"abc"}, "role": {"member"}, "password": {"x"}}))
		check(t, "form user search", b.Get("/admin/users?q=%E4%B8"))
	})
}

func jsonEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == 0:
			b.WriteString(`\u0000`)
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
