package web

import (
	"errors"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"liaison/app/account"
	"liaison/app/apperr"
)

// ipExtractor trusts X-Forwarded-For only from the configured proxies; with
// none configured, the socket address is the client, so nobody can dodge the
// sign-in throttle by sending a header.
func ipExtractor(proxies []netip.Prefix) echo.IPExtractor {
	if len(proxies) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, p := range proxies {
		_, n, err := net.ParseCIDR(p.String())
		if err == nil {
			opts = append(opts, echo.TrustIPRange(n))
		}
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

// securityHeaders sets a CSP without inline script, frame denial, nosniff,
// a referrer policy and, behind HTTPS, HSTS.
func (s *Server) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	csp := "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
		"connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
	hsts := s.Config.SecureCookies
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if hsts {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		return next(c)
	}
}

// bodyLimits caps every body at BodyLimit, except on routes that take
// uploads (registered with uploadRoute), which apply UploadLimit themselves.
// Echo has matched the route before e.Use middleware runs, so c.Path()
// names it here.
func (s *Server) bodyLimits(next echo.HandlerFunc) echo.HandlerFunc {
	limited := bodyLimit(s.Config.BodyLimit)(next)
	return func(c echo.Context) error {
		if s.uploads[c.Request().Method+" "+c.Path()] {
			return next(c)
		}
		return limited(c)
	}
}

// uploadRoute marks method+path as taking uploads and returns the
// middleware that caps it at UploadLimit instead.
func (s *Server) uploadRoute(method, path string) echo.MiddlewareFunc {
	if s.uploads == nil {
		s.uploads = map[string]bool{}
	}
	s.uploads[method+" "+path] = true
	return bodyLimit(s.Config.UploadLimit)
}

// bodyLimit caps request bodies twice: Echo's BodyLimit answers early from
// Content-Length, and http.MaxBytesReader stops chunked bodies that lie
// (echo issue 3071).
func bodyLimit(n int64) echo.MiddlewareFunc {
	el := middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: strconv.FormatInt(n, 10) + "B"})
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		inner := el(checkInput(next))
		return func(c echo.Context) error {
			r := c.Request()
			if r.Body != nil {
				r.Body = http.MaxBytesReader(c.Response(), r.Body, n)
			}
			return inner(c)
		}
	}
}

// checkInput refuses text no database column can hold (NUL bytes, invalid
// UTF-8) in the path, the query, url-encoded forms and the text fields of
// multipart forms, for every route at once. It reads url-encoded forms up
// front, so that an oversized body is a 413 rather than the empty values
// c.FormValue turns any error into; multipart forms, see checkMultipart.
func checkInput(next echo.HandlerFunc) echo.HandlerFunc {
	bad := apperr.E(apperr.Malformed, "text_invalid")
	return func(c echo.Context) error {
		r := c.Request()
		if badText(r.URL.Path) || badValues(c.QueryParams()) {
			return bad
		}
		switch ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct {
		case "application/x-www-form-urlencoded":
			var (
				mbe *http.MaxBytesError
				he  *echo.HTTPError
			)
			if err := r.ParseForm(); errors.As(err, &mbe) || errors.As(err, &he) {
				return err
			}
			if badValues(r.PostForm) {
				return bad
			}
		case echo.MIMEMultipartForm:
			if err := checkMultipart(r); err != nil {
				return err
			}
		}
		return next(c)
	}
}

func badValues(v url.Values) bool {
	for k, vs := range v {
		if badText(k) {
			return true
		}
		for _, s := range vs {
			if badText(s) {
				return true
			}
		}
	}
	return false
}

func badText(s string) bool { return !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 }

// requestLog logs one structured line per request. It logs the route
// pattern, never the raw path or query: feed paths carry secret tokens.
func (s *Server) requestLog(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		a := account.ActorFrom(c.Request().Context())
		status := c.Response().Status
		lvl := s.Log.Info
		if status >= 500 {
			lvl = s.Log.Error
		}
		lvl("request", "method", c.Request().Method, "route", c.Path(), "status", status,
			"ms", time.Since(start).Milliseconds(), "request_id", c.Response().Header().Get(echo.HeaderXRequestID),
			"user_id", a.UserID, "ip", c.RealIP())
		return nil
	}
}
