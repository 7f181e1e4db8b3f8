package web_test

import (
	"fmt"
	"net/url"
)

// reports: the joint report's activities recorded, changed and removed
// over the API and on the page (issue 16).
func (f *acFlow) reports() {
	d := f.d
	pc := f.e.API(d.ProcSec)
	day := f.e.Clock.Now().Format("2006-01-02")
	body := map[string]any{"occurred_on": day, "kind": "training", "unit_ids": []int64{d.Procuratorate.ID, d.Justice.ID}, "title": "审计联合培训"}
	r := f.do(pc, d.ProcSec, "POST /api/v1/report-activities", "/api/v1/report-activities", body,
		acWant{action: "report.activity.create", objType: "report_activity", create: true})
	id := f.id(r)
	body["version"], body["kind"] = 1, "joint_study"
	f.do(pc, d.ProcSec, "PATCH /api/v1/report-activities/:id", fmt.Sprintf("/api/v1/report-activities/%d", id), body,
		acWant{action: "report.activity.update", objType: "report_activity", objID: id, changed: []string{"kind"}})
	f.do(pc, d.ProcSec, "DELETE /api/v1/report-activities/:id", fmt.Sprintf("/api/v1/report-activities/%d?version=2", id), nil,
		acWant{action: "report.activity.delete", objType: "report_activity", objID: id, remove: true})

	pb := f.e.Browser(d.ProcSec)
	f.do(pb, d.ProcSec, "POST /reports/activities", "/reports/activities", url.Values{"occurred_on": {day}, "kind": {"consultation"},
		"unit_ids": {n64(d.Procuratorate.ID), n64(d.Justice.ID)}, "title": {"审计页咨询"}},
		acWant{action: "report.activity.create", objType: "report_activity", create: true})
	id = count(f.t, f.e, `SELECT id FROM report_activities WHERE title = ?`, "审计页咨询")
	f.do(pb, d.ProcSec, "POST /reports/activities/:id", fmt.Sprintf("/reports/activities/%d", id), url.Values{"occurred_on": {day}, "kind": {"joint_study"},
		"unit_ids": {n64(d.Procuratorate.ID), n64(d.Justice.ID)}, "title": {"审计页咨询"}, "version": {"1"}},
		acWant{action: "report.activity.update", objType: "report_activity", objID: id, changed: []string{"kind"}})
	f.do(pb, d.ProcSec, "POST /reports/activities/:id/delete", fmt.Sprintf("/reports/activities/%d/delete", id), url.Values{"version": {"2"}},
		acWant{action: "report.activity.delete", objType: "report_activity", objID: id, remove: true})
}
