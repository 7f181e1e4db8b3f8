package casefile

import (
	"context"
	"time"

	"liaison/app/apperr"
	"liaison/app/db"
)

// maxTimeline bounds a case's timeline; real cases have a handful.
const maxTimeline = 500

// CreateNotification inserts n.
func (s *store) CreateNotification(ctx context.Context, n *Notification) error {
	err := s.db.Conn(ctx).Create(n).Error
	if db.IsForeignKey(err) {
		return apperr.Fields{"to_unit_id": "unit.unknown"}.Err()
	}
	return apperr.Wrap(err, "db")
}

// Notification returns notification nid of case caseID, or NotFound.
func (s *store) Notification(ctx context.Context, caseID, nid int64) (Notification, error) {
	var n Notification
	err := s.db.Conn(ctx).Where("id = ? AND case_id = ?", nid, caseID).Take(&n).Error
	if db.IsNotFound(err) {
		return n, apperr.NotFoundErr("notification")
	}
	return n, apperr.Wrap(err, "db")
}

// MarkRead sets the read time once.
func (s *store) MarkRead(ctx context.Context, nid int64, at time.Time, by int64) error {
	err := s.db.Conn(ctx).Model(&Notification{}).Where("id = ? AND read_at IS NULL", nid).
		Updates(map[string]any{"read_at": at, "read_by": by}).Error
	return apperr.Wrap(err, "db")
}

// Notifications returns a case's notifications, oldest first.
func (s *store) Notifications(ctx context.Context, caseID int64) ([]Notification, error) {
	out := []Notification{}
	err := s.db.Conn(ctx).Where("case_id = ?", caseID).Order("id").Limit(maxTimeline).Find(&out).Error
	return out, apperr.Wrap(err, "db")
}
