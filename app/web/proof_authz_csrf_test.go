package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// azCSRF sends every state-changing route that runs in a cookie session
// (pages, the app group and the JSON API) from a signed-in browser without
// its CSRF token — the administrator's, who may do nearly everything — and
// expects the CSRF refusal, not a later one. It returns the requests made.
func azCSRF(t *testing.T, w *azWorld, cl *azClients, routes []azRow) int {
	t.Helper()
	zh, en := w.e.Deps.Tr.T("zh-CN", "auth.csrf", nil), w.e.Deps.Tr.T("en", "auth.csrf", nil) // an earlier row may have switched the language
	if !signedIn(t, cl.browser["admin"]) {
		t.Fatal("the administrator's browser was signed out by an earlier row")
	}
	n := 0
	for _, r := range routes {
		if azWriteRank(r.method) == 0 {
			continue
		}
		if r.method == http.MethodPost && r.path == "/api/v1/auth/token" {
			continue // no session: the credentials are the request body
		}
		key := "admin"
		if r.path == "/login" {
			key = ""
		}
		c := azCell{side: w.sides["O"], own: true, plain: true}
		if key != "" {
			c.role, c.user = &azRoles[0], azRoles[0].user(w.d)
		}
		b := *cl.browser[key]
		b.CSRF = ""
		b.Header = b.Header.Clone()
		var body any = "{}"
		if !strings.HasPrefix(r.path, "/api/") {
			body = url.Values{}
		}
		res := b.Do(r.method, w.fill(t, r, c), body)
		n++
		if res.Status != http.StatusForbidden || !azContainsAny(string(res.Body), `"auth.csrf"`, html.EscapeString(zh), html.EscapeString(en)) {
			t.Errorf("CSRF: %s %s without a token: %d, want 403 auth.csrf\n%.300s", r.method, r.path, res.Status, res.Body)
		}
	}
	return n
}

func azContainsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}
