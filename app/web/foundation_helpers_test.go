package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"liaison/app/web/webtest"
)

const sessionCookieName = "liaison_session"

// jarCookie returns the value of the cookie name the client's jar holds for
// the server, or "".
func jarCookie(t *testing.T, e *webtest.Env, c *webtest.Client, name string) string {
	t.Helper()
	u, _ := url.Parse(e.URL + "/")
	for _, ck := range c.HTTP.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// withSession returns a jar-less client that sends exactly this session
// cookie, so the server (not the jar's expiry rules) decides what it is worth.
func withSession(e *webtest.Env, value string) *webtest.Client {
	c := e.Anon()
	c.Header.Set("Cookie", sessionCookieName+"="+value)
	return c
}

// setCookie finds a Set-Cookie of the response by name.
func setCookie(r webtest.Response, name string) *http.Cookie {
	for _, ck := range (&http.Response{Header: r.Header}).Cookies() {
		if ck.Name == name {
			return ck
		}
	}
	return nil
}

// apiError is the error body the API contract fixes.
type apiError struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields"`
}

// errorOf decodes a JSON error body and checks its shape.
func errorOf(t *testing.T, r webtest.Response) apiError {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("status %d: error content type %q\n%s", r.Status, ct, r.Body)
	}
	var b struct {
		Error *apiError `json:"error"`
	}
	if err := json.Unmarshal(r.Body, &b); err != nil || b.Error == nil {
		t.Fatalf("status %d: not an error body: %v\n%s", r.Status, err, r.Body)
	}
	if b.Error.Code == "" || b.Error.Message == "" {
		t.Fatalf("status %d: error without code or message: %s", r.Status, r.Body)
	}
	if b.Error.Message == b.Error.Code {
		t.Errorf("status %d: message %q is the untranslated code", r.Status, b.Error.Message)
	}
	return *b.Error
}

// wantError checks status and error code of a JSON error answer.
func wantError(t *testing.T, r webtest.Response, status int, code string) apiError {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d\n%s", r.Status, status, r.Body)
	}
	ae := errorOf(t, r)
	if code != "" && ae.Code != code {
		t.Errorf("code %q, want %q (%s)", ae.Code, code, r.Body)
	}
	return ae
}

// wantStatus fails unless r has status.
func wantStatus(t *testing.T, r webtest.Response, status int) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d\n%s", r.Status, status, r.Body)
	}
}

// count runs a COUNT query on the test database.
func count(t *testing.T, e *webtest.Env, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := e.DB.Conn(context.Background()).Raw(q, args...).Scan(&n).Error; err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// hasChinese reports whether s contains a CJK character.
func hasChinese(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff })
}

// english returns a copy of c asking for English answers.
func english(c *webtest.Client) *webtest.Client {
	cp := *c
	cp.Header = c.Header.Clone()
	cp.Header.Set("Accept-Language", "en")
	return &cp
}

// signedIn reports whether the client's session is signed in, asking the API.
func signedIn(t *testing.T, c *webtest.Client) bool {
	t.Helper()
	r := c.Get("/api/v1/me")
	switch r.Status {
	case http.StatusOK:
		return true
	case http.StatusUnauthorized:
		return false
	}
	t.Fatalf("/api/v1/me: status %d\n%s", r.Status, r.Body)
	return false
}

// csrfRE finds the CSRF field of a form.
var csrfRE = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)
