package web_test

import (
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"

	"liaison/app/account"
	"liaison/app/config"
	"liaison/app/page"
	"liaison/app/web/webtest"
)

// signInForm posts the sign-in form from a fresh page view.
func signInForm(b *webtest.Client, username, password string) webtest.Response {
	b.Get("/login")
	return b.PostForm("/login", url.Values{"username": {username}, "password": {password}})
}

func fromIP(c *webtest.Client, ip string) *webtest.Client {
	c.Header.Set("X-Forwarded-For", ip)
	return c
}

func TestThrottle_PerAccountAndIP(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	c := e.Anon()
	for i := range 5 {
		r := c.Post("/api/v1/auth/token", map[string]string{"username": d.ProcSec.Username, "password": "wrong-password-" + fmt.Sprint(i)})
		wantError(t, r, http.StatusUnauthorized, "auth.bad_credentials")
	}
	// Now even the right password is refused from this address, in Chinese by default...
	ae := wantError(t, c.Post("/api/v1/auth/token", map[string]string{"username": d.ProcSec.Username, "password": webtest.Password}),
		http.StatusTooManyRequests, "auth.throttled")
	if !hasChinese(ae.Message) || !strings.Contains(ae.Message, "15") {
		t.Errorf("message %q", ae.Message)
	}
	// ...and in English on request; the form says the same.
	ae = wantError(t, english(c).Post("/api/v1/auth/token", map[string]string{"username": d.ProcSec.Username, "password": webtest.Password}),
		http.StatusTooManyRequests, "auth.throttled")
	if !strings.Contains(ae.Message, "Too many") {
		t.Errorf("English message %q", ae.Message)
	}
	b := e.NewBrowser()
	r := signInForm(b, d.ProcSec.Username, webtest.Password)
	wantStatus(t, r, http.StatusTooManyRequests)
	if msg := e.Deps.Tr.T("zh-CN", "auth.throttled", map[string]any{"Minutes": 15}); !strings.Contains(string(r.Body), msg) {
		t.Errorf("form lacks %q", msg)
	}
	// Another account from the same address is not affected.
	wantStatus(t, c.Post("/api/v1/auth/token", map[string]string{"username": d.ProcMember.Username, "password": webtest.Password}), http.StatusCreated)
	// Throttled attempts are audited.
	if n := count(t, e, `SELECT COUNT(*) FROM audit_log WHERE action = 'auth.throttled'`); n == 0 {
		t.Error("throttled attempts not audited")
	}
}

func TestThrottle_PerIP(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	unit := e.Unit("区人社局", account.KindAgency)
	c := e.Anon()
	// Spraying many accounts, four tries each, stays under the per-account
	// limit but hits the per-address one.
	var throttled bool
	for i := 0; i < 40 && !throttled; i++ {
		u := fmt.Sprintf("spray%d", i/4)
		if i%4 == 0 {
			e.User(u, unit, account.RoleMember)
		}
		r := c.Post("/api/v1/auth/token", map[string]string{"username": u, "password": "wrong-password"})
		switch r.Status {
		case http.StatusUnauthorized:
		case http.StatusTooManyRequests:
			throttled = true
			if i < 30 {
				t.Errorf("throttled after only %d failures", i)
			}
		default:
			t.Fatalf("status %d", r.Status)
		}
	}
	if !throttled {
		t.Fatal("40 failures from one address were never throttled")
	}
	// A fresh account from the same address is refused too.
	e.User("fresh", unit, account.RoleMember)
	wantError(t, c.Post("/api/v1/auth/token", map[string]string{"username": "fresh", "password": webtest.Password}), http.StatusTooManyRequests, "auth.throttled")
}

func TestThrottle_NoLockout(t *testing.T) {
	t.Parallel()
	e := webtest.NewWith(t, func(c *config.Config) { c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")} })
	d := e.District()
	victim := d.JusticeSec
	// The real user signed in once from this browser: it holds the device cookie.
	b := fromIP(e.Browser(victim), "198.51.100.7")
	wantStatus(t, b.PostForm("/logout", url.Values{}), http.StatusSeeOther)

	// An attacker tries the account from many addresses until it is refused
	// everywhere for browsers it has not seen.
	attacker := e.Anon()
	refused := false
	for ip := 1; ip <= 20 && !refused; ip++ {
		for range 5 {
			r := fromIP(attacker, fmt.Sprintf("203.0.113.%d", ip)).Post("/api/v1/auth/token", map[string]string{"username": victim.Username, "password": "guess"})
			if r.Status == http.StatusTooManyRequests && ip > 10 {
				refused = true
				break
			}
		}
	}
	if !refused {
		t.Fatal("the account was never throttled across addresses")
	}
	stranger := fromIP(e.NewBrowser(), "198.51.100.99")
	wantStatus(t, signInForm(stranger, victim.Username, webtest.Password), http.StatusTooManyRequests)
	// The real user with the device cookie still gets in.
	r := signInForm(b, victim.Username, webtest.Password)
	wantStatus(t, r, http.StatusSeeOther)
	if !signedIn(t, b) {
		t.Fatal("the real user is locked out")
	}
	// A device cookie for another name does not help.
	forged := fromIP(e.NewBrowser(), "198.51.100.8")
	u, _ := url.Parse(e.URL + "/login")
	for _, ck := range b.HTTP.Jar.Cookies(u) {
		if ck.Name == "liaison_device" {
			ck.Path = "/login"
			forged.HTTP.Jar.SetCookies(u, []*http.Cookie{ck})
		}
	}
	other := d.JusticeMember
	for ip := 1; ip <= 12; ip++ {
		for range 5 {
			fromIP(e.Anon(), fmt.Sprintf("192.0.2.%d", ip)).Post("/api/v1/auth/token", map[string]string{"username": other.Username, "password": "guess"})
		}
	}
	wantStatus(t, signInForm(forged, other.Username, webtest.Password), http.StatusTooManyRequests)
}

func TestThrottle_ClientAddress(t *testing.T) {
	t.Parallel()
	fail := func(e *webtest.Env, ip string) int {
		c := fromIP(e.Anon(), ip)
		return c.Post("/api/v1/auth/token", map[string]string{"username": "admin", "password": "wrong-password"}).Status
	}
	auditIPs := func(t *testing.T, e *webtest.Env) map[string]bool {
		list, err := e.Deps.Accounts.ListAudit(e.Ctx(), account.System, account.AuditFilter{Action: "auth.signin_failed"}, page.Request{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		ips := map[string]bool{}
		for _, a := range list.Items {
			ips[a.IP] = true
		}
		return ips
	}
	t.Run("X-Forwarded-For ignored without trusted proxies", func(t *testing.T) {
		t.Parallel()
		e := webtest.New(t)
		e.District()
		for i := range 5 {
			if s := fail(e, fmt.Sprintf("203.0.113.%d", i)); s != http.StatusUnauthorized {
				t.Fatalf("attempt %d: %d", i, s)
			}
		}
		if s := fail(e, "203.0.113.99"); s != http.StatusTooManyRequests {
			t.Errorf("a forged X-Forwarded-For dodged the throttle: %d", s)
		}
		if ips := auditIPs(t, e); len(ips) != 1 || !(ips["127.0.0.1"] || ips["::1"]) {
			t.Errorf("audited addresses %v, want the socket's", ips)
		}
	})
	t.Run("X-Forwarded-For honoured from trusted proxies", func(t *testing.T) {
		t.Parallel()
		e := webtest.NewWith(t, func(c *config.Config) {
			c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("::1/128")}
		})
		e.District()
		for i := range 5 {
			if s := fail(e, "203.0.113.1"); s != http.StatusUnauthorized {
				t.Fatalf("attempt %d: %d", i, s)
			}
		}
		if s := fail(e, "203.0.113.1"); s != http.StatusTooManyRequests {
			t.Errorf("same client address not throttled: %d", s)
		}
		if s := fail(e, "203.0.113.2"); s != http.StatusUnauthorized {
			t.Errorf("another client behind the proxy is throttled: %d", s)
		}
		if ips := auditIPs(t, e); !ips["203.0.113.1"] || !ips["203.0.113.2"] {
			t.Errorf("audited addresses %v, want the forwarded ones", ips)
		}
	})
}
