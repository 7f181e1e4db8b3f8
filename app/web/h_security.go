package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/apperr"
)

// securityView is "my account security": password, second factor, sessions.
type securityView struct {
	Status       account.MFAStatus
	Offered      bool
	Sessions     []account.SessionInfo
	PwMin, PwRec int
	PwMax        int
	EnrolledAt   time.Time
}

// currentToken is the caller's session token, "" for bearer requests.
func (s *Server) currentToken(c echo.Context) string {
	if !hasSession(c) || c.Request().Header.Get("Authorization") != "" {
		return ""
	}
	return s.sessions.Token(c.Request().Context())
}

func (s *Server) securityPage(c echo.Context) error {
	return s.renderSecurity(c, http.StatusOK, nil)
}

// renderSecurity shows the page, with formErr's messages when a form failed.
func (s *Server) renderSecurity(c echo.Context, status int, formErr error) error {
	ctx, a := c.Request().Context(), actor(c)
	st, err := s.mfa().Status(ctx, a, a.UserID)
	if err != nil {
		return err
	}
	list, err := s.Accounts.ListSessions(ctx, a, a.UserID, s.currentToken(c))
	if err != nil {
		return err
	}
	v := securityView{Status: st, Offered: account.Offered(a.Role) || st.Enrolled, Sessions: list,
		PwMin: account.PasswordMin, PwRec: account.PasswordRecommended, PwMax: account.PasswordMax}
	if st.EnrolledAt != nil {
		v.EnrolledAt = *st.EnrolledAt
	}
	p := s.page(c, "", "sec.title", v)
	s.formErrors(p, formErr)
	return s.render(c, status, "security_index", p)
}

// securityPassword changes one's own password; the other sessions end and
// this one continues under a new token.
func (s *Server) securityPassword(c echo.Context) error {
	ctx := c.Request().Context()
	in := account.PasswordChange{Current: c.FormValue("current_password"), New: c.FormValue("new_password")}
	if err := s.Accounts.ChangePassword(ctx, actor(c), in, s.currentToken(c), s.currentDevice(c)); err != nil {
		if k := apperr.KindOf(err); k != apperr.Invalid && k != apperr.TooMany {
			return err
		}
		return s.renderSecurity(c, statusFor(err), err)
	}
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.flash(c, "sec.password_changed")
	return redirect(c, "/me/security")
}

// securitySessionEnd ends one of my sessions; ending this one signs out.
func (s *Server) securitySessionEnd(c echo.Context) error {
	ctx, sid := c.Request().Context(), c.Param("sid")
	current := sid == account.SessionIDOf(s.currentToken(c))
	if err := s.Accounts.EndSession(ctx, actor(c), actor(c).UserID, sid); err != nil {
		return err
	}
	if current {
		_ = s.sessions.Destroy(ctx)
		return redirect(c, "/login")
	}
	s.flash(c, "sec.session_ended")
	return redirect(c, "/me/security")
}

// securitySessionsEndOthers signs me out everywhere else.
func (s *Server) securitySessionsEndOthers(c echo.Context) error {
	if _, err := s.Accounts.EndOtherSessions(c.Request().Context(), actor(c), actor(c).UserID, s.currentToken(c), s.currentDevice(c)); err != nil {
		return err
	}
	s.flash(c, "sec.sessions_ended_others")
	return redirect(c, "/me/security")
}

// afterFactorChange ends my other sessions (a factor changed: ASVS asks to
// offer it, we just do it) and renews this session's token.
func (s *Server) afterFactorChange(c echo.Context, secondFactor bool) error {
	ctx, a := c.Request().Context(), actor(c)
	tok := s.currentToken(c)
	if tok != "" {
		if _, err := s.Accounts.EndOtherSessions(ctx, a, a.UserID, tok, s.currentDevice(c)); err != nil {
			return err
		}
		if err := s.sessions.RenewToken(ctx); err != nil {
			return err
		}
		s.sessions.Put(ctx, secondFactorKey, secondFactor)
	}
	return nil
}

// proofFrom reads a code or password given to confirm a change.
func proofFrom(c echo.Context) account.Proof {
	return account.Proof{Code: c.FormValue("code"), Password: c.FormValue("password")}
}

// securityFormErr re-renders the security page for a fixable error.
func (s *Server) securityFormErr(c echo.Context, err error) error {
	if k := apperr.KindOf(err); k != apperr.Invalid && k != apperr.TooMany && k != apperr.Forbidden {
		return err
	}
	return s.renderSecurity(c, statusFor(err), err)
}

// adminUserTOTPReset is the admin page's "reset second factor" button.
func (s *Server) adminUserTOTPReset(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.mfa().Reset(c.Request().Context(), actor(c), id); err != nil {
		return err
	}
	s.flash(c, "sec.totp_reset")
	return redirect(c, "/admin/users/"+strconv.FormatInt(id, 10))
}
