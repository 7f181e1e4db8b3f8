package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"liaison/app/web/webtest"
)

// TestSecurity_SignInRedirectStaysOnSite replays the penetration test's
// open redirect (issue 14): a signed-in user opening
// /login?next=/%09/evil.example/stolen, and the same ?next= carried
// through the sign-in form and the second step, lands on / instead.
func TestSecurity_SignInRedirectStaysOnSite(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	evil := []string{"/%09/evil.example/stolen", "/%0A/evil.example", "/%5C/evil.example", "//evil.example", "/%E3%80%80/evil.example"}

	b := e.Browser(d.ProcSec)
	for _, next := range evil {
		status, loc := rawGet(t, e, b, "/login?next="+next)
		if status != http.StatusSeeOther || loc != "/" {
			t.Errorf("signed in, /login?next=%s answers %d Location %q, want 303 /", next, status, loc)
		}
	}
	if _, loc := rawGet(t, e, b, "/login?next=%2Fmeetings%3Fview%3Dweek"); loc != "/meetings?view=week" {
		t.Errorf("a local next became %q", loc)
	}

	// The sign-in form's hidden next, and the second step that keeps it.
	for _, next := range evil {
		raw, _ := url.QueryUnescape(next)
		anon := e.NewBrowser()
		anon.Get("/login")
		form := url.Values{"username": {d.ProcMember.Username}, "password": {webtest.Password}, "next": {raw}, "_csrf": {anon.CSRF}}
		status, loc := rawPostForm(t, e, anon, "/login", form)
		if status != http.StatusSeeOther || loc != "/" {
			t.Errorf("sign-in with next %q answers %d Location %q, want 303 /", raw, status, loc)
		}
	}
	// The second step takes the next the password step kept.
	_, recovery := e.EnrolTOTP(d.JusticeSec)
	for i, next := range evil[:2] {
		raw, _ := url.QueryUnescape(next)
		anon := e.NewBrowser()
		anon.Get("/login")
		r := anon.PostForm("/login", url.Values{"username": {d.JusticeSec.Username}, "password": {webtest.Password}, "next": {raw}})
		wantStatus(t, r, http.StatusSeeOther)
		if loc := r.Header.Get("Location"); loc != "/login/second-factor" {
			t.Fatalf("password step sent to %q", loc)
		}
		anon.Get("/login/second-factor")
		status, loc := rawPostForm(t, e, anon, "/login/second-factor", url.Values{"code": {recovery[i]}, "_csrf": {anon.CSRF}})
		if status != http.StatusSeeOther || loc != "/" {
			t.Errorf("second step with next %q answers %d Location %q, want 303 /", raw, status, loc)
		}
	}
}

// rawGet sends a GET with the browser's cookies and returns the status and
// the Location header as sent: Go's client refuses to parse a Location
// with a control character, which is the very thing this test looks for.
func rawGet(t *testing.T, e *webtest.Env, b *webtest.Client, path string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, e.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return rawDo(t, b, req)
}

// rawPostForm is rawGet for a form post.
func rawPostForm(t *testing.T, e *webtest.Env, b *webtest.Client, path string, form url.Values) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return rawDo(t, b, req)
}

func rawDo(t *testing.T, b *webtest.Client, req *http.Request) (int, string) {
	t.Helper()
	for _, ck := range b.HTTP.Jar.Cookies(req.URL) {
		req.AddCookie(ck)
	}
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b.HTTP.Jar.SetCookies(req.URL, res.Cookies())
	return res.StatusCode, res.Header.Get("Location")
}
