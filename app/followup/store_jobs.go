package followup

import (
	"context"
	"time"

	"gorm.io/gorm"

	"liaison/app/apperr"
	"liaison/app/workday"
)

// OverdueUnnoticed returns up to limit ids of items overdue on today that
// nobody has noticed yet.
func (s *store) OverdueUnnoticed(ctx context.Context, today workday.Date, limit int) ([]int64, error) {
	var ids []int64
	err := s.db.Conn(ctx).Model(&ActionItem{}).Where("overdue_noticed_at IS NULL AND status IN ? AND due_on < ?", openStatuses, today).
		Order("id").Limit(limit).Pluck("id", &ids).Error
	return ids, apperr.Wrap(err, "db")
}

// ClaimOverdue marks item id noticed unless someone did first; it reports
// whether this call did.
func (s *store) ClaimOverdue(ctx context.Context, id int64, now time.Time) (bool, error) {
	res := s.db.Conn(ctx).Model(&ActionItem{}).Where("id = ? AND overdue_noticed_at IS NULL", id).Update("overdue_noticed_at", now)
	return res.RowsAffected == 1, apperr.Wrap(res.Error, "db")
}

// RevisitDue returns up to limit ids of rectified items whose revisit date has come.
func (s *store) RevisitDue(ctx context.Context, today workday.Date, limit int) ([]int64, error) {
	var ids []int64
	err := s.db.Conn(ctx).Model(&ActionItem{}).Where("status = ? AND revisit_on IS NOT NULL AND revisit_on <= ?", Rectified, today).
		Order("id").Limit(limit).Pluck("id", &ids).Error
	return ids, apperr.Wrap(err, "db")
}

// ClaimRevisit reopens item id for the issuing side's check (answered)
// unless someone did first; it reports whether this call did.
func (s *store) ClaimRevisit(ctx context.Context, id int64, now time.Time) (bool, error) {
	res := s.db.Conn(ctx).Model(&ActionItem{}).Where("id = ? AND status = ? AND revisit_on IS NOT NULL", id, Rectified).
		Updates(map[string]any{"status": Answered, "revisit_on": nil, "version": gorm.Expr("version + 1"), "updated_at": now})
	return res.RowsAffected == 1, apperr.Wrap(res.Error, "db")
}
