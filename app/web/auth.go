package web

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/i18n"
)

const (
	csrfKey      = "csrf"
	flashKey     = "flash"
	langCookie   = "liaison_lang"
	deviceCookie = "liaison_device"
	deviceIDKey  = "device" // the session's browser's device cookie (its id)
)

// loadSession wraps scs's LoadAndSave for the routes that use cookies; the
// session store notes what it read in the request's context (the user, for
// identify; the stored values, to skip a commit that changes nothing).
func (s *Server) loadSession(next echo.HandlerFunc) echo.HandlerFunc {
	mark := func(c echo.Context) error {
		c.Set("session", true)
		return next(c)
	}
	load := echo.WrapMiddleware(s.sessions.LoadAndSave)(mark)
	return func(c echo.Context) error {
		r := c.Request()
		c.SetRequest(r.WithContext(account.WithSessionSeen(r.Context())))
		return load(c)
	}
}

// hasSession reports whether this route loaded the session.
func hasSession(c echo.Context) bool { b, _ := c.Get("session").(bool); return b }

// identify sets the actor from a bearer token or the session. A bearer
// request never uses cookies, so it needs no CSRF token; a cookie request
// that changes state must carry the session's CSRF token.
func (s *Server) identify(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		ctx := r.Context()
		if !safeMethod(r.Method) && r.Header.Get("Authorization") == "" {
			// Browsers say where a request comes from: a cross-site post is
			// refused even without a session (login CSRF).
			if err := s.origins.Check(r); err != nil {
				return apperr.E(apperr.Forbidden, "auth.csrf")
			}
		}
		var (
			u    account.User
			kind account.UnitKind
			err  error
			ok   bool
		)
		if h := r.Header.Get("Authorization"); h != "" {
			raw, found := strings.CutPrefix(h, "Bearer ")
			if !found {
				return apperr.E(apperr.Unauthorized, "auth.bad_token")
			}
			if u, kind, err = s.Accounts.UserByToken(ctx, strings.TrimSpace(raw)); err != nil {
				return err
			}
			ok = true
		} else if id := s.sessions.GetInt64(ctx, account.SessionUserKey); id > 0 {
			if u, kind, err = s.Accounts.ActiveUser(ctx, id); err != nil {
				// Deactivated while signed in: end this session too.
				_ = s.sessions.Destroy(ctx)
			} else {
				ok = true
				s.noteSession(c, u)
			}
			if !safeMethod(r.Method) {
				if err := s.checkCSRF(c); err != nil {
					return err
				}
			}
		} else if !safeMethod(r.Method) && s.sessions.Exists(ctx, csrfKey) {
			// Anonymous form posts (the sign-in form) are CSRF-checked too.
			if err := s.checkCSRF(c); err != nil {
				return err
			}
		}
		if ok {
			a := account.ActorFor(u, kind)
			a.IP, a.RequestID = c.RealIP(), c.Response().Header().Get(echo.HeaderXRequestID)
			c.SetRequest(r.WithContext(account.WithActor(ctx, a)))
		}
		return next(c)
	}
}

// newOriginCheck refuses cross-origin browser writes (Sec-Fetch-Site, or
// Origin against Host); the public base URL is trusted too, for proxies
// that rewrite Host.
func newOriginCheck(baseURL string) *http.CrossOriginProtection {
	p := http.NewCrossOriginProtection()
	if u, err := url.Parse(baseURL); err == nil && u.Scheme != "" && u.Host != "" {
		_ = p.AddTrustedOrigin(u.Scheme + "://" + u.Host)
	}
	return p
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// csrfToken returns the session's CSRF token, creating it on first use.
func (s *Server) csrfToken(c echo.Context) string {
	if !hasSession(c) {
		return ""
	}
	ctx := c.Request().Context()
	t := s.sessions.GetString(ctx, csrfKey)
	if t == "" {
		t = account.NewSecret(32)
		s.sessions.Put(ctx, csrfKey, t)
	}
	return t
}

func (s *Server) checkCSRF(c echo.Context) error {
	ctx := c.Request().Context()
	want := s.sessions.GetString(ctx, csrfKey)
	got := c.Request().Header.Get("X-CSRF-Token")
	if got == "" {
		got = c.FormValue("_csrf")
	}
	if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return apperr.E(apperr.Forbidden, "auth.csrf")
	}
	return nil
}

// requireUser answers 401 (API) or redirects to sign-in (pages). A
// session that must still enrol a second factor (an admin without one)
// reaches only the enrolment pages until it has.
func requireUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if account.ActorFrom(c.Request().Context()).IsAnonymous() {
			if isAPI(c) {
				return apperr.E(apperr.Unauthorized, "auth.required")
			}
			return c.Redirect(http.StatusSeeOther, "/login?next="+urlQueryEscape(c.Request().URL.RequestURI()))
		}
		if mustEnrol(c) && !enrolPath(c.Request().URL.Path) {
			if isAPI(c) {
				return apperr.E(apperr.Forbidden, "auth.enrol_required")
			}
			return c.Redirect(http.StatusSeeOther, enrolPage)
		}
		return next(c)
	}
}

// signIn starts a fresh, fully signed-in session for u: a new token defeats
// session fixation. secondFactor records that u passed (or just enrolled)
// a second factor in this session; admins without it must enrol.
func (s *Server) signIn(c echo.Context, u account.User, secondFactor bool) error {
	ctx := c.Request().Context()
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.sessions.Remove(ctx, account.SessionPendingKey)
	s.sessions.Remove(ctx, pendingAtKey)
	s.sessions.Remove(ctx, pendingNextKey)
	s.sessions.Put(ctx, account.SessionUserKey, u.ID)
	s.sessions.Put(ctx, secondFactorKey, secondFactor)
	s.sessions.Put(ctx, csrfKey, account.NewSecret(32))
	s.putClient(c)
	// The device cookie (OWASP "device cookies"): random, stored hashed,
	// revoked with "sign out everywhere", a password change or reset.
	raw, id, err := s.Accounts.RememberDevice(ctx, u.ID, presentedDevice(c))
	if err != nil {
		return err
	}
	s.sessions.Put(ctx, deviceIDKey, id)
	c.SetCookie(&http.Cookie{Name: deviceCookie, Value: raw, Path: "/login", MaxAge: int(account.DeviceLife / time.Second),
		HttpOnly: true, Secure: s.Config.SecureCookies, SameSite: http.SameSiteStrictMode})
	return nil
}

// presentedDevice is the device cookie the browser sent ("" for none).
func presentedDevice(c echo.Context) string {
	if ck, err := c.Cookie(deviceCookie); err == nil {
		return ck.Value
	}
	return ""
}

// currentDevice is the id of the device cookie of the browser this session
// signed in with (0: none, or a bearer request).
func (s *Server) currentDevice(c echo.Context) int64 {
	if s.currentToken(c) == "" {
		return 0
	}
	return s.sessions.GetInt64(c.Request().Context(), deviceIDKey)
}

// flash stores a one-time message for the next page.
func (s *Server) flash(c echo.Context, id string) {
	s.sessions.Put(c.Request().Context(), flashKey, id)
}

func (s *Server) popFlash(c echo.Context) string {
	if !hasSession(c) {
		return ""
	}
	id := s.sessions.PopString(c.Request().Context(), flashKey)
	if id == "" {
		return ""
	}
	return s.Tr.T(langOf(c), id, nil)
}

// langOf picks the language: cookie, then ?lang=, then Accept-Language.
func langOf(c echo.Context) string {
	if l, ok := c.Get("lang").(string); ok {
		return l
	}
	choice := ""
	if ck, err := c.Cookie(langCookie); err == nil {
		choice = ck.Value
	}
	if q := c.QueryParam("lang"); q != "" {
		choice = q
	}
	l := i18n.Match(choice, c.Request().Header.Get("Accept-Language"))
	c.Set("lang", l)
	return l
}
