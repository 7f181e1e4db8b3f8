package account

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/alexedwards/scs/v2"
	"gorm.io/gorm/clause"

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
	TokenHash string `gorm:"primaryKey"`
	UserID    *int64
	Data      []byte
	Expiry    time.Time
	CreatedAt time.Time
}

func (sessionRow) TableName() string { return "sessions" }

// SessionUserKey is the scs key holding the signed-in user's id.
const SessionUserKey = "uid"

func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

// FindCtx returns the data of an unexpired session.
func (s *SessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var r sessionRow
	err := s.db.Conn(ctx).Where("token_hash = ? AND expiry > ?", hashToken(token), time.Now().UTC()).Take(&r).Error
	if db.IsNotFound(err) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return r.Data, true, nil
}

// CommitCtx saves a session.
func (s *SessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	r := sessionRow{TokenHash: hashToken(token), Data: b, Expiry: expiry.UTC(), CreatedAt: time.Now().UTC()}
	if _, values, err := (scs.GobCodec{}).Decode(b); err == nil {
		if id, ok := values[SessionUserKey].(int64); ok && id > 0 {
			r.UserID = &id
		}
	}
	return s.db.Conn(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "token_hash"}},
		DoUpdates: clause.AssignmentColumns([]string{"user_id", "data", "expiry"}),
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
	return s.db.Conn(ctx).Exec(`DELETE FROM sessions WHERE expiry < ?`, time.Now().UTC()).Error
}

// Prune deletes expired sessions and finished throttle windows, so that
// neither table grows with every anonymous visit or failed sign-in. Any
// instance may run it; the deletes are idempotent.
func (s *Service) Prune(ctx context.Context) error {
	if err := NewSessionStore(s.DB).Prune(ctx); err != nil {
		return err
	}
	return s.Store.PruneThrottle(ctx, s.Now().Add(-throttleWindow))
}
