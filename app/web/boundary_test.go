package web_test

import (
	"fmt"
	"strings"
	"testing"

	"liaison/app/web/webtest"
)

// TestBoundary_AgencyAndRegister: the agency under supervision sees the
// document addressed to it and its own action item, never the register
// between the procuratorate and the justice bureau (the case's title and
// summary, the notifications, the clue) — not over the API, on its pages,
// in the case export or on its 工作台.
func TestBoundary_AgencyAndRegister(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	proc, justice := e.API(d.ProcSec), e.API(d.JusticeSec)
	const marker = "BOUNDARY-MARKER-线索"
	k := proc.CreateCase(t, map[string]any{"number": "奎检边界1号", "title": "怠于履职 " + marker, "summary": "案情 " + marker, "kind": "行政不作为",
		"respondent_unit_id": d.AgencyA.ID, "origin_unit_id": d.Procuratorate.ID, "sensitivity": "ordinary", "accepted_on": webtest.DaysFromToday(-3).String()})
	if r := proc.Post(webtest.CasePath(k.ID, "/notifications"), map[string]any{"from_unit_id": d.Procuratorate.ID, "to_unit_id": d.Justice.ID,
		"stage": "clue", "summary": "苗头性问题 " + marker}); r.Status != 201 {
		t.Fatalf("clue: %d %s", r.Status, r.Body)
	}
	doc := cfWith(cfDoc(d, "奎检行建〔2026〕边1号"), "case_ids", []int64{k.ID})
	doc["received_on"] = webtest.DaysFromToday(-1).String()
	dj := proc.CreateDocument(t, doc)

	// The hubs see the case with its clue; the justice bureau through the notification.
	if r := justice.Get(webtest.CasePath(k.ID, "")); r.Status != 200 || !strings.Contains(string(r.Body), marker) {
		t.Fatalf("justice bureau: %d", r.Status)
	}
	agency := e.API(d.AgencyAMember)
	if r := agency.Get(webtest.CasePath(k.ID, "")); r.Status != 404 {
		t.Errorf("agency reads the register entry about itself: %d", r.Status)
	}
	if r := agency.Get(fmt.Sprintf("/api/v1/documents/%d", dj.ID)); r.Status != 200 {
		t.Errorf("agency cannot read the document addressed to it: %d", r.Status)
	}
	var items struct {
		Items []struct {
			ResponsibleUnitID int64 `json:"responsible_unit_id"`
		} `json:"items"`
	}
	agency.Get("/api/v1/actions?limit=200").Decode(t, &items)
	if len(items.Items) != 1 || items.Items[0].ResponsibleUnitID != d.AgencyA.ID {
		t.Errorf("agency's own action items: %+v", items.Items)
	}
	b := e.Browser(d.AgencyAMember)
	for _, path := range []string{"/cases", fmt.Sprintf("/cases/%d", k.ID), fmt.Sprintf("/documents/%d", dj.ID), "/actions", "/", "/notifications",
		"/api/v1/cases", "/api/v1/me/todo", "/api/v1/notifications", "/cases/export.xlsx", "/cases/export.csv"} {
		r := b.Get(path)
		if strings.Contains(string(r.Body), marker) || strings.Contains(string(r.Body), "怠于履职") {
			t.Errorf("%s (%d) shows the register text to the agency", path, r.Status)
		}
	}
}

// TestBoundary_ConsultationRefusesRespondent: the consultation on a case is
// internal to the two hubs; inviting the organ under supervision in that
// case, by any path, is a 422 naming the rule and changes nothing. A joint
// meeting may still have it.
func TestBoundary_ConsultationRefusesRespondent(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	proc := e.API(d.ProcSec)
	k := proc.CreateCase(t, cfCase(d, "奎检边界2号"))
	day := webtest.Workday(webtest.DaysFromToday(5))
	refused := func(name string, r webtest.Response, field string) {
		t.Helper()
		if r.Status != 422 || r.ErrorCode(t) != "meeting.consultation_respondent" || !strings.Contains(string(r.Body), field) {
			t.Errorf("%s: %d %s", name, r.Status, r.Body)
		}
	}
	body := webtest.MeetingBody("consultation", d.Procuratorate.ID, "边界会商", webtest.At(day, 9, 0), webtest.At(day, 10, 0))
	body["case_ids"] = []int64{k.ID}
	body["attendee_user_ids"] = []int64{d.AgencyAMember.ID}
	refused("create with the agency invited", proc.Post("/api/v1/meetings", body), "attendee_user_ids")
	delete(body, "attendee_user_ids")
	body["co_unit_ids"] = []int64{d.AgencyA.ID}
	refused("create with the agency co-organising", proc.Post("/api/v1/meetings", body), "co_unit_ids")
	var list struct {
		Items []any `json:"items"`
	}
	proc.Get("/api/v1/meetings?limit=100").Decode(t, &list)
	if len(list.Items) != 0 {
		t.Fatalf("a refused create left %d meetings", len(list.Items))
	}

	delete(body, "co_unit_ids")
	m := e.CreateMeeting(proc, body)
	refused("invite the agency", proc.Post(webtest.MeetingPath(m, "/attendees"), map[string]any{"user_id": d.AgencyAMember.ID}), "user_id")
	if r := proc.Post(webtest.MeetingPath(m, "/attendees"), map[string]any{"user_id": d.AgencyBMember.ID}); r.Status != 201 {
		t.Errorf("another agency: %d %s", r.Status, r.Body)
	}

	// A consultation the agency already attends may not take up its case.
	other := webtest.MeetingBody("consultation", d.Procuratorate.ID, "另一会商", webtest.At(day, 14, 0), webtest.At(day, 15, 0))
	other["attendee_user_ids"] = []int64{d.AgencyAMember.ID}
	m2 := e.CreateMeeting(proc, other)
	refused("agenda names the case", proc.Post(webtest.MeetingPath(m2, "/agenda"), map[string]any{"title": "研判", "duration_minutes": 20, "case_ids": []int64{k.ID}}), "case_ids")

	joint := webtest.MeetingBody("joint_meeting", d.Procuratorate.ID, "联席会议", webtest.At(day, 16, 0), webtest.At(day, 17, 0))
	joint["case_ids"] = []int64{k.ID}
	joint["attendee_user_ids"] = []int64{d.AgencyAMember.ID}
	if r := proc.Post("/api/v1/meetings", joint); r.Status != 201 {
		t.Errorf("joint meeting with the agency: %d %s", r.Status, r.Body)
	}
	if r := e.Browser(d.ProcSec).Get("/meetings"); r.Status != 200 {
		t.Errorf("meetings page: %d", r.Status)
	}
}
