package casefile

import (
	"context"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/followup"
	"liaison/app/workday"
)

// recountBatch is how many provisional records one read takes.
const recountBatch = 200

// RecountProvisional recounts every open deadline counted past the
// published holiday schedule (a document's reply deadline, with its reply
// item, and a case's notify and result deadlines), now that more of the
// schedule may be known: a year built in with a dependency update, or one
// an administrator entered. It runs in one transaction; each change keeps
// the date it replaced and is audited with the old and the new date.
// Deadlines still past the published years stay provisional, with the
// statutory holidays counted. It returns how many deadlines moved or
// became final; running it again changes nothing.
//
// Records registered before periods were kept carry none: their deadline
// is recounted with the period in force now when it is exactly what that
// period gave with weekends only (how 2027 deadlines were counted before
// 2027's schedule was known); any other date was fixed by hand and is
// kept, no longer marked provisional.
func (s *Service) RecountProvisional(ctx context.Context, a account.Actor) (int, error) {
	if !a.Can(account.ActManage, account.Scope{}) {
		return 0, apperr.E(apperr.Forbidden, "forbidden")
	}
	n := 0
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		cal, err := s.calendar(ctx)
		if err != nil {
			return err
		}
		t, err := s.Timers(ctx)
		if err != nil {
			return err
		}
		d, err := s.recountDocuments(ctx, a, cal, t)
		if err != nil {
			return err
		}
		c, err := s.recountCases(ctx, a, cal, t)
		n = d + c
		return err
	})
	return n, err
}

func (s *Service) recountDocuments(ctx context.Context, a account.Actor, cal *workday.Calendar, t Timers) (int, error) {
	n := 0
	for after := int64(0); ; {
		docs, err := s.store.provisionalDocuments(ctx, after, recountBatch)
		if err != nil || len(docs) == 0 {
			return n, err
		}
		after = docs[len(docs)-1].ID
		for _, d := range docs {
			due, prov, ok := recountReply(cal, t, d)
			if !ok || (due == d.ReplyDueOn && prov == d.Provisional) {
				continue
			}
			changed, err := s.store.recountDocument(ctx, d, due, prov, s.Now())
			if err != nil || !changed {
				return n, err
			}
			n++
			before := map[string]any{"reply_due_on": d.ReplyDueOn, "reply_due_provisional": d.Provisional}
			after := map[string]any{"reply_due_on": due, "reply_due_provisional": prov, "reply_due_was": d.ReplyDueOn}
			if err := s.Accounts.AuditChange(ctx, a, "document.deadline_recounted", "document", d.ID, before, after, nil); err != nil {
				return n, err
			}
			if _, err := s.Actions.RecountDue(ctx, a, followup.FromDocument, d.ID, due, prov); err != nil {
				return n, err
			}
		}
	}
}

// recountReply is a document's reply deadline counted again; ok is false
// when it cannot be (not received, or past the statutory rules' reach).
func recountReply(cal *workday.Calendar, t Timers, d Document) (workday.Date, bool, bool) {
	if !d.IsReceived() || d.ReplyDueOn.IsZero() {
		return workday.Date{}, false, false
	}
	if !d.ReplyDueFixed.IsZero() && d.ReplyDueOn == d.ReplyDueFixed {
		return d.ReplyDueOn, false, true // the document fixes its date: final
	}
	p := d.AppliedPeriod()
	if p == nil {
		cur := t.ReplyPeriods[d.Type]
		if legacy, ok := cur.weekendsOnly(d.ReceivedOn); !ok || legacy != d.ReplyDueOn {
			return d.ReplyDueOn, false, true // fixed by hand: final
		}
		p = &cur
	}
	due, err := p.ReplyDue(cal, d.ReceivedOn)
	if err != nil {
		return workday.Date{}, false, false
	}
	return due, cal.Provisional(due), true
}

func (s *Service) recountCases(ctx context.Context, a account.Actor, cal *workday.Calendar, t Timers) (int, error) {
	n := 0
	for after := int64(0); ; {
		cases, err := s.store.provisionalCases(ctx, after, recountBatch)
		if err != nil || len(cases) == 0 {
			return n, err
		}
		after = cases[len(cases)-1].ID
		for _, c := range cases {
			if c.AcceptedOn == nil {
				continue
			}
			next := c
			if c.NotifyDueProvisional && c.NotifiedOn == nil {
				next.NotifyDueOn, next.NotifyDueProvisional = recountCaseDue(cal, t.Notify, *c.AcceptedOn, c.NotifyPeriodN, c.NotifyPeriodUnit, c.NotifyDueOn)
			}
			if c.ResultDueProvisional && c.ResultOn == nil {
				next.ResultDueOn, next.ResultDueProvisional = recountCaseDue(cal, t.Result, *c.AcceptedOn, c.ResultPeriodN, c.ResultPeriodUnit, c.ResultDueOn)
			}
			if sameDate(next.NotifyDueOn, c.NotifyDueOn) && sameDate(next.ResultDueOn, c.ResultDueOn) &&
				next.NotifyDueProvisional == c.NotifyDueProvisional && next.ResultDueProvisional == c.ResultDueProvisional {
				continue
			}
			changed, err := s.store.recountCase(ctx, c, next, s.Now())
			if err != nil || !changed {
				return n, err
			}
			n++
			before := map[string]any{"notify_due_on": c.NotifyDueOn, "notify_due_provisional": c.NotifyDueProvisional,
				"result_due_on": c.ResultDueOn, "result_due_provisional": c.ResultDueProvisional}
			after := map[string]any{"notify_due_on": next.NotifyDueOn, "notify_due_provisional": next.NotifyDueProvisional,
				"result_due_on": next.ResultDueOn, "result_due_provisional": next.ResultDueProvisional}
			if err := s.Accounts.AuditChange(ctx, a, "case.deadline_recounted", "case", c.ID, before, after, nil); err != nil {
				return n, err
			}
		}
	}
}

// recountCaseDue is one case deadline counted again from the acceptance
// day with the period it was counted with (or, for a case registered
// before periods were kept, the one in force now when the stored date is
// what it gave with no holiday schedule; any other date is kept, final).
func recountCaseDue(cal *workday.Calendar, cur Period, accepted workday.Date, n *int, unit *PeriodUnit, was *workday.Date) (*workday.Date, bool) {
	p := cur
	if n != nil && unit != nil {
		p = Period{N: *n, Unit: *unit}
	} else if was == nil || cur.plain(accepted) != *was {
		return was, false
	}
	d := p.approxAfter(cal, accepted)
	return &d, cal.Provisional(d)
}

func sameDate(a, b *workday.Date) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
