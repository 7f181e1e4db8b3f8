package web_test

import (
	"fmt"
	"strings"
	"testing"

	"liaison/app/web/webtest"
)

// TestCaseDetail_DocumentsAndItems: a case shows its documents (文号, type,
// state, reply due) and its action items (title, state, due) in its JSON
// and on its page, and costs the same number of statements with one
// document as with six (no query per linked record).
func TestCaseDetail_DocumentsAndItems(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	proc := e.API(d.ProcSec)
	k := proc.CreateCase(t, cfCase(d, "奎检链接1号"))
	issue := func(n int, received bool) {
		doc := cfWith(cfDoc(d, fmt.Sprintf("奎检行建〔2026〕链%d号", n)), "case_ids", []int64{k.ID})
		doc["received_on"] = nil // awaiting receipt
		if received {
			doc["received_on"] = webtest.DaysFromToday(-2).String()
		}
		proc.CreateDocument(t, doc)
	}
	issue(1, true)
	type detail struct {
		Documents []struct {
			Number     string `json:"number"`
			Status     string `json:"status"`
			ReplyDueOn string `json:"reply_due_on"`
		} `json:"documents"`
		ActionItems []struct {
			Title  string `json:"title"`
			Status string `json:"status"`
			DueOn  string `json:"due_on"`
		} `json:"action_items"`
	}
	get := func() (detail, int64) {
		var out detail
		qc := e.CountQueries()
		before := qc.N()
		proc.Get(webtest.CasePath(k.ID, "")).Decode(t, &out)
		return out, qc.N() - before
	}
	one, n1 := get()
	if len(one.Documents) != 1 || one.Documents[0].Number != "奎检行建〔2026〕链1号" || one.Documents[0].Status != "received" || one.Documents[0].ReplyDueOn == "" {
		t.Fatalf("documents %+v", one.Documents)
	}
	if len(one.ActionItems) != 1 || one.ActionItems[0].DueOn == "" || one.ActionItems[0].Status == "" {
		t.Fatalf("action items %+v", one.ActionItems)
	}
	for i := 2; i <= 6; i++ {
		issue(i, i%2 == 0)
	}
	six, n6 := get()
	if len(six.Documents) != 6 || len(six.ActionItems) <= len(one.ActionItems) {
		t.Fatalf("6 documents and more items expected: %d, %d", len(six.Documents), len(six.ActionItems))
	}
	if n6 != n1 {
		t.Errorf("statements: %d with one document, %d with six", n1, n6)
	}
	t.Logf("GET /api/v1/cases/{id}: %d statements with 1 or 6 documents", n1)
	page := string(e.Browser(d.ProcSec).Get(fmt.Sprintf("/cases/%d", k.ID)).Body)
	for _, want := range []string{"奎检行建〔2026〕链1号", "奎检行建〔2026〕链3号", "已签收", "待签收", "答复期限"} {
		if !strings.Contains(page, want) {
			t.Errorf("case page lacks %q", want)
		}
	}
}
