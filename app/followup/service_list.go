package followup

import (
	"context"
	"slices"

	"liaison/app/account"
	"liaison/app/page"
)

// viewerOf translates the actor for the list query; it must agree with
// account.Actor.Can(ActView, ActionItem.Scope()) (a test holds them together).
func viewerOf(a account.Actor) viewer {
	leader := a.Role == account.RoleLeader
	hub := a.Role == account.RoleSecretary && a.UnitKind == account.KindRuleOfLawOffice
	return viewer{UnitID: a.UnitID, UserID: a.UserID, AllSensitive: leader, AllOrdinary: leader || hub || a.Role == account.RoleAdmin}
}

// Validate checks the filter's codes.
func (f Filter) Validate() error {
	switch f.Status {
	case "", Open, InProgress, Answered, Rectified, Returned, Overdue:
		return nil
	}
	return fieldErr("status", "action.status_invalid")
}

// List returns one page of the items the actor may see, by due date. The
// status filter and overdue=true select on the derived status in SQL, with
// today's date in Asia/Shanghai, so pages stay right.
func (s *Service) List(ctx context.Context, a account.Actor, f Filter) (page.Page[ActionItem], error) {
	if err := f.Validate(); err != nil {
		return page.Page[ActionItem]{}, err
	}
	if a.IsAnonymous() {
		return page.Build([]ActionItem(nil), f.Page.Limit, CursorOf), nil
	}
	today := s.today()
	rows, err := s.store.List(ctx, viewerOf(a), f, today)
	if err != nil {
		return page.Page[ActionItem]{}, err
	}
	ids := make([]int64, len(rows))
	for i := range rows {
		ids[i] = rows[i].ID
	}
	cases, err := s.store.CaseIDs(ctx, ids)
	if err != nil {
		return page.Page[ActionItem]{}, err
	}
	units, err := s.store.InvolvedUnits(ctx, ids)
	if err != nil {
		return page.Page[ActionItem]{}, err
	}
	for i := range rows {
		r := &rows[i]
		r.stored, r.Status = r.Status, r.EffectiveStatus(today)
		r.CaseIDs = cases[r.ID]
		if r.CaseIDs == nil {
			r.CaseIDs = []int64{}
		}
		r.InvolvedUnitIDs = []int64{}
		for _, u := range units[r.ID] {
			r.InvolvedUnitIDs = append(r.InvolvedUnitIDs, u.UnitID)
		}
	}
	return page.Build(rows, f.Page.Limit, CursorOf), nil
}

// Detail returns a visible item with its feedback, verifications and
// escalation steps; otherwise NotFound.
func (s *Service) Detail(ctx context.Context, a account.Actor, id int64) (Detail, error) {
	it, err := s.Get(ctx, a, id)
	if err != nil {
		return Detail{}, err
	}
	d, err := s.store.Steps(ctx, id)
	if err != nil {
		return d, err
	}
	d.ActionItem = it
	return d, s.setRecipients(ctx, d.Escalations)
}

// MayAnswer reports whether a may report on it now (the feedback form).
func MayAnswer(a account.Actor, it ActionItem) bool {
	return isResponsible(a, it) && slices.Contains(openStatuses, it.storedStatus())
}

// ActsForIssuer reports whether a acts for the unit that issued it (its
// secretaries, or an admin): those who caused its messages and see on its
// page what of them did not arrive.
func ActsForIssuer(a account.Actor, it ActionItem) bool { return mayIssue(a, it) == nil }

// MayVerify reports whether a may verify it now (the verification form).
func MayVerify(a account.Actor, it ActionItem) bool {
	return mayIssue(a, it) == nil && it.storedStatus() == Answered
}

// MayEscalate reports whether a may take the next escalation step now.
func MayEscalate(a account.Actor, it ActionItem) bool {
	return mayIssue(a, it) == nil && (it.Status == Overdue || it.storedStatus() == Returned) && it.EscalationStep < MaxEscalationStep
}

// MayHandle reports whether a records the handling of escalation step e.
func MayHandle(a account.Actor, e Escalation) bool {
	return slices.Contains(e.UnitIDs, a.UnitID) && a.Role != account.RoleLeader
}
