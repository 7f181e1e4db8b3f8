package web_test

import (
	"net/http"
	"strings"
	"testing"

	"liaison/app/web/webtest"
)

// TestMeetingUID_InstallationID: a new meeting's UID carries the
// installation id, in invite.ics and in the subscribed feed; a meeting
// stored with the earlier form keeps it, also after an edit (a changed UID
// would show the meeting twice in every calendar that holds it).
func TestMeetingUID_InstallationID(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec := e.API(d.OfficeSec)
	pm := e.API(d.ProcMember)
	feed := feedPath(t, func() string { u, _ := myFeed(t, pm); return u }())
	invite := func(m map[string]any) string {
		uids := icsProp(string(pm.Get(strings.Replace(webtest.MeetingPath(m, "/invite.ics"), "/api/v1", "", 1)).Body), "UID")
		if len(uids) != 1 {
			t.Fatalf("invite.ics UID %v", uids)
		}
		return uids[0]
	}
	create := func(title string) map[string]any {
		m := e.CreateMeeting(sec, webtest.MeetingBody("consultation", d.Office.ID, title, mStart, mEnd))
		wantStatus(t, sec.Post(webtest.MeetingPath(m, "/attendees"), map[string]any{"user_id": d.ProcMember.ID, "role": "required"}), http.StatusCreated)
		return m
	}

	old := create("会商：旧会议")
	const oldUID = "0123456789abcdef0123456789abcdef@liaison"
	if err := e.DB.Conn(e.Ctx()).Exec(`UPDATE meetings SET uid = ? WHERE id = ?`, oldUID, int64(old["id"].(float64))).Error; err != nil {
		t.Fatal(err)
	}
	fresh := create("会商：新会议")
	var inst string
	if err := e.DB.Conn(e.Ctx()).Raw(`SELECT value FROM settings WHERE key = 'installation_id'`).Scan(&inst).Error; err != nil || len(inst) != 16 {
		t.Fatalf("installation id %q: %v", inst, err)
	}
	if u := invite(fresh); !strings.HasSuffix(u, "."+inst+"@liaison") {
		t.Errorf("new meeting's UID %q lacks the installation id %s", u, inst)
	}
	wantStatus(t, sec.Do("PATCH", webtest.MeetingPath(old, ""), map[string]any{
		"title": "会商：旧会议（改）", "version": getMeeting(t, sec, old).Version}), http.StatusOK)
	if u := invite(old); u != oldUID {
		t.Errorf("existing meeting's UID changed to %q", u)
	}
	body := string(e.Anon().Get(feed).Body)
	if !strings.Contains(body, "UID:"+oldUID) || !strings.Contains(body, "."+inst+"@liaison") {
		t.Errorf("feed: want %s kept and the new meeting with %s:\n%s", oldUID, inst, body)
	}
}
