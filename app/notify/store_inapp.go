package notify

import (
	"context"
	"time"

	"liaison/app/apperr"
	"liaison/app/db"
	"liaison/app/page"
)

// insertNotifications writes one row per user in one statement.
func (s store) insertNotifications(ctx context.Context, rows []Notification) error {
	if len(rows) == 0 {
		return nil
	}
	return apperr.Wrap(s.conn(ctx).Create(&rows).Error, "db")
}

// listNotifications pages a user's notifications newest first.
func (s store) listNotifications(ctx context.Context, userID int64, unreadOnly bool, pr page.Request) (page.Page[Notification], error) {
	q := s.conn(ctx).Model(&Notification{}).Where("user_id = ?", userID)
	if unreadOnly {
		q = q.Where("read_at IS NULL")
	}
	if pr.Cursor.ID > 0 {
		q = q.Where("id < ?", pr.Cursor.ID)
	}
	var rows []Notification
	if err := q.Order("id DESC").Limit(pr.Limit + 1).Find(&rows).Error; err != nil {
		return page.Page[Notification]{}, apperr.Wrap(err, "db")
	}
	return page.Build(rows, pr.Limit, func(n Notification) page.Cursor { return page.Cursor{ID: n.ID} }), nil
}

// unreadCount counts a user's unread notifications (a partial index).
func (s store) unreadCount(ctx context.Context, userID int64) (int64, error) {
	var n int64
	err := s.conn(ctx).Model(&Notification{}).Where("user_id = ? AND read_at IS NULL", userID).Count(&n).Error
	return n, apperr.Wrap(err, "db")
}

// markRead sets read_at on the user's own notification (idempotent); a
// notification of someone else is not found.
func (s store) markRead(ctx context.Context, userID, id int64, now time.Time) (Notification, error) {
	var n Notification
	if err := s.conn(ctx).Where("id = ? AND user_id = ?", id, userID).First(&n).Error; err != nil {
		if db.IsNotFound(err) {
			return n, apperr.NotFoundErr("notification")
		}
		return n, apperr.Wrap(err, "db")
	}
	if n.ReadAt != nil {
		return n, nil
	}
	err := s.conn(ctx).Model(&Notification{}).Where("id = ? AND user_id = ? AND read_at IS NULL", id, userID).Update("read_at", now).Error
	n.ReadAt = &now
	return n, apperr.Wrap(err, "db")
}

// markAllRead marks every unread notification of the user read.
func (s store) markAllRead(ctx context.Context, userID int64, now time.Time) error {
	err := s.conn(ctx).Model(&Notification{}).Where("user_id = ? AND read_at IS NULL", userID).Update("read_at", now).Error
	return apperr.Wrap(err, "db")
}
