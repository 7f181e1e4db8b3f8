package followup

import (
	"context"

	"liaison/app/account"
)

// VisibleIDs returns the set of those of ids naming action items the actor
// may see, by the same rule as the lists (search asks it).
func (s *Service) VisibleIDs(ctx context.Context, a account.Actor, ids []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if a.IsAnonymous() || len(ids) == 0 {
		return out, nil
	}
	rows, err := s.store.visibleIDs(ctx, viewerOf(a), ids)
	for _, id := range rows {
		out[id] = true
	}
	return out, err
}
