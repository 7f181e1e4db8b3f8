package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/apperr"
)

// secondFactorPage is the second step of signing in.
const secondFactorPage = "/login/second-factor"

type secondFactorView struct{}

// secondFactorForm asks a half-signed-in session for its code.
func (s *Server) secondFactorForm(c echo.Context) error {
	if id, expired := s.pendingUser(c); id == 0 || expired {
		return s.secondFactorRestart(c)
	}
	return s.render(c, http.StatusOK, "auth_second_factor", s.page(c, "", "sec.second_factor_title", secondFactorView{}))
}

// secondFactorSubmit checks the code; right, the session becomes a fully
// signed-in one under a new token; wrong, the form again (422), and after
// five wrong codes the throttle answers 429.
func (s *Server) secondFactorSubmit(c echo.Context) error {
	ctx := c.Request().Context()
	id, expired := s.pendingUser(c)
	if id == 0 || expired {
		return s.secondFactorRestart(c)
	}
	u, kind, err := s.Accounts.ActiveUser(ctx, id)
	if err != nil {
		_ = s.sessions.Destroy(ctx)
		return c.Redirect(http.StatusSeeOther, "/login")
	}
	a := account.ActorFor(u, kind)
	a.IP, a.RequestID = c.RealIP(), c.Response().Header().Get(echo.HeaderXRequestID)
	if err := s.mfa().Verify(ctx, a, c.FormValue("code")); err != nil {
		ae, ok := apperr.As(err)
		if !ok || (ae.Kind != apperr.Invalid && ae.Kind != apperr.TooMany) {
			return err
		}
		p := s.page(c, "", "sec.second_factor_title", secondFactorView{})
		s.formErrors(p, err)
		return s.render(c, statusOf[ae.Kind], "auth_second_factor", p)
	}
	next := localPath(s.sessions.GetString(ctx, pendingNextKey))
	if err := s.signIn(c, u, true); err != nil {
		return err
	}
	_ = s.Accounts.Audit(ctx, a, "auth.second_factor", "user", u.ID, nil)
	if u.Locale != "" {
		s.setLangCookie(c, u.Locale)
	}
	return redirect(c, next)
}

// secondFactorRestart sends a session without a (fresh) password step back
// to the first one.
func (s *Server) secondFactorRestart(c echo.Context) error {
	ctx := c.Request().Context()
	if s.sessions.GetInt64(ctx, account.SessionPendingKey) != 0 {
		s.sessions.Remove(ctx, account.SessionPendingKey)
		s.flash(c, "sec.second_factor_expired")
	}
	return c.Redirect(http.StatusSeeOther, "/login")
}
