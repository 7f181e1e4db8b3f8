package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"liaison/app/account"
	"liaison/app/followup"
	"liaison/app/web/webtest"
)

// escJSON is one escalation step as the API shows it.
type escJSON struct {
	ID         int64    `json:"id"`
	Step       int      `json:"step"`
	Version    int      `json:"version"`
	Grounds    []string `json:"grounds"`
	Recipients []struct {
		UnitID   int64  `json:"unit_id"`
		Mode     string `json:"mode"`
		Handling string `json:"handling"`
		Result   string `json:"result"`
		Version  int    `json:"version"`
	} `json:"recipients"`
}

// modes maps unit id → mode of a step's recipients.
func (e escJSON) modes() map[int64]string {
	m := map[int64]string{}
	for _, r := range e.Recipients {
		m[r.UnitID] = r.Mode
	}
	return m
}

type escAnswer struct {
	escJSON
	Taken  []escJSON  `json:"escalations"`
	Action actionJSON `json:"action"`
}

func escalations(t *testing.T, c *webtest.Client, id int64) []escJSON {
	t.Helper()
	var d struct {
		Escalations []escJSON `json:"escalations"`
	}
	r := c.Get(fmt.Sprintf("/api/v1/actions/%d", id))
	if r.Status != 200 {
		t.Fatalf("detail: %d %s", r.Status, r.Body)
	}
	r.Decode(t, &d)
	return d.Escalations
}

// TestMechanism_EscalationTogether: both steps at once ("同时"), each with
// the grounds recorded, 区委 reported to (报告), 区政府 and 区纪委监委 written
// to (函告), the justice bureau copied (抄送).
func TestMechanism_EscalationTogether(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	late := e.Action(followup.NewAction{ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: webtest.DaysFromToday(-5)})
	proc := e.API(d.ProcSec)
	r := proc.Post(fmt.Sprintf("/api/v1/actions/%d/escalate", late.ID), map[string]any{"steps": []int{2, 1}, "grounds": []string{"no_reply", "delayed"}})
	if r.Status != 200 {
		t.Fatalf("together: %d %s", r.Status, r.Body)
	}
	var a escAnswer
	r.Decode(t, &a)
	if a.Step != 1 || len(a.Taken) != 2 || a.Taken[1].Step != 2 || a.Action.EscalationStep != 2 {
		t.Fatalf("answer: %+v", a)
	}
	got := escalations(t, proc, late.ID)
	if len(got) != 2 {
		t.Fatalf("escalations %+v", got)
	}
	for _, x := range got {
		if !slices.Equal(x.Grounds, []string{"no_reply", "delayed"}) {
			t.Errorf("step %d grounds %v", x.Step, x.Grounds)
		}
	}
	if m := got[0].modes(); len(m) != 1 || m[d.Justice.ID] != "copy" {
		t.Errorf("step 1 recipients %v", m)
	}
	if m := got[1].modes(); len(m) != 3 || m[d.Party.ID] != "report" || m[d.Government.ID] != "letter" || m[d.Discipline.ID] != "letter" {
		t.Errorf("step 2 recipients %v", m)
	}
	wantErr(t, proc.Post(fmt.Sprintf("/api/v1/actions/%d/escalate", late.ID), map[string]any{}), 422, "action.escalation_exhausted")
}

// TestMechanism_EscalationEitherOrder: step 2 may come first; a request
// without steps then takes step 1 (the old "next step"); a step is taken
// once. Each recipient of step 2 keeps its own handling record.
func TestMechanism_EscalationEitherOrder(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	late := e.Action(followup.NewAction{ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: webtest.DaysFromToday(-5)})
	proc := e.API(d.ProcSec)
	esc := fmt.Sprintf("/api/v1/actions/%d/escalate", late.ID)
	var a escAnswer
	r := proc.Post(esc, map[string]any{"steps": []int{2}, "grounds": []string{"not_rectified"}})
	if r.Status != 200 {
		t.Fatalf("step 2 first: %d %s", r.Status, r.Body)
	}
	r.Decode(t, &a)
	if a.Step != 2 || a.Action.EscalationStep != 2 {
		t.Fatalf("step 2 first: %+v", a)
	}
	wantErr(t, proc.Post(esc, map[string]any{"steps": []int{2}, "grounds": []string{"not_rectified"}}), 422, "action.step_taken")
	// The old request shape: no steps, no grounds → step 1, ground no_reply.
	r = proc.Post(esc, map[string]any{"comment": "抄送区司法局"})
	if r.Status != 200 {
		t.Fatalf("then step 1: %d %s", r.Status, r.Body)
	}
	r.Decode(t, &a)
	if a.Step != 1 || !slices.Equal(a.Grounds, []string{"no_reply"}) || a.Action.EscalationStep != 2 {
		t.Fatalf("then step 1: %+v", a)
	}

	party := e.API(e.User("party.member", d.Party, account.RoleMember))
	discipline := e.API(e.User("discipline.member", d.Discipline, account.RoleMember))
	handling := fmt.Sprintf("/api/v1/actions/%d/escalations/2/handling", late.ID)
	if r := discipline.Post(handling, map[string]any{"handling": "纪委监委已立案审查", "result": "已约谈"}); r.Status != 200 {
		t.Fatalf("discipline: %d %s", r.Status, r.Body)
	}
	if r := party.Post(handling, map[string]any{"handling": "区委已听取汇报", "result": "责成整改"}); r.Status != 200 {
		t.Fatalf("party: %d %s", r.Status, r.Body)
	}
	got := escalations(t, proc, late.ID)
	rec := map[int64]string{}
	for _, x := range got[1].Recipients {
		rec[x.UnitID] = x.Handling + "/" + x.Result
	}
	if rec[d.Discipline.ID] != "纪委监委已立案审查/已约谈" || rec[d.Party.ID] != "区委已听取汇报/责成整改" || rec[d.Government.ID] != "/" {
		t.Fatalf("each recipient's record: %v", rec)
	}
	// A stale step version is refused, nothing overwritten.
	wantErr(t, party.Post(handling, map[string]any{"handling": "改", "version": 1}), 409, "stale_version")
	if got := escalations(t, proc, late.ID); got[1].Recipients[0].Version != 1 && got[1].Recipients[1].Version != 1 {
		t.Fatalf("versions %+v", got[1].Recipients)
	}
}

// TestMechanism_EscalationGrounds: refusing to cooperate with an
// investigation may be raised on an open item; the other grounds need the
// item overdue or returned (422 naming the rule, nothing changes).
func TestMechanism_EscalationGrounds(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	open := e.Action(followup.NewAction{ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: webtest.DaysFromToday(10)})
	proc := e.API(d.ProcSec)
	esc := fmt.Sprintf("/api/v1/actions/%d/escalate", open.ID)
	for _, g := range []string{"no_reply", "not_rectified", "delayed", "inadequate"} {
		r := proc.Post(esc, map[string]any{"steps": []int{1}, "grounds": []string{g, "obstruction"}})
		wantErr(t, r, 422, "action.ground_needs_overdue")
		if f := fieldCode(t, r, "grounds"); f == "" {
			t.Errorf("%s: field %q", g, f)
		}
	}
	wantErr(t, proc.Post(esc, map[string]any{"grounds": []string{"whatever"}}), 422, "invalid")
	wantErr(t, proc.Post(esc, map[string]any{"steps": []int{3}, "grounds": []string{"obstruction"}}), 422, "invalid")
	if got := escalations(t, proc, open.ID); len(got) != 0 {
		t.Fatalf("refusals changed something: %+v", got)
	}
	r := proc.Post(esc, map[string]any{"steps": []int{1, 2}, "grounds": []string{"obstruction"}})
	if r.Status != 200 {
		t.Fatalf("obstruction on an open item: %d %s", r.Status, r.Body)
	}
	// A returned answer allows 整改不到位.
	x := e.Action(followup.NewAction{ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: webtest.DaysFromToday(10)})
	e.API(d.AgencyAMember).Post(fmt.Sprintf("/api/v1/actions/%d/feedback", x.ID), map[string]any{"body": "敷衍"})
	proc.Post(fmt.Sprintf("/api/v1/actions/%d/verify", x.ID), map[string]any{"accepted": false, "comment": "不到位"})
	if r := proc.Post(fmt.Sprintf("/api/v1/actions/%d/escalate", x.ID), map[string]any{"grounds": []string{"inadequate"}}); r.Status != 200 {
		t.Fatalf("returned: %d %s", r.Status, r.Body)
	}
	// A classified item records its grounds (codes, not text).
	c := e.Action(followup.NewAction{ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: webtest.DaysFromToday(-3), Sensitivity: account.Classified})
	if r := proc.Post(fmt.Sprintf("/api/v1/actions/%d/escalate", c.ID), map[string]any{"steps": []int{1, 2}, "grounds": []string{"no_reply"}}); r.Status != 200 {
		t.Fatalf("classified: %d %s", r.Status, r.Body)
	}
	wantErr(t, proc.Post(fmt.Sprintf("/api/v1/actions/%d/escalate", c.ID), map[string]any{"comment": "x"}), 422, "sensitivity.no_content")
}

// fieldCode returns error.fields[name] of a JSON error body.
func fieldCode(t *testing.T, r webtest.Response, name string) string {
	t.Helper()
	var b struct {
		Error struct {
			Fields map[string]string `json:"fields"`
		} `json:"error"`
	}
	r.Decode(t, &b)
	return b.Error.Fields[name]
}

// TestMechanism_EscalationPage: the form offers both steps and the
// grounds; taken together, the page names each letter as 抄送, 报告 or 函告.
func TestMechanism_EscalationPage(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	late := e.Action(followup.NewAction{ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: webtest.DaysFromToday(-5)})
	proc := e.Browser(d.ProcSec)
	path := fmt.Sprintf("/actions/%d", late.ID)
	page := string(proc.Get(path).Body)
	for _, want := range []string{`name="steps" value="1"`, `name="steps" value="2"`, `name="grounds" value="obstruction"`} {
		if !strings.Contains(page, want) {
			t.Fatalf("form lacks %s", want)
		}
	}
	r := proc.PostForm(path+"/escalate", url.Values{"steps": {"1", "2"}, "grounds": {"no_reply", "not_rectified"}, "comment": {"同时报告、函告"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("escalate: %d %s", r.Status, r.Body)
	}
	page = string(proc.Get(path).Body)
	for _, want := range []string{"抄送区司法局", "报告区委", "函告区政府", "函告区纪委监委", "无正当理由不予回复、不予整改"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(page, path+"/escalate") {
		t.Error("escalation form offered with every step taken")
	}
}
