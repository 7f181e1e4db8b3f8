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
// documents the action items come from.
func (g *gen) cases(ctx context.Context) error {
	id, err := nextID(ctx, g.d, "cases")
	if err != nil {
		return err
	}
	cs := newBatch(ctx, g.d, "cases", "id", "number", "title", "kind", "respondent_unit_id", "origin_unit_id", "stage", "sensitivity",
		"summary", "accepted_on", "closed_on", "notify_due_on", "notified_on", "created_by", "version", "created_at", "updated_at")
	ns := cs.child("case_notifications", "case_id", "from_unit_id", "to_unit_id", "stage", "summary", "created_by", "created_at")
	span := largePast + largeFuture/2
	for i := 0; i < g.s.Cases; i++ {
		cid := id + int64(i)
		origin := 1 + i%2
		resp := g.agency(i)
		at := g.now.Add(-largePast).Add(time.Duration(i) * span / time.Duration(g.s.Cases))
		sens, title, summary := "ordinary", fmt.Sprintf("%s案件（第%d号）", caseKinds[i%len(caseKinds)], i+1), "当事人申请监督，已受理审查。"
		switch {
		case i%100 == 17:
			sens, title, summary = "classified", "", ""
		case i%25 == 4:
			sens, title = "sensitive", ""
		}
		stage, closed := "handling", any(nil)
		if at.Before(g.now.Add(-180 * 24 * time.Hour)) {
			stage, closed = "closed", g.day(at.Add(60*24*time.Hour))
		}
		by := g.userID[origin][0]
		err := cs.add(cid, fmt.Sprintf("潍奎%s〔%d〕%d号", []string{"", "检行监", "司监"}[origin], at.Year(), i+1), title,
			caseKinds[i%len(caseKinds)], g.unitID[resp], g.unitID[origin], stage, sens, summary, g.day(at), closed,
			g.day(at.Add(10*24*time.Hour)), g.day(at.Add(5*24*time.Hour)), by, 1, at, at)
		if err != nil {
			return err
		}
		if err := ns.add(cid, g.unitID[origin], g.unitID[3-origin], "accepted", "", by, at); err != nil {
			return err
		}
		g.caseIDs = append(g.caseIDs, cid)
	}
	did, err := nextID(ctx, g.d, "documents")
	if err != nil {
		return err
	}
	ds := newBatch(ctx, g.d, "documents", "id", "type", "number", "title", "issuing_unit_id", "addressee_unit_id", "sensitivity",
		"issued_on", "reply_due_on", "created_by", "version", "created_at", "updated_at")
	dc := ds.child("document_cases", "document_id", "case_id")
	dc.after = append(dc.after, cs)
	docs := max(10, g.s.Cases/5)
	for i := 0; i < docs; i++ {
		at := g.now.Add(-largePast).Add(time.Duration(i) * span / time.Duration(docs))
		issuer := 1 + i%2
		err := ds.add(did+int64(i), docTypes[i%len(docTypes)], fmt.Sprintf("潍奎建〔%d〕%d号", at.Year(), i+1),
			fmt.Sprintf("关于规范执法行为的建议（第%d号）", i+1), g.unitID[issuer], g.unitID[g.agency(i)], "ordinary",
			g.day(at), g.day(at.Add(60*24*time.Hour)), g.userID[issuer][0], 1, at, at)
		if err != nil {
			return err
		}
		if err := dc.add(did+int64(i), g.caseIDs[(i*5)%len(g.caseIDs)]); err != nil {
			return err
		}
		g.docIDs = append(g.docIDs, did+int64(i))
	}
	for _, b := range []*batch{cs, ns, ds, dc} {
		if err := b.flush(); err != nil {
			return err
		}
		g.rows[b.table] = b.n
	}
	return nil
}

// actions writes the action items, due evenly over the whole span: those
// due more than 60 days ago were answered and verified, the rest are in
// every open state (open ones past their date show as overdue). The feed
// user's unit has only settled items, so their calendar holds meetings.
func (g *gen) actions(ctx context.Context) error {
	id, err := nextID(ctx, g.d, "action_items")
	if err != nil {
		return err
	}
	as := newBatch(ctx, g.d, "action_items", "id", "title", "responsible_unit_id", "issuing_unit_id", "due_on", "status",
		"source_kind", "source_id", "sensitivity", "escalation_step", "answered_at", "verified_at", "verified_by",
		"created_by", "version", "created_at", "updated_at")
	ac := as.child("action_item_cases", "action_item_id", "case_id")
	span := largePast + largeFuture
	settled := g.now.Add(-60 * 24 * time.Hour)
	for i := 0; i < g.s.Actions; i++ {
		aid := id + int64(i)
		due := g.now.Add(-largePast).Add(time.Duration(i) * (span / time.Duration(g.s.Actions)))
		created := due.Add(-30 * 24 * time.Hour)
		resp := g.agency(i*7 + i/g.s.Units)
		issuer := 1 + i%2
		sens, title := "ordinary", fmt.Sprintf("整改事项%d：规范行政执法程序", i+1)
		switch {
		case i%200 == 11:
			sens, title = "classified", ""
		case i%40 == 9:
			sens = "sensitive"
		}
		status := []string{"open", "in_progress", "answered", "open", "returned"}[i%5]
		var answered, verified, verifier any
		if due.Before(settled) || resp == g.feedUnit {
			status = "rectified"
			answered, verified, verifier = due.Add(-5*24*time.Hour), due.Add(-2*24*time.Hour), g.userID[issuer][0]
		} else if status == "answered" {
			answered = created.Add(10 * 24 * time.Hour)
		}
		updated := created
		if verified != nil {
			updated = verified.(time.Time)
		}
		err := as.add(aid, title, g.unitID[resp], g.unitID[issuer], g.day(due), status, "document", g.docIDs[i%len(g.docIDs)],
			sens, 0, answered, verified, verifier, g.userID[issuer][0], 1, created, updated)
		if err != nil {
			return err
		}
		if i%4 == 0 {
			if err := ac.add(aid, g.caseIDs[i%len(g.caseIDs)]); err != nil {
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
