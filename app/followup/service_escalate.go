package followup

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"liaison/app/account"
	"liaison/app/apperr"
)

// EscalateInput asks for escalation steps. Steps may be taken together
// (steps [1,2], the source's "同时") or apart, in either order; without
// steps the request takes the first step not yet taken. Grounds are codes
// of the source's list (Grounds); without them they follow from the
// item's state (defaultGrounds), as before grounds were recorded.
type EscalateInput struct {
	Comment   string   `json:"comment"`
	Documents []string `json:"documents"` // numbers or names of the letters sent, e.g. 检建〔2026〕3号
	Steps     []int    `json:"steps"`
	Grounds   []string `json:"grounds"`
	Version   int      `json:"version"`
}

// Escalate takes the requested steps and returns the first of them (the
// answer's shape before steps could be taken together).
func (s *Service) Escalate(ctx context.Context, a account.Actor, id int64, in EscalateInput) (ActionItem, Escalation, error) {
	it, es, err := s.EscalateSteps(ctx, a, id, in)
	if err != nil {
		return ActionItem{}, Escalation{}, err
	}
	return it, es[0], nil
}

// EscalateSteps takes the requested escalation steps for an item, each
// recording its grounds. Grounds other than refusing to cooperate with an
// investigation need the item overdue or its answer returned; that one
// may be raised while the item is open. The units of each step may see
// the item from then on, and each keeps its own handling record.
func (s *Service) EscalateSteps(ctx context.Context, a account.Actor, id int64, in EscalateInput) (ActionItem, []Escalation, error) {
	var (
		it ActionItem
		es []Escalation
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
		d, err := s.store.Steps(ctx, id)
		if err != nil {
			return err
		}
		taken := make([]int, 0, len(d.Escalations))
		for _, e := range d.Escalations {
			taken = append(taken, e.Step)
		}
		answered := slices.ContainsFunc(d.Feedback, func(f Feedback) bool { return f.Kind == Answer })
		grounds, err := checkGrounds(in.Grounds, it, answered)
		if err != nil {
			return err
		}
		steps, err := chooseSteps(in.Steps, taken)
		if err != nil {
			return err
		}
		now := s.Now()
		before := it.auditView()
		it.EscalationStep = max(it.EscalationStep, slices.Max(steps))
		if err := s.store.Update(ctx, &it, now); err != nil {
			return err
		}
		for _, step := range steps {
			units, err := s.Accounts.ActiveUnitIDsOfKinds(ctx, stepKinds(step)...)
			if err != nil {
				return err
			}
			if len(units) == 0 {
				return apperr.E(apperr.Invalid, "action.no_recipient")
			}
			e := Escalation{ActionItemID: it.ID, Step: step, Comment: comment, Documents: docs, UnitID: a.UnitID, UserID: userID(a),
				CreatedAt: now, Version: 1, UnitIDs: units, Grounds: grounds}
			if err := s.store.AddEscalation(ctx, &e); err != nil {
				return err
			}
			es = append(es, e)
		}
		if err := s.setRecipients(ctx, es); err != nil {
			return err
		}
		for _, e := range es {
			if err := s.announceEscalation(ctx, a, it, e); err != nil {
				return err
			}
		}
		return s.Accounts.AuditChange(ctx, a, "action.escalate", "action", it.ID, before, it.auditView(),
			map[string]any{"step": steps[0], "steps": steps, "grounds": grounds})
	})
	if err != nil {
		return ActionItem{}, nil, err
	}
	for _, e := range es {
		it.InvolvedUnitIDs = append(it.InvolvedUnitIDs, e.UnitIDs...)
	}
	return it, es, nil
}

// stepKinds are the unit kinds step brings in, in a fixed order.
func stepKinds(step int) []account.UnitKind {
	var out []account.UnitKind
	for _, k := range account.UnitKinds {
		if ModeFor(step, k) != "" {
			out = append(out, k)
		}
	}
	return out
}

// setRecipients gives each escalation its recipients, how each was
// reached (by its unit's kind) and its handling record.
func (s *Service) setRecipients(ctx context.Context, es []Escalation) error {
	if err := s.store.fillRecipients(ctx, es); err != nil {
		return err
	}
	var ids []int64
	for _, e := range es {
		ids = append(ids, e.UnitIDs...)
	}
	units, err := s.Accounts.UnitsByIDs(ctx, ids)
	if err != nil {
		return err
	}
	for i := range es {
		for j := range es[i].Recipients {
			es[i].Recipients[j].Mode = ModeFor(es[i].Step, units[es[i].Recipients[j].UnitID].Kind)
		}
	}
	return nil
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
// Each recipient keeps its own record (区委's entry never replaces
// 区纪委监委's); the step's own handling fields keep the latest entry, and
// its version moves with every entry, as before.
func (s *Service) RecordHandling(ctx context.Context, a account.Actor, id int64, step int, in HandlingInput) (Escalation, error) {
	var e Escalation
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		it, err := s.Get(ctx, a, id)
		if err != nil {
			return err
		}
		d, err := s.store.Steps(ctx, id)
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
		if err := s.store.UpdateHandling(ctx, &e); err != nil {
			return err
		}
		k := slices.IndexFunc(e.Recipients, func(r Recipient) bool { return r.UnitID == a.UnitID })
		rec := HandlingRecord{Handling: e.Handling, Result: e.Result, HandledBy: e.HandledBy, HandledAt: &now}
		if k >= 0 {
			rec.Version = e.Recipients[k].Version
		}
		if err := s.store.SaveHandling(ctx, e.ID, a.UnitID, &rec); err != nil {
			return err
		}
		es := []Escalation{e}
		if err := s.setRecipients(ctx, es); err != nil {
			return err
		}
		e = es[0]
		if err := s.announceHandling(ctx, a, it, e); err != nil {
			return err
		}
		return s.Accounts.AuditChange(ctx, a, "action.escalation_handling", "action", id, before, e.auditView(it.Sensitivity),
			map[string]any{"step": step, "unit_id": a.UnitID})
	})
	return e, err
}
