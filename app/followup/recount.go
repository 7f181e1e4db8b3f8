package followup

import (
	"context"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/workday"
)

// RecountDue moves the deadline of the open item created from a source
// (a document's reply item) to due, keeping the date it replaces in DueWas,
// when a holiday schedule published since changed it. A new deadline not
// yet passed is noticed as overdue again when it passes. It returns
// whether an item changed; the change is audited. Closed items (answered,
// rectified) keep the deadline they were judged by.
func (s *Service) RecountDue(ctx context.Context, a account.Actor, kind SourceKind, sourceID int64, due workday.Date, provisional bool) (bool, error) {
	var changed bool
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		it, ok, err := s.store.openItemFrom(ctx, kind, sourceID)
		if err != nil || !ok || (it.DueOn == due && it.DueProvisional == provisional) {
			return err
		}
		before := map[string]any{"due_on": it.DueOn, "due_provisional": it.DueProvisional}
		if changed, err = s.store.recountDue(ctx, it, due, provisional, s.Now()); err != nil || !changed {
			return err
		}
		after := map[string]any{"due_on": due, "due_provisional": provisional, "due_was": it.DueOn}
		return s.Accounts.AuditChange(ctx, a, "action.deadline_recounted", "action_item", it.ID, before, after, nil)
	})
	return changed, apperr.Wrap(err, "recount")
}
