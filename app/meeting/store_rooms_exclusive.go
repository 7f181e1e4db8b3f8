package meeting

import (
	"context"

	"gorm.io/gorm"

	"liaison/app/apperr"
)

// lockExclusiveRoom takes the write lock on room id when the room is
// exclusive and reports whether it is. The no-op UPDATE is the lock on both
// databases: on PostgreSQL a row lock held to the end of the transaction,
// so a second booking of the same room waits and then sees the first
// (READ COMMITTED takes a new snapshot per statement); SQLite has one
// writer at a time anyway.
func (s *store) lockExclusiveRoom(ctx context.Context, id int64) (bool, error) {
	res := s.conn(ctx).Model(&Room{}).Where("id = ? AND exclusive = ?", id, true).
		UpdateColumn("exclusive", gorm.Expr("exclusive"))
	if res.Error != nil {
		return false, apperr.Wrap(res.Error, "db")
	}
	return res.RowsAffected == 1, nil
}
