package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"liaison/app/web/webtest"
)

// noticesOf returns the titles and bodies of c's notifications of kind.
func noticesOf(t *testing.T, c *webtest.Client, kind string) []string {
	t.Helper()
	var got struct {
		Items []struct{ Kind, Title, Body string }
	}
	c.Get("/api/v1/me/notifications?limit=100").Decode(t, &got)
	var out []string
	for _, n := range got.Items {
		if n.Kind == kind {
			out = append(out, n.Title+" / "+n.Body)
		}
	}
	return out
}

// TestMeetingDraftApproval_PeopleAreTold: the approver hears of a request,
// the organisers of the answer (with the reason of a return), each once,
// in the inbox; nobody invited hears of the draft.
func TestMeetingDraftApproval_PeopleAreTold(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	wantStatus(t, e.API(d.Admin).Do(http.MethodPut, "/api/v1/meeting-settings", map[string]any{"approval": map[string]string{"consultation": "chair"}}), http.StatusOK)
	sec, chair := e.API(d.OfficeSec), e.API(d.JusticeSec)
	body := webtest.MeetingBody("consultation", d.Office.ID, "须审批的专家会商", mStart, mEnd)
	body["status"], body["chair_user_id"] = "draft", d.JusticeSec.ID
	m := e.CreateMeeting(sec, body)
	if got := noticesOf(t, chair, "meeting.approval_requested"); len(got) != 0 {
		t.Fatalf("the chair is told before the request: %v", got)
	}
	m = sec.Post(webtest.MeetingPath(m, "/approval"), map[string]any{"version": m["version"]}).JSON(t)
	if got := noticesOf(t, chair, "meeting.approval_requested"); len(got) != 1 || !strings.Contains(got[0], "会议待您审批：须审批的专家会商") {
		t.Fatalf("the chair's notices: %v", got)
	}
	// It waits on the chair's 工作台 until decided.
	if n, urls := todoCount(t, chair, "approvals"); n != 1 || urls[0] != fmt.Sprintf("/meetings/%v#publish", m["id"]) {
		t.Errorf("the chair's 待我审批的会议: %d %v", n, urls)
	}
	if n, _ := todoCount(t, e.API(d.Leader), "approvals"); n != 0 {
		t.Errorf("a leader who is not the approver: %d", n)
	}
	wantStatus(t, chair.Post(webtest.MeetingPath(m, "/approval/decision"), map[string]any{"decision": "return", "reason": "请补充案件材料"}), http.StatusOK)
	got := noticesOf(t, sec, "meeting.approval_decided")
	if len(got) != 1 || !strings.Contains(got[0], "会议被退回修改") || !strings.Contains(got[0], "请补充案件材料") {
		t.Fatalf("the organiser's notices after the return: %v", got)
	}
	m = sec.Get(webtest.MeetingPath(m, "")).JSON(t)
	m = sec.Post(webtest.MeetingPath(m, "/approval"), map[string]any{"version": m["version"]}).JSON(t)
	if got := noticesOf(t, chair, "meeting.approval_requested"); len(got) != 2 {
		t.Errorf("a second request after the return is told again: %v", got)
	}
	wantStatus(t, chair.Post(webtest.MeetingPath(m, "/approval/decision"), map[string]any{"decision": "approve", "version": m["version"]}), http.StatusOK)
	if n, _ := todoCount(t, chair, "approvals"); n != 0 {
		t.Errorf("a decided draft stays on the chair's 工作台")
	}
	if got := noticesOf(t, sec, "meeting.approval_decided"); len(got) != 2 || !strings.Contains(strings.Join(got, "|"), "会议已审批通过") {
		t.Errorf("the organiser's notices after approval: %v", got)
	}
	// Nobody else hears of the draft, the chair aside.
	link := fmt.Sprintf("/meetings/%v", m["id"])
	if n := count(t, e, `SELECT COUNT(*) FROM notifications WHERE link = ?`, link); n != 4 {
		t.Errorf("%d notices of the draft in all, want the 4 above", n)
	}
	if n := count(t, e, `SELECT COUNT(*) FROM notifications WHERE link = ? AND user_id NOT IN (?, ?)`, link, d.OfficeSec.ID, d.JusticeSec.ID); n != 0 {
		t.Errorf("%d notices of the draft to others", n)
	}
}
