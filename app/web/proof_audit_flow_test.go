package web_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strconv"

	"liaison/app/account"
	"liaison/app/followup"
	"liaison/app/web/webtest"
)

// Markers written into the content of a sensitive and a classified meeting:
// the audit log must carry neither (noContentInAudit).
const (
	acSensitiveText = "AUDIT-CANARY-SENSITIVE-DESCRIPTION"
	acClassified    = "AUDIT-CANARY-CLASSIFIED"
	acWasOrdinary   = "AUDIT-CANARY-WAS-ORDINARY"
)

func (f *acFlow) run() {
	f.accounts()
	f.meetingsAPI()
	f.meetingsPages()
	f.sensitiveMeetings()
	f.meetingFiles() // meeting_files_test.go
	f.cases()
	f.actions()
	f.mechanism()
	f.reports()   // proof_audit_report_test.go
	f.leadGroup() // proof_audit_leadgroup_test.go
	f.drafts()    // proof_audit_drafts_test.go
	f.receipts()  // proof_audit_receipts_test.go
	f.templates() // proof_audit_templates_test.go
	f.scoreboard()
	f.workdays()
	f.feeds()
	f.inbox()
	f.outbox()
	f.channels()
	f.security()
	f.signIn()
}

// acTime is an RFC 3339 time days after the pinned today at hour
// (Asia/Shanghai).
func acTime(days, hour int) string { return webtest.At(webtest.DaysFromToday(days), hour, 0) }

// acLocal is acTime as a form's datetime-local value.
func acLocal(days, hour int) string { return acTime(days, hour)[:16] }

func (f *acFlow) id(r webtest.Response) int64 {
	f.t.Helper()
	var v struct {
		ID int64 `json:"id"`
	}
	r.Decode(f.t, &v)
	if v.ID == 0 {
		f.t.Fatalf("no id in %s", r.Body)
	}
	return v.ID
}

var acLastNumber = regexp.MustCompile(`/(\d+)(?:[/?#].*)?$`)

// locID is the id a form's redirect names (/meetings/12, /cases/3?…).
func (f *acFlow) locID(r webtest.Response) int64 {
	f.t.Helper()
	m := acLastNumber.FindStringSubmatch(r.Header.Get("Location"))
	if m == nil {
		f.t.Fatalf("redirect to %q names no id", r.Header.Get("Location"))
	}
	n, _ := strconv.ParseInt(m[1], 10, 64)
	return n
}

func (f *acFlow) version(c *webtest.Client, path string) int {
	f.t.Helper()
	var v struct {
		Version int `json:"version"`
	}
	c.Get(path).Decode(f.t, &v)
	return v.Version
}

func n64(n int64) string { return strconv.FormatInt(n, 10) }

// accounts: units and users by API and admin pages, with their sessions
// and second factors.
func (f *acFlow) accounts() {
	d, admin := f.d, f.e.API(f.d.Admin)
	r := f.do(admin, d.Admin, "POST /api/v1/units", "/api/v1/units", map[string]any{"name": "区审计局", "kind": "agency"},
		acWant{action: "unit.create", objType: "unit", create: true})
	unit := f.id(r)
	v := f.version(admin, "/api/v1/units/"+n64(unit))
	f.do(admin, d.Admin, "PATCH /api/v1/units/:id", "/api/v1/units/"+n64(unit), map[string]any{"short_name": "审计局", "version": v},
		acWant{action: "unit.update", objType: "unit", objID: unit, changed: []string{"short_name", "version"}})
	r = f.do(admin, d.Admin, "POST /api/v1/users", "/api/v1/users", map[string]any{"username": "audit.user", "display_name": "审计员",
		"unit_id": unit, "role": "member", "email": "audit.user@kuiwen.example", "password": "长江黄河泰山华山-审计"},
		acWant{action: "user.create", objType: "user", create: true})
	user := f.id(r)
	v = f.version(admin, "/api/v1/users/"+n64(user))
	f.do(admin, d.Admin, "PATCH /api/v1/users/:id", "/api/v1/users/"+n64(user), map[string]any{"display_name": "审计员甲", "version": v},
		acWant{action: "user.update", objType: "user", objID: user, changed: []string{"display_name", "version"}})
	f.do(admin, d.Admin, "POST /api/v1/users/:id/sessions/end", fmt.Sprintf("/api/v1/users/%d/sessions/end", d.AgencyBMember.ID), nil,
		acWant{action: "auth.sessions_ended", objType: "user", objID: d.AgencyBMember.ID})
	mfaUser := f.e.User("audit.mfa1", d.Justice, account.RoleSecretary)
	f.e.EnrolTOTP(mfaUser)
	f.do(admin, d.Admin, "POST /api/v1/users/:id/totp/reset", fmt.Sprintf("/api/v1/users/%d/totp/reset", mfaUser.ID), nil,
		acWant{action: "auth.totp_reset", objType: "user", objID: mfaUser.ID})

	b := f.e.Browser(d.Admin)
	f.do(b, d.Admin, "POST /admin/units", "/admin/units", url.Values{"name": {"区统计局"}, "short_name": {"统计局"}, "kind": {"agency"}},
		acWant{action: "unit.create", objType: "unit", create: true})
	unit2 := count(f.t, f.e, `SELECT id FROM units WHERE name = ?`, "区统计局")
	v = f.version(admin, "/api/v1/units/"+n64(unit2))
	f.do(b, d.Admin, "POST /admin/units/:id", "/admin/units/"+n64(unit2), url.Values{"name": {"区统计局"}, "short_name": {"统计"},
		"kind": {"agency"}, "active": {"on"}, "version": {strconv.Itoa(v)}},
		acWant{action: "unit.update", objType: "unit", objID: unit2, changed: []string{"short_name"}})
	f.do(b, d.Admin, "POST /admin/users", "/admin/users", url.Values{"username": {"audit.page"}, "display_name": {"统计员"},
		"unit_id": {n64(unit2)}, "role": {"secretary"}, "email": {"audit.page@kuiwen.example"}, "password": {"长江黄河泰山华山-统计"}},
		acWant{action: "user.create", objType: "user", create: true})
	user2 := count(f.t, f.e, `SELECT id FROM users WHERE username = ?`, "audit.page")
	v = f.version(admin, "/api/v1/users/"+n64(user2))
	f.do(b, d.Admin, "POST /admin/users/:id", "/admin/users/"+n64(user2), url.Values{"display_name": {"统计员乙"}, "email": {"audit.page@kuiwen.example"},
		"role": {"secretary"}, "unit_id": {n64(unit2)}, "active": {"on"}, "version": {strconv.Itoa(v)}},
		acWant{action: "user.update", objType: "user", objID: user2, changed: []string{"display_name"}})
	f.do(b, d.Admin, "POST /admin/users/:id/sessions/end", fmt.Sprintf("/admin/users/%d/sessions/end", d.AgencyBMember.ID), url.Values{},
		acWant{action: "auth.sessions_ended", objType: "user", objID: d.AgencyBMember.ID})
	mfaUser2 := f.e.User("audit.mfa2", d.Justice, account.RoleSecretary)
	f.e.EnrolTOTP(mfaUser2)
	f.do(b, d.Admin, "POST /admin/users/:id/totp/reset", fmt.Sprintf("/admin/users/%d/totp/reset", mfaUser2.ID), url.Values{},
		acWant{action: "auth.totp_reset", objType: "user", objID: mfaUser2.ID})
}

// cases: the register, notifications, case types and timers, documents and
// their scans, by API and forms.
func (f *acFlow) cases() {
	d := f.d
	sec, js, admin := f.e.API(d.ProcSec), f.e.API(d.JusticeSec), f.e.API(d.Admin)
	body := map[string]any{"number": "审计案1", "title": "审计案件", "kind": "工伤认定", "respondent_unit_id": d.AgencyA.ID,
		"origin_unit_id": d.Procuratorate.ID, "sensitivity": "ordinary", "accepted_on": "2026-03-02"}
	k := f.id(f.do(sec, d.ProcSec, "POST /api/v1/cases", "/api/v1/cases", body, acWant{action: "case.create", objType: "case", create: true}))
	p := "/api/v1/cases/" + n64(k)
	f.do(sec, d.ProcSec, "PATCH /api/v1/cases/:id", p, map[string]any{"title": "审计案件（改）", "version": f.version(sec, p)},
		acWant{action: "case.update", objType: "case", objID: k, changed: []string{"title", "version"}})
	f.do(sec, d.ProcSec, "POST /api/v1/cases/:id/stage", p+"/stage", map[string]any{"stage": "handling", "version": f.version(sec, p)},
		acWant{action: "case.update", objType: "case", objID: k, changed: []string{"stage", "version"}})
	note := f.id(f.do(sec, d.ProcSec, "POST /api/v1/cases/:id/notifications", p+"/notifications",
		map[string]any{"from_unit_id": d.Procuratorate.ID, "to_unit_id": d.Justice.ID, "stage": "accepted", "summary": "已受理"},
		acWant{action: "case.notify", objType: "case", objID: k}))
	f.do(js, d.JusticeSec, "POST /api/v1/cases/:id/notifications/:nid/read", fmt.Sprintf("%s/notifications/%d/read", p, note), nil,
		acWant{action: "case.notification_read", objType: "case", objID: k})
	ct := f.id(f.do(admin, d.Admin, "POST /api/v1/case-types", "/api/v1/case-types", map[string]any{"name": "审计类", "position": 60},
		acWant{action: "case_type.create", objType: "case_type", create: true}))
	f.do(admin, d.Admin, "PATCH /api/v1/case-types/:id", "/api/v1/case-types/"+n64(ct), map[string]any{"active": false},
		acWant{action: "case_type.update", objType: "case_type", objID: ct, changed: []string{"active"}})
	dt := f.id(f.do(admin, d.Admin, "POST /api/v1/document-types", "/api/v1/document-types", map[string]any{"name_zh": "审计提示函",
		"issuer_kinds": []string{"procuratorate"}, "reply_period": map[string]any{"n": 10, "unit": "workdays"}},
		acWant{action: "document_type.create", objType: "document_type", create: true}))
	f.do(admin, d.Admin, "PATCH /api/v1/document-types/:id", "/api/v1/document-types/"+n64(dt), map[string]any{"name_zh": "审计提示函",
		"issuer_kinds": []string{"procuratorate"}, "reply_period": map[string]any{"n": 10, "unit": "workdays"}, "active": false, "version": 1},
		acWant{action: "document_type.update", objType: "document_type", objID: dt, changed: []string{"active", "version"}})
	var timers map[string]any
	admin.Get("/api/v1/case-settings").Decode(f.t, &timers)
	timers["notify"] = map[string]any{"n": 9, "unit": "days"}
	f.do(admin, d.Admin, "PUT /api/v1/case-settings", "/api/v1/case-settings", timers,
		acWant{action: "case.timers", objType: "settings", changed: []string{"notify"}})
	r := f.do(sec, d.ProcSec, "POST /api/v1/documents", "/api/v1/documents", map[string]any{"type": "procuratorial_suggestion", "number": "审计检建1",
		"issuing_unit_id": d.Procuratorate.ID, "addressee_unit_id": d.AgencyA.ID, "cc_unit_ids": []int64{d.Justice.ID}, "issued_on": "2026-03-02", "received_on": "2026-03-02", "case_ids": []int64{k}},
		acWant{action: "document.create", objType: "document", create: true}, acWant{action: "action.create", objType: "action", create: true})
	var doc webtest.DocumentJSON
	r.Decode(f.t, &doc)
	f.doc, f.docAction = doc.ID, doc.ActionItems[0].ID
	f.do(sec, d.ProcSec, "POST /api/v1/documents/:id/files", fmt.Sprintf("/api/v1/documents/%d/files", doc.ID), acUpload{name: "scan.pdf", data: azPDF},
		acWant{action: "document.upload", objType: "document", objID: doc.ID})

	b, jb, ab := f.e.Browser(d.ProcSec), f.e.Browser(d.JusticeSec), f.e.Browser(d.Admin)
	form := url.Values{"number": {"审计页1号"}, "title": {"页面案件"}, "kind": {"信息公开"}, "respondent_unit_id": {n64(d.AgencyA.ID)},
		"origin_unit_id": {n64(d.Procuratorate.ID)}, "sensitivity": {"ordinary"}, "accepted_on": {"2026-03-02"}}
	k = f.locID(f.do(b, d.ProcSec, "POST /cases", "/cases", form, acWant{action: "case.create", objType: "case", create: true}))
	p = "/cases/" + n64(k)
	edit := url.Values{"number": {"审计页1号"}, "title": {"页面案件（改）"}, "kind": {"信息公开"}, "respondent_unit_id": {n64(d.AgencyA.ID)},
		"accepted_on": {"2026-03-02"}, "version": {strconv.Itoa(f.version(sec, "/api/v1"+p))}}
	f.do(b, d.ProcSec, "POST /cases/:id/edit", p+"/edit", edit, acWant{action: "case.update", objType: "case", objID: k, changed: []string{"title"}})
	f.do(b, d.ProcSec, "POST /cases/:id/stage", p+"/stage", url.Values{"stage": {"handling"}, "version": {strconv.Itoa(f.version(sec, "/api/v1"+p))}},
		acWant{action: "case.update", objType: "case", objID: k, changed: []string{"stage"}})
	f.do(b, d.ProcSec, "POST /cases/:id/notifications", p+"/notifications",
		url.Values{"from_unit_id": {n64(d.Procuratorate.ID)}, "to_unit_id": {n64(d.Justice.ID)}, "stage": {"accepted"}, "summary": {"请知悉"}},
		acWant{action: "case.notify", objType: "case", objID: k})
	note = count(f.t, f.e, `SELECT MAX(id) FROM case_notifications WHERE case_id = ?`, k)
	f.do(jb, d.JusticeSec, "POST /cases/:id/notifications/:nid/read", fmt.Sprintf("%s/notifications/%d/read", p, note), url.Values{},
		acWant{action: "case.notification_read", objType: "case", objID: k})
	f.do(ab, d.Admin, "POST /cases/types", "/cases/types", url.Values{"name": {"页面审计类"}, "position": {"70"}},
		acWant{action: "case_type.create", objType: "case_type", create: true})
	ct = count(f.t, f.e, `SELECT id FROM case_types WHERE name = ?`, "页面审计类")
	f.do(ab, d.Admin, "POST /cases/types/:id", "/cases/types/"+n64(ct), url.Values{"active": {"false"}},
		acWant{action: "case_type.update", objType: "case_type", objID: ct, changed: []string{"active"}})
	f.do(ab, d.Admin, "POST /cases/document-types", "/cases/document-types", url.Values{"name_zh": {"页面审计函"}, "issuer_kinds": {"justice_bureau"},
		"reply_n": {"5"}, "reply_unit": {"days"}}, acWant{action: "document_type.create", objType: "document_type", create: true})
	dt = count(f.t, f.e, `SELECT id FROM document_types WHERE name_zh = ?`, "页面审计函")
	f.do(ab, d.Admin, "POST /cases/document-types/:id", "/cases/document-types/"+n64(dt), url.Values{"name_zh": {"页面审计函"}, "issuer_kinds": {"justice_bureau"},
		"reply_n": {"7"}, "reply_unit": {"days"}, "version": {"1"}, "active": {"true"}},
		acWant{action: "document_type.update", objType: "document_type", objID: dt, changed: []string{"reply_period"}})
	settings := url.Values{"notify_n": {"8"}, "notify_unit": {"days"}, "result_n": {"3"}, "result_unit": {"months"}}
	for _, typ := range []string{"procuratorial_suggestion", "supervision_opinion", "reconsideration_suggestion", "legal_opinion"} {
		settings.Set("reply_"+typ+"_n", "2")
		settings.Set("reply_"+typ+"_unit", "months")
	}
	f.do(ab, d.Admin, "POST /cases/settings", "/cases/settings", settings, acWant{action: "case.timers", objType: "settings", changed: []string{"notify"}})
	r = f.do(b, d.ProcSec, "POST /documents", "/documents", url.Values{"type": {"procuratorial_suggestion"}, "number": {"审计检建页1"},
		"issuing_unit_id": {n64(d.Procuratorate.ID)}, "addressee_unit_id": {n64(d.AgencyA.ID)}, "cc_unit_ids": {n64(d.Justice.ID)},
		"issued_on": {"2026-03-02"}, "reply_due_on": {""}, "case_ids": {n64(k)}, "sensitivity": {"ordinary"}},
		acWant{action: "document.create", objType: "document", create: true})
	doc2 := f.locID(r)
	f.do(b, d.ProcSec, "POST /documents/:id/files", fmt.Sprintf("/documents/%d/files", doc2), acUpload{name: "scan.pdf", data: azPDF},
		acWant{action: "document.upload", objType: "document", objID: doc2})
	// The addressee signs for the page's document (awaiting receipt) on its
	// page, and for another one by API: each receipt creates the item.
	received := []string{"received_on", "reply_due_on", "version"}
	f.do(f.e.Browser(d.AgencyAMember), d.AgencyAMember, "POST /documents/:id/receive", fmt.Sprintf("/documents/%d/receive", doc2),
		url.Values{"received_on": {""}}, acWant{action: "document.receive", objType: "document", objID: doc2, changed: received},
		acWant{action: "action.create", objType: "action", create: true})
	var doc3 webtest.DocumentJSON
	sec.Post("/api/v1/documents", map[string]any{"type": "legal_opinion", "number": "审计法意1", "issuing_unit_id": d.Procuratorate.ID,
		"addressee_unit_id": d.AgencyA.ID, "issued_on": "2026-03-02"}).Decode(f.t, &doc3)
	f.do(f.e.API(d.AgencyAMember), d.AgencyAMember, "POST /api/v1/documents/:id/receive", fmt.Sprintf("/api/v1/documents/%d/receive", doc3.ID),
		map[string]any{"received_on": "2026-03-04"}, acWant{action: "document.receive", objType: "document", objID: doc3.ID, changed: received},
		acWant{action: "action.create", objType: "action", create: true})
}

// actions: feedback, return, feedback again, acceptance, escalation and
// the escalated unit's handling, by API and forms.
func (f *acFlow) actions() {
	d := f.d
	agency, sec, jm := f.e.API(d.AgencyAMember), f.e.API(d.ProcSec), f.e.API(d.JusticeMember)
	p := fmt.Sprintf("/api/v1/actions/%d", f.docAction)
	f.do(agency, d.AgencyAMember, "POST /api/v1/actions/:id/feedback", p+"/feedback", map[string]any{"body": "已整改并书面答复"},
		acWant{action: "action.feedback", objType: "action", objID: f.docAction, changed: []string{"status"}})
	f.do(sec, d.ProcSec, "POST /api/v1/actions/:id/verify", p+"/verify", map[string]any{"accepted": false, "comment": "整改不到位"},
		acWant{action: "action.verify", objType: "action", objID: f.docAction, changed: []string{"status"}})
	ab, pb, jb := f.e.Browser(d.AgencyAMember), f.e.Browser(d.ProcSec), f.e.Browser(d.JusticeMember)
	pp := fmt.Sprintf("/actions/%d", f.docAction)
	f.do(ab, d.AgencyAMember, "POST /actions/:id/feedback", pp+"/feedback", acUpload{name: "report.pdf", data: azPDF, fields: map[string]string{"body": "补充整改材料"}},
		acWant{action: "action.feedback", objType: "action", objID: f.docAction, changed: []string{"status"}})
	f.do(pb, d.ProcSec, "POST /actions/:id/verify", pp+"/verify", url.Values{"accepted": {"yes"}, "comment": {"整改到位"}},
		acWant{action: "action.verify", objType: "action", objID: f.docAction, changed: []string{"status"}})

	for i, c := range []struct {
		esc, handle *webtest.Client
		route       string
		form        bool
	}{{sec, jm, "/api/v1/actions", false}, {pb, jb, "/actions", true}} {
		late := f.e.Action(followup.NewAction{Title: fmt.Sprintf("逾期事项%d", i), ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID,
			DueOn: webtest.DaysFromToday(-5)})
		p := fmt.Sprintf("%s/%d", c.route, late.ID)
		var esc, handle any = map[string]any{"comment": "逾期未答复"}, map[string]any{"handling": "立案监督", "result": "已督促整改"}
		if c.form {
			esc, handle = url.Values{"comment": {"逾期未答复"}}, url.Values{"handling": {"立案监督"}, "result": {"已督促整改"}}
		}
		f.do(c.esc, d.ProcSec, "POST "+c.route+"/:id/escalate", p+"/escalate", esc,
			acWant{action: "action.escalate", objType: "action", objID: late.ID, changed: []string{"escalation_step"}})
		f.do(c.handle, d.JusticeMember, "POST "+c.route+"/:id/escalations/:step/handling", p+"/escalations/1/handling", handle,
			acWant{action: "action.escalation_handling", objType: "action", objID: late.ID, changed: []string{"handling", "handled_at"}})
	}
}

// scoreboard: settings, publishing and revising past months.
func (f *acFlow) scoreboard() {
	d, admin, b := f.d, f.e.API(f.d.Admin), f.e.Browser(f.d.Admin)
	var st map[string]any
	admin.Get("/api/v1/scoreboard/settings").Decode(f.t, &st)
	formula := st["formula"].(map[string]any)
	formula["per_overdue"] = formula["per_overdue"].(float64) + 1
	f.do(admin, d.Admin, "PUT /api/v1/scoreboard/settings", "/api/v1/scoreboard/settings", st,
		acWant{action: "scoreboard.settings", objType: "scoreboard_settings", changed: []string{"formula", "version"}})
	admin.Get("/api/v1/scoreboard/settings").Decode(f.t, &st)
	form := url.Values{"version": {fmt.Sprint(st["version"])}}
	for k, v := range st["formula"].(map[string]any) {
		form.Set("formula."+k, fmt.Sprint(v))
	}
	for _, k := range []string{"annual_proportion", "commend_at", "deduct_below"} {
		form.Set(k, fmt.Sprint(st[k]))
	}
	form.Set("formula.per_late", "4")
	f.do(b, d.Admin, "POST /scoreboard/settings", "/scoreboard/settings", form,
		acWant{action: "scoreboard.settings", objType: "scoreboard_settings", changed: []string{"formula"}})

	for i, c := range []struct {
		client *webtest.Client
		prefix string
		body   func(string) any
	}{
		{admin, "/api/v1", func(s string) any {
			if s == "" {
				return nil
			}
			return map[string]string{"reason": s}
		}},
		{b, "", func(s string) any { return url.Values{"reason": {s}} }},
	} {
		month := webtest.Month(-3 - i)
		f.do(c.client, d.Admin, "POST "+c.prefix+"/scoreboard/:month/publish", c.prefix+"/scoreboard/"+month+"/publish", c.body(""),
			acWant{action: "scoreboard.publish", objType: "scoreboard", create: true})
		f.do(c.client, d.Admin, "POST "+c.prefix+"/scoreboard/:month/revise", c.prefix+"/scoreboard/"+month+"/revise", c.body("补交了书面答复"),
			acWant{action: "scoreboard.revise", objType: "scoreboard", create: true})
	}
}

// workdays: a year of public holidays put, deleted and put again by form.
func (f *acFlow) workdays() {
	d, admin := f.d, f.e.API(f.d.Admin)
	f.do(admin, d.Admin, "PUT /api/v1/workdays/years/:year", "/api/v1/workdays/years/2028", year2028(),
		acWant{action: "holidays.put", objType: "holiday_year", objID: 2028, create: true})
	f.do(admin, d.Admin, "DELETE /api/v1/workdays/years/:year", "/api/v1/workdays/years/2028", nil,
		acWant{action: "holidays.delete", objType: "holiday_year", objID: 2028, remove: true})
	data, _ := json.Marshal(year2028())
	f.do(f.e.Browser(d.Admin), d.Admin, "POST /admin/holidays", "/admin/holidays", url.Values{"year": {"2028"}, "data": {string(data)}},
		acWant{action: "holidays.put", objType: "holiday_year", objID: 2028, create: true})
}

// feeds: calendar links rotated and reminder leads changed.
func (f *acFlow) feeds() {
	d, sec, b := f.d, f.e.API(f.d.ProcSec), f.e.Browser(f.d.ProcSec)
	sec.Get("/api/v1/me/feed")
	sec.Get("/api/v1/me/unit_feed")
	f.do(sec, d.ProcSec, "POST /api/v1/me/feed/rotate", "/api/v1/me/feed/rotate", nil,
		acWant{action: "feed.rotate", objType: "user", objID: d.ProcSec.ID, changed: []string{"rotated_at"}})
	f.do(sec, d.ProcSec, "POST /api/v1/me/unit_feed/rotate", "/api/v1/me/unit_feed/rotate", nil,
		acWant{action: "feed.rotate", objType: "unit", objID: d.Procuratorate.ID, changed: []string{"rotated_at"}})
	f.do(b, d.ProcSec, "POST /calendar/subscribe/rotate", "/calendar/subscribe/rotate", url.Values{"feed": {"unit"}},
		acWant{action: "feed.rotate", objType: "unit", objID: d.Procuratorate.ID, changed: []string{"rotated_at"}})
	f.do(sec, d.ProcSec, "PATCH /api/v1/me/reminders", "/api/v1/me/reminders", map[string]any{"meeting_leads_minutes": []int{60}},
		acWant{action: "reminders.update", objType: "user", objID: d.ProcSec.ID, changed: []string{"meeting_leads_minutes", "version"}})
	f.do(b, d.ProcSec, "POST /calendar/subscribe/reminders", "/calendar/subscribe/reminders", url.Values{"lead": {"120", "15"}, "version": {"1"}},
		acWant{action: "reminders.update", objType: "user", objID: d.ProcSec.ID, changed: []string{"meeting_leads_minutes", "version"}})
}

// outbox: an admin retries failed mail.
func (f *acFlow) outbox() {
	d := f.d
	reconcile(f.t, f.e)
	f.do(f.e.API(d.Admin), d.Admin, "POST /api/v1/admin/invitations/reconcile", "/api/v1/admin/invitations/reconcile", nil,
		acWant{action: "invitations.reconcile", objType: "outbox"})
	id := count(f.t, f.e, `SELECT MIN(id) FROM outbox`)
	if id == 0 {
		f.t.Fatal("no mail in the outbox")
	}
	for _, c := range []struct {
		client      *webtest.Client
		route, path string
		body        any
	}{
		{f.e.API(d.Admin), "POST /api/v1/admin/outbox/:id/retry", fmt.Sprintf("/api/v1/admin/outbox/%d/retry", id), nil},
		{f.e.Browser(d.Admin), "POST /admin/outbox/:id/retry", fmt.Sprintf("/admin/outbox/%d/retry", id), url.Values{}},
	} {
		// The mail server refused it (the job engine is not running here).
		if err := f.e.DB.Conn(f.e.Ctx()).Exec(`UPDATE outbox SET status = 'failed', attempts = 3 WHERE id = ?`, id).Error; err != nil {
			f.t.Fatal(err)
		}
		f.do(c.client, d.Admin, c.route, c.path, c.body, acWant{action: "outbox.retry", objType: "outbox", objID: id, changed: []string{"status"}})
	}
}
