package account

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"liaison/app/apperr"
)

// SessionInfo is one of a user's sessions as "my account security" lists
// it. ID is derived from the stored token hash: it names the session
// without revealing anything that could be turned back into a cookie.
type SessionInfo struct {
	ID         string    `json:"id"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	Expiry     time.Time `json:"expires_at"`
	IP         string    `json:"ip"`
	UserAgent  string    `json:"user_agent"`
	Pending    bool      `json:"pending"` // password given, second factor not yet
	Current    bool      `json:"current"` // the session making this request
}

// sessionID names a session by its token hash.
func sessionID(tokenHash string) string {
	h := sha256.Sum256([]byte("sid|" + tokenHash))
	return hex.EncodeToString(h[:12])
}

// SessionIDOf returns the public id of the session with token (the caller's
// own cookie), so that a list can mark it current.
func SessionIDOf(token string) string {
	if token == "" {
		return ""
	}
	return sessionID(hashToken(token))
}

func mayManageSessions(a Actor, userID int64) error {
	if a.UserID != userID && a.Role != RoleAdmin {
		return apperr.NotFoundErr("user")
	}
	return nil
}

// ListSessions lists the unexpired sessions of a user, newest first
// (oneself, or admins). current is the caller's session token, if any.
func (s *Service) ListSessions(ctx context.Context, a Actor, userID int64, current string) ([]SessionInfo, error) {
	if err := mayManageSessions(a, userID); err != nil {
		return nil, err
	}
	rows, err := s.store.userSessions(ctx, userID, s.Now())
	if err != nil {
		return nil, err
	}
	cur := SessionIDOf(current)
	out := make([]SessionInfo, len(rows))
	for i, r := range rows {
		out[i] = SessionInfo{ID: sessionID(r.TokenHash), CreatedAt: r.CreatedAt, Expiry: r.Expiry, IP: r.IP,
			UserAgent: r.UserAgent, Pending: r.Pending, LastSeenAt: r.CreatedAt}
		if r.LastSeenAt != nil {
			out[i].LastSeenAt = *r.LastSeenAt
		}
		out[i].Current = out[i].ID == cur
	}
	return out, nil
}

// EndSession ends one session of a user by its id; NotFound when the user
// has no such session.
func (s *Service) EndSession(ctx context.Context, a Actor, userID int64, id string) error {
	if err := mayManageSessions(a, userID); err != nil {
		return err
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		rows, err := s.store.userSessions(ctx, userID, s.Now())
		if err != nil {
			return err
		}
		for _, r := range rows {
			if sessionID(r.TokenHash) == id {
				if err := s.store.deleteSessionHash(ctx, r.TokenHash); err != nil {
					return err
				}
				return s.Audit(ctx, a, "auth.session_ended", "user", userID, map[string]string{"session": id, "ip": r.IP})
			}
		}
		return apperr.NotFoundErr("session")
	})
}

// EndOtherSessions signs a user out everywhere but the session with token
// keep (empty: everywhere), and returns how many sessions ended. Every
// device cookie of the user ends too but keepDevice (the browser making
// the request; 0: none).
func (s *Service) EndOtherSessions(ctx context.Context, a Actor, userID int64, keep string, keepDevice int64) (int, error) {
	if err := mayManageSessions(a, userID); err != nil {
		return 0, err
	}
	var n int
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		var err error
		keepHash := ""
		if keep != "" {
			keepHash = hashToken(keep)
		}
		if n, err = s.store.deleteSessionsExcept(ctx, userID, keepHash); err != nil {
			return err
		}
		devices, err := s.store.deleteDevices(ctx, userID, keepDevice)
		if err != nil {
			return err
		}
		return s.Audit(ctx, a, "auth.sessions_ended_others", "user", userID, map[string]int{"ended": n, "devices_revoked": devices})
	})
	return n, err
}
