package followup

import (
	"context"

	"liaison/app/account"
	"liaison/app/apperr"
)

// VerifyInput is the issuing side's decision on an answer.
type VerifyInput struct {
	Accepted  *bool  `json:"accepted"`
	Comment   string `json:"comment"`
	DueOn     string `json:"due_on"`     // YYYY-MM-DD; when returning: a new deadline (optional)
	RevisitOn string `json:"revisit_on"` // YYYY-MM-DD; when accepting: a date to look again (回头看, optional)
	Version   int    `json:"version"`
}

// mayIssue checks that a acts for the issuing side: the responsible unit
// never verifies or escalates its own item; otherwise the policy's edit
// right (the issuing unit's secretaries, admins) decides.
func mayIssue(a account.Actor, it ActionItem) error {
	if a.UnitID == it.ResponsibleUnitID {
		return apperr.E(apperr.Forbidden, "action.own_item")
	}
	if !a.Can(account.ActEdit, it.Scope()) {
		return apperr.E(apperr.Forbidden, "action.not_issuer")
	}
	return nil
}

// Verify accepts an answered item (销号: rectified) or returns it with a
// reason (returned; optionally with a new deadline). Only answered items
// can be verified ("action.not_answered").
func (s *Service) Verify(ctx context.Context, a account.Actor, id int64, in VerifyInput) (ActionItem, Verification, error) {
	var (
		it ActionItem
		v  Verification
	)
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if it, err = s.load(ctx, a, id, in.Version); err != nil {
			return err
		}
		if err := mayIssue(a, it); err != nil {
			return err
		}
		if in.Accepted == nil {
			return fieldErr("accepted", "required")
		}
		today := s.today()
		comment, err := checkText(it, "comment", in.Comment, !*in.Accepted)
		if err != nil {
			return err
		}
		if *in.Accepted && in.DueOn != "" {
			return fieldErr("due_on", "action.due_on_when_returning")
		}
		if !*in.Accepted && in.RevisitOn != "" {
			return fieldErr("revisit_on", "action.revisit_when_accepting")
		}
		dueOn, err := futureDate("due_on", in.DueOn, today)
		if err != nil {
			return err
		}
		revisitOn, err := futureDate("revisit_on", in.RevisitOn, today.AddDays(1))
		if err != nil {
			return err
		}
		if it.storedStatus() != Answered {
			return apperr.E(apperr.Invalid, "action.not_answered", "Status", string(it.Status))
		}
		now := s.Now()
		before := it.auditView()
		if *in.Accepted {
			it.Status, it.VerifiedAt, it.VerifiedBy, it.RevisitOn = Rectified, &now, userID(a), revisitOn
		} else {
			it.Status = Returned
			if dueOn != nil {
				it.DueOn, it.OverdueNoticedAt = *dueOn, nil
			}
		}
		if err := s.store.Update(ctx, &it, now); err != nil {
			return err
		}
		v = Verification{ActionItemID: it.ID, Accepted: *in.Accepted, Comment: comment, NewDueOn: dueOn, RevisitOn: revisitOn,
			UnitID: a.UnitID, UserID: userID(a), CreatedAt: now}
		if err := s.store.AddVerification(ctx, &v); err != nil {
			return err
		}
		if err := s.announceVerification(ctx, a, it, v); err != nil {
			return err
		}
		return s.Accounts.AuditChange(ctx, a, "action.verify", "action", it.ID, before, it.auditView(), map[string]any{"accepted": *in.Accepted})
	})
	if err != nil {
		return ActionItem{}, Verification{}, err
	}
	it.stored, it.Status = it.Status, it.EffectiveStatus(s.today())
	return it, v, nil
}
