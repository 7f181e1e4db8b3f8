package web_test

import (
	"net/url"
)

// templates drives the meeting templates' writes, through the API and the
// pages: create, change, retire.
func (f *acFlow) templates() {
	d := f.d
	sec := f.e.API(d.OfficeSec)
	body := map[string]any{"name": "审计模板", "kind": "joint_meeting", "items": []map[string]any{{"title": "通报情况", "duration_minutes": 20}}}
	tpl := f.id(f.do(sec, d.OfficeSec, "POST /api/v1/meeting-templates", "/api/v1/meeting-templates", body,
		acWant{action: "meeting_template.create", objType: "meeting_template", create: true}))
	f.do(sec, d.OfficeSec, "PATCH /api/v1/meeting-templates/:id", "/api/v1/meeting-templates/"+n64(tpl), map[string]any{"version": 1, "name": "审计模板（改）"},
		acWant{action: "meeting_template.update", objType: "meeting_template", objID: tpl, changed: []string{"name", "version"}})

	b := f.e.Browser(d.OfficeSec)
	f.do(b, d.OfficeSec, "POST /meetings/templates", "/meetings/templates", url.Values{"name": {"页面审计模板"}, "kind": {"consultation"},
		"item_rows": {"1"}, "item0_title": {"研判案件"}, "item0_minutes": {"30"}},
		acWant{action: "meeting_template.create", objType: "meeting_template", create: true})
	page := count(f.t, f.e, `SELECT id FROM meeting_templates WHERE name = ?`, "页面审计模板")
	f.do(b, d.OfficeSec, "POST /meetings/templates/:id", "/meetings/templates/"+n64(page), url.Values{"name": {"页面审计模板"}, "kind": {"consultation"},
		"item_rows": {"1"}, "item0_title": {"研判案件"}, "item0_minutes": {"45"}, "version": {"1"}, "status": {"active"}},
		acWant{action: "meeting_template.update", objType: "meeting_template", objID: page, changed: []string{"items", "version"}})
	f.do(b, d.OfficeSec, "POST /meetings/templates/:id/retire", "/meetings/templates/"+n64(page)+"/retire", url.Values{"version": {"2"}},
		acWant{action: "meeting_template.retire", objType: "meeting_template", objID: page, changed: []string{"status", "version"}})
}
