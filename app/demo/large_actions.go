package demo

import (
	"context"
	"fmt"
	"time"

	"liaison/app/workday"
)

var caseKinds = []string{"工伤认定", "信息公开", "行政处罚", "行政不作为", "行政许可", "行政强制"}

var docTypes = []string{"procuratorial_suggestion", "supervision_opinion", "reconsideration_suggestion", "legal_opinion"}

// day is t's date in Asia/Shanghai, as the TEXT date columns store it.
func (g *gen) day(t time.Time) string { return workday.FromTime(t).String() }

// agency is the index of an enforcement agency (the units after the six hubs).
func (g *gen) agency(i int) int { return 6 + i%(g.s.Units-6) }

// cases writes the case register (half from the procuratorate, half from
// the justice bureau), one notification each, and the supervision
// documents the action items come from. History cases are closed; current
// ones (accepted from the current era's start to a quarter year ahead)
// are in hand. Documents and their cases belong to one era.
func (g *gen) cases(ctx context.Context) error {
	id, err := nextID(ctx, g.d, "cases")
	if err != nil {
		return err
	}
	cs := newBatch(ctx, g.d, "cases", "id", "number", "title", "kind", "respondent_unit_id", "origin_unit_id", "stage", "sensitivity",
		"summary", "accepted_on", "closed_on", "notify_due_on", "notified_on", "created_by", "version", "created_at", "updated_at")
	ns := cs.child("case_notifications", "case_id", "from_unit_id", "to_unit_id", "stage", "summary", "created_by", "created_at")
	to := g.now.Add(largeFuture / 2)
	hist, cur := era(g.s.Cases, g.s.CurrentCases)
	for n := 0; n < g.s.Cases; n++ {
		cid := id + int64(n)
		i, at, current := spread(n, hist, cur, g.history(), g.currentFrom(), to)
		origin := 1 + i%2
		resp := g.agency(i)
		sens, title, summary := "ordinary", fmt.Sprintf("%s案件（第%d号）", caseKinds[i%len(caseKinds)], n+1), "当事人申请监督，已受理审查。"
		switch {
		case i%100 == 17:
			sens, title, summary = "classified", "", ""
		case i%25 == 4:
			sens, title = "sensitive", ""
		}
		stage, closed := "handling", any(nil)
		if !current {
			stage, closed = "closed", g.day(at.Add(60*24*time.Hour))
		}
		by := g.userID[origin][0]
		err := cs.add(cid, fmt.Sprintf("潍奎%s〔%d〕%d号", []string{"", "检行监", "司监"}[origin], at.Year(), n+1), title,
			caseKinds[i%len(caseKinds)], g.unitID[resp], g.unitID[origin], stage, sens, summary, g.day(at), closed,
			g.day(at.Add(10*24*time.Hour)), g.day(at.Add(5*24*time.Hour)), by, 1, at, at)
		if err != nil {
			return err
		}
		if err := ns.add(cid, g.unitID[origin], g.unitID[3-origin], "accepted", "", by, at); err != nil {
			return err
		}
		g.caseIDs[eraIndex(current)] = append(g.caseIDs[eraIndex(current)], cid)
	}
	did, err := nextID(ctx, g.d, "documents")
	if err != nil {
		return err
	}
	ds := newBatch(ctx, g.d, "documents", "id", "type", "number", "title", "issuing_unit_id", "addressee_unit_id", "sensitivity",
		"issued_on", "received_on", "reply_due_on", "reply_period_n", "reply_period_unit", "created_by", "version", "created_at", "updated_at")
	dc := ds.child("document_cases", "document_id", "case_id")
	dc.after = append(dc.after, cs)
	docHist, docCur := hist/5, max(10, cur/5)
	if docHist == 0 || len(g.caseIDs[0]) == 0 {
		docHist = 0 // a history too short for documents: its items cite current ones
	}
	for n := 0; n < docHist+docCur; n++ {
		i, at, current := spread(n, docHist, docCur, g.history(), g.currentFrom(), to)
		issuer := 1 + i%2
		// Received on paper two days after issue, due 60 days later.
		err := ds.add(did+int64(n), docTypes[i%len(docTypes)], fmt.Sprintf("潍奎建〔%d〕%d号", at.Year(), n+1),
			fmt.Sprintf("关于规范执法行为的建议（第%d号）", n+1), g.unitID[issuer], g.unitID[g.agency(i)], "ordinary",
			g.day(at.Add(-2*24*time.Hour)), g.day(at), g.day(at.Add(60*24*time.Hour)), 60, "days", g.userID[issuer][0], 1, at, at)
		if err != nil {
			return err
		}
		cs := g.eraIDs(g.caseIDs, current)
		if err := dc.add(did+int64(n), cs[(i*5)%len(cs)]); err != nil {
			return err
		}
		g.docIDs[eraIndex(current)] = append(g.docIDs[eraIndex(current)], did+int64(n))
	}
	for _, b := range []*batch{cs, ns, ds, dc} {
		if err := b.flush(); err != nil {
			return err
		}
		g.rows[b.table] = b.n
	}
	return nil
}

// actions writes the action items, due evenly over each era: those due
// more than 60 days ago (all of the history) were answered and verified,
// the rest are in every open state (open ones past their date show as
// overdue). The feed user's unit has only settled items, so their
// calendar holds meetings.
func (g *gen) actions(ctx context.Context) error {
	id, err := nextID(ctx, g.d, "action_items")
	if err != nil {
		return err
	}
	as := newBatch(ctx, g.d, "action_items", "id", "title", "responsible_unit_id", "issuing_unit_id", "due_on", "received_on", "status",
		"source_kind", "source_id", "sensitivity", "escalation_step", "answered_at", "answered_on", "verified_at", "verified_by",
		"created_by", "version", "created_at", "updated_at")
	ac := as.child("action_item_cases", "action_item_id", "case_id")
	settled := g.now.Add(-60 * 24 * time.Hour)
	hist, cur := era(g.s.Actions, g.s.CurrentActions)
	for n := 0; n < g.s.Actions; n++ {
		aid := id + int64(n)
		i, due, current := spread(n, hist, cur, g.history(), g.currentFrom(), g.now.Add(largeFuture))
		docs, cases := g.eraIDs(g.docIDs, current), g.eraIDs(g.caseIDs, current)
		created := due.Add(-30 * 24 * time.Hour)
		resp := g.agency(i*7 + i/g.s.Units)
		issuer := 1 + i%2
		sens, title := "ordinary", fmt.Sprintf("整改事项%d：规范行政执法程序", n+1)
		switch {
		case i%200 == 11:
			sens, title = "classified", ""
		case i%40 == 9:
			sens = "sensitive"
		}
		status := []string{"open", "in_progress", "answered", "open", "returned"}[i%5]
		var answered, answeredOn, verified, verifier any
		if due.Before(settled) || resp == g.feedUnit {
			status = "rectified"
			answered, verified, verifier = due.Add(-5*24*time.Hour), due.Add(-2*24*time.Hour), g.userID[issuer][0]
		} else if status == "answered" {
			answered = created.Add(10 * 24 * time.Hour)
		}
		if t, ok := answered.(time.Time); ok {
			answeredOn = g.day(t)
		}
		updated := created
		if verified != nil {
			updated = verified.(time.Time)
		}
		err := as.add(aid, title, g.unitID[resp], g.unitID[issuer], g.day(due), g.day(created), status, "document", docs[i%len(docs)],
			sens, 0, answered, answeredOn, verified, verifier, g.userID[issuer][0], 1, created, updated)
		if err != nil {
			return err
		}
		if i%4 == 0 {
			if err := ac.add(aid, cases[i%len(cases)]); err != nil {
				return err
			}
		}
	}
	for _, b := range []*batch{as, ac} {
		if err := b.flush(); err != nil {
			return err
		}
		g.rows[b.table] = b.n
	}
	return nil
}

// eraIndex is the index of an era in the gen's id slices.
func eraIndex(current bool) int {
	if current {
		return 1
	}
	return 0
}

// eraIDs are the ids of an era, or the other era's when it has none.
func (g *gen) eraIDs(ids [2][]int64, current bool) []int64 {
	if e := ids[eraIndex(current)]; len(e) > 0 {
		return e
	}
	return ids[1-eraIndex(current)]
}
