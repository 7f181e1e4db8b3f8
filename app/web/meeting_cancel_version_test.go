package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"liaison/app/web/webtest"
)

// TestMeetingPage_CancelChecksVersion: the HTML cancel goes through the
// same service method as the API's, with the same version check. The page
// carries the version it showed; a form read before someone else's change
// gets 409 with the page's conflict message and cancels nothing, and the
// form with the current version cancels.
func TestMeetingPage_CancelChecksVersion(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	api := e.API(d.OfficeSec)
	m := e.CreateMeeting(api, webtest.MeetingBody("consultation", d.Office.ID, "会商：取消要核对版本", mStart, mEnd))
	path := webtest.MeetingPath(m, "")
	page := strings.TrimPrefix(path, "/api/v1")
	v := int(m["version"].(float64))

	br := e.Browser(d.OfficeSec)
	show := br.Get(page)
	wantStatus(t, show, http.StatusOK)
	if want := fmt.Sprintf(`name="version" value="%d"`, v); !strings.Contains(string(show.Body), want) {
		t.Fatalf("the cancel form does not carry the version it showed (%s)", want)
	}
	// someone else changes the meeting after the page was read
	wantStatus(t, api.Do("PATCH", path, map[string]any{"title": "会商：已改标题", "version": v}), http.StatusOK)

	stale := br.PostForm(page+"/cancel", url.Values{"reason": {"改期"}, "version": {fmt.Sprint(v)}})
	wantStatus(t, stale, http.StatusConflict)
	if got := api.Get(path).JSON(t); got["status"] == "cancelled" {
		t.Fatalf("a stale cancel cancelled the meeting")
	}
	// the re-shown page carries the current version; with it, the cancel goes through
	if want := fmt.Sprintf(`name="version" value="%d"`, v+1); !strings.Contains(string(stale.Body), want) {
		t.Fatalf("the 409 page does not offer the current version (%s)", want)
	}
	wantStatus(t, br.PostForm(page+"/cancel", url.Values{"reason": {"改期"}, "version": {fmt.Sprint(v + 1)}}), http.StatusSeeOther)
	if got := api.Get(path).JSON(t); got["status"] != "cancelled" || got["cancel_reason"] != "改期" {
		t.Fatalf("after the cancel: status %v, reason %v", got["status"], got["cancel_reason"])
	}
}
