package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"liaison/app/web/webtest"
)

func TestAuthToken(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	anon := e.Anon()
	r := anon.Post("/api/v1/auth/token", map[string]string{"username": d.ProcSec.Username, "password": webtest.Password})
	wantStatus(t, r, http.StatusCreated)
	var out map[string]string
	r.Decode(t, &out)
	raw := out["token"]
	if raw == "" || len(out) != 1 {
		t.Fatalf("answer %s", r.Body)
	}
	api := e.Anon()
	api.Token = raw
	var me map[string]any
	r = api.Get("/api/v1/me")
	wantStatus(t, r, http.StatusOK)
	r.Decode(t, &me)
	if me["username"] != d.ProcSec.Username {
		t.Errorf("me = %v", me)
	}

	t.Run("stored only as a hash", func(t *testing.T) {
		var hashes []string
		if err := e.DB.Conn(context.Background()).Raw(`SELECT token_hash FROM api_tokens`).Scan(&hashes).Error; err != nil {
			t.Fatal(err)
		}
		if len(hashes) == 0 {
			t.Fatal("no tokens stored")
		}
		secret := strings.TrimPrefix(raw, "lsn_")
		for _, h := range hashes {
			if strings.Contains(h, secret) || strings.Contains(raw, h) {
				t.Errorf("stored %q looks like the raw token", h)
			}
		}
	})

	t.Run("case-insensitive username", func(t *testing.T) {
		r := anon.Post("/api/v1/auth/token", map[string]string{"username": " PROC.SEC ", "password": webtest.Password})
		wantStatus(t, r, http.StatusCreated)
	})

	t.Run("bad requests", func(t *testing.T) {
		wantError(t, anon.Post("/api/v1/auth/token", `{"username":`), http.StatusBadRequest, "malformed.json")
		wantError(t, anon.Post("/api/v1/auth/token", `{"username":"a","password":"b","otp":1}`), http.StatusBadRequest, "malformed.unknown_field")
		wantError(t, anon.Post("/api/v1/auth/token", `{"username":1,"password":"b"}`), http.StatusUnprocessableEntity, "malformed.type")
	})

	bad := []struct{ name, header string }{
		{"unknown token", "Bearer lsn_" + strings.Repeat("x", 43)},
		{"not ours", "Bearer abc"},
		{"empty bearer", "Bearer "},
		{"basic auth", "Basic YWRtaW46cGFzcw=="},
		{"huge", "Bearer lsn_" + strings.Repeat("y", 5000)},
	}
	for _, b := range bad {
		t.Run(b.name, func(t *testing.T) {
			c := e.Anon()
			c.Header.Set("Authorization", b.header)
			r := c.Get("/api/v1/me")
			wantError(t, r, http.StatusUnauthorized, "")
			if !strings.HasPrefix(r.Header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("WWW-Authenticate %q", r.Header.Get("WWW-Authenticate"))
			}
		})
	}

	t.Run("revoked", func(t *testing.T) {
		c := e.API(d.ProcMember)
		wantStatus(t, c.Get("/api/v1/me"), http.StatusOK)
		if err := e.DB.Conn(e.Ctx()).Exec(`UPDATE api_tokens SET revoked_at = ? WHERE user_id = ?`, e.DB.Now(), d.ProcMember.ID).Error; err != nil {
			t.Fatal(err)
		}
		r := c.Get("/api/v1/me")
		ae := wantError(t, r, http.StatusUnauthorized, "auth.bad_token")
		if !hasChinese(ae.Message) {
			t.Errorf("message %q", ae.Message)
		}
		if r.Header.Get("WWW-Authenticate") == "" {
			t.Error("no WWW-Authenticate")
		}
		ae = wantError(t, english(c).Get("/api/v1/me"), http.StatusUnauthorized, "auth.bad_token")
		if hasChinese(ae.Message) {
			t.Errorf("English message %q", ae.Message)
		}
		// The other token of another user still works.
		wantStatus(t, api.Get("/api/v1/me"), http.StatusOK)
	})

	t.Run("anonymous", func(t *testing.T) {
		r := e.Anon().Get("/api/v1/units")
		ae := wantError(t, r, http.StatusUnauthorized, "auth.required")
		if !hasChinese(ae.Message) || r.Header.Get("WWW-Authenticate") == "" {
			t.Errorf("%q %q", ae.Message, r.Header.Get("WWW-Authenticate"))
		}
	})
}
