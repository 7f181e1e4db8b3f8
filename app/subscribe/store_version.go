package subscribe

import (
	"context"
	"time"

	"liaison/app/apperr"
)

// FeedVersion returns the ETag a feed last had and when it changed to it;
// zero values when it was never built.
func (s *store) FeedVersion(ctx context.Context, tokenID int64) (string, time.Time, error) {
	var r struct {
		Etag      string
		ChangedAt time.Time
	}
	err := s.conn(ctx).Raw(`SELECT etag, changed_at FROM feed_versions WHERE token_id = ?`, tokenID).Scan(&r).Error
	return r.Etag, r.ChangedAt, apperr.Wrap(err, "db")
}

// SetFeedVersion records that the feed now has etag, changed at now, unless
// another instance recorded that ETag already (its date stands).
func (s *store) SetFeedVersion(ctx context.Context, tokenID int64, etag string, now time.Time) error {
	err := s.conn(ctx).Exec(`INSERT INTO feed_versions (token_id, etag, changed_at) VALUES (?, ?, ?)
		ON CONFLICT (token_id) DO UPDATE SET etag = excluded.etag, changed_at = excluded.changed_at
		WHERE feed_versions.etag <> excluded.etag`, tokenID, etag, now.UTC()).Error
	return apperr.Wrap(err, "db")
}

// settingOnce stores value under key unless set, and returns what is stored:
// two instances starting together agree on the first writer's value.
func (s *store) settingOnce(ctx context.Context, key, value string, now time.Time) (string, error) {
	err := s.conn(ctx).Exec(`INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING`,
		key, value, now.UTC()).Error
	if err != nil {
		return "", apperr.Wrap(err, "db")
	}
	return s.setting(ctx, key)
}

// setting reads one value of settings ("" when unset).
func (s *store) setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.conn(ctx).Raw(`SELECT value FROM settings WHERE key = ?`, key).Scan(&v).Error
	return v, apperr.Wrap(err, "db")
}

// actionCutoverOnce stores the largest action item id under key unless
// set, in one statement so that no item created meanwhile is missed.
func (s *store) actionCutoverOnce(ctx context.Context, key string, now time.Time) error {
	// "WHERE true" lets SQLite tell the SELECT from the upsert clause.
	err := s.conn(ctx).Exec(`INSERT INTO settings (key, value, updated_at)
		SELECT ?, CAST(COALESCE(MAX(id), 0) AS TEXT), ? FROM action_items WHERE true
		ON CONFLICT (key) DO NOTHING`, key, now.UTC()).Error
	return apperr.Wrap(err, "db")
}
