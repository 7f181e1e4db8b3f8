package account

import (
	"context"
	"strconv"
	"time"
)

// Device cookies (OWASP "device cookies"): a browser that signed a user in
// holds a random cookie, stored as its SHA-256 with the user. Presented at
// the next sign-in as the same user, it lets the browser past the
// per-account and per-address limits, which an attacker can fill (a real
// user is not locked out by someone guessing their password, nor by
// someone behind the same address); its own wrong passwords are limited
// per cookie instead. Unlike the HMAC of the username it replaces, it can
// be revoked: signing out everywhere (else), a password change or reset,
// and deactivation delete the user's cookies.
const (
	deviceLife = 180 * 24 * time.Hour // the cookie's Max-Age too
	maxDevices = 20                   // the newest kept per user
)

// DeviceLife is how long a device cookie is honoured after it was made.
const DeviceLife = deviceLife

// RememberDevice returns the device cookie for a browser that has just
// signed in as userID, and its id: the one it presented when that is a
// live cookie of this user, else a new random one (stored hashed; the
// user's oldest beyond maxDevices are dropped).
func (s *Service) RememberDevice(ctx context.Context, userID int64, presented string) (string, int64, error) {
	now := s.Now()
	if presented != "" && len(presented) <= 100 {
		if d, err := s.store.deviceByHash(ctx, hashToken(presented), now.Add(-deviceLife)); err == nil && d.UserID == userID {
			_ = s.store.touchDevice(ctx, d.ID, now)
			return presented, d.ID, nil
		}
	}
	raw := NewSecret(32)
	d := deviceRow{UserID: userID, TokenHash: hashToken(raw), CreatedAt: now, LastUsedAt: now}
	if err := s.store.createDevice(ctx, &d, maxDevices); err != nil {
		return "", 0, err
	}
	return raw, d.ID, nil
}

// knownDevice returns the id of the device cookie raw when it is a live
// cookie of the user called name (0 otherwise, errors included: the
// sign-in then goes through the ordinary limits).
func (s *Service) knownDevice(ctx context.Context, raw, name string, now time.Time) int64 {
	if raw == "" || len(raw) > 100 {
		return 0
	}
	d, err := s.store.deviceByHash(ctx, hashToken(raw), now.Add(-deviceLife))
	if err != nil || d.Username != name {
		return 0
	}
	return d.ID
}

// deviceLimit is the throttle counter of one device cookie.
func deviceLimit(id int64) limit {
	return limit{"dev:" + strconv.FormatInt(id, 10), maxPerAccountIP}
}
