package casefile

import (
	"context"

	"liaison/app/apperr"
)

// StoredBytes is the size of every document scan kept, for the storage
// figures.
func (s *Service) StoredBytes(ctx context.Context) (int64, error) {
	var n int64
	err := s.store.db.Conn(ctx).Model(&File{}).Select("COALESCE(SUM(size), 0)").Scan(&n).Error
	return n, apperr.Wrap(err, "db")
}
