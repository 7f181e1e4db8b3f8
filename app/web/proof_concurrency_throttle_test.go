package web_test

import (
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"sync"
	"testing"
	"time"

	"liaison/app/account"
	"liaison/app/config"
	"liaison/app/prooftest"
	"liaison/app/web/webtest"
)

// throttleRacers is how many attempts race a throttle at once (the
// penetration test of issue 14 sent 30).
const throttleRacers = 30

// burst sends n requests released at the same moment and returns the
// answers. Each goroutine works on its own copy of the client (the copies
// share the cookie jar, so a browser's session is the same).
func burst(n int, c *webtest.Client, send func(c *webtest.Client, i int) webtest.Response) []webtest.Response {
	var (
		wg    sync.WaitGroup
		start = make(chan struct{})
		out   = make([]webtest.Response, n)
	)
	for i := range n {
		cp := *c
		cp.Header = c.Header.Clone()
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			out[i] = send(&cp, i)
		}()
	}
	close(start)
	wg.Wait()
	return out
}

// evaluated counts the answers that were evaluated (wantEvaluated: the
// check ran and said no) and the ones refused by the throttle (429); any
// other answer fails the test.
func evaluated(t *testing.T, what string, rs []webtest.Response, wantEvaluated int) (ran, throttled int) {
	t.Helper()
	for i, r := range rs {
		switch r.Status {
		case wantEvaluated:
			ran++
		case http.StatusTooManyRequests:
			if code := r.ErrorCode(t); code != "auth.throttled" {
				t.Errorf("%s: attempt %d: 429 with code %q", what, i, code)
			}
			throttled++
		default:
			t.Errorf("%s: attempt %d answered %d: %s", what, i, r.Status, r.Body)
		}
	}
	return ran, throttled
}

// TestProof_ConcurrentThrottles races the sign-in, second-factor and
// password-change throttles (issue 14, finding 1): attempts at once may
// never be evaluated more often than the limit allows, on either database.
// Before the fix every attempt read the count, hashed, then recorded its
// failure, so all 30 were evaluated (17 of 30 second-factor codes on
// PostgreSQL).
func TestProof_ConcurrentThrottles(t *testing.T) {
	prooftest.SkipInShort(t)
	t.Parallel()
	e := webtest.NewWith(t, func(c *config.Config) {
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	})
	d := e.District()
	from := func(ip string) *webtest.Client {
		c := e.Anon()
		c.Header.Set("X-Forwarded-For", ip)
		return c
	}

	t.Run("sign-in, one account from one address", func(t *testing.T) {
		rs := burst(throttleRacers, from("203.0.113.10"), func(c *webtest.Client, i int) webtest.Response {
			return c.Post("/api/v1/auth/token", map[string]string{"username": d.ProcSec.Username, "password": fmt.Sprintf("wrong-password-%d", i)})
		})
		ran, throttled := evaluated(t, "sign-in", rs, http.StatusUnauthorized)
		failed := count(t, e, `SELECT COUNT(*) FROM audit_log WHERE action = 'auth.signin_failed' AND actor_name = ?`, d.ProcSec.Username)
		t.Logf("%d wrong passwords at once: %d evaluated (%d failures audited), %d × 429", throttleRacers, ran, failed, throttled)
		if ran > 5 || failed > 5 {
			t.Errorf("%d attempts evaluated, %d failures audited: the per-account-and-address limit is 5", ran, failed)
		}
		if ran == 0 {
			t.Error("no attempt was evaluated")
		}
		// The limit holds afterwards too, for the right password.
		wantError(t, from("203.0.113.10").Post("/api/v1/auth/token", map[string]string{"username": d.ProcSec.Username, "password": webtest.Password}),
			http.StatusTooManyRequests, "auth.throttled")
	})

	t.Run("sign-in, many accounts from one address", func(t *testing.T) {
		// 12 accounts × 3 tries stay under the per-account limit; the
		// per-address one (30) must still hold.
		const accounts, tries = 12, 3
		for i := range accounts {
			e.User(fmt.Sprintf("spray.race%d", i), d.AgencyA, account.RoleMember)
		}
		rs := burst(accounts*tries, from("203.0.113.20"), func(c *webtest.Client, i int) webtest.Response {
			return c.Post("/api/v1/auth/token", map[string]string{"username": fmt.Sprintf("spray.race%d", i%accounts), "password": "wrong-password"})
		})
		ran, throttled := evaluated(t, "spray", rs, http.StatusUnauthorized)
		t.Logf("%d wrong passwords at once over %d accounts: %d evaluated, %d × 429", accounts*tries, accounts, ran, throttled)
		if ran > 30 || ran == 0 {
			t.Errorf("%d attempts evaluated from one address: the limit is 30", ran)
		}
	})

	t.Run("second factor, one half-signed-in session", func(t *testing.T) {
		u := d.JusticeSec
		secret, _ := e.EnrolTOTP(u)
		b := passwordStep(t, e, u)
		wrong := wrongCode(secret, e)
		rs := burst(throttleRacers, b, func(c *webtest.Client, i int) webtest.Response {
			return c.PostForm("/login/second-factor", url.Values{"code": {wrong}})
		})
		ran, throttled := 0, 0
		for i, r := range rs {
			switch r.Status {
			case http.StatusUnprocessableEntity:
				ran++
			case http.StatusTooManyRequests:
				throttled++
			default:
				t.Errorf("code %d answered %d", i, r.Status)
			}
		}
		failed := count(t, e, `SELECT COUNT(*) FROM audit_log WHERE action = 'auth.second_factor_failed' AND object_id = ?`, fmt.Sprint(u.ID))
		t.Logf("%d wrong codes at once: %d evaluated (%d failures audited), %d × 429", throttleRacers, ran, failed, throttled)
		if ran > 5 || failed > 5 {
			t.Errorf("%d codes evaluated, %d failures audited: the limit is 5", ran, failed)
		}
		if ran == 0 {
			t.Error("no code was evaluated")
		}
	})

	t.Run("password change, current password guessed", func(t *testing.T) {
		u := d.OfficeSec
		rs := burst(throttleRacers, e.API(u), func(c *webtest.Client, i int) webtest.Response {
			return c.Post("/api/v1/me/password", map[string]string{"current_password": fmt.Sprintf("guess-number-%d", i), "new_password": "a-brand-new-passphrase"})
		})
		ran, throttled := evaluated(t, "password change", rs, http.StatusUnprocessableEntity)
		failed := count(t, e, `SELECT COUNT(*) FROM audit_log WHERE action = 'auth.password_change_failed' AND object_id = ?`, fmt.Sprint(u.ID))
		t.Logf("%d wrong current passwords at once: %d evaluated (%d failures audited), %d × 429", throttleRacers, ran, failed, throttled)
		if ran > 5 || failed > 5 {
			t.Errorf("%d guesses evaluated, %d failures audited: the limit is 5", ran, failed)
		}
	})
}

// wrongCode is a six-digit code that no step the server accepts now
// (±1 step around the pinned clock) produces.
func wrongCode(secret []byte, e *webtest.Env) string {
	now := e.DB.Now()
	valid := map[string]bool{}
	for _, s := range []int{-60, -30, 0, 30, 60} {
		valid[account.TOTPCode(secret, now.Add(time.Duration(s)*time.Second))] = true
	}
	for n := 0; ; n++ {
		c := fmt.Sprintf("%06d", n*7919%1000000)
		if !valid[c] {
			return c
		}
	}
}
