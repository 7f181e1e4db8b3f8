package followup

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/page"
)

// stepKinds are the unit kinds each escalation step brings in (DOMAIN.md):
// 1 copies the justice bureau; 2 reports to the party committee and writes
// to the government and the discipline commission.
var stepKinds = map[int][]account.UnitKind{
	1: {account.KindJusticeBureau},
	2: {account.KindPartyCommittee, account.KindGovernment, account.KindDisciplineCommission},
}

// EscalateInput asks for the next escalation step.
type EscalateInput struct {
	Comment   string   `json:"comment"`
	Documents []string `json:"documents"` // numbers or names of the letters sent, e.g. 检建〔2026〕3号
	Version   int      `json:"version"`
}

// Escalate takes the next step for an item that is overdue or whose answer
// was returned ("action.not_escalatable" otherwise; "action.escalation_exhausted"
// after the last step). The units of the step may see the item from then on.
func (s *Service) Escalate(ctx context.Context, a account.Actor, id int64, in EscalateInput) (ActionItem, Escalation, error) {
	var (
		it ActionItem
		e  Escalation
	)
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if it, err = s.load(ctx, a, id, in.Version); err != nil {
			return err
		}
		if err := mayIssue(a, it); err != nil {
			return err
		}
		comment, err := checkText(it, "comment", in.Comment, false)
		if err != nil {
			return err
		}
		docs, err := cleanDocuments(in.Documents)
		if err != nil {
			return err
		}
		// The letters of a sensitive or classified item travel on paper:
		// naming them here would put their text online, as any free text.
		if err := account.ContentError(it.Sensitivity, "documents", len(docs) > 0); err != nil {
			return err
		}
		if it.Status != Overdue && it.storedStatus() != Returned {
			return apperr.E(apperr.Invalid, "action.not_escalatable", "Status", string(it.Status))
		}
		step := it.EscalationStep + 1
		if step > MaxEscalationStep {
			return apperr.E(apperr.Invalid, "action.escalation_exhausted")
		}
		units, err := s.unitsOfKinds(ctx, stepKinds[step])
		if err != nil {
			return err
		}
		if len(units) == 0 {
			return apperr.E(apperr.Invalid, "action.no_recipient")
		}
		now := s.Now()
		before := it.auditView()
		it.EscalationStep = step
		if err := s.Store.Update(ctx, &it, now); err != nil {
			return err
		}
		e = Escalation{ActionItemID: it.ID, Step: step, Comment: comment, Documents: docs, UnitID: a.UnitID, UserID: userID(a),
			CreatedAt: now, Version: 1, UnitIDs: units}
		if err := s.Store.AddEscalation(ctx, &e); err != nil {
			return err
		}
		if err := s.announceEscalation(ctx, a, it, e); err != nil {
			return err
		}
		return s.Accounts.AuditChange(ctx, a, "action.escalate", "action", it.ID, before, it.auditView(), map[string]any{"step": step})
	})
	if err != nil {
		return ActionItem{}, Escalation{}, err
	}
	it.InvolvedUnitIDs = append(it.InvolvedUnitIDs, e.UnitIDs...)
	return it, e, nil
}

func cleanDocuments(in []string) ([]string, error) {
	out := make([]string, 0, len(in))
	for _, d := range in {
		d = strings.TrimSpace(d)
		if d == "" {
			continue
		}
		if utf8.RuneCountInString(d) > 200 || len(out) >= 20 {
			return nil, fieldErr("documents", "too_long")
		}
		out = append(out, d)
	}
	return out, nil
}

// unitsOfKinds returns the active units of the given kinds.
func (s *Service) unitsOfKinds(ctx context.Context, kinds []account.UnitKind) ([]int64, error) {
	var ids []int64
	for _, k := range kinds {
		p, err := s.Accounts.Store.ListUnits(ctx, account.UnitFilter{Kind: k, ActiveOnly: true, Page: page.Request{Limit: page.MaxLimit}})
		if err != nil {
			return nil, err
		}
		for _, u := range p.Items {
			ids = append(ids, u.ID)
		}
	}
	return ids, nil
}

// HandlingInput is what a unit brought in by an escalation step records:
// how it handles the matter (under the 山东省行政执法监督条例) and the result
// it copies back.
type HandlingInput struct {
	Handling string `json:"handling"`
	Result   string `json:"result"`
	Version  int    `json:"version"` // the step's version, optional
}

// RecordHandling records a recipient unit's handling and result of one
// escalation step. Only that step's units may ("action.not_recipient").
func (s *Service) RecordHandling(ctx context.Context, a account.Actor, id int64, step int, in HandlingInput) (Escalation, error) {
	var e Escalation
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		it, err := s.Get(ctx, a, id)
		if err != nil {
			return err
		}
		d, err := s.Store.Steps(ctx, id)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(d.Escalations, func(x Escalation) bool { return x.Step == step })
		if i < 0 {
			return apperr.NotFoundErr("escalation")
		}
		e = d.Escalations[i]
		before := e.auditView(it.Sensitivity)
		if !slices.Contains(e.UnitIDs, a.UnitID) || a.Role == account.RoleLeader {
			return apperr.E(apperr.Forbidden, "action.not_recipient")
		}
		if in.Version != 0 && in.Version != e.Version {
			return apperr.ConflictVersion()
		}
		if e.Handling, err = checkText(it, "handling", in.Handling, true); err != nil {
			return err
		}
		if e.Result, err = checkText(it, "result", in.Result, false); err != nil {
			return err
		}
		now := s.Now()
		e.HandledUnitID, e.HandledBy, e.HandledAt = &a.UnitID, userID(a), &now
		if err := s.Store.UpdateHandling(ctx, &e); err != nil {
			return err
		}
		if err := s.announceHandling(ctx, a, it, e); err != nil {
			return err
		}
		return s.Accounts.AuditChange(ctx, a, "action.escalation_handling", "action", id, before, e.auditView(it.Sensitivity), map[string]any{"step": step})
	})
	return e, err
}
