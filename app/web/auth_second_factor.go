package web

import (
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
)

// Session keys of the two-step sign-in. A session holding pendingKey has
// given the right password and nothing else: identify treats it as
// anonymous, and only the second-factor form reads it.
const (
	secondFactorKey = "mfa"         // this session passed a second factor
	pendingAtKey    = "pending_at"  // when the password step succeeded (unix)
	pendingNextKey  = "pending_nxt" // where to go after the second step
	pendingMaxAge   = 5 * time.Minute
	mustEnrolCtx    = "must_enrol"
	enrolPage       = "/me/security/totp"
)

// mfa returns the second-factor service, sealing secrets with the
// instance key.
func (s *Server) mfa() *account.MFA {
	m, err := account.NewMFA(s.Accounts, s.key)
	if err != nil {
		panic(err) // the signing key is 32 random bytes made at first start
	}
	return m
}

// noteSession runs for every request of a signed-in session: it keeps the
// session's address current for the sessions list and flags an admin
// whose session has no second factor.
func (s *Server) noteSession(c echo.Context, u account.User) {
	ctx := c.Request().Context()
	if ip := c.RealIP(); s.sessions.GetString(ctx, account.SessionIPKey) != ip {
		s.sessions.Put(ctx, account.SessionIPKey, ip)
	}
	if account.Required(u.Role) && !s.sessions.GetBool(ctx, secondFactorKey) {
		c.Set(mustEnrolCtx, true)
	}
}

func mustEnrol(c echo.Context) bool { b, _ := c.Get(mustEnrolCtx).(bool); return b }

// enrolPath lists what a session that must enrol may still reach.
func enrolPath(p string) bool {
	return p == enrolPage || strings.HasPrefix(p, enrolPage+"/") || strings.HasPrefix(p, "/api/v1/me/totp/")
}

// putClient records the client's address and browser for the sessions list.
func (s *Server) putClient(c echo.Context) {
	ctx := c.Request().Context()
	s.sessions.Put(ctx, account.SessionIPKey, c.RealIP())
	ua := []rune(strings.ToValidUTF8(c.Request().UserAgent(), ""))
	if len(ua) > 200 {
		ua = ua[:200]
	}
	s.sessions.Put(ctx, account.SessionAgentKey, string(ua))
}

// beginSecondFactor turns the session into a half-signed-in one after the
// right password: a new token, the user id under pendingKey only.
func (s *Server) beginSecondFactor(c echo.Context, u account.User, next string) error {
	ctx := c.Request().Context()
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.sessions.Remove(ctx, account.SessionUserKey)
	s.sessions.Put(ctx, account.SessionPendingKey, u.ID)
	s.sessions.Put(ctx, pendingAtKey, s.DB.Now().Unix())
	s.sessions.Put(ctx, pendingNextKey, next)
	s.sessions.Put(ctx, csrfKey, account.NewSecret(32))
	s.putClient(c)
	return nil
}

// pendingUser returns the id waiting for its second factor, 0 when there
// is none or the password step is older than pendingMaxAge.
func (s *Server) pendingUser(c echo.Context) (int64, bool) {
	ctx := c.Request().Context()
	id := s.sessions.GetInt64(ctx, account.SessionPendingKey)
	if id == 0 {
		return 0, false
	}
	at := time.Unix(s.sessions.GetInt64(ctx, pendingAtKey), 0)
	if s.DB.Now().Sub(at) > pendingMaxAge {
		return id, true
	}
	return id, false
}
