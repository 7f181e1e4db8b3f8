package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"liaison/app/web/webtest"
)

func TestCSRF(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	units := func() int64 { return count(t, e, `SELECT COUNT(*) FROM units`) }

	t.Run("API write with cookies", func(t *testing.T) {
		b := e.Browser(d.Admin)
		good := b.CSRF
		if good == "" {
			t.Fatal("no CSRF token after sign-in")
		}
		before := units()
		b.CSRF = ""
		wantError(t, b.Post("/api/v1/units", map[string]string{"name": "无令牌", "kind": "agency"}), http.StatusForbidden, "auth.csrf")
		b.Header.Set("X-CSRF-Token", "forged")
		wantError(t, b.Post("/api/v1/units", map[string]string{"name": "伪造令牌", "kind": "agency"}), http.StatusForbidden, "auth.csrf")
		b.Header.Set("X-CSRF-Token", good+"x")
		wantError(t, b.Post("/api/v1/units", map[string]string{"name": "伪造令牌", "kind": "agency"}), http.StatusForbidden, "auth.csrf")
		if n := units(); n != before {
			t.Fatalf("units %d → %d after refused writes", before, n)
		}
		b.Header.Del("X-CSRF-Token")
		b.CSRF = good
		wantStatus(t, b.Post("/api/v1/units", map[string]string{"name": "有令牌", "kind": "agency"}), http.StatusCreated)
		if n := units(); n != before+1 {
			t.Fatalf("units %d → %d after an accepted write", before, n)
		}
	})

	t.Run("HTML form", func(t *testing.T) {
		b := e.Browser(d.Admin)
		good := b.CSRF
		before := units()
		r := b.PostForm("/admin/units", url.Values{"name": {"表单伪造"}, "kind": {"agency"}, "_csrf": {"forged"}})
		wantStatus(t, r, http.StatusForbidden)
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("form error content type %q", ct)
		}
		if msg := e.Deps.Tr.T("zh-CN", "auth.csrf", nil); !strings.Contains(string(r.Body), msg) {
			t.Errorf("error page lacks %q", msg)
		}
		b.CSRF = ""
		wantStatus(t, b.PostForm("/admin/units", url.Values{"name": {"表单无令牌"}, "kind": {"agency"}}), http.StatusForbidden)
		if n := units(); n != before {
			t.Fatalf("units %d → %d after refused forms", before, n)
		}
		b.CSRF = good
		wantStatus(t, b.PostForm("/admin/units", url.Values{"name": {"表单有令牌"}, "kind": {"agency"}}), http.StatusSeeOther)
		if n := units(); n != before+1 {
			t.Fatalf("units %d → %d after an accepted form", before, n)
		}
	})

	t.Run("sign-out needs the token", func(t *testing.T) {
		b := e.Browser(d.ProcMember)
		good := b.CSRF
		wantStatus(t, b.PostForm("/logout", url.Values{"_csrf": {"forged"}}), http.StatusForbidden)
		if !signedIn(t, b) {
			t.Fatal("a forged sign-out signed the user out")
		}
		b.CSRF = good
		wantStatus(t, b.PostForm("/logout", url.Values{}), http.StatusSeeOther)
	})

	t.Run("bearer requests need no token", func(t *testing.T) {
		wantStatus(t, e.API(d.Admin).Post("/api/v1/units", map[string]string{"name": "令牌单位", "kind": "agency"}), http.StatusCreated)
	})

	t.Run("sign-in form", func(t *testing.T) {
		b := e.NewBrowser()
		b.Get("/login")
		good := b.CSRF
		r := b.PostForm("/login", url.Values{"username": {d.ProcMember.Username}, "password": {webtest.Password}, "_csrf": {"forged"}})
		wantStatus(t, r, http.StatusForbidden)
		if signedIn(t, b) {
			t.Fatal("signed in through a forged form")
		}
		b.CSRF = good
		wantStatus(t, b.PostForm("/login", url.Values{"username": {d.ProcMember.Username}, "password": {webtest.Password}}), http.StatusSeeOther)
		if !signedIn(t, b) {
			t.Fatal("not signed in with the right token")
		}
	})

	t.Run("cross-site posts are refused", func(t *testing.T) {
		// A cross-site form post carries no session cookie (SameSite) but
		// the browser says where it comes from: login CSRF is refused too.
		for _, h := range []http.Header{{"Sec-Fetch-Site": {"cross-site"}}, {"Origin": {"https://evil.example"}}} {
			b := e.NewBrowser()
			for k, v := range h {
				b.Header[k] = v
			}
			r := b.PostForm("/login", url.Values{"username": {d.ProcMember.Username}, "password": {webtest.Password}})
			wantStatus(t, r, http.StatusForbidden)
			if signedIn(t, b) {
				t.Fatalf("signed in by a cross-site post (%v)", h)
			}
		}
		// The same browser's own same-origin posts pass.
		b := e.NewBrowser()
		b.Header.Set("Sec-Fetch-Site", "same-origin")
		b.Get("/login")
		wantStatus(t, b.PostForm("/login", url.Values{"username": {d.ProcMember.Username}, "password": {webtest.Password}}), http.StatusSeeOther)
	})
}
