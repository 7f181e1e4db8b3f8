package account

import (
	"context"
	"maps"
	"reflect"
	"time"

	"github.com/alexedwards/scs/v2"
)

// sessionTouch is how stale a session row's last_seen_at (and with it the
// idle expiry) may grow before a request that changed nothing writes it
// again. scs commits every request when an idle timeout is set; without
// this, every page view is a write (a WAL flush on PostgreSQL). A session
// may thus end up to a minute before its idle timeout, and "my sessions"
// shows the last use to the minute.
const sessionTouch = time.Minute

// sessionSeen is what SessionStore.FindCtx read for one request: the
// session's values and when it was last written, to skip a commit that
// would change nothing, and its user with the unit's kind, read in the
// same statement so that identifying the caller costs no further query.
type sessionSeen struct {
	tokenHash string
	data      []byte // as stored: decoded only when a commit compares
	lastSeen  time.Time
	user      *User
	unitKind  UnitKind
}

type seenKey struct{}

// WithSessionSeen prepares ctx for one request's session load: the session
// store notes what it read there (nothing is shared between requests).
func WithSessionSeen(ctx context.Context) context.Context {
	return context.WithValue(ctx, seenKey{}, &sessionSeen{})
}

func seenIn(ctx context.Context) *sessionSeen {
	s, _ := ctx.Value(seenKey{}).(*sessionSeen)
	return s
}

// unchanged reports that committing values under tokenHash now would only
// move last_seen_at forward by less than sessionTouch.
func (s *sessionSeen) unchanged(tokenHash string, deadline time.Time, values map[string]any, now time.Time) bool {
	if s == nil || s.tokenHash != tokenHash || s.lastSeen.IsZero() || now.Sub(s.lastSeen) >= sessionTouch {
		return false
	}
	// gob writes a map in iteration order, so equal sessions may differ
	// in bytes: compare what they decode to
	was, old, err := (scs.GobCodec{}).Decode(s.data)
	return err == nil && was.Equal(deadline) && maps.EqualFunc(old, values, func(a, b any) bool { return reflect.DeepEqual(a, b) })
}

// seenUser returns the user with id as the session load read it, if it did.
func seenUser(ctx context.Context, id int64) (User, UnitKind, bool) {
	s := seenIn(ctx)
	if s == nil || s.user == nil || s.user.ID != id || s.unitKind == "" {
		return User{}, "", false
	}
	return *s.user, s.unitKind, true
}

// sessionJoin is one session row with its user and the user's unit kind
// (all NULL for a session nobody signed in to).
type sessionJoin struct {
	Data         []byte     `gorm:"column:data"`
	LastSeenAt   *time.Time `gorm:"column:last_seen_at"`
	UID          *int64     `gorm:"column:uid"`
	Username     *string    `gorm:"column:username"`
	DisplayName  *string    `gorm:"column:display_name"`
	UnitID       *int64     `gorm:"column:unit_id"`
	Role         *Role      `gorm:"column:role"`
	Email        *string    `gorm:"column:email"`
	PasswordHash *string    `gorm:"column:password_hash"`
	Active       *bool      `gorm:"column:active"`
	Locale       *string    `gorm:"column:locale"`
	Version      *int       `gorm:"column:version"`
	LastLoginAt  *time.Time `gorm:"column:last_login_at"`
	UCreatedAt   *time.Time `gorm:"column:u_created_at"`
	UUpdatedAt   *time.Time `gorm:"column:u_updated_at"`
	UnitKind     *UnitKind  `gorm:"column:unit_kind"`
}

const sessionJoinSQL = `SELECT s.data, s.last_seen_at,
	u.id AS uid, u.username, u.display_name, u.unit_id, u.role, u.email, u.password_hash, u.active, u.locale,
	u.version, u.last_login_at, u.created_at AS u_created_at, u.updated_at AS u_updated_at, un.kind AS unit_kind
	FROM sessions s LEFT JOIN users u ON u.id = s.user_id LEFT JOIN units un ON un.id = u.unit_id
	WHERE s.token_hash = ? AND s.expiry > ? LIMIT 1`

func (j *sessionJoin) user() *User {
	if j.UID == nil || j.Username == nil || j.UnitID == nil || j.Active == nil || j.UCreatedAt == nil || j.UUpdatedAt == nil {
		return nil
	}
	u := User{ID: *j.UID, Username: *j.Username, UnitID: *j.UnitID, Active: *j.Active, LastLoginAt: j.LastLoginAt,
		CreatedAt: *j.UCreatedAt, UpdatedAt: *j.UUpdatedAt}
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&u.DisplayName, j.DisplayName)
	set(&u.Email, j.Email)
	set(&u.PasswordHash, j.PasswordHash)
	set(&u.Locale, j.Locale)
	if j.Role != nil {
		u.Role = *j.Role
	}
	if j.Version != nil {
		u.Version = *j.Version
	}
	return &u
}
