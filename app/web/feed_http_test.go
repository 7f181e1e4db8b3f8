package web_test

import (
	"net/http"
	"strings"
	"testing"

	"liaison/app/calendar/icstest"
	"liaison/app/followup"
	"liaison/app/web/webtest"
)

// feedPath turns a feed URL into a path on the test server.
func feedPath(t *testing.T, url string) string {
	t.Helper()
	_, p, ok := strings.Cut(url, "://liaison.test")
	if !ok || !strings.HasPrefix(p, "/feeds/") || !strings.HasSuffix(p, ".ics") {
		t.Fatalf("feed url %q", url)
	}
	return p
}

func myFeed(t *testing.T, c *webtest.Client) (string, string) {
	t.Helper()
	r := c.Get("/api/v1/me/feed")
	wantStatus(t, r, http.StatusOK)
	var l struct {
		URL    string `json:"url"`
		Webcal string `json:"webcal_url"`
	}
	r.Decode(t, &l)
	return l.URL, l.Webcal
}

func TestFeedHTTP(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.OfficeSec)
	invite := func(m map[string]any, uid int64) {
		t.Helper()
		wantStatus(t, sec.Post(webtest.MeetingPath(m, "/attendees"), map[string]any{"user_id": uid, "role": "required"}), http.StatusCreated)
	}
	mk := func(title, sens string) map[string]any {
		body := webtest.MeetingBody("consultation", d.Office.ID, title, mStart, mEnd)
		body["sensitivity"] = sens
		if sens == "ordinary" {
			body["description"] = "研究衔接工作"
		}
		return e.CreateMeeting(sec, body)
	}
	open := mk("会商：工伤认定案件", "ordinary")
	invite(open, d.ProcMember.ID)
	secret := mk("涉密专题会商", "classified")
	invite(secret, d.ProcMember.ID)
	declined := mk("谢绝的会议", "ordinary")
	invite(declined, d.ProcMember.ID)
	wantStatus(t, e.API(d.ProcMember).Post(webtest.MeetingPath(declined, "/rsvp"), map[string]any{"answer": "declined"}), http.StatusOK)
	cancelled := mk("取消的会议", "ordinary")
	invite(cancelled, d.ProcMember.ID)
	wantStatus(t, sec.Post(webtest.MeetingPath(cancelled, "/cancel"), map[string]any{"reason": ""}), http.StatusOK)
	others := mk("别人的会议", "ordinary")
	invite(others, d.JusticeMember.ID)
	e.Action(followup.NewAction{Title: "整改工伤认定超期", ResponsibleUnitID: d.Procuratorate.ID, IssuingUnitID: d.Office.ID, DueOn: webtest.DaysFromToday(10)})
	e.Action(followup.NewAction{ResponsibleUnitID: d.Procuratorate.ID, IssuingUnitID: d.Office.ID, DueOn: webtest.DaysFromToday(12), Sensitivity: "classified"})

	member := e.API(d.ProcMember)
	url, webcal := myFeed(t, member)
	anon := e.Anon()
	path := feedPath(t, url)
	uid := func(m map[string]any) string { return m["uid"].(string) }

	t.Run("address is stable and webcal is the same address", func(t *testing.T) {
		again, _ := myFeed(t, member)
		if again != url {
			t.Errorf("feed url changed without rotation: %s then %s", url, again)
		}
		if webcal != "webcal"+strings.TrimPrefix(url, "http") {
			t.Errorf("webcal %q for %q", webcal, url)
		}
		tok := strings.TrimSuffix(strings.TrimPrefix(path, "/feeds/"), ".ics")
		if len(tok) < 22 {
			t.Errorf("token %q too short for 128 bits", tok)
		}
		var n int64
		e.DB.Conn(e.Ctx()).Raw(`SELECT COUNT(*) FROM feed_tokens WHERE token_hash = ? OR salt = ?`, tok, tok).Scan(&n)
		if n != 0 {
			t.Error("raw token stored")
		}
	})

	var etag string
	t.Run("200 with the right content", func(t *testing.T) {
		r := anon.Get(path)
		wantStatus(t, r, http.StatusOK)
		if ct := r.Header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
			t.Errorf("content type %q", ct)
		}
		etag = r.Header.Get("ETag")
		if !strings.HasPrefix(etag, `"`) || strings.HasPrefix(etag, "W/") {
			t.Errorf("etag %q is not strong", etag)
		}
		if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "private") {
			t.Errorf("cache-control %q", cc)
		}
		icstest.Check(t, r.Body, icstest.Feed)
		body := string(r.Body)
		for _, want := range []string{uid(open), "会商：工伤认定案件", uid(secret), "整改工伤认定超期"} {
			if !strings.Contains(body, want) {
				t.Errorf("feed lacks %q", want)
			}
		}
		for _, bad := range []string{uid(declined), uid(cancelled), uid(others), "涉密专题会商", "别人的会议", "METHOD:", "ATTENDEE"} {
			if strings.Contains(body, bad) {
				t.Errorf("feed holds %q", bad)
			}
		}
		if r2 := anon.Get(path); string(r2.Body) != body || r2.Header.Get("ETag") != etag {
			t.Error("bytes or etag differ while nothing changed")
		}
	})

	t.Run("classified is busy time only", func(t *testing.T) {
		body := string(anon.Get(path).Body)
		i := strings.Index(body, "UID:"+uid(secret))
		if i < 0 {
			t.Fatal("classified meeting absent")
		}
		start := strings.LastIndex(body[:i], "BEGIN:VEVENT")
		ev := body[start : i+strings.Index(body[i:], "END:VEVENT")]
		if !strings.Contains(ev, "CLASS:CONFIDENTIAL") || !strings.Contains(ev, "SUMMARY:忙碌") {
			t.Errorf("classified event not busy-only:\n%s", ev)
		}
		for _, bad := range []string{"LOCATION", "DESCRIPTION", "三楼会议室"} {
			if strings.Contains(ev, bad) {
				t.Errorf("classified event carries %s:\n%s", bad, ev)
			}
		}
	})

	t.Run("304 and HEAD", func(t *testing.T) {
		c := e.Anon()
		c.Header.Set("If-None-Match", etag)
		r := c.Get(path)
		if r.Status != http.StatusNotModified || len(r.Body) != 0 {
			t.Errorf("conditional GET: %d %q", r.Status, r.Body)
		}
		// Go's client asks for gzip on GET (and unpacks it) but not on
		// HEAD, so HEAD names the plain variant of the same body.
		h := anon.Do(http.MethodHead, path, nil)
		if h.Status != http.StatusOK || len(h.Body) != 0 || h.Header.Get("ETag") != strings.Replace(etag, "-gzip", "", 1) {
			t.Errorf("HEAD: %d etag %q body %d", h.Status, h.Header.Get("ETag"), len(h.Body))
		}
	})

	t.Run("a move changes the etag and the sequence", func(t *testing.T) {
		wantStatus(t, sec.Do("PATCH", webtest.MeetingPath(open, ""), map[string]any{
			"start": mAt(0, 14, 0), "end": mAt(0, 16, 0), "version": getMeeting(t, sec, open).Version}), http.StatusOK)
		c := e.Anon()
		c.Header.Set("If-None-Match", etag)
		r := c.Get(path)
		wantStatus(t, r, http.StatusOK)
		if r.Header.Get("ETag") == etag {
			t.Error("etag unchanged after the meeting moved")
		}
		icstest.Check(t, r.Body, icstest.Feed)
		if !strings.Contains(string(r.Body), "DTSTART;TZID=Asia/Shanghai:"+icsDate(mDay)+"T140000") {
			t.Errorf("moved time not in feed:\n%s", r.Body)
		}
	})

	t.Run("declining later removes the meeting", func(t *testing.T) {
		wantStatus(t, member.Post(webtest.MeetingPath(secret, "/rsvp"), map[string]any{"answer": "declined"}), http.StatusOK)
		if strings.Contains(string(anon.Get(path).Body), uid(secret)) {
			t.Error("declined meeting still in feed")
		}
	})

	t.Run("bad tokens are 404 without a query", func(t *testing.T) {
		qc := e.CountQueries()
		for _, p := range []string{"/feeds/short.ics", "/feeds/" + strings.Repeat("A", 42) + "!.ics", "/feeds/" + strings.Repeat("A", 44) + ".ics", "/feeds/x"} {
			if r := anon.Get(p); r.Status != http.StatusNotFound {
				t.Errorf("%s: %d", p, r.Status)
			}
		}
		if n := qc.N(); n != 0 {
			t.Errorf("%d queries for malformed tokens", n)
		}
		if r := anon.Get("/feeds/" + strings.Repeat("A", 43) + ".ics"); r.Status != http.StatusNotFound {
			t.Errorf("unknown token: %d", r.Status)
		}
	})

	t.Run("rotation", func(t *testing.T) {
		r := member.Post("/api/v1/me/feed/rotate", nil)
		wantStatus(t, r, http.StatusOK)
		var l struct{ URL string }
		r.Decode(t, &l)
		if l.URL == url {
			t.Fatal("rotation kept the address")
		}
		if got := anon.Get(path); got.Status != http.StatusNotFound {
			t.Errorf("old address after rotation: %d", got.Status)
		}
		if got := anon.Get(feedPath(t, l.URL)); got.Status != http.StatusOK {
			t.Errorf("new address: %d", got.Status)
		}
		if again, _ := myFeed(t, member); again != l.URL {
			t.Errorf("me/feed after rotation %q want %q", again, l.URL)
		}
	})

	t.Run("deactivated user's feed is 404", func(t *testing.T) {
		jurl, _ := myFeed(t, e.API(d.JusticeMember))
		jp := feedPath(t, jurl)
		wantStatus(t, anon.Get(jp), http.StatusOK)
		if err := e.DB.Conn(e.Ctx()).Exec(`UPDATE users SET active = ? WHERE id = ?`, false, d.JusticeMember.ID).Error; err != nil {
			t.Fatal(err)
		}
		wantStatus(t, anon.Get(jp), http.StatusNotFound)
	})

	t.Run("unit feed for secretaries", func(t *testing.T) {
		wantStatus(t, member.Get("/api/v1/me/unit_feed"), http.StatusForbidden)
		r := e.API(d.ProcSec).Get("/api/v1/me/unit_feed")
		wantStatus(t, r, http.StatusOK)
		var l struct{ URL string }
		r.Decode(t, &l)
		own, _ := myFeed(t, e.API(d.ProcSec))
		if l.URL == own {
			t.Error("unit feed shares the user's token")
		}
		body := anon.Get(feedPath(t, l.URL))
		wantStatus(t, body, http.StatusOK)
		icstest.Check(t, body.Body, icstest.Feed)
		// the procuratorate attends "open" (its member is invited), not "others"
		if !strings.Contains(string(body.Body), uid(open)) || strings.Contains(string(body.Body), uid(others)) {
			t.Errorf("unit feed content wrong:\n%s", body.Body)
		}
	})
}

func TestInviteICS(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.OfficeSec)
	m := e.CreateMeeting(sec, webtest.MeetingBody("consultation", d.Office.ID, "会商研判，议程;A,B", mStart, mEnd))
	wantStatus(t, sec.Post(webtest.MeetingPath(m, "/attendees"), map[string]any{"user_id": d.ProcMember.ID, "role": "required"}), http.StatusCreated)
	p := "/meetings/" + strings.TrimSuffix(strings.TrimPrefix(webtest.MeetingPath(m, ""), "/api/v1/meetings/"), "") + "/invite.ics"

	r := e.API(d.ProcMember).Get(p)
	wantStatus(t, r, http.StatusOK)
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/calendar") {
		t.Errorf("content type %q", r.Header.Get("Content-Type"))
	}
	icstest.Check(t, r.Body, icstest.Invite)
	if got := icsProp(string(r.Body), "METHOD"); len(got) != 1 || got[0] != "REQUEST" {
		t.Errorf("METHOD %v", got)
	}
	if !strings.Contains(string(r.Body), `会商研判，议程\;A\,B`) {
		t.Errorf("summary not escaped:\n%s", r.Body)
	}
	// by cookie too
	wantStatus(t, e.Browser(d.ProcMember).Get(p), http.StatusOK)
	for _, u := range []struct {
		name string
		c    *webtest.Client
	}{{"other unit", e.API(d.AgencyBMember)}, {"anonymous API", e.Anon()}} {
		if r := u.c.Get(p); r.Status == http.StatusOK {
			t.Errorf("%s got the invite", u.name)
		}
	}
	wantStatus(t, e.API(d.AgencyBMember).Get(p), http.StatusNotFound)
	wantStatus(t, e.API(d.ProcMember).Get("/meetings/999999/invite.ics"), http.StatusNotFound)

	wantStatus(t, sec.Post(webtest.MeetingPath(m, "/cancel"), map[string]any{"reason": ""}), http.StatusOK)
	r = e.API(d.ProcMember).Get(p)
	wantStatus(t, r, http.StatusOK)
	icstest.Check(t, r.Body, icstest.Invite)
	body := string(r.Body)
	if icsProp(body, "METHOD")[0] != "CANCEL" || icsProp(body, "STATUS")[0] != "CANCELLED" || icsProp(body, "SEQUENCE")[0] != "1" {
		t.Errorf("cancelled invite:\n%s", body)
	}
	if icsProp(body, "UID")[0] != m["uid"] {
		t.Errorf("uid changed")
	}
}
