package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"liaison/app/account"
	"liaison/app/clock/clocktest"
	"liaison/app/followup"
	"liaison/app/web/webtest"
	"liaison/app/workday"
)

// sdYear is the year whose October to December the test below lives in:
// the pinned now's, or the year before while its December is still to come.
func sdYear() int {
	now := clocktest.Now().In(workday.Shanghai())
	if now.Month() < time.December {
		return now.Year() - 1
	}
	return now.Year()
}

// TestScoreboard_CountsByOwnDates: records count in the month of their own
// dates, not the day they were entered. A procuratorial suggestion received
// in October but entered in December counts in October's figures; October
// being published, the entry adds a correction revision naming the
// document, and October's earlier revision stays as it was. An answer
// dated in October but entered in December corrects October too; a late
// entry that changes no published figure adds nothing, and a classified
// document is named by its kind alone.
func TestScoreboard_CountsByOwnDates(t *testing.T) {
	t.Parallel()
	y := sdYear()
	e := webtest.New(t)
	at := func(m time.Month, d int) { e.Clock.Set(time.Date(y, m, d, 10, 0, 0, 0, workday.Shanghai())) }
	day := func(m time.Month, d int) string { return workday.Date{Year: y, Month: m, Day: d}.String() }
	month := fmt.Sprintf("%d-10", y)
	at(time.October, 15)
	d := e.District()
	A := d.AgencyA
	proc, agency, admin, leader := e.API(d.ProcSec), e.API(d.AgencyAMember), e.API(d.Admin), e.API(d.Leader)
	sbBasis(t, e, d, "procuratorial_suggestion", "supervision_opinion", "decision") // decisions ranked too, as an admin may choose
	doc := func(number, issued, received, sens string) webtest.DocumentJSON {
		t.Helper()
		return proc.CreateDocument(t, map[string]any{"type": "procuratorial_suggestion", "number": number, "issuing_unit_id": d.Procuratorate.ID,
			"addressee_unit_id": A.ID, "issued_on": issued, "received_on": received, "sensitivity": sens})
	}

	// October: a suggestion received on the 15th; a decision item received
	// in September, due on 10 October, not answered by then.
	doc(fmt.Sprintf("奎检行建〔%d〕4号", y), day(time.October, 14), day(time.October, 15), "ordinary")
	decision := e.Action(followup.NewAction{Title: "规范行政处罚裁量", ResponsibleUnitID: A.ID, IssuingUnitID: d.Procuratorate.ID,
		DueOn: workday.Date{Year: y, Month: time.October, Day: 10}, ReceivedOn: workday.Date{Year: y, Month: time.September, Day: 20},
		SourceKind: followup.FromDecision, SourceID: 1})

	// 2 November: October is published.
	at(time.November, 2)
	if r := admin.Post("/api/v1/scoreboard/"+month+"/publish", nil); r.Status != 201 {
		t.Fatalf("publish: %d %s", r.Status, r.Body)
	}
	first := sbGet(t, leader, "/api/v1/scoreboard?month="+month).row(t, A.ID)
	// received 1, due 1 (the decision), unanswered 1, overdue 1
	if got := first.figures(); got != [11]int{1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0} {
		t.Fatalf("October as published: %v", got)
	}

	// 7 December: the procuratorate enters a suggestion received in October.
	at(time.December, 7)
	number := fmt.Sprintf("奎检行建〔%d〕5号", y)
	late := doc(number, day(time.October, 10), day(time.October, 12), "ordinary")
	if len(late.ActionItems) != 1 || late.ActionItems[0].ReceivedOn != day(time.October, 12) {
		t.Fatalf("late entry %+v", late)
	}
	oct := sbGet(t, leader, "/api/v1/scoreboard?month="+month)
	wantReason := fmt.Sprintf("补录：检察建议书 %s 收到于%d年10月", number, y)
	if oct.Revision != 2 || len(oct.Revisions) != 2 || oct.Revisions[1].Reason != wantReason {
		t.Fatalf("October after the late entry: revision %d, revisions %+v; want reason %q", oct.Revision, oct.Revisions, wantReason)
	}
	if got := oct.row(t, A.ID); got.Received != 2 || got.Due != 1 || got.Overdue != 1 {
		t.Errorf("October revision 2: %v, want 2 received", got.figures())
	}
	if got := sbGet(t, leader, "/api/v1/scoreboard?month="+month+"&revision=1").row(t, A.ID); got.figures() != first.figures() || got.Score != first.Score {
		t.Errorf("October revision 1 changed: %v, was %v", got.figures(), first.figures())
	}
	var rec struct {
		Count int `json:"count"`
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	leader.Get("/api/v1/scoreboard/"+month+"/records?unit_id="+sbID(A.ID)+"&figure=received").Decode(t, &rec)
	if rec.Count != 2 || !cfHas([]int64{rec.Items[0].ID, rec.Items[1].ID}, late.ActionItems[0].ID) {
		t.Errorf("October's received records %+v", rec)
	}
	var entries []account.AuditEntry
	if err := account.WithContent(e.DB.Conn(e.Ctx())).Where("action = 'scoreboard.revise'").Order("audit_log.id").Find(&entries).Error; err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].ActorID == nil || *entries[0].ActorID != d.ProcSec.ID || !strings.Contains(entries[0].Detail, `"automatic":true`) {
		t.Errorf("revision audit %+v", entries)
	}

	// The agency answers the decision item in December with the date its
	// written answer states, 9 October: on time, so October is corrected.
	if r := agency.Post(fmt.Sprintf("/api/v1/actions/%d/feedback", decision.ID), map[string]any{"body": "已按要求整改", "answered_on": day(time.October, 9)}); r.Status != 201 {
		t.Fatalf("answer: %d %s", r.Status, r.Body)
	}
	oct = sbGet(t, leader, "/api/v1/scoreboard?month="+month)
	wantReason = fmt.Sprintf("补录：督办事项「规范行政处罚裁量」 书面答复于%d年10月", y)
	if oct.Revision != 3 || oct.Revisions[2].Reason != wantReason {
		t.Fatalf("October after the dated answer: revision %d %+v; want %q", oct.Revision, oct.Revisions, wantReason)
	}
	if got := oct.row(t, A.ID); got.AnsweredOnTime != 1 || got.Unanswered != 0 || got.Overdue != 0 || got.Received != 2 {
		t.Errorf("October revision 3: %v", got.figures())
	}

	// Entered late but changing no published figure: an answer dated 20
	// October to the first suggestion, due in December.
	first4 := cfIDs(t, proc, "/api/v1/actions?q="+cfQ(fmt.Sprintf("奎检行建〔%d〕4号", y)))
	if len(first4) != 1 {
		t.Fatalf("items of 4号: %v", first4)
	}
	if r := agency.Post(fmt.Sprintf("/api/v1/actions/%d/feedback", first4[0]), map[string]any{"body": "已整改", "answered_on": day(time.October, 20)}); r.Status != 201 {
		t.Fatalf("answer: %d %s", r.Status, r.Body)
	}
	// Received in November, which is not published: nothing to correct.
	doc(fmt.Sprintf("奎检行建〔%d〕6号", y), day(time.November, 3), day(time.November, 4), "ordinary")
	if oct = sbGet(t, leader, "/api/v1/scoreboard?month="+month); oct.Revision != 3 {
		t.Errorf("a late entry that changes nothing published made revision %d: %+v", oct.Revision, oct.Revisions)
	}

	// A classified document entered late is named by its kind alone.
	secret := fmt.Sprintf("奎检行建〔%d〕7号", y)
	doc(secret, day(time.October, 20), day(time.October, 21), "classified")
	oct = sbGet(t, leader, "/api/v1/scoreboard?month="+month)
	if oct.Revision != 4 || oct.Revisions[3].Reason != fmt.Sprintf("补录：检察建议书（涉密） 收到于%d年10月", y) || strings.Contains(oct.Revisions[3].Reason, secret) {
		t.Errorf("classified late entry: %+v", oct.Revisions)
	}

	t.Run("bad answer dates change nothing", func(t *testing.T) {
		it := e.Action(followup.NewAction{ResponsibleUnitID: A.ID, IssuingUnitID: d.Procuratorate.ID,
			DueOn: workday.Date{Year: y, Month: time.December, Day: 20}, ReceivedOn: workday.Date{Year: y, Month: time.December, Day: 1}})
		path := fmt.Sprintf("/api/v1/actions/%d/feedback", it.ID)
		for _, c := range []struct {
			body  map[string]any
			field string
			code  string
		}{
			{map[string]any{"body": "答复", "answered_on": day(time.November, 30)}, "answered_on", "action.answered_before_received"},
			{map[string]any{"body": "答复", "answered_on": day(time.December, 8)}, "answered_on", "action.answered_in_future"},
			{map[string]any{"body": "答复", "answered_on": "2026-13-01"}, "answered_on", "date_invalid"},
			{map[string]any{"body": "进展", "kind": "progress", "answered_on": day(time.December, 2)}, "answered_on", "action.answered_on_answer_only"},
		} {
			r := agency.Post(path, c.body)
			if r.Status != 422 || cfFields(t, r)[c.field] == "" || (c.code != "action.answered_before_received" && !cfFieldIs(t, e, r, c.field, c.code)) {
				t.Errorf("%v: %d %s", c.body, r.Status, r.Body)
			}
		}
		var got struct {
			Status     string  `json:"status"`
			AnsweredOn *string `json:"answered_on"`
			Feedback   []any   `json:"feedback"`
		}
		agency.Get(fmt.Sprintf("/api/v1/actions/%d", it.ID)).Decode(t, &got)
		if got.Status != "open" || got.AnsweredOn != nil || len(got.Feedback) != 0 {
			t.Errorf("after refusals %+v", got)
		}
		// Without a date the answer is dated today.
		r := agency.Post(path, map[string]any{"body": "答复"})
		var ok struct {
			Action struct {
				AnsweredOn string `json:"answered_on"`
			} `json:"action"`
		}
		r.Decode(t, &ok)
		if r.Status != 201 || ok.Action.AnsweredOn != day(time.December, 7) {
			t.Errorf("default date: %d %s", r.Status, r.Body)
		}
	})
	t.Run("the answer form takes the date", func(t *testing.T) {
		it := e.Action(followup.NewAction{ResponsibleUnitID: A.ID, IssuingUnitID: d.Procuratorate.ID,
			DueOn: workday.Date{Year: y, Month: time.December, Day: 20}, ReceivedOn: workday.Date{Year: y, Month: time.December, Day: 1}})
		b := e.Browser(d.AgencyAMember)
		page := b.Get(fmt.Sprintf("/actions/%d", it.ID))
		if !strings.Contains(string(page.Body), `name="answered_on"`) || !strings.Contains(string(page.Body), "答复日期") {
			t.Fatalf("no date on the answer form")
		}
		r := b.PostForm(fmt.Sprintf("/actions/%d/feedback", it.ID), url.Values{"kind": {"answer"}, "body": {"已整改"},
			"answered_on": {day(time.December, 3)}, "version": {"1"}})
		if r.Status != 303 {
			t.Fatalf("answer form: %d %s", r.Status, r.Body)
		}
		var got struct {
			AnsweredOn string `json:"answered_on"`
		}
		agency.Get(fmt.Sprintf("/api/v1/actions/%d", it.ID)).Decode(t, &got)
		if got.AnsweredOn != day(time.December, 3) {
			t.Errorf("answered_on %q", got.AnsweredOn)
		}
	})
}
