package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/i18n"
)

type loginView struct {
	Username string
	Next     string
}

func (s *Server) loginForm(c echo.Context) error {
	if !account.ActorFrom(c.Request().Context()).IsAnonymous() {
		return c.Redirect(http.StatusSeeOther, localPath(c.QueryParam("next")))
	}
	p := s.page(c, "", "auth.title", loginView{Next: localPath(c.QueryParam("next"))})
	return s.render(c, http.StatusOK, "auth_login", p)
}

func (s *Server) loginSubmit(c echo.Context) error {
	username := strings.TrimSpace(c.FormValue("username"))
	next := localPath(c.FormValue("next"))
	u, _, err := s.Accounts.Authenticate(c.Request().Context(), account.Credentials{
		Username: username, Password: c.FormValue("password"), IP: c.RealIP(), Device: presentedDevice(c),
		RequestID: c.Response().Header().Get(echo.HeaderXRequestID),
	})
	if err != nil {
		ae, ok := apperr.As(err)
		if !ok || ae.Kind == apperr.Internal {
			return err
		}
		p := s.page(c, "", "auth.title", loginView{Username: username, Next: next})
		p.Error = s.Tr.T(p.Lang, ae.Code, ae.Args)
		return s.render(c, statusOf[ae.Kind], "auth_login", p)
	}
	enrolled, err := s.mfa().Enrolled(c.Request().Context(), u.ID)
	if err != nil {
		return err
	}
	if enrolled {
		// Right password, second factor still to come: a half-signed-in
		// session that can do nothing but answer the next form.
		if err := s.beginSecondFactor(c, u, next); err != nil {
			return err
		}
		return redirect(c, secondFactorPage)
	}
	if err := s.signIn(c, u, false); err != nil {
		return err
	}
	if u.Locale != "" {
		s.setLangCookie(c, u.Locale)
	}
	return redirect(c, next)
}

func (s *Server) logout(c echo.Context) error {
	ctx := c.Request().Context()
	if a := actor(c); a.UserID > 0 {
		if err := s.Accounts.Audit(ctx, a, "auth.signout", "user", a.UserID, nil); err != nil {
			return err
		}
	}
	if err := s.sessions.Destroy(ctx); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/login")
}

// setLang switches the UI language and goes back where the user was.
func (s *Server) setLang(c echo.Context) error {
	l := i18n.Match(c.Param("lang"), "")
	s.setLangCookie(c, l)
	back := c.Request().Referer()
	if i := strings.Index(back, "://"); i >= 0 {
		if j := strings.Index(back[i+3:], "/"); j >= 0 {
			back = back[i+3+j:]
		} else {
			back = "/"
		}
	}
	return c.Redirect(http.StatusSeeOther, localPath(back))
}

// setLangCookie remembers the UI language. It is Secure under an https base
// URL like the session and device cookies (Config.SecureCookies): a cookie
// that may travel over plain http is one a network attacker can overwrite.
func (s *Server) setLangCookie(c echo.Context, l string) {
	c.SetCookie(&http.Cookie{Name: langCookie, Value: l, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, HttpOnly: true,
		Secure: s.Config.SecureCookies})
	c.Set("lang", l)
}

type tokenRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
	Code     string `json:"code"` // TOTP or recovery code, for users who enrolled
	Name     string `json:"name"`
}

// authToken exchanges a username and password (and, for users with a
// second factor, a code) for a bearer token (see the API contract). An admin without a
// second factor gets no new token: they must enrol in the browser first.
func (s *Server) authToken(c echo.Context) error {
	var in tokenRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	ctx := c.Request().Context()
	u, kind, err := s.Accounts.Authenticate(ctx, account.Credentials{Username: in.Username, Password: in.Password, IP: c.RealIP(),
		RequestID: c.Response().Header().Get(echo.HeaderXRequestID)})
	if err != nil {
		return err
	}
	a := account.ActorFor(u, kind)
	a.IP, a.RequestID = c.RealIP(), c.Response().Header().Get(echo.HeaderXRequestID)
	m := s.mfa()
	enrolled, err := m.Enrolled(ctx, u.ID)
	switch {
	case err != nil:
		return err
	case enrolled && in.Code == "":
		return apperr.E(apperr.Unauthorized, "auth.second_factor_required")
	case enrolled:
		if err := m.Verify(ctx, a, in.Code); err != nil {
			return err
		}
	case account.Required(u.Role):
		return apperr.E(apperr.Forbidden, "auth.enrol_required")
	}
	name := in.Name
	if name == "" {
		name = "api"
	}
	tok, err := s.Accounts.CreateToken(ctx, a, u.ID, name)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]string{"token": tok})
}
