package casefile

import (
	"context"

	"liaison/app/account"
)

// VisibleCaseIDs returns the set of those of ids naming cases the actor
// may see, by the same rule as the case list (search asks it).
func (s *Service) VisibleCaseIDs(ctx context.Context, a account.Actor, ids []int64) (map[int64]bool, error) {
	v := visibilityOf(a)
	rows, err := s.store.visibleIDs(ctx, &Case{}, caseVisibleSQL(v), v, ids)
	return idSet(rows), err
}

// VisibleDocumentIDs returns the set of those of ids naming documents the
// actor may see, by the same rule as the document list.
func (s *Service) VisibleDocumentIDs(ctx context.Context, a account.Actor, ids []int64) (map[int64]bool, error) {
	v := visibilityOf(a)
	rows, err := s.store.visibleIDs(ctx, &Document{}, documentVisibleSQL(v), v, ids)
	return idSet(rows), err
}

func idSet(ids []int64) map[int64]bool {
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out
}
