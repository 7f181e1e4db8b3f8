package web

import (
	"errors"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/clock"
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
//
// Echo v4 applies e.Use middleware anew on every request (ServeHTTP calls
// each factory with the matched handler), so the middleware in this file
// do their set-up once, outside the factory, and keep the factory to one
// closure. The header values are shared one-element slices stored under
// their canonical names: no canonicalisation or allocation per response,
// and Header.Add on one of them copies (len == cap) rather than writing
// into the shared array.
func (s *Server) securityHeaders() echo.MiddlewareFunc {
	csp := "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
		"connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
	set := [][2]string{
		{"Content-Security-Policy", csp},
		{"X-Frame-Options", "DENY"},
		{"X-Content-Type-Options", "nosniff"},
		{"Referrer-Policy", "same-origin"},
		{"Cross-Origin-Opener-Policy", "same-origin"},
		{"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
	}
	if s.Config.SecureCookies {
		set = append(set, [2]string{"Strict-Transport-Security", "max-age=31536000; includeSubDomains"})
	}
	type header struct {
		key string
		val []string
	}
	hs := make([]header, len(set))
	for i, kv := range set {
		hs[i] = header{http.CanonicalHeaderKey(kv[0]), []string{kv[1]}}
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			h := c.Response().Header()
			for _, kv := range hs {
				h[kv.key] = kv.val[:1:1]
			}
			return next(c)
		}
	}
}

// bodyLimits caps every body at BodyLimit, except on routes that take
// uploads (registered with uploadRoute), which apply UploadLimit themselves.
// Echo has matched the route before e.Use middleware runs, so c.Path()
// names it here. The limit is built once: Echo's BodyLimitWithConfig parses
// its size and makes a pool each time it is called. A request without a
// body (net/http gives it http.NoBody) has nothing to cap, so it only gets
// the text checks, without the limit's wrapping.
func (s *Server) bodyLimits() echo.MiddlewareFunc {
	limit := bodyLimit(s.Config.BodyLimit)
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r := c.Request()
			if s.uploads[r.Method+" "+c.Path()] {
				return next(c)
			}
			if r.Body == nil || r.Body == http.NoBody { // nothing to cap (GETs): only the text checks
				if err := checkText(c); err != nil {
					return err
				}
				return next(c)
			}
			return limit(next)(c)
		}
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
	return func(c echo.Context) error {
		if err := checkText(c); err != nil {
			return err
		}
		return next(c)
	}
}

// checkText is checkInput's test, nil when the request is acceptable.
func checkText(c echo.Context) error {
	bad := func() error { return apperr.E(apperr.Malformed, "text_invalid") }
	r := c.Request()
	if badText(r.URL.Path) || r.URL.RawQuery != "" && badValues(c.QueryParams()) {
		return bad()
	}
	ct := r.Header.Get("Content-Type")
	if ct == "" { // no body to read: most GETs
		return nil
	}
	switch ct, _, _ := mime.ParseMediaType(ct); ct {
	case "application/x-www-form-urlencoded":
		var (
			mbe *http.MaxBytesError
			he  *echo.HTTPError
		)
		if err := r.ParseForm(); errors.As(err, &mbe) || errors.As(err, &he) {
			return err
		}
		if badValues(r.PostForm) {
			return bad()
		}
	case echo.MIMEMultipartForm:
		if err := checkMultipart(r); err != nil {
			return err
		}
	}
	return nil
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
// Attributes are typed (LogAttrs), which spares boxing every value; the
// line is the same as with Info's key-value pairs.
func (s *Server) requestLog() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			sw := clock.StartStopwatch()
			err := next(c)
			if err != nil {
				c.Error(err)
			}
			r := c.Request()
			status := c.Response().Status
			lvl := slog.LevelInfo
			if status >= 500 {
				lvl = slog.LevelError
			}
			if !s.Log.Enabled(r.Context(), lvl) {
				return nil
			}
			a := account.ActorFrom(r.Context())
			s.Log.LogAttrs(r.Context(), lvl, "request", slog.String("method", r.Method), slog.String("route", c.Path()),
				slog.Int("status", status), slog.Int64("ms", sw.Elapsed().Milliseconds()),
				slog.String("request_id", c.Response().Header().Get(echo.HeaderXRequestID)),
				slog.Int64("user_id", a.UserID), slog.String("ip", c.RealIP()))
			return nil
		}
	}
}
