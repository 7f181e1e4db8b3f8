package meeting

import (
	"context"

	"liaison/app/account"
	"liaison/app/apperr"
)

// visibleIDs returns those of ids the actor may see (visibility).
func (s *store) visibleIDs(ctx context.Context, a account.Actor, ids []int64) ([]int64, error) {
	out := []int64{}
	vis, args := visibility(a)
	err := s.conn(ctx).Model(&Meeting{}).Where("meetings.id IN ?", ids).Where(vis, args...).Pluck("meetings.id", &out).Error
	return out, apperr.Wrap(err, "db")
}
