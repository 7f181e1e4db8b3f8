package followup

import (
	"context"

	"liaison/app/apperr"
)

// visibleIDs returns those of ids visible to v (the list's rule, visible).
func (s *store) visibleIDs(ctx context.Context, v viewer, ids []int64) ([]int64, error) {
	out := []int64{}
	q := s.db.Conn(ctx).Model(&ActionItem{}).Where("id IN ?", ids)
	err := q.Where(visible(s.db.Conn(ctx), v, false)).Pluck("id", &out).Error
	return out, apperr.Wrap(err, "db")
}
