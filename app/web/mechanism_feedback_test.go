package web_test

import (
	"fmt"
	"testing"

	"liaison/app/web/webtest"
)

type dutyJSON struct {
	ID                int64  `json:"id"`
	Title             string `json:"title"`
	ResponsibleUnitID int64  `json:"responsible_unit_id"`
	IssuingUnitID     int64  `json:"issuing_unit_id"`
	SourceKind        string `json:"source_kind"`
	SourceID          int64  `json:"source_id"`
	DueOn             string `json:"due_on"`
	Status            string `json:"status"`
	Version           int    `json:"version"`
}

func duties(t *testing.T, c *webtest.Client, kind string) []dutyJSON {
	t.Helper()
	var l struct {
		Items []dutyJSON `json:"items"`
	}
	c.Get("/api/v1/actions?limit=200").Decode(t, &l)
	var out []dutyJSON
	for _, it := range l.Items {
		if it.SourceKind == kind {
			out = append(out, it)
		}
	}
	return out
}

// TestMechanism_FeedbackDuty: a clue the procuratorate passes to the
// justice bureau, and a suggestion's typical problems copied to it, each
// give the justice bureau an item due after the admin-set feedback period,
// answered in writing and verified by the procuratorate.
func TestMechanism_FeedbackDuty(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	proc, justice, admin := e.API(d.ProcSec), e.API(d.JusticeSec), e.API(d.Admin)
	k := proc.CreateCase(t, map[string]any{"number": "奎检线索1", "title": "违章建筑查处不作为", "kind": "行政处罚", "respondent_unit_id": d.AgencyA.ID,
		"origin_unit_id": d.Procuratorate.ID, "sensitivity": "ordinary", "accepted_on": webtest.DaysFromToday(-2).String()})
	today := webtest.DaysFromToday(0)
	// The admin sets 10 working days for the feedback.
	if r := admin.Do("PUT", "/api/v1/case-settings", map[string]any{"feedback": map[string]any{"n": 10, "unit": "workdays"}}); r.Status != 200 {
		t.Fatalf("settings: %d %s", r.Status, r.Body)
	}
	var want struct {
		Date string `json:"date"`
	}
	e.API(d.Admin).Get(fmt.Sprintf("/api/v1/workdays/add?from=%s&days=10", today)).Decode(t, &want)

	r := proc.Post(webtest.CasePath(k.ID, "/notifications"), map[string]any{"from_unit_id": d.Procuratorate.ID, "to_unit_id": d.Justice.ID,
		"stage": "clue", "summary": "发现违法苗头性问题"})
	if r.Status != 201 {
		t.Fatalf("clue: %d %s", r.Status, r.Body)
	}
	got := duties(t, justice, "clue")
	if len(got) != 1 || got[0].ResponsibleUnitID != d.Justice.ID || got[0].IssuingUnitID != d.Procuratorate.ID || got[0].DueOn != want.Date ||
		got[0].Title != "线索处理反馈：奎检线索1" {
		t.Fatalf("clue duty %+v, want due %s", got, want.Date)
	}
	// The agency the clue is about does not see the duty.
	if n := len(duties(t, e.API(d.AgencyAMember), "clue")); n != 0 {
		t.Fatalf("the agency sees %d clue duties", n)
	}
	// Written feedback, then the procuratorate verifies it.
	p := fmt.Sprintf("/api/v1/actions/%d", got[0].ID)
	if r := justice.Post(p+"/feedback", map[string]any{"body": "已按行政执法监督程序立案纠正", "kind": "answer"}); r.Status != 201 {
		t.Fatalf("feedback: %d %s", r.Status, r.Body)
	}
	if r := proc.Post(p+"/verify", map[string]any{"accepted": true}); r.Status != 200 {
		t.Fatalf("verify: %d %s", r.Status, r.Body)
	}
	// Other notifications owe nothing.
	proc.Post(webtest.CasePath(k.ID, "/notifications"), map[string]any{"from_unit_id": d.Procuratorate.ID, "to_unit_id": d.Justice.ID, "stage": "handling"})
	if n := len(duties(t, justice, "clue")); n != 1 {
		t.Fatalf("%d clue duties", n)
	}

	// Typical problems copied with a suggestion.
	body := mechDoc("procuratorial_suggestion", d.Procuratorate.ID, d.AgencyA.ID, "典型1")
	body["typical_problems_copied"] = true
	doc := proc.CreateDocument(t, body)
	got = duties(t, justice, "copied_problem")
	if len(got) != 1 || got[0].SourceID != doc.ID || got[0].ResponsibleUnitID != d.Justice.ID || got[0].Status == "" {
		t.Fatalf("copied problems duty %+v", got)
	}
	body = mechDoc("procuratorial_suggestion", d.Procuratorate.ID, d.AgencyA.ID, "典型2")
	body["typical_problems_copied"], body["cc_unit_ids"] = true, []int64{}
	wantErr(t, proc.Post("/api/v1/documents", body), 422, "invalid")
	body = mechDoc("legal_opinion", d.Procuratorate.ID, d.AgencyA.ID, "典型3")
	body["typical_problems_copied"], body["cc_unit_ids"] = true, []int64{d.Justice.ID}
	wantErr(t, proc.Post("/api/v1/documents", body), 422, "invalid")
	if n := count(t, e, `SELECT COUNT(*) FROM documents WHERE number IN ('典型2', '典型3')`); n != 0 {
		t.Fatalf("%d refused documents saved", n)
	}
	// Without the flag, a copy owes nothing.
	proc.CreateDocument(t, mechDoc("procuratorial_suggestion", d.Procuratorate.ID, d.AgencyB.ID, "普通抄送"))
	if n := len(duties(t, justice, "copied_problem")); n != 1 {
		t.Fatalf("%d copied-problem duties", n)
	}
}
