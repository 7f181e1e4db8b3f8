package report

import (
	"context"

	"liaison/app/account"
	"liaison/app/apperr"
)

// Report is one period's 工作通报: figures from the records and the
// activities. It carries counts only — no case title or summary — so a
// sensitive or classified record adds one to a count and nothing else.
type Report struct {
	Period Period `json:"period"`
	// Cases notified between the two sides, by case type (each case once)
	// and by type and stage.
	CasesByType  []Count `json:"cases_by_type"`
	CasesByStage []Count `json:"cases_by_stage"`
	CasesTotal   int     `json:"cases_total"`
	// Documents issued in the period by type: issued, copied to the
	// justice bureau; and their addressees' items by status.
	Documents       []Count `json:"documents"`
	DocumentResults []Count `json:"document_results"`
	Meetings        []Count `json:"meetings"`
	// ItemsClosed were verified (销号) in the period; ItemsOverdue fell due
	// in it and were not closed by its end.
	ItemsClosed  int        `json:"items_closed"`
	ItemsOverdue int        `json:"items_overdue"`
	Escalations  []Count    `json:"escalations"`
	Activities   []Activity `json:"activities"`
	Final        bool       `json:"final"` // the period is over
}

// Build computes the report of period key ("2026-11", "2026-Q4").
func (s *Service) Build(ctx context.Context, a account.Actor, key string) (Report, error) {
	if !MayRead(a) {
		return Report{}, apperr.E(apperr.Forbidden, "forbidden")
	}
	p, err := ParsePeriod(key)
	if err != nil {
		return Report{}, err
	}
	r := Report{Period: p, Final: !s.DB.Now().Before(p.endsAt)}
	st := s.store
	if r.CasesByType, err = st.NotifiedByType(ctx, p.startsAt, p.endsAt); err != nil {
		return r, err
	}
	for _, c := range r.CasesByType {
		r.CasesTotal += c.N
	}
	if r.CasesByStage, err = st.NotifiedCases(ctx, p.startsAt, p.endsAt); err != nil {
		return r, err
	}
	if r.Documents, err = st.DocumentsIssued(ctx, p.From, p.To); err != nil {
		return r, err
	}
	if r.DocumentResults, err = st.DocumentResults(ctx, p.From, p.To); err != nil {
		return r, err
	}
	if r.Meetings, err = st.MeetingsHeld(ctx, p.startsAt, p.endsAt, s.DB.Now()); err != nil {
		return r, err
	}
	items, err := st.Items(ctx, p.startsAt, p.endsAt, p.From, p.To)
	if err != nil {
		return r, err
	}
	for _, c := range items {
		switch c.Key {
		case "closed":
			r.ItemsClosed = c.N
		case "overdue":
			r.ItemsOverdue = c.N
		}
	}
	if r.Escalations, err = st.Escalations(ctx, p.startsAt, p.endsAt); err != nil {
		return r, err
	}
	r.Activities, err = st.Activities(ctx, p.From, p.To)
	return r, err
}

// Figure returns n of key/sub in cs (0 when absent): for templates.
func Figure(cs []Count, key, sub string) int {
	for _, c := range cs {
		if c.Key == key && c.Sub == sub {
			return c.N
		}
	}
	return 0
}
