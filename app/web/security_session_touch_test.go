package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"liaison/app/web/webtest"
)

// sessionTimes reads when the user's newest session was last written and
// when it expires.
func sessionTimes(t *testing.T, e *webtest.Env, userID int64) (lastSeen, expiry time.Time) {
	t.Helper()
	var r struct {
		LastSeenAt time.Time
		Expiry     time.Time
	}
	err := e.DB.Conn(e.Ctx()).Raw(`SELECT last_seen_at, expiry FROM sessions WHERE user_id = ? ORDER BY created_at DESC LIMIT 1`, userID).Scan(&r).Error
	if err != nil || r.Expiry.IsZero() {
		t.Fatalf("session of user %d: %v %+v", userID, err, r)
	}
	return r.LastSeenAt, r.Expiry
}

// A page view that changes nothing in the session does not write it; the
// first one a minute after the last write moves last_seen_at and the idle
// expiry on; a change (a flash) is written at once and shown once.
func TestSecurity_SessionTouch(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	b := e.Browser(d.ProcSec)
	wantStatus(t, b.Get("/"), http.StatusOK)
	seen, exp := sessionTimes(t, e, d.ProcSec.ID)

	for _, p := range []string{"/meetings", "/cases", "/actions"} {
		wantStatus(t, b.Get(p), http.StatusOK)
	}
	if s2, e2 := sessionTimes(t, e, d.ProcSec.ID); !s2.Equal(seen) || !e2.Equal(exp) {
		t.Errorf("unchanged session rewritten within the minute: last seen %v → %v, expiry %v → %v", seen, s2, exp, e2)
	}

	old := seen.Add(-2 * time.Minute)
	if err := e.DB.Conn(e.Ctx()).Exec(`UPDATE sessions SET last_seen_at = ?, expiry = ? WHERE user_id = ?`,
		old, exp.Add(-2*time.Minute), d.ProcSec.ID).Error; err != nil {
		t.Fatal(err)
	}
	wantStatus(t, b.Get("/meetings"), http.StatusOK)
	if s3, e3 := sessionTimes(t, e, d.ProcSec.ID); !s3.After(old.Add(time.Minute)) || !e3.After(exp.Add(-time.Minute)) {
		t.Errorf("a view two minutes on did not touch the session: last seen %v (was %v), expiry %v", s3, old, e3)
	}

	wantStatus(t, b.Get("/calendar/subscribe"), http.StatusOK)
	wantStatus(t, b.PostForm("/calendar/subscribe/rotate", url.Values{"feed": {"user"}}), http.StatusSeeOther)
	if page := string(b.Get("/calendar/subscribe").Body); !strings.Contains(page, `class="flash"`) {
		t.Error("the flash set within the minute was not kept")
	}
	if page := string(b.Get("/calendar/subscribe").Body); strings.Contains(page, `class="flash"`) {
		t.Error("the flash was shown twice: its removal was not written")
	}
}
