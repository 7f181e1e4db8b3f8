package followup

import "context"

// Hooks for the package's external tests (package followup_test), which
// set up escalations and read items below the service's checks; the store
// itself stays unexported.

// AddEscalationForTest writes e as a step taken, with the units it brings in.
func (s *Service) AddEscalationForTest(ctx context.Context, e *Escalation) error {
	return s.store.AddEscalation(ctx, e)
}

// ItemForTest reads an item as stored, with no visibility check.
func (s *Service) ItemForTest(ctx context.Context, id int64) (ActionItem, error) {
	return s.store.Get(ctx, id)
}
