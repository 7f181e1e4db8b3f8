package web_test

import (
	"fmt"
	"testing"

	"liaison/app/account"
	"liaison/app/followup"
	"liaison/app/web/webtest"
)

// Finding 8 of the 2026-12 penetration test: the letters named when a
// classified item is escalated were stored as free text. They are refused
// like any other content of a classified record, and nothing changes; an
// ordinary item still names its letters.
func TestSecEscalation_ClassifiedNamesNoLetters(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	proc := e.API(d.ProcSec)
	secret := e.Action(followup.NewAction{ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID,
		DueOn: webtest.DaysFromToday(-5), Sensitivity: account.Classified})
	path := fmt.Sprintf("/api/v1/actions/%d/escalate", secret.ID)
	before := count(t, e, `SELECT COUNT(*) FROM action_escalations`)
	r := proc.Post(path, map[string]any{"documents": []string{"涉密正文：某某单位违法事实"}})
	wantErr(t, r, 422, "sensitivity.no_content")
	if !cfFieldIs(t, e, r, "documents", "sensitivity.no_content") {
		t.Fatalf("field: %s", r.Body)
	}
	if n := count(t, e, `SELECT COUNT(*) FROM action_escalations`); n != before {
		t.Fatalf("escalations %d → %d after a refused escalation", before, n)
	}
	var got struct {
		EscalationStep int `json:"escalation_step"`
	}
	proc.Get(fmt.Sprintf("/api/v1/actions/%d", secret.ID)).Decode(t, &got)
	if got.EscalationStep != 0 {
		t.Fatalf("step %d after a refused escalation", got.EscalationStep)
	}
	// Without letters the classified item escalates.
	if r := proc.Post(path, map[string]any{}); r.Status != 200 {
		t.Fatalf("escalate without letters: %d %s", r.Status, r.Body)
	}
	plain := e.Action(followup.NewAction{ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: webtest.DaysFromToday(-5)})
	if r := proc.Post(fmt.Sprintf("/api/v1/actions/%d/escalate", plain.ID), map[string]any{"documents": []string{"奎检行建〔2026〕5号"}}); r.Status != 200 {
		t.Fatalf("ordinary item naming its letter: %d %s", r.Status, r.Body)
	}
}
