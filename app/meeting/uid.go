package meeting

import (
	"context"
	"crypto/rand"
	"encoding/hex"

	"liaison/app/apperr"
)

// settingInstallationID names the installation id in settings. The
// calendar subscriptions create and use the same one for action items, so
// a meeting and an action item of one installation carry the same id.
const settingInstallationID = "installation_id"

// newUID makes a meeting's iCalendar UID: random, stable forever, free of
// personal data, and carrying the installation id so that a person who
// subscribes to two installations (a district's and a city's) never sees
// one meeting replace another. UIDs are stored, so meetings made before
// the id was added keep the UID they were published with.
func newUID(inst string) string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b) + "." + inst + "@liaison"
}

// installationID reads the installation id, creating it on first use. The
// insert does nothing if another writer got there first, and the value is
// read back, so every instance ends up with the same one.
func (s *store) installationID(ctx context.Context) (string, error) {
	var v string
	if err := s.conn(ctx).Raw(`SELECT value FROM settings WHERE key = ?`, settingInstallationID).Scan(&v).Error; err != nil {
		return "", apperr.Wrap(err, "db")
	}
	if v != "" {
		return v, nil
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	err := s.conn(ctx).Exec(`INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING`,
		settingInstallationID, hex.EncodeToString(b), s.db.Now().UTC()).Error
	if err != nil {
		return "", apperr.Wrap(err, "db")
	}
	err = s.conn(ctx).Raw(`SELECT value FROM settings WHERE key = ?`, settingInstallationID).Scan(&v).Error
	return v, apperr.Wrap(err, "db")
}
