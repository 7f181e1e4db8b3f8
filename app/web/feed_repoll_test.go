package web_test

import (
	"net/http"
	"testing"
	"time"

	"liaison/app/clock"
	"liaison/app/subscribe"
	"liaison/app/web/webtest"
)

// TestFeedHTTP_RepollFromMemory: a re-poll with the ETag just served costs
// no query; a change made through this instance (a meeting moved, the
// token rotated) is seen at once; one made behind its back (direct SQL, as
// another instance would) is seen within subscribe.FeedFresh. Not
// parallel: db.Commits counts every transaction of the process, and other
// tests' commits would only (correctly) force the slow path.
func TestFeedHTTP_RepollFromMemory(t *testing.T) {
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.OfficeSec)
	m := e.CreateMeeting(sec, webtest.MeetingBody("consultation", d.Office.ID, "会商：重新拉取", mStart, mEnd))
	wantStatus(t, sec.Post(webtest.MeetingPath(m, "/attendees"), map[string]any{"user_id": d.ProcMember.ID, "role": "required"}), http.StatusCreated)
	member := e.API(d.ProcMember)
	url, _ := myFeed(t, member)
	path := feedPath(t, url)

	get := func(p, etag string) webtest.Response {
		c := e.Anon()
		if etag != "" {
			c.Header.Set("If-None-Match", etag)
		}
		return c.Get(p)
	}
	first := get(path, "")
	wantStatus(t, first, http.StatusOK)
	etag := first.Header.Get("ETag")
	wantStatus(t, get(path, etag), http.StatusNotModified)

	qc := e.CountQueries()
	wantStatus(t, get(path, etag), http.StatusNotModified)
	if n := qc.N(); n != 0 {
		t.Errorf("re-poll within %s cost %d queries", subscribe.FeedFresh, n)
	}
	if r := get(path, `"other"`); r.Status != http.StatusOK || qc.N() == 0 {
		t.Errorf("another ETag: %d after %d queries", r.Status, qc.N())
	}

	// A write through this instance that does not touch the feed: the next
	// re-poll checks the database, token and fingerprint in one query.
	e.CreateMeeting(sec, webtest.MeetingBody("consultation", d.Office.ID, "无关的会议", mStart, mEnd))
	qc = e.CountQueries()
	wantStatus(t, get(path, etag), http.StatusNotModified)
	if n := qc.N(); n != 1 {
		t.Errorf("re-poll after an unrelated write cost %d queries, want 1 (token and fingerprint)", n)
	}

	wantStatus(t, sec.Do("PATCH", webtest.MeetingPath(m, ""), map[string]any{
		"start": mAt(0, 14, 0), "end": mAt(0, 16, 0), "version": getMeeting(t, sec, m).Version}), http.StatusOK)
	moved := get(path, etag)
	wantStatus(t, moved, http.StatusOK)
	if moved.Header.Get("ETag") == etag {
		t.Error("a move through this instance answered with the old ETag")
	}
	etag = moved.Header.Get("ETag")
	wantStatus(t, get(path, etag), http.StatusNotModified)

	wantStatus(t, member.Post("/api/v1/me/feed/rotate", nil), http.StatusOK)
	if r := get(path, etag); r.Status != http.StatusNotFound {
		t.Errorf("rotated token re-polled at once: %d", r.Status)
	}

	// Behind the instance's back: within FeedFresh a matching re-poll may
	// still be 304 (bounded staleness), then it is 404.
	url, _ = myFeed(t, member)
	path = feedPath(t, url)
	fresh := get(path, "")
	wantStatus(t, fresh, http.StatusOK)
	etag = fresh.Header.Get("ETag")
	wantStatus(t, get(path, etag), http.StatusNotModified)
	if err := e.DB.Conn(e.Ctx()).Exec(`UPDATE users SET active = ? WHERE id = ?`, false, d.ProcMember.ID).Error; err != nil {
		t.Fatal(err)
	}
	sw := clock.StartStopwatch()
	for {
		r := get(path, etag)
		if r.Status == http.StatusNotFound {
			break
		}
		if r.Status != http.StatusNotModified || sw.Elapsed() > subscribe.FeedFresh+3*time.Second {
			t.Fatalf("deactivated owner's feed after %s: %d", sw.Elapsed(), r.Status)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if el := sw.Elapsed(); el > subscribe.FeedFresh+time.Second {
		t.Errorf("deactivation seen after %s (FeedFresh %s)", el, subscribe.FeedFresh)
	}
}
