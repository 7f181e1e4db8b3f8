package account

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/alexedwards/scs/v2"
	"gorm.io/gorm/clause"

	"liaison/app/apperr"
	"liaison/app/clock"
	"liaison/app/db"
)

// SessionStore keeps scs sessions in our database so that every instance
// behind the load balancer shares them. Tokens are stored hashed; the user
// id is lifted out of the data so that all of a user's sessions can be ended
// at once (deactivation, password change, "sign out everywhere").
type SessionStore struct{ db *db.DB }

// NewSessionStore returns a store over d.
func NewSessionStore(d *db.DB) *SessionStore { return &SessionStore{db: d} }

type sessionRow struct {
	TokenHash  string `gorm:"primaryKey"`
	UserID     *int64
	Data       []byte
	Expiry     time.Time
	CreatedAt  time.Time
	LastSeenAt *time.Time
	IP         string
	UserAgent  string
	Pending    bool
}

func (sessionRow) TableName() string { return "sessions" }

// Session keys lifted out of the data into columns, so that a user's
// sessions can be listed and ended: the signed-in user, the user who gave
// the right password but not yet the second factor, and where from.
const (
	SessionUserKey    = "uid"
	SessionPendingKey = "pending_uid"
	SessionIPKey      = "ip"
	SessionAgentKey   = "ua"
)

func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

// FindCtx returns the data of an unexpired session. It reads the session's
// user and unit kind in the same statement and notes them, with what it
// read, in the request's context (WithSessionSeen), for ActiveUser and
// CommitCtx.
func (s *SessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var j sessionJoin
	h := hashToken(token)
	res := s.db.Conn(ctx).Raw(sessionJoinSQL, h, s.db.Now()).Scan(&j)
	if res.Error != nil {
		return nil, false, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, false, nil
	}
	if seen := seenIn(ctx); seen != nil {
		*seen = sessionSeen{tokenHash: h, data: j.Data, user: j.user()}
		if j.LastSeenAt != nil {
			seen.lastSeen = *j.LastSeenAt
		}
		if j.UnitKind != nil {
			seen.unitKind = *j.UnitKind
		}
	}
	return j.Data, true, nil
}

// CommitCtx saves a session, unless it is the one this request found, with
// the same values, written less than sessionTouch ago.
func (s *SessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	now := s.db.Now()
	r := sessionRow{TokenHash: hashToken(token), Data: b, Expiry: clock.FromWall(s.db.Clock(), expiry).UTC(), CreatedAt: now, LastSeenAt: &now}
	if deadline, values, err := (scs.GobCodec{}).Decode(b); err == nil {
		if seenIn(ctx).unchanged(r.TokenHash, deadline, values, now) {
			return nil
		}
		if id, ok := values[SessionUserKey].(int64); ok && id > 0 {
			r.UserID = &id
		} else if id, ok := values[SessionPendingKey].(int64); ok && id > 0 {
			r.UserID, r.Pending = &id, true
		}
		r.IP, _ = values[SessionIPKey].(string)
		r.UserAgent, _ = values[SessionAgentKey].(string)
	}
	// A request commits whenever the session changed or its row is a
	// minute old (idle timeout), so last_seen_at is the time of the latest
	// request made with this session, to the minute.
	return s.db.Conn(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "token_hash"}},
		DoUpdates: clause.AssignmentColumns([]string{"user_id", "data", "expiry", "last_seen_at", "ip", "user_agent", "pending"}),
	}).Create(&r).Error
}

// DeleteCtx removes a session.
func (s *SessionStore) DeleteCtx(ctx context.Context, token string) error {
	return s.db.Conn(ctx).Exec(`DELETE FROM sessions WHERE token_hash = ?`, hashToken(token)).Error
}

// Find implements scs.Store.
func (s *SessionStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

// Commit implements scs.Store.
func (s *SessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}

// Delete implements scs.Store.
func (s *SessionStore) Delete(token string) error { return s.DeleteCtx(context.Background(), token) }

// Prune deletes expired sessions.
func (s *SessionStore) Prune(ctx context.Context) error {
	return s.db.Conn(ctx).Exec(`DELETE FROM sessions WHERE expiry < ?`, s.db.Now()).Error
}

// Prune deletes expired sessions and device cookies and finished throttle
// windows, so that no table grows with every anonymous visit, sign-in or
// failed sign-in. Any instance may run it; the deletes are idempotent.
func (s *Service) Prune(ctx context.Context) error {
	if err := NewSessionStore(s.DB).Prune(ctx); err != nil {
		return err
	}
	if err := s.store.pruneDevices(ctx, s.Now().Add(-deviceLife)); err != nil {
		return err
	}
	return s.store.PruneThrottle(ctx, s.Now().Add(-throttleWindow))
}

// userSessions returns a user's unexpired sessions, newest first.
func (s *store) userSessions(ctx context.Context, userID int64, now time.Time) ([]sessionRow, error) {
	var rows []sessionRow
	err := s.conn(ctx).Select("token_hash", "user_id", "expiry", "created_at", "last_seen_at", "ip", "user_agent", "pending").
		Where("user_id = ? AND expiry > ?", userID, now).Order("created_at DESC").Limit(200).Find(&rows).Error
	return rows, apperr.Wrap(err, "db")
}

// deleteSessionHash ends one session.
func (s *store) deleteSessionHash(ctx context.Context, tokenHash string) error {
	return apperr.Wrap(s.conn(ctx).Exec(`DELETE FROM sessions WHERE token_hash = ?`, tokenHash).Error, "db")
}

// deleteSessionsExcept ends a user's sessions but the one with keepHash.
func (s *store) deleteSessionsExcept(ctx context.Context, userID int64, keepHash string) (int, error) {
	res := s.conn(ctx).Exec(`DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?`, userID, keepHash)
	return int(res.RowsAffected), apperr.Wrap(res.Error, "db")
}
