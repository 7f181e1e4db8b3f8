package account

import (
	"context"
	"time"

	"liaison/app/apperr"
)

// deviceRow is one device cookie (devices.go); only its hash is stored.
type deviceRow struct {
	ID         int64
	UserID     int64
	TokenHash  string
	CreatedAt  time.Time
	LastUsedAt time.Time
	Username   string `gorm:"->;-:migration"` // read with the cookie
}

func (deviceRow) TableName() string { return "device_cookies" }

// deviceByHash returns the device cookie with hash made after since, with
// its user's name; NotFound otherwise.
func (s *store) deviceByHash(ctx context.Context, hash string, since time.Time) (deviceRow, error) {
	var d deviceRow
	err := s.conn(ctx).Raw(`SELECT d.id, d.user_id, d.token_hash, d.created_at, d.last_used_at, u.username
		FROM device_cookies d JOIN users u ON u.id = d.user_id
		WHERE d.token_hash = ? AND d.created_at > ?`, hash, since).Scan(&d).Error
	if err != nil {
		return d, apperr.Wrap(err, "db")
	}
	if d.ID == 0 {
		return d, apperr.NotFoundErr("device")
	}
	return d, nil
}

// createDevice stores a new device cookie and drops the user's oldest
// beyond keep.
func (s *store) createDevice(ctx context.Context, d *deviceRow, keep int) error {
	if err := s.conn(ctx).Omit("Username").Create(d).Error; err != nil {
		return apperr.Wrap(err, "db")
	}
	return apperr.Wrap(s.conn(ctx).Exec(`DELETE FROM device_cookies WHERE user_id = ? AND id NOT IN
		(SELECT id FROM device_cookies WHERE user_id = ? ORDER BY id DESC LIMIT ?)`, d.UserID, d.UserID, keep).Error, "db")
}

// touchDevice notes a device cookie's use.
func (s *store) touchDevice(ctx context.Context, id int64, now time.Time) error {
	return apperr.Wrap(s.conn(ctx).Exec(`UPDATE device_cookies SET last_used_at = ? WHERE id = ?`, now, id).Error, "db")
}

// deleteDevices revokes the user's device cookies but the one with id keep
// (0: all) and returns how many ended.
func (s *store) deleteDevices(ctx context.Context, userID, keep int64) (int, error) {
	res := s.conn(ctx).Exec(`DELETE FROM device_cookies WHERE user_id = ? AND id <> ?`, userID, keep)
	return int(res.RowsAffected), apperr.Wrap(res.Error, "db")
}

// pruneDevices deletes device cookies made before cutoff.
func (s *store) pruneDevices(ctx context.Context, cutoff time.Time) error {
	return apperr.Wrap(s.conn(ctx).Exec(`DELETE FROM device_cookies WHERE created_at < ?`, cutoff).Error, "db")
}
