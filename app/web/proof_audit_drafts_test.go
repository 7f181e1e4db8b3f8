package web_test

import (
	"fmt"
	"net/http"
	"net/url"

	"liaison/app/web/webtest"
)

// drafts: 草稿 and 发布 (issue 20 item 1): the approval rules, asking for
// and deciding approval, and 发布 over the API and the meeting page's button.
func (f *acFlow) drafts() {
	d := f.d
	ac, sec := f.e.API(d.Admin), f.e.API(d.OfficeSec)
	f.do(ac, d.Admin, "PUT /api/v1/meeting-settings", "/api/v1/meeting-settings", map[string]any{"approval": map[string]string{"joint_inspection": "chair"}},
		acWant{action: "meeting.approval_rules", objType: "settings"})
	f.do(f.e.Browser(d.Admin), d.Admin, "POST /admin/meeting-settings", "/admin/meeting-settings", url.Values{"approval_joint_meeting": {"leader"}},
		acWant{action: "meeting.approval_rules", objType: "settings"})
	body := webtest.MeetingBody("joint_inspection", d.Office.ID, "专项监督（草稿）", acTime(12, 9), acTime(12, 11))
	body["status"], body["chair_user_id"] = "draft", d.Leader.ID
	r := sec.Post("/api/v1/meetings", body)
	if r.Status != http.StatusCreated {
		f.t.Fatalf("draft: %d %s", r.Status, r.Body)
	}
	id := f.id(r)
	path := fmt.Sprintf("/api/v1/meetings/%d", id)
	f.do(sec, d.OfficeSec, "POST /api/v1/meetings/:id/approval", path+"/approval", map[string]any{},
		acWant{action: "meeting.approval.request", objType: "meeting", objID: id, changed: []string{"approval"}})
	f.do(f.e.API(d.Leader), d.Leader, "POST /api/v1/meetings/:id/approval/decision", path+"/approval/decision", map[string]any{"decision": "approve"},
		acWant{action: "meeting.approval.approve", objType: "meeting", objID: id, changed: []string{"approval"}})
	f.do(sec, d.OfficeSec, "POST /api/v1/meetings/:id/publish", path+"/publish", map[string]any{},
		acWant{action: "meeting.publish", objType: "meeting", objID: id, changed: []string{"status"}})

	// the page's 提交审批 and the chair's decision
	body = webtest.MeetingBody("joint_inspection", d.Office.ID, "专项监督（草稿，页面审批）", acTime(12, 14), acTime(12, 16))
	body["status"], body["chair_user_id"] = "draft", d.Leader.ID
	id = f.id(sec.Post("/api/v1/meetings", body))
	f.do(f.e.Browser(d.OfficeSec), d.OfficeSec, "POST /meetings/:id/approval", fmt.Sprintf("/meetings/%d/approval", id), url.Values{"version": {"1"}},
		acWant{action: "meeting.approval.request", objType: "meeting", objID: id, changed: []string{"approval"}})
	f.do(f.e.Browser(d.Leader), d.Leader, "POST /meetings/:id/approval/decision", fmt.Sprintf("/meetings/%d/approval/decision", id),
		url.Values{"version": {"2"}, "decision": {"return"}, "reason": {"议程待补充"}},
		acWant{action: "meeting.approval.return", objType: "meeting", objID: id, changed: []string{"approval", "approval_reason"}})

	body = webtest.MeetingBody("consultation", d.Office.ID, "会商（草稿，页面发布）", acTime(13, 9), acTime(13, 11))
	body["status"] = "draft"
	id = f.id(sec.Post("/api/v1/meetings", body))
	f.do(f.e.Browser(d.OfficeSec), d.OfficeSec, "POST /meetings/:id/publish", fmt.Sprintf("/meetings/%d/publish", id), url.Values{"version": {"1"}},
		acWant{action: "meeting.publish", objType: "meeting", objID: id, changed: []string{"status"}})
}
