package meeting

import (
	"context"

	"liaison/app/apperr"
)

// StatusOf returns the status of meeting id (empty when there is none).
func (s *store) StatusOf(ctx context.Context, id int64) (Status, error) {
	var st []Status
	err := s.conn(ctx).Model(&Meeting{}).Where("id = ?", id).Pluck("status", &st).Error
	if err != nil || len(st) == 0 {
		return "", apperr.Wrap(err, "db")
	}
	return st[0], nil
}
