package web_test

import (
	"fmt"
	"net/http"
	"testing"

	"liaison/app/followup"
	"liaison/app/web/webtest"
)

// todoLoad gives agency A n open action items (half of them overdue) and
// n/10 documents to sign for, its member n/100 invitations, and the
// justice bureau n/10 unread case notifications and n/100 escalations.
func todoLoad(t *testing.T, e *webtest.Env, d webtest.District, n int) {
	t.Helper()
	var in []followup.NewAction
	for i := range n {
		in = append(in, followup.NewAction{Title: fmt.Sprint("整改事项", i), ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID,
			DueOn: webtest.DaysFromToday(i - n/2), SourceKind: followup.FromDocument, SourceID: int64(i + 1)})
	}
	items, err := e.Deps.Actions.CreateActions(e.Ctx(), e.Actor(d.ProcSec), in)
	if err != nil {
		t.Fatal(err)
	}
	proc := e.API(d.ProcSec)
	for i := range n / 100 {
		wantStatus(t, proc.Post(fmt.Sprintf("/api/v1/actions/%d/escalate", items[i].ID), map[string]any{"comment": "逾期"}), 200)
	}
	k := proc.CreateCase(t, map[string]any{"number": "潍奎检行监〔2026〕1号", "title": "某案", "kind": "行政处罚",
		"respondent_unit_id": d.AgencyA.ID, "origin_unit_id": d.Procuratorate.ID})
	for i := range n / 10 {
		proc.CreateDocument(t, cfAt(d, fmt.Sprintf("检建〔2026〕%d号", i+1), webtest.DaysFromToday(-1).String(), ""))
		wantStatus(t, proc.Post(webtest.CasePath(k.ID, "/notifications"), map[string]any{"from_unit_id": d.Procuratorate.ID,
			"to_unit_id": d.Justice.ID, "stage": "handling", "summary": "进展"}), http.StatusCreated)
	}
	day := webtest.Workday(webtest.DaysFromToday(2))
	for i := range max(n/100, 1) {
		b := webtest.MeetingBody("consultation", d.Procuratorate.ID, fmt.Sprint("会商", i), webtest.At(day, 9+i%8, 0), webtest.At(day, 9+i%8, 30))
		b["attendee_user_ids"] = []int64{d.AgencyAMember.ID}
		e.CreateMeeting(proc, b)
	}
}

// TestTodo_ConstantQueries: the 工作台 costs the same number of SQL
// statements with 10 open items as with 1,000, for each kind of person,
// as JSON and as the home page.
func TestTodo_ConstantQueries(t *testing.T) {
	t.Parallel()
	type key struct{ who, path string }
	counts := map[key][2]int64{}
	for i, n := range []int{10, 1000} {
		e := webtest.New(t)
		d := e.District()
		todoLoad(t, e, d, n)
		users := map[string]*webtest.Client{"agency.a": e.Browser(d.AgencyAMember), "justice.sec": e.Browser(d.JusticeSec),
			"proc.sec": e.Browser(d.ProcSec), "leader": e.Browser(d.Leader)}
		for who, c := range users {
			for _, p := range []string{"/api/v1/me/todo", "/"} {
				if r := c.Get(p); r.Status != http.StatusOK { // warm: first-use writes are not the page's cost
					t.Fatalf("%s %s: %d", who, p, r.Status)
				}
				qc := e.CountQueries()
				c.Get(p)
				k := key{who, p}
				c2 := counts[k]
				c2[i] = qc.N()
				counts[k] = c2
			}
		}
		if got, _ := todoCount(t, e.API(d.AgencyAMember), "actions"); got != n {
			t.Fatalf("agency A owes %d, want %d", got, n)
		}
	}
	for k, c := range counts {
		t.Logf("%-12s %-16s %d queries at 10 items, %d at 1,000", k.who, k.path, c[0], c[1])
		if c[0] != c[1] || c[0] == 0 {
			t.Errorf("%s %s: %d queries at 10 items, %d at 1,000", k.who, k.path, c[0], c[1])
		}
	}
}
