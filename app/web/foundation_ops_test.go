package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"liaison/app/config"
	"liaison/app/db/dbtest"
	"liaison/app/web"
	"liaison/app/web/webtest"
	"liaison/app/wire"
)

func TestHealth(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	wantStatus(t, e.Anon().Get("/healthz"), http.StatusOK)
	wantStatus(t, e.Anon().Get("/readyz"), http.StatusOK)

	t.Run("readyz fails without a database", func(t *testing.T) {
		d := dbtest.New(t)
		deps, err := wire.Build(config.Default(), d, nil)
		if err != nil {
			t.Fatal(err)
		}
		srv, err := web.New(context.Background(), deps)
		if err != nil {
			t.Fatal(err)
		}
		hs := httptest.NewServer(srv.Handler())
		defer hs.Close()
		get := func(p string) int {
			res, err := http.Get(hs.URL + p)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			return res.StatusCode
		}
		if s := get("/readyz"); s != http.StatusOK {
			t.Fatalf("readyz %d before closing", s)
		}
		if err := d.Close(); err != nil {
			t.Fatal(err)
		}
		if s := get("/readyz"); s != http.StatusServiceUnavailable {
			t.Errorf("readyz %d with the database closed", s)
		}
		if s := get("/healthz"); s != http.StatusOK {
			t.Errorf("healthz %d with the database closed", s)
		}
	})
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	check := func(t *testing.T, r webtest.Response, hsts bool) {
		t.Helper()
		h := r.Header
		csp := h.Get("Content-Security-Policy")
		var script string
		for _, d := range strings.Split(csp, ";") {
			if d = strings.TrimSpace(d); strings.HasPrefix(d, "script-src") || (script == "" && strings.HasPrefix(d, "default-src")) {
				script = d
			}
		}
		if script == "" || strings.Contains(script, "'unsafe-inline'") || strings.Contains(script, "'unsafe-eval'") {
			t.Errorf("CSP %q allows inline script", csp)
		}
		if !strings.Contains(csp, "frame-ancestors 'none'") || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("framing allowed: %q / %q", csp, h.Get("X-Frame-Options"))
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
			t.Errorf("nosniff %q, referrer %q", h.Get("X-Content-Type-Options"), h.Get("Referrer-Policy"))
		}
		if got := h.Get("Strict-Transport-Security") != ""; got != hsts {
			t.Errorf("HSTS present = %v, want %v", got, hsts)
		}
		if h.Get("X-Request-Id") == "" {
			t.Error("no request id")
		}
	}
	for _, https := range []bool{false, true} {
		name := map[bool]string{false: "http", true: "https"}[https]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := webtest.NewWith(t, func(c *config.Config) {
				if https {
					c.BaseURL, c.SecureCookies = "https://liaison.example.gov.cn", true
				}
			})
			d := e.District()
			c := e.Anon()
			for _, p := range []string{"/login", "/api/v1/me", "/healthz", "/api/openapi.yaml", "/no-such-page", "/"} {
				check(t, c.Get(p), https)
			}
			check(t, e.API(d.Admin).Get("/api/v1/units"), https)
			r := c.Get("/login")
			ck := setCookie(r, sessionCookieName)
			if ck == nil {
				t.Fatal("sign-in page set no session cookie")
			}
			if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure != https || ck.Path != "/" {
				t.Errorf("session cookie %+v", ck)
			}
			// The device cookie of a successful sign-in.
			csrf := csrfRE.FindStringSubmatch(string(r.Body))
			if csrf == nil {
				t.Fatal("no CSRF field on the sign-in page")
			}
			b := e.Anon()
			b.Header.Set("Cookie", sessionCookieName+"="+ck.Value)
			r = b.PostForm("/login", map[string][]string{"username": {d.ProcSec.Username}, "password": {webtest.Password}, "_csrf": {csrf[1]}})
			wantStatus(t, r, http.StatusSeeOther)
			for _, name := range []string{sessionCookieName, "liaison_device"} {
				ck := setCookie(r, name)
				if ck == nil || !ck.HttpOnly || ck.Secure != https || ck.SameSite == http.SameSiteNoneMode || ck.SameSite == http.SameSiteDefaultMode {
					t.Errorf("cookie %s: %+v", name, ck)
				}
			}
		})
	}
}

func TestBodyLimit(t *testing.T) {
	t.Parallel()
	e := webtest.NewWith(t, func(c *config.Config) { c.BodyLimit = 1024 })
	d := e.District()
	big := `{"username": "` + strings.Repeat("x", 4096) + `", "password": "y"}`
	send := func(t *testing.T, path, ct string, chunked bool, body string, hdr http.Header) *http.Response {
		t.Helper()
		var rd io.Reader = strings.NewReader(body)
		if chunked {
			rd = io.MultiReader(strings.NewReader(body)) // unknown length: sent chunked
		}
		req, err := http.NewRequest(http.MethodPost, e.URL+path, rd)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range hdr {
			req.Header[k] = v
		}
		req.Header.Set("Content-Type", ct)
		if chunked && req.ContentLength != 0 && req.ContentLength != -1 {
			t.Fatalf("request has a length %d", req.ContentLength)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	tok := e.API(d.Admin).Token
	for _, chunked := range []bool{false, true} {
		name := map[bool]string{false: "content-length", true: "chunked"}[chunked]
		t.Run(name, func(t *testing.T) {
			for _, c := range []struct {
				path, ct string
				hdr      http.Header
			}{
				{"/api/v1/auth/token", "application/json", nil},
				{"/api/v1/units", "application/json", http.Header{"Authorization": {"Bearer " + tok}}},
				{"/login", "application/x-www-form-urlencoded", nil},
			} {
				body := big
				if strings.HasPrefix(c.ct, "application/x-www") {
					body = "username=" + strings.Repeat("x", 4096) + "&password=y"
				}
				res := send(t, c.path, c.ct, chunked, body, c.hdr)
				data, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusRequestEntityTooLarge {
					t.Errorf("%s: status %d\n%.300s", c.path, res.StatusCode, data)
					continue
				}
				if strings.HasPrefix(c.path, "/api/") {
					wantError(t, webtest.Response{Status: res.StatusCode, Header: res.Header, Body: data}, http.StatusRequestEntityTooLarge, "malformed.too_large")
				}
			}
		})
	}
	// A body under the limit passes.
	wantStatus(t, e.Anon().Post("/api/v1/auth/token", map[string]string{"username": d.ProcSec.Username, "password": webtest.Password}), http.StatusCreated)
	if n := count(t, e, `SELECT COUNT(*) FROM audit_log WHERE action = 'auth.signin_failed'`); n != 0 {
		t.Errorf("an oversized body counted as %d failed sign-ins", n)
	}
}
