package web_test

import (
	"fmt"
	"net/http"
	"slices"
	"testing"

	"liaison/app/account"
	"liaison/app/followup"
	"liaison/app/web/webtest"
)

type actionJSON struct {
	ID              int64   `json:"id"`
	Title           string  `json:"title"`
	Status          string  `json:"status"`
	DueOn           string  `json:"due_on"`
	CaseIDs         []int64 `json:"case_ids"`
	EscalationStep  int     `json:"escalation_step"`
	InvolvedUnitIDs []int64 `json:"involved_unit_ids"`
	Version         int     `json:"version"`
}

type actionPage struct {
	Items      []actionJSON `json:"items"`
	NextCursor string       `json:"next_cursor"`
}

func listIDs(t *testing.T, c *webtest.Client, query string) []int64 {
	t.Helper()
	var ids []int64
	cursor := ""
	for range 20 {
		q := query + "&limit=2"
		if cursor != "" {
			q += "&cursor=" + cursor
		}
		r := c.Get("/api/v1/actions?" + q)
		if r.Status != http.StatusOK {
			t.Fatalf("list %s: %d %s", q, r.Status, r.Body)
		}
		var p actionPage
		r.Decode(t, &p)
		for _, it := range p.Items {
			ids = append(ids, it.ID)
		}
		if cursor = p.NextCursor; cursor == "" {
			return ids
		}
	}
	t.Fatal("pagination does not end")
	return nil
}

func TestActionAPI_StatusDerivation(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	mk := func(due int) followup.ActionItem {
		return e.Action(followup.NewAction{ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: webtest.DaysFromToday(due)})
	}
	late, soon, today, lateAnswered, lateReturned, lateProgress := mk(-3), mk(5), mk(0), mk(-2), mk(-1), mk(-4)
	agency, proc := e.API(d.AgencyAMember), e.API(d.ProcSec)
	if r := agency.Post(fmt.Sprintf("/api/v1/actions/%d/feedback", lateAnswered.ID), map[string]any{"body": "已整改"}); r.Status != 201 {
		t.Fatalf("feedback: %d %s", r.Status, r.Body)
	}
	agency.Post(fmt.Sprintf("/api/v1/actions/%d/feedback", lateReturned.ID), map[string]any{"body": "已整改"})
	if r := proc.Post(fmt.Sprintf("/api/v1/actions/%d/verify", lateReturned.ID), map[string]any{"accepted": false, "comment": "不充分"}); r.Status != 200 {
		t.Fatalf("return: %d %s", r.Status, r.Body)
	}
	if r := agency.Post(fmt.Sprintf("/api/v1/actions/%d/feedback", lateProgress.ID), map[string]any{"body": "正在办理", "kind": "progress"}); r.Status != 201 {
		t.Fatalf("progress: %d %s", r.Status, r.Body)
	}
	want := map[int64]string{late.ID: "overdue", soon.ID: "open", today.ID: "open", lateAnswered.ID: "answered", lateReturned.ID: "overdue", lateProgress.ID: "overdue"}
	for id, st := range want {
		var got actionJSON
		agency.Get(fmt.Sprintf("/api/v1/actions/%d", id)).Decode(t, &got)
		if got.Status != st {
			t.Errorf("item %d: status %q, want %q", id, got.Status, st)
		}
	}
	overdue := []int64{lateProgress.ID, late.ID, lateReturned.ID} // by due date
	cases := []struct {
		query string
		want  []int64
	}{
		{"status=overdue", overdue},
		{"overdue=true", overdue},
		{"overdue=false", []int64{lateAnswered.ID, today.ID, soon.ID}},
		{"status=open", []int64{today.ID, soon.ID}},
		{"status=answered", []int64{lateAnswered.ID}},
		{"status=returned", nil},
		{"status=in_progress", nil},
		{"status=overdue&overdue=false", nil},
		{"unit_id=" + fmt.Sprint(d.AgencyB.ID), nil},
		{fmt.Sprintf("issuing_unit_id=%d&due_before=%s", d.Procuratorate.ID, webtest.DaysFromToday(0)), []int64{lateProgress.ID, late.ID, lateAnswered.ID, lateReturned.ID, today.ID}},
		{"mine=true", []int64{lateProgress.ID, late.ID, lateAnswered.ID, lateReturned.ID, today.ID, soon.ID}},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			if got := listIDs(t, agency, c.query); !slices.Equal(got, c.want) {
				t.Errorf("%s: got %v, want %v", c.query, got, c.want)
			}
		})
	}
	t.Run("bad filters", func(t *testing.T) {
		for _, q := range []string{"status=late", "overdue=maybe", "due_before=2026-02-30", "unit_id=x", "limit=0", "cursor=!!!"} {
			if r := agency.Get("/api/v1/actions?" + q); r.Status != 422 && r.Status != 400 {
				t.Errorf("%s: status %d", q, r.Status)
			}
		}
	})
	t.Run("search", func(t *testing.T) {
		x := e.Action(followup.NewAction{Title: "行政处罚程序整改100%", ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: webtest.DaysFromToday(9)})
		if got := listIDs(t, agency, "q=100%25"); !slices.Equal(got, []int64{x.ID}) {
			t.Errorf("q: %v", got)
		}
	})
}

func TestActionAPI_Authorization(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	ordinary := e.Action(followup.NewAction{ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: webtest.DaysFromToday(10)})
	sensitive := e.Action(followup.NewAction{ResponsibleUnitID: d.AgencyB.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: webtest.DaysFromToday(10), Sensitivity: account.Sensitive, Title: "敏感事项登记"})
	classified := e.Action(followup.NewAction{ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Justice.ID, DueOn: webtest.DaysFromToday(10), Sensitivity: account.Classified})
	owned := e.Action(followup.NewAction{ResponsibleUnitID: d.AgencyB.ID, IssuingUnitID: d.Justice.ID, DueOn: webtest.DaysFromToday(10), Sensitivity: account.Classified, OwnerUserID: &d.AgencyBMember.ID})
	all := []int64{ordinary.ID, sensitive.ID, classified.ID, owned.ID}
	table := []struct {
		name string
		user account.User
		see  []int64
	}{
		{"agency A liaison: own unit", d.AgencyAMember, []int64{ordinary.ID}},
		{"agency B liaison: own unit and owned", d.AgencyBMember, []int64{sensitive.ID, owned.ID}},
		{"procuratorate secretary: issued", d.ProcSec, []int64{ordinary.ID, sensitive.ID}},
		{"procuratorate member: issued", d.ProcMember, []int64{ordinary.ID, sensitive.ID}},
		{"justice secretary: issued", d.JusticeSec, []int64{classified.ID, owned.ID}},
		{"leader: all not classified", d.Leader, []int64{ordinary.ID, sensitive.ID}},
		{"office secretary: all ordinary", d.OfficeSec, []int64{ordinary.ID}},
		{"admin: all ordinary", d.Admin, []int64{ordinary.ID}},
	}
	for _, row := range table {
		t.Run(row.name, func(t *testing.T) {
			c := e.API(row.user)
			got := listIDs(t, c, "")
			slices.Sort(got)
			if !slices.Equal(got, row.see) {
				t.Errorf("list: got %v, want %v", got, row.see)
			}
			for _, id := range all {
				r := c.Get(fmt.Sprintf("/api/v1/actions/%d", id))
				want := http.StatusNotFound
				if slices.Contains(row.see, id) {
					want = http.StatusOK
				}
				if r.Status != want {
					t.Errorf("get %d: %d, want %d", id, r.Status, want)
				}
			}
		})
	}
	if r := e.Anon().Get("/api/v1/actions"); r.Status != http.StatusUnauthorized {
		t.Errorf("anonymous list: %d", r.Status)
	}
	if r := e.API(d.AgencyAMember).Get("/api/v1/actions/abc"); r.Status != http.StatusNotFound {
		t.Errorf("bad id: %d", r.Status)
	}
}
