package web_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"
	"time"

	"liaison/app/account"
	"liaison/app/web/webtest"
	"liaison/app/workday"
)

// TestWorkdaysAPI_PublishedAndProvisional: 2027 answers by the published
// schedule; 2028, not published, skips the statutory holidays and is
// marked provisional; 2100, past the statutory rules' reach, is refused.
func TestWorkdaysAPI_PublishedAndProvisional(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	c := e.API(d.AgencyAMember)
	for _, tc := range []struct {
		from        string
		days        int
		want        string
		provisional bool
	}{
		{"2026-12-31", 1, "2027-01-04", false}, // 元旦 2027-01-01..03
		{"2027-02-04", 1, "2027-02-14", false}, // 春节 02-05..13, Sunday 02-14 worked (调休)
		{"2027-09-30", 2, "2027-10-09", false}, // 国庆 10-01..07, Saturday 10-09 worked
		// 2028-01-01 (元旦) is a Saturday: made up on Monday 01-03 (补假).
		{"2027-12-31", 1, "2028-01-04", true},
	} {
		r := c.Get("/api/v1/workdays/add?from=" + tc.from + "&days=" + strconv.Itoa(tc.days))
		var got struct {
			Date        string `json:"date"`
			Provisional bool   `json:"provisional"`
		}
		if r.Status != http.StatusOK {
			t.Fatalf("%s + %d: %d %s", tc.from, tc.days, r.Status, r.Body)
		}
		r.Decode(t, &got)
		if got.Date != tc.want || got.Provisional != tc.provisional {
			t.Errorf("%s + %d working days = %+v, want %s provisional=%v", tc.from, tc.days, got, tc.want, tc.provisional)
		}
	}
	wantErr(t, c.Get("/api/v1/workdays/add?from=2099-12-30&days=5"), 422, "workday.beyond_schedule")
}

// TestRecount_AdminEntersYear: a reply deadline counted into unpublished
// 2028 is provisional; when an administrator enters 2028's schedule, the
// open deadline and its action item are recounted in the same request,
// each audited with the old and the new date, and the document keeps the
// date it replaced.
func TestRecount_AdminEntersYear(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	e.Clock.Set(time.Date(2027, time.December, 10, 10, 0, 0, 0, workday.Shanghai())) // the dates below are written for this day
	d := e.District()
	proc, admin := e.API(d.ProcSec), e.API(d.Admin)
	// Received Wednesday 2027-12-01: two months is Tuesday 2028-02-01, a
	// working day by the statutory rules (春节 2028 is 01-25..28).
	doc := proc.CreateDocument(t, map[string]any{"type": "procuratorial_suggestion", "number": "奎检行建〔2027〕9号",
		"issuing_unit_id": d.Procuratorate.ID, "addressee_unit_id": d.AgencyA.ID, "issued_on": "2027-11-30", "received_on": "2027-12-01"})
	if doc.ReplyDueOn != "2028-02-01" || !doc.Provisional || len(doc.ActionItems) != 1 || doc.ActionItems[0].DueOn != "2028-02-01" {
		t.Fatalf("before 2028 is published: %+v", doc)
	}
	// A 2028 notice (made up for the test) with 春节 running to 02-02.
	year := map[string]any{"holidays": []map[string]string{
		{"name": "元旦", "start": "2028-01-01", "end": "2028-01-03"},
		{"name": "春节", "start": "2028-01-25", "end": "2028-02-02"},
	}, "makeup_workdays": []string{"2028-01-22"}}
	r := admin.Do(http.MethodPut, "/api/v1/workdays/years/2028", year)
	if r.Status != http.StatusOK {
		t.Fatalf("enter 2028: %d %s", r.Status, r.Body)
	}
	var put struct {
		Recounted int `json:"recounted"`
	}
	r.Decode(t, &put)
	if put.Recounted != 1 {
		t.Errorf("recounted %d deadlines, want 1", put.Recounted)
	}
	var got webtest.DocumentJSON
	proc.Get("/api/v1/documents/"+itoa(doc.ID)).Decode(t, &got)
	if got.ReplyDueOn != "2028-02-03" || got.Provisional || got.ReplyDueWas == nil || *got.ReplyDueWas != "2028-02-01" {
		t.Fatalf("after 2028 is entered: due %s provisional %v was %v", got.ReplyDueOn, got.Provisional, got.ReplyDueWas)
	}
	if len(got.ActionItems) != 1 || got.ActionItems[0].DueOn != "2028-02-03" {
		t.Fatalf("the action item does not follow: %+v", got.ActionItems)
	}
	for _, want := range []struct{ action, typ, id, field string }{
		{"document.deadline_recounted", "document", itoa(doc.ID), "reply_due_on"},
		{"action.deadline_recounted", "action_item", itoa(got.ActionItems[0].ID), "due_on"},
	} {
		before, after := auditDates(t, e, want.action, want.typ, want.id, want.field)
		if before != "2028-02-01" || after != "2028-02-03" {
			t.Errorf("%s audited %q → %q", want.action, before, after)
		}
	}
	// Entering the same year again changes nothing more.
	r = admin.Do(http.MethodPut, "/api/v1/workdays/years/2028", year)
	r.Decode(t, &put)
	if r.Status != http.StatusOK || put.Recounted != 0 {
		t.Errorf("again: %d, recounted %d", r.Status, put.Recounted)
	}
}

// TestRecount_LegacyWeekendOnly: a document registered before 2027's
// schedule was known got, for two months from 2026-12-07, Monday
// 2027-02-08 (Sunday 02-07 moved off the weekend only), in the middle of
// the Spring Festival. The recount at start (after the migration marked
// it provisional) gives Sunday 2027-02-14, a make-up working day; a date
// the issuer fixed by hand is kept and no longer marked provisional.
func TestRecount_LegacyWeekendOnly(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	e.Clock.Set(time.Date(2026, time.December, 10, 10, 0, 0, 0, workday.Shanghai()))
	d := e.District()
	proc := e.API(d.ProcSec)
	body := func(number string) map[string]any {
		return map[string]any{"type": "procuratorial_suggestion", "number": number, "issuing_unit_id": d.Procuratorate.ID,
			"addressee_unit_id": d.AgencyA.ID, "issued_on": "2026-12-07", "received_on": "2026-12-07"}
	}
	legacy, fixed := proc.CreateDocument(t, body("旧检建1号")), proc.CreateDocument(t, body("旧检建2号"))
	if legacy.ReplyDueOn != "2027-02-14" {
		t.Fatalf("counted now: %s", legacy.ReplyDueOn)
	}
	// As the rows were before the migration: no period kept, the old answer
	// (or a hand-fixed date), flagged by the migration.
	for id, due := range map[int64]string{legacy.ID: "2027-02-08", fixed.ID: "2027-02-10"} {
		if err := e.DB.Conn(e.Ctx()).Exec(`UPDATE documents SET reply_due_on = ?, reply_period_n = NULL, reply_period_unit = NULL,
			reply_due_provisional = ? WHERE id = ?`, due, true, id).Error; err != nil {
			t.Fatal(err)
		}
	}
	n, err := e.Deps.Cases.RecountProvisional(e.Ctx(), account.System)
	if err != nil || n != 2 {
		t.Fatalf("recount: %d %v", n, err)
	}
	var a, b webtest.DocumentJSON
	proc.Get("/api/v1/documents/"+itoa(legacy.ID)).Decode(t, &a)
	proc.Get("/api/v1/documents/"+itoa(fixed.ID)).Decode(t, &b)
	if a.ReplyDueOn != "2027-02-14" || a.Provisional || b.ReplyDueOn != "2027-02-10" || b.Provisional {
		t.Errorf("legacy %s %v; fixed %s %v", a.ReplyDueOn, a.Provisional, b.ReplyDueOn, b.Provisional)
	}
	if n, err := e.Deps.Cases.RecountProvisional(e.Ctx(), account.System); err != nil || n != 0 {
		t.Errorf("second recount: %d %v", n, err)
	}
}

// auditDates returns field's date before and after in the newest audit
// entry of action on the object.
func auditDates(t *testing.T, e *webtest.Env, action, typ, id, field string) (string, string) {
	t.Helper()
	var row struct{ StateBefore, StateAfter string }
	err := e.DB.Conn(e.Ctx()).Raw(`SELECT state_before, state_after FROM audit_entries WHERE action = ? AND object_type = ? AND object_id = ? ORDER BY id DESC LIMIT 1`,
		action, typ, id).Scan(&row).Error
	if err != nil || row.StateAfter == "" {
		t.Fatalf("no %s audit of %s %s: %v", action, typ, id, err)
	}
	date := func(s string) string {
		var m map[string]any
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		x, _ := m[field].(string)
		return x
	}
	return date(row.StateBefore), date(row.StateAfter)
}
