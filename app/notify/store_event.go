package notify

import (
	"context"
	"time"

	"gorm.io/gorm/clause"

	"liaison/app/apperr"
)

// eventRow is one announced event (see migration 0018).
type eventRow struct {
	DedupeKey string `gorm:"primaryKey"`
	Kind      string
	CreatedAt time.Time
}

func (eventRow) TableName() string { return "notify_events" }

// prefRow is one person's channel choice for one kind.
type prefRow struct {
	UserID int64  `gorm:"primaryKey"`
	Kind   string `gorm:"primaryKey"`
	InApp  bool
	Email  bool
}

func (prefRow) TableName() string { return "notification_prefs" }

// markEvent records key; false when it was recorded before. ON CONFLICT
// keeps the duplicate from aborting the caller's PostgreSQL transaction.
func (s store) markEvent(ctx context.Context, key, kind string, now time.Time) (bool, error) {
	res := s.conn(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&eventRow{DedupeKey: key, Kind: kind, CreatedAt: now})
	return res.RowsAffected == 1, apperr.Wrap(res.Error, "db")
}

// prefsOf returns the stored choices of users for kind, by user.
func (s store) prefsOf(ctx context.Context, users []int64, kind string) (map[int64]prefRow, error) {
	var rows []prefRow
	if err := s.conn(ctx).Where("user_id IN ? AND kind = ?", users, kind).Find(&rows).Error; err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	out := make(map[int64]prefRow, len(rows))
	for _, r := range rows {
		out[r.UserID] = r
	}
	return out, nil
}

// userPrefs returns every stored choice of one user, by kind.
func (s store) userPrefs(ctx context.Context, user int64) (map[string]prefRow, error) {
	var rows []prefRow
	if err := s.conn(ctx).Where("user_id = ?", user).Find(&rows).Error; err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	out := make(map[string]prefRow, len(rows))
	for _, r := range rows {
		out[r.Kind] = r
	}
	return out, nil
}

// savePrefs replaces the user's stored choices with rows.
func (s store) savePrefs(ctx context.Context, user int64, rows []prefRow) error {
	if err := s.conn(ctx).Where("user_id = ?", user).Delete(&prefRow{}).Error; err != nil {
		return apperr.Wrap(err, "db")
	}
	if len(rows) == 0 {
		return nil
	}
	return apperr.Wrap(s.conn(ctx).Create(&rows).Error, "db")
}

// pruneRead deletes up to limit notifications read before cutoff.
func (s store) pruneRead(ctx context.Context, cutoff time.Time, limit int) (int64, error) {
	res := s.conn(ctx).Exec(`DELETE FROM notifications WHERE id IN (
		SELECT id FROM notifications WHERE read_at IS NOT NULL AND read_at < ? ORDER BY id LIMIT ?)`, cutoff, limit)
	return res.RowsAffected, apperr.Wrap(res.Error, "db")
}

// pruneEvents deletes up to limit event marks recorded before cutoff: no
// job retries that long, so their dedupe has done its work.
func (s store) pruneEvents(ctx context.Context, cutoff time.Time, limit int) (int64, error) {
	res := s.conn(ctx).Exec(`DELETE FROM notify_events WHERE dedupe_key IN (
		SELECT dedupe_key FROM notify_events WHERE created_at < ? ORDER BY created_at LIMIT ?)`, cutoff, limit)
	return res.RowsAffected, apperr.Wrap(res.Error, "db")
}

// eventsMarked reports which keys are recorded.
func (s store) eventsMarked(ctx context.Context, keys []string) (map[string]bool, error) {
	out := map[string]bool{}
	for len(keys) > 0 {
		chunk := keys[:min(len(keys), 500)]
		keys = keys[len(chunk):]
		var got []string
		if err := s.conn(ctx).Model(&eventRow{}).Where("dedupe_key IN ?", chunk).Pluck("dedupe_key", &got).Error; err != nil {
			return nil, apperr.Wrap(err, "db")
		}
		for _, k := range got {
			out[k] = true
		}
	}
	return out, nil
}
