package web_test

import (
	"fmt"
	"testing"

	"liaison/app/account"
	"liaison/app/web/webtest"
)

// TestCaseRegister_SeedFigures enters the seed's first-year figures through
// the API: the justice bureau notifies 28 cases; it copies 1 reconsideration
// suggestion; the government issues 3 supervision opinions (copied to the
// procuratorate); the procuratorate issues 4 procuratorial suggestions
// (copied to the justice bureau). Every document creates one action item
// for its addressee.
func TestCaseRegister_SeedFigures(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	gov := e.User("gov.sec", d.Government, account.RoleSecretary)
	justice, proc, govc := e.API(d.JusticeSec), e.API(d.ProcSec), e.API(gov)
	kinds := []string{"工伤认定", "信息公开", "行政处罚", "行政不作为"}

	var caseIDs []int64
	for i := range 28 {
		k := justice.CreateCase(t, map[string]any{"number": fmt.Sprintf("司复〔2026〕%d号", i+1), "title": fmt.Sprintf("复议案件%d", i+1),
			"kind": kinds[i%len(kinds)], "respondent_unit_id": []int64{d.AgencyA.ID, d.AgencyB.ID}[i%2], "origin_unit_id": d.Justice.ID,
			"accepted_on": "2026-03-02"})
		r := justice.Post(webtest.CasePath(k.ID, "/notifications"), map[string]any{"from_unit_id": d.Justice.ID, "to_unit_id": d.Procuratorate.ID,
			"stage": "accepted", "summary": "受理通报"})
		if r.Status != 201 {
			t.Fatalf("notify %d: %d %s", i, r.Status, r.Body)
		}
		caseIDs = append(caseIDs, k.ID)
	}
	// The procuratorate now sees all 28 (pages of 10), none late to notify.
	seen, next := 0, "/api/v1/cases?limit=10"
	for next != "" {
		var p struct {
			Items      []webtest.CaseJSON `json:"items"`
			NextCursor string             `json:"next_cursor"`
		}
		proc.Get(next).Decode(t, &p)
		for _, k := range p.Items {
			if k.NotifyLate || k.NotifiedOn == nil {
				t.Fatalf("case %s: notify timer %+v", k.Number, k)
			}
		}
		seen += len(p.Items)
		next = ""
		if p.NextCursor != "" {
			next = "/api/v1/cases?limit=10&cursor=" + p.NextCursor
		}
	}
	if seen != 28 {
		t.Fatalf("procuratorate sees %d cases", seen)
	}

	type docSpec struct {
		c         *webtest.Client
		typ       string
		issuer    int64
		addressee int64
		cc        int64
		n         int
	}
	specs := []docSpec{
		{justice, "reconsideration_suggestion", d.Justice.ID, d.AgencyA.ID, d.Procuratorate.ID, 1},
		{govc, "supervision_opinion", d.Government.ID, d.AgencyB.ID, d.Procuratorate.ID, 3},
		{proc, "procuratorial_suggestion", d.Procuratorate.ID, d.AgencyA.ID, d.Justice.ID, 4},
	}
	items := map[int64]int{} // addressee → action items
	total := 0
	for _, s := range specs {
		for i := range s.n {
			body := map[string]any{"type": s.typ, "number": fmt.Sprintf("%s-%d", s.typ, i+1), "issuing_unit_id": s.issuer,
				"addressee_unit_id": s.addressee, "cc_unit_ids": []int64{s.cc}, "issued_on": "2026-04-01"}
			if s.issuer != d.Government.ID { // the government does not see the bureau's register
				body["case_ids"] = []int64{caseIDs[total]}
			}
			doc := s.c.CreateDocument(t, body)
			if len(doc.ActionItems) != 1 {
				t.Fatalf("%s: %d action items", s.typ, len(doc.ActionItems))
			}
			it := doc.ActionItems[0]
			if it.ResponsibleUnitID != s.addressee || it.IssuingUnitID != s.issuer || it.SourceKind != "document" || it.DueOn != doc.ReplyDueOn {
				t.Fatalf("%s action item %+v", s.typ, it)
			}
			items[s.addressee]++
			total++
		}
	}
	if total != 8 || items[d.AgencyA.ID] != 5 || items[d.AgencyB.ID] != 3 {
		t.Fatalf("items %v", items)
	}
	// Each side sees what it issued, received or was copied.
	count := func(c *webtest.Client, q string) int { return len(cfIDs(t, c, "/api/v1/documents?limit=200"+q)) }
	if n := count(proc, ""); n != 8 {
		t.Errorf("procuratorate sees %d documents", n)
	}
	if n := count(justice, ""); n != 5 {
		t.Errorf("justice bureau sees %d documents", n)
	}
	if n := count(e.API(d.AgencyAMember), ""); n != 5 {
		t.Errorf("agency A sees %d documents", n)
	}
	if n := count(e.API(d.AgencyBMember), "&type=supervision_opinion"); n != 3 {
		t.Errorf("agency B sees %d opinions", n)
	}
	if n := count(e.API(d.Leader), "&type=procuratorial_suggestion"); n != 4 {
		t.Errorf("leader sees %d suggestions", n)
	}
	// The linked case lists its action item for the procuratorate too.
	var cd struct {
		ActionItems []struct{ ID int64 } `json:"action_items"`
		Documents   []struct{ ID int64 } `json:"documents"`
	}
	proc.Get(webtest.CasePath(caseIDs[0], "")).Decode(t, &cd)
	if len(cd.Documents) != 1 {
		t.Errorf("case 1 links %+v", cd)
	}
}
