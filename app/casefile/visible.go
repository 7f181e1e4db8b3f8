package casefile

import (
	"context"

	"liaison/app/account"
)

// CheckVisible answers an Invalid error with field → case.unknown unless
// every id names a case the actor may see. Other domains (meetings: the
// cases a meeting, an agenda item or a requested action links) call it
// before linking, so that a link can neither reveal a hidden case's
// register entry nor tell a hidden case from one that does not exist.
func (s *Service) CheckVisible(ctx context.Context, a account.Actor, field string, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	return s.checkVisible(ctx, a, field, ids)
}
