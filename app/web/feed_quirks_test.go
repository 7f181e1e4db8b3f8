package web_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"liaison/app/calendar/icstest"
	"liaison/app/followup"
	"liaison/app/web/webtest"
)

// TestFeedHTTP_Conditional: weak ETags match (RFC 9110 weak comparison, as
// nginx makes them when it compresses), Last-Modified and If-Modified-Since
// work, gzip is served when accepted with its own ETag and Vary, and a
// change is always served fresh with a later Last-Modified.
func TestFeedHTTP_Conditional(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.OfficeSec)
	m := e.CreateMeeting(sec, webtest.MeetingBody("consultation", d.Office.ID, "会商：条件请求", mStart, mEnd))
	wantStatus(t, sec.Post(webtest.MeetingPath(m, "/attendees"), map[string]any{"user_id": d.ProcMember.ID, "role": "required"}), http.StatusCreated)
	url, _ := myFeed(t, e.API(d.ProcMember))
	path := feedPath(t, url)

	get := func(h map[string]string) webtest.Response {
		t.Helper()
		c := e.Anon()
		c.Header.Set("Accept-Encoding", "identity") // no transparent gzip by the test's client
		for k, v := range h {
			c.Header.Set(k, v)
		}
		return c.Get(path)
	}
	plain := get(nil)
	wantStatus(t, plain, http.StatusOK)
	icstest.Check(t, plain.Body, icstest.Feed)
	etag, lm := plain.Header.Get("ETag"), plain.Header.Get("Last-Modified")
	if !regexp.MustCompile(`^"[0-9a-f]{64}"$`).MatchString(etag) || lm == "" || plain.Header.Get("Content-Encoding") != "" {
		t.Fatalf("plain: etag %q, last-modified %q, encoding %q", etag, lm, plain.Header.Get("Content-Encoding"))
	}
	if v := plain.Header.Get("Vary"); !strings.Contains(v, "Accept-Encoding") {
		t.Errorf("Vary %q", v)
	}

	lmTime, _ := http.ParseTime(lm)
	for name, h := range map[string]map[string]string{
		"strong":         {"If-None-Match": etag},
		"weak":           {"If-None-Match": "W/" + etag},
		"in a list":      {"If-None-Match": `"x", W/` + etag},
		"modified since": {"If-Modified-Since": lm},
		"a later date":   {"If-Modified-Since": lmTime.Add(time.Hour).Format(http.TimeFormat)},
	} {
		if r := get(h); r.Status != http.StatusNotModified || len(r.Body) != 0 {
			t.Errorf("%s: %d, want 304", name, r.Status)
		}
	}
	for name, h := range map[string]map[string]string{
		"other etag":      {"If-None-Match": `W/"0000"`},
		"older date":      {"If-Modified-Since": lmTime.Add(-time.Second).Format(http.TimeFormat)},
		"etag wins":       {"If-None-Match": `"0000"`, "If-Modified-Since": lm},
		"bad date":        {"If-Modified-Since": "yesterday"},
		"gzip refused q0": {"Accept-Encoding": "gzip;q=0"},
	} {
		r := get(h)
		if r.Status != http.StatusOK || !bytes.Equal(r.Body, plain.Body) {
			t.Errorf("%s: %d, want the same 200", name, r.Status)
		}
	}

	z := get(map[string]string{"Accept-Encoding": "br, gzip"})
	wantStatus(t, z, http.StatusOK)
	if z.Header.Get("Content-Encoding") != "gzip" || z.Header.Get("ETag") == etag || !strings.Contains(z.Header.Get("Vary"), "Accept-Encoding") {
		t.Fatalf("gzip: encoding %q etag %q vary %q", z.Header.Get("Content-Encoding"), z.Header.Get("ETag"), z.Header.Get("Vary"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(z.Body))
	if err != nil {
		t.Fatal(err)
	}
	unz, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(unz, plain.Body) {
		t.Fatalf("gzip body differs from the plain one (%v)", err)
	}
	if r := get(map[string]string{"Accept-Encoding": "gzip", "If-None-Match": z.Header.Get("ETag")}); r.Status != http.StatusNotModified {
		t.Errorf("gzip ETag revalidation: %d", r.Status)
	}
	if h := e.Anon().Do(http.MethodHead, path, nil); h.Status != http.StatusOK || len(h.Body) != 0 || h.Header.Get("Last-Modified") != lm {
		t.Errorf("HEAD: %d, last-modified %q", h.Status, h.Header.Get("Last-Modified"))
	}

	// A change within the same second still gets a later Last-Modified, so
	// If-Modified-Since never hides it.
	wantStatus(t, sec.Do("PATCH", webtest.MeetingPath(m, ""), map[string]any{
		"title": "会商：条件请求（改）", "version": getMeeting(t, sec, m).Version}), http.StatusOK)
	r := get(map[string]string{"If-Modified-Since": lm})
	wantStatus(t, r, http.StatusOK)
	if t2, _ := http.ParseTime(r.Header.Get("Last-Modified")); !t2.After(lmTime) {
		t.Errorf("Last-Modified %s after a change, was %s", r.Header.Get("Last-Modified"), lm)
	}
}

// TestFeed_ActionUIDs: action items that existed before the installation
// id was made keep action-N@liaison (a new UID would duplicate them in every
// subscribed calendar); later ones carry the installation id.
func TestFeed_ActionUIDs(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	old := e.Action(followup.NewAction{Title: "整改事项（旧）", ResponsibleUnitID: d.Procuratorate.ID, IssuingUnitID: d.Office.ID, DueOn: webtest.DaysFromToday(10)})
	url, _ := myFeed(t, e.API(d.ProcMember))
	path := feedPath(t, url)
	first := string(e.Anon().Get(path).Body)
	oldUID := "UID:action-" + itoa(old.ID) + "@liaison"
	if !strings.Contains(first, oldUID) {
		t.Fatalf("existing item lost its UID %s:\n%s", oldUID, first)
	}
	var inst string
	if err := e.DB.Conn(e.Ctx()).Raw(`SELECT value FROM settings WHERE key = 'installation_id'`).Scan(&inst).Error; err != nil || len(inst) != 16 {
		t.Fatalf("installation id %q: %v", inst, err)
	}
	fresh := e.Action(followup.NewAction{Title: "整改事项（新）", ResponsibleUnitID: d.Procuratorate.ID, IssuingUnitID: d.Office.ID, DueOn: webtest.DaysFromToday(11)})
	body := string(e.Anon().Get(path).Body)
	icstest.Check(t, []byte(body), icstest.Feed)
	if !strings.Contains(body, oldUID) || !strings.Contains(body, "UID:action-"+itoa(fresh.ID)+"."+inst+"@liaison") {
		t.Errorf("want %s kept and the new item with the installation id:\n%s", oldUID, body)
	}
}

// TestInviteICS_Audiences: invite.ics is an invitation only for an
// attendee; a hybrid meeting keeps its room in LOCATION and gives its link
// as URL and CONFERENCE (in mail too); a delegation names both sides; a
// cancellation carries its reason in COMMENT and the mail body; HEAD works.
func TestInviteICS_Audiences(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.OfficeSec)
	const link = "https://meeting.tencent.com/dm/AbCd1234"
	body := webtest.MeetingBody("consultation", d.Office.ID, "线上线下联席会商", mStart, mEnd)
	body["online_url"] = link
	m := e.CreateMeeting(sec, body)
	for _, u := range []int64{d.ProcMember.ID, d.JusticeMember.ID} {
		wantStatus(t, sec.Post(webtest.MeetingPath(m, "/attendees"), map[string]any{"user_id": u, "role": "required"}), http.StatusCreated)
	}
	p := strings.Replace(webtest.MeetingPath(m, "/invite.ics"), "/api/v1", "", 1)
	pm := e.API(d.ProcMember)

	if h := pm.Do(http.MethodHead, p, nil); h.Status != http.StatusOK || len(h.Body) != 0 || !strings.HasPrefix(h.Header.Get("Content-Type"), "text/calendar") {
		t.Errorf("HEAD invite.ics: %d %q", h.Status, h.Header.Get("Content-Type"))
	}
	if h := e.API(d.AgencyBMember).Do(http.MethodHead, p, nil); h.Status != http.StatusNotFound {
		t.Errorf("HEAD by an outsider: %d", h.Status)
	}

	inv := string(pm.Get(p).Body)
	icstest.Check(t, []byte(inv), icstest.Invite)
	conf := icsProp(inv, "CONFERENCE")
	if got := icsProp(inv, "METHOD"); len(got) != 1 || got[0] != "REQUEST" || len(icsProp(inv, "ATTENDEE")) < 2 {
		t.Errorf("attendee's invite.ics: METHOD %v, %d ATTENDEE", got, len(icsProp(inv, "ATTENDEE")))
	}
	if loc := icsProp(inv, "LOCATION"); len(loc) != 1 || loc[0] != webtest.DefaultLocation ||
		!slicesEqual(icsProp(inv, "URL"), []string{link}) || len(conf) != 1 || conf[0] != link ||
		!strings.Contains(strings.ReplaceAll(inv, "\r\n ", ""), "CONFERENCE;FEATURE=AUDIO,VIDEO;LABEL=腾讯会议;VALUE=URI:"+link) {
		t.Errorf("hybrid meeting: LOCATION %v URL %v CONFERENCE %v\n%s", icsProp(inv, "LOCATION"), icsProp(inv, "URL"), conf, inv)
	}

	out := string(sec.Get(p).Body) // the secretary convenes but is not invited
	icstest.Check(t, []byte(out), icstest.Invite)
	if got := icsProp(out, "METHOD"); len(got) != 1 || got[0] != "PUBLISH" || strings.Contains(out, "ATTENDEE") || strings.Contains(out, "RSVP") {
		t.Errorf("non-attendee's invite.ics is not a PUBLISH without attendees:\n%s", out)
	}

	wantStatus(t, e.API(d.JusticeMember).Post(webtest.MeetingPath(m, "/rsvp"), map[string]any{"answer": "delegated", "delegate_user_id": d.JusticeSec.ID}), http.StatusOK)
	inv = strings.ReplaceAll(string(pm.Get(p).Body), "\r\n ", "")
	if !strings.Contains(inv, `DELEGATED-TO="mailto:`+d.JusticeSec.Email+`"`) || !strings.Contains(inv, `DELEGATED-FROM="mailto:`+d.JusticeMember.Email+`"`) {
		t.Errorf("delegation not on both attendees:\n%s", inv)
	}

	reconcile(t, e)
	mails := outbox(t, e, d.ProcMember.Email)
	if len(mails) != 1 || !strings.Contains(mails[0].Text, "腾讯会议："+link) || !strings.Contains(mails[0].ICS[0], "CONFERENCE") {
		t.Fatalf("invitation mail lacks the online link: %+v", mails)
	}
	icstest.Check(t, []byte(mails[0].ICS[0]), icstest.Invite)

	const reason = "因议题调整，会议取消"
	wantStatus(t, sec.Post(webtest.MeetingPath(m, "/cancel"), map[string]any{"reason": reason}), http.StatusOK)
	reconcile(t, e)
	mails = outbox(t, e, d.ProcMember.Email)
	last := mails[len(mails)-1]
	icstest.Check(t, []byte(last.ICS[0]), icstest.Invite)
	if !strings.Contains(last.Text, reason) || !slicesEqual(icsProp(last.ICS[0], "COMMENT"), []string{reason}) {
		t.Errorf("cancel reason not in the mail body and COMMENT: %q\n%s", last.Text, last.ICS[0])
	}
	inv = string(pm.Get(p).Body)
	if got := icsProp(inv, "METHOD"); len(got) != 1 || got[0] != "CANCEL" || len(icsProp(inv, "COMMENT")) != 1 {
		t.Errorf("attendee's invite.ics after the cancellation:\n%s", inv)
	}
}

func slicesEqual(a, b []string) bool {
	return strings.Join(a, "\x00") == strings.Join(b, "\x00") && len(a) == len(b)
}
