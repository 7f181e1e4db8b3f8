package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"liaison/app/web/webtest"
)

// TestFeedHTTP_BodyFromMemory: a feed asked again without an ETag, nothing
// having changed, is served from memory for the price of the one
// token-and-fingerprint query; every change that alters the feed is seen
// on the very next request, including one made behind the instance's back
// (direct SQL, as another instance would), because the body is keyed by
// the fingerprint read from the database each time.
func TestFeedHTTP_BodyFromMemory(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.OfficeSec)
	member := e.API(d.ProcMember)
	mk := func(title string) map[string]any {
		m := e.CreateMeeting(sec, webtest.MeetingBody("consultation", d.Office.ID, title, mStart, mEnd))
		wantStatus(t, sec.Post(webtest.MeetingPath(m, "/attendees"), map[string]any{"user_id": d.ProcMember.ID, "role": "required"}), http.StatusCreated)
		return m
	}
	m := mk("会商：缓存的日历")
	other := mk("会商：将被谢绝")
	url, _ := myFeed(t, member)
	path := feedPath(t, url)
	get := func(p string) webtest.Response { return e.Anon().Get(p) }

	first := get(path)
	wantStatus(t, first, http.StatusOK)
	qc := e.CountQueries()
	again := get(path)
	wantStatus(t, again, http.StatusOK)
	if n := qc.N(); n != 1 {
		t.Errorf("unchanged feed cost %d queries, want 1 (token and fingerprint)", n)
	}
	if string(again.Body) != string(first.Body) || again.Header.Get("ETag") != first.Header.Get("ETag") {
		t.Fatal("body or ETag from memory differ from the built ones")
	}
	// The headers of a feed answer (precomputed, see securityHeaders).
	for k, want := range map[string]string{"Cache-Control": "private, no-cache", "X-Robots-Tag": "noindex",
		"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY"} {
		if got := again.Header.Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
	if !strings.Contains(again.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") || again.Header.Get("X-Request-Id") == "" {
		t.Errorf("security headers or request id missing: %v", again.Header)
	}

	// fresh asks for the feed and wants it rebuilt and changed as check says.
	body := string(first.Body)
	fresh := func(step string, check func(string) bool) {
		t.Helper()
		qc := e.CountQueries()
		r := get(path)
		wantStatus(t, r, http.StatusOK)
		if string(r.Body) == body || !check(string(r.Body)) {
			t.Fatalf("%s: the next request did not see the change", step)
		}
		if qc.N() < 2 {
			t.Errorf("%s: rebuilt with %d queries?", step, qc.N())
		}
		body = string(r.Body)
		if r2 := get(path); string(r2.Body) != body {
			t.Errorf("%s: bytes differ while nothing changed", step)
		}
	}

	wantStatus(t, sec.Do("PATCH", webtest.MeetingPath(m, ""), map[string]any{
		"start": mAt(1, 14, 0), "end": mAt(1, 16, 0), "version": getMeeting(t, sec, m).Version}), http.StatusOK)
	fresh("meeting moved", func(b string) bool { return strings.Contains(b, icsDate(mDay.AddDays(1))+"T140000") })

	wantStatus(t, sec.Do("PATCH", webtest.MeetingPath(m, ""), map[string]any{
		"sensitivity": "classified", "location": "", "version": getMeeting(t, sec, m).Version}), http.StatusOK)
	fresh("classified", func(b string) bool {
		return !strings.Contains(b, "会商：缓存的日历") && strings.Contains(b, m["uid"].(string))
	})

	// Another instance (here: direct SQL) changes a title: seen at once.
	if err := e.DB.Conn(e.Ctx()).Exec(`UPDATE meetings SET title = ?, updated_at = ? WHERE id = ?`,
		"会商：别处改过", e.DB.Now().Add(time.Second), other["id"]).Error; err != nil {
		t.Fatal(err)
	}
	fresh("changed elsewhere", func(b string) bool { return strings.Contains(b, "会商：别处改过") })

	wantStatus(t, member.Post(webtest.MeetingPath(other, "/rsvp"), map[string]any{"answer": "declined"}), http.StatusOK)
	fresh("declined", func(b string) bool { return !strings.Contains(b, other["uid"].(string)) })

	wantStatus(t, member.Post("/api/v1/me/feed/rotate", nil), http.StatusOK)
	if r := get(path); r.Status != http.StatusNotFound {
		t.Errorf("rotated token: %d", r.Status)
	}
	url, _ = myFeed(t, member)
	path = feedPath(t, url)
	wantStatus(t, get(path), http.StatusOK)
	wantStatus(t, get(path), http.StatusOK) // now from memory

	// Deactivated behind the instance's back: 404 on the next request.
	if err := e.DB.Conn(e.Ctx()).Exec(`UPDATE users SET active = ? WHERE id = ?`, false, d.ProcMember.ID).Error; err != nil {
		t.Fatal(err)
	}
	if r := get(path); r.Status != http.StatusNotFound {
		t.Errorf("deactivated owner's feed: %d", r.Status)
	}
}
