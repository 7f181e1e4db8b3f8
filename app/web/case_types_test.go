package web_test

import (
	"net/http"
	"testing"

	"liaison/app/casefile"
	"liaison/app/followup"
	"liaison/app/web/webtest"
)

func TestCaseTypesAPI(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	admin, proc := e.API(d.Admin), e.API(d.ProcSec)

	r := admin.Post("/api/v1/case-types", map[string]any{"name": "行政裁决", "position": 10})
	if r.Status != 201 {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	var ty struct {
		ID     int64  `json:"id"`
		Active bool   `json:"active"`
		Name   string `json:"name"`
	}
	r.Decode(t, &ty)
	if !ty.Active {
		t.Fatalf("%s", r.Body)
	}
	if r := admin.Post("/api/v1/case-types", map[string]any{"name": "行政裁决"}); r.Status != http.StatusConflict {
		t.Fatalf("duplicate: %d", r.Status)
	}
	if r := admin.Post("/api/v1/case-types", map[string]any{"name": " "}); r.Status != 422 {
		t.Fatalf("empty: %d", r.Status)
	}
	if r := proc.Post("/api/v1/case-types", map[string]any{"name": "自拟"}); r.Status != http.StatusForbidden {
		t.Fatalf("non-admin: %d", r.Status)
	}
	if ids := cfIDs(t, proc, "/api/v1/case-types"); len(ids) != 8 {
		t.Fatalf("types %v", ids)
	}
	proc.CreateCase(t, cfWith(cfCase(d, "T1"), "kind", "行政裁决"))

	if r := admin.Do(http.MethodPatch, "/api/v1/case-types/"+cfItoa(ty.ID), map[string]any{"active": false}); r.Status != 200 {
		t.Fatalf("retire: %d %s", r.Status, r.Body)
	}
	if r := proc.Post("/api/v1/cases", cfWith(cfCase(d, "T2"), "kind", "行政裁决")); r.Status != 422 {
		t.Fatalf("retired type: %d", r.Status)
	}
	if r := admin.Do(http.MethodPatch, "/api/v1/case-types/999999", map[string]any{"active": false}); r.Status != 404 {
		t.Fatalf("absent type: %d", r.Status)
	}
}

func TestCaseSettingsAPI(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	admin, proc := e.API(d.Admin), e.API(d.ProcSec)

	var timers struct {
		Notify struct {
			N    int
			Unit string
		} `json:"notify"`
		ReplyPeriods map[string]struct {
			N    int
			Unit string
		} `json:"reply_periods"`
	}
	proc.Get("/api/v1/case-settings").Decode(t, &timers)
	if timers.Notify.N != 7 || timers.Notify.Unit != "workdays" || timers.ReplyPeriods["procuratorial_suggestion"].Unit != "months" {
		t.Fatalf("defaults %+v", timers)
	}
	body := map[string]any{"notify": map[string]any{"n": 5, "unit": "workdays"},
		"reply_periods": map[string]any{"supervision_opinion": map[string]any{"n": 10, "unit": "days"}}}
	if r := proc.Do(http.MethodPut, "/api/v1/case-settings", body); r.Status != http.StatusForbidden {
		t.Fatalf("non-admin: %d", r.Status)
	}
	if r := admin.Do(http.MethodPut, "/api/v1/case-settings", map[string]any{"notify": map[string]any{"n": 0, "unit": "weeks"}}); r.Status != 422 {
		t.Fatalf("invalid: %d", r.Status)
	}
	if r := admin.Do(http.MethodPut, "/api/v1/case-settings", body); r.Status != 200 {
		t.Fatalf("put: %d %s", r.Status, r.Body)
	}
	// Five working days after Monday 2 March 2026.
	if k := proc.CreateCase(t, cfCase(d, "S1")); *k.NotifyDueOn != "2026-03-09" {
		t.Fatalf("notify due %s", *k.NotifyDueOn)
	}
	gov := e.User("gov.sec", d.Government, "secretary")
	doc := e.API(gov).CreateDocument(t, map[string]any{"type": "supervision_opinion", "number": "监1", "issuing_unit_id": d.Government.ID,
		"addressee_unit_id": d.AgencyA.ID, "issued_on": "2026-03-02"})
	if doc.ReplyDueOn != "2026-03-12" {
		t.Fatalf("reply due %s", doc.ReplyDueOn)
	}
}

// TestCaseMessages_Dynamic checks the message ids the case and document
// templates build with printf exist in both languages.
func TestCaseMessages_Dynamic(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	var ids []string
	for _, st := range casefile.Stages {
		ids = append(ids, "case.stage_"+string(st))
	}
	for _, st := range casefile.NoteStages {
		ids = append(ids, "case.note_"+string(st))
	}
	for _, ty := range casefile.DocumentTypes {
		ids = append(ids, "document.type_"+string(ty))
	}
	for _, u := range []casefile.PeriodUnit{casefile.Days, casefile.Workdays, casefile.Months} {
		ids = append(ids, "case.period_"+string(u))
	}
	for _, st := range []followup.Status{followup.Open, followup.InProgress, followup.Answered, followup.Rectified, followup.Returned, followup.Overdue} {
		ids = append(ids, "case.action_"+string(st))
	}
	for _, l := range []string{"zh-CN", "en"} {
		for _, id := range ids {
			if !e.Deps.Tr.Has(l, id) {
				t.Errorf("%s missing in %s", id, l)
			}
		}
	}
}
