package account

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"liaison/app/apperr"
	"liaison/app/db"
)

// CreateToken stores a token hash for a user.
func (s *store) CreateToken(ctx context.Context, t *APIToken) error {
	return apperr.Wrap(s.conn(ctx).Create(t).Error, "db")
}

// TokenByHash returns an unrevoked token with hash h, or NotFound.
func (s *store) TokenByHash(ctx context.Context, h string) (APIToken, error) {
	var t APIToken
	err := s.conn(ctx).Where("token_hash = ? AND revoked_at IS NULL", h).Take(&t).Error
	if db.IsNotFound(err) {
		return t, apperr.E(apperr.Unauthorized, "auth.bad_token")
	}
	return t, apperr.Wrap(err, "db")
}

// TouchToken records a token's use at most once a minute, so that a busy
// client does not turn every read into a write.
func (s *store) TouchToken(ctx context.Context, id int64, now time.Time) error {
	return apperr.Wrap(s.conn(ctx).Model(&APIToken{}).
		Where("id = ? AND (last_used_at IS NULL OR last_used_at < ?)", id, now.Add(-time.Minute)).
		Update("last_used_at", now).Error, "db")
}

// RevokeTokens revokes every token of a user.
func (s *store) RevokeTokens(ctx context.Context, userID int64) error {
	return apperr.Wrap(s.conn(ctx).Model(&APIToken{}).Where("user_id = ? AND revoked_at IS NULL", userID).
		Update("revoked_at", s.db.Now()).Error, "db")
}

// RevokeToken revokes one token of a user; NotFound when it is not theirs.
func (s *store) RevokeToken(ctx context.Context, userID, id int64) error {
	res := s.conn(ctx).Model(&APIToken{}).Where("id = ? AND user_id = ? AND revoked_at IS NULL", id, userID).
		Update("revoked_at", s.db.Now())
	if res.Error != nil {
		return apperr.Wrap(res.Error, "db")
	}
	if res.RowsAffected == 0 {
		return apperr.NotFoundErr("token")
	}
	return nil
}

// DeleteSessions ends every session of a user.
func (s *store) DeleteSessions(ctx context.Context, userID int64) error {
	return apperr.Wrap(s.conn(ctx).Exec(`DELETE FROM sessions WHERE user_id = ?`, userID).Error, "db")
}

type throttleRow struct {
	Key         string `gorm:"primaryKey"`
	Failures    int
	WindowStart time.Time
}

func (throttleRow) TableName() string { return "login_throttle" }

// Failures returns the failure count of key within the window ending now.
func (s *store) Failures(ctx context.Context, key string, window time.Duration, now time.Time) (int, error) {
	var r throttleRow
	err := s.conn(ctx).Where("key = ? AND window_start > ?", key, now.Add(-window)).Take(&r).Error
	if db.IsNotFound(err) {
		return 0, nil
	}
	return r.Failures, apperr.Wrap(err, "db")
}

// AddFailure counts one failure for key, starting a new window when the
// old one has passed. One upsert keeps several instances consistent.
func (s *store) AddFailure(ctx context.Context, key string, window time.Duration, now time.Time) error {
	r := throttleRow{Key: key, Failures: 1, WindowStart: now}
	err := s.conn(ctx).Clauses(clause.OnConflict{
		Columns: []clause.Column{{Name: "key"}},
		DoUpdates: clause.Assignments(map[string]any{
			"failures":     gorm.Expr("CASE WHEN login_throttle.window_start > ? THEN login_throttle.failures + 1 ELSE 1 END", now.Add(-window)),
			"window_start": gorm.Expr("CASE WHEN login_throttle.window_start > ? THEN login_throttle.window_start ELSE ? END", now.Add(-window), now),
		}),
	}).Create(&r).Error
	return apperr.Wrap(err, "db")
}

// Reserve charges one attempt to key, only while its window holds fewer
// than max, and reports whether it did: one conditional upsert, so that
// attempts racing each other cannot all read "under the limit" (a passed
// window starts again at 1). Both databases run the same statement.
func (s *store) Reserve(ctx context.Context, key string, max int, window time.Duration, now time.Time) (bool, error) {
	cutoff := now.Add(-window)
	rows, err := s.conn(ctx).Raw(`INSERT INTO login_throttle (key, failures, window_start) VALUES (?, 1, ?)
		ON CONFLICT (key) DO UPDATE SET
			failures = CASE WHEN login_throttle.window_start > ? THEN login_throttle.failures + 1 ELSE 1 END,
			window_start = CASE WHEN login_throttle.window_start > ? THEN login_throttle.window_start ELSE excluded.window_start END
		WHERE login_throttle.window_start <= ? OR login_throttle.failures < ?
		RETURNING failures`, key, now, cutoff, cutoff, cutoff, max).Rows()
	if err != nil {
		return false, apperr.Wrap(err, "db")
	}
	defer rows.Close()
	charged := rows.Next()
	return charged, apperr.Wrap(rows.Err(), "db")
}

// Release gives back one attempt charged to key in the current window.
func (s *store) Release(ctx context.Context, key string, window time.Duration, now time.Time) error {
	return apperr.Wrap(s.conn(ctx).Exec(`UPDATE login_throttle SET failures = failures - 1 WHERE key = ? AND failures > 0 AND window_start > ?`,
		key, now.Add(-window)).Error, "db")
}

// ClearFailures forgets the failures of key.
func (s *store) ClearFailures(ctx context.Context, key string) error {
	return apperr.Wrap(s.conn(ctx).Exec(`DELETE FROM login_throttle WHERE key = ?`, key).Error, "db")
}

// PruneThrottle deletes windows that ended before cutoff.
func (s *store) PruneThrottle(ctx context.Context, cutoff time.Time) error {
	return apperr.Wrap(s.conn(ctx).Exec(`DELETE FROM login_throttle WHERE window_start < ?`, cutoff).Error, "db")
}
