package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"liaison/app/apperr"
	"liaison/app/calendar"
	"liaison/app/subscribe"
)

// Feed response headers, shared (see securityHeaders): feeds are polled
// hard, and these spare canonicalising the names on every poll.
var (
	feedCacheControl = []string{"private, no-cache"}
	feedRobots       = []string{"noindex"}
)

// feedGet serves GET and HEAD /feeds/{token}.ics: a strong ETag (weakly
// compared, RFC 9110), Last-Modified, 304 on a matching If-None-Match or,
// without one, on an If-Modified-Since not older than the last change;
// gzip when the client accepts it (its own ETag, and Vary so that no cache
// hands compressed bytes to a client that cannot read them); private
// caching that always revalidates.
func (s *Server) feedGet(c echo.Context) error {
	tok, ok := strings.CutSuffix(c.Param("file"), ".ics")
	if !ok {
		return apperr.NotFoundErr("feed")
	}
	req := c.Request()
	inm := req.Header.Get("If-None-Match")
	res, err := s.Subscribe.Feed(req.Context(), tok, inm)
	if err != nil {
		return err
	}
	gz := acceptsGzip(req.Header.Get("Accept-Encoding"))
	h := c.Response().Header()
	h["Vary"] = feedVary[:1:1]
	h["Etag"] = []string{res.ETag} // canonical form of "ETag"
	if gz {
		h["Etag"] = []string{subscribe.GzipETag(res.ETag)}
	}
	h["Cache-Control"] = feedCacheControl[:1:1]
	h["X-Robots-Tag"] = feedRobots[:1:1]
	if !res.LastModified.IsZero() {
		h["Last-Modified"] = []string{res.LastModified.UTC().Format(http.TimeFormat)}
	}
	if res.NotModified || inm == "" && notModifiedSince(req.Header.Get("If-Modified-Since"), res.LastModified) {
		return c.NoContent(http.StatusNotModified)
	}
	if gz {
		h["Content-Encoding"] = feedGzip[:1:1]
		return c.Blob(http.StatusOK, calendar.ContentType, s.Subscribe.Gzip(res.ETag, res.Body))
	}
	return c.Blob(http.StatusOK, calendar.ContentType, res.Body)
}

var (
	feedVary = []string{"Accept-Encoding"}
	feedGzip = []string{"gzip"}
)

// notModifiedSince reports whether a feed last changed at last is not newer
// than the If-Modified-Since date ims (RFC 9110 §13.1.3).
func notModifiedSince(ims string, last time.Time) bool {
	if ims == "" || last.IsZero() {
		return false
	}
	t, err := http.ParseTime(ims)
	return err == nil && !last.Truncate(time.Second).After(t)
}

// acceptsGzip reports whether an Accept-Encoding header allows gzip: named
// (or *) with no q, or a q above zero.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if name = strings.ToLower(strings.TrimSpace(name)); name != "gzip" && name != "x-gzip" && name != "*" {
			continue
		}
		_, qv, hasQ := strings.Cut(strings.ReplaceAll(strings.ToLower(params), " ", ""), "q=")
		if !hasQ {
			return true
		}
		q, err := strconv.ParseFloat(qv, 64)
		return err == nil && q > 0
	}
	return false
}

// inviteICS serves GET and HEAD /meetings/{id}/invite.ics to anyone who may
// see the meeting (404 otherwise): an invitation for an attendee, a PUBLISH
// for anyone else.
func (s *Server) inviteICS(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	body, err := s.Subscribe.InviteICS(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Content-Disposition", `attachment; filename="invite.ics"`)
	h.Set("Cache-Control", "private, no-store")
	return c.Blob(http.StatusOK, calendar.ContentType, body)
}

func (s *Server) apiMyFeed(c echo.Context) error {
	l, err := s.Subscribe.MyFeed(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, l)
}

func (s *Server) apiMyFeedRotate(c echo.Context) error {
	l, err := s.Subscribe.RotateMyFeed(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, l)
}

func (s *Server) apiUnitFeed(c echo.Context) error {
	l, err := s.Subscribe.UnitFeed(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, l)
}

func (s *Server) apiUnitFeedRotate(c echo.Context) error {
	l, err := s.Subscribe.RotateUnitFeed(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, l)
}

func (s *Server) apiReminders(c echo.Context) error {
	p, err := s.Subscribe.Prefs(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (s *Server) apiRemindersUpdate(c echo.Context) error {
	var in subscribe.PrefsInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if in.Leads == nil {
		return apperr.Fields{"meeting_leads_minutes": "required"}.Err()
	}
	p, err := s.Subscribe.SetPrefs(c.Request().Context(), actor(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

// apiReconcileNow runs the invitation reconciler at once (admins), instead
// of waiting for its next period; it is idempotent like the periodic run.
func (s *Server) apiReconcileNow(c echo.Context) error {
	if err := mustAdmin(c); err != nil {
		return err
	}
	n, err := s.Subscribe.Reconcile(c.Request().Context())
	if err != nil {
		return err
	}
	// an admin's hand on the mail queue: who asked, and how much it queued
	if err := s.Accounts.Audit(c.Request().Context(), actor(c), "invitations.reconcile", "outbox", 0, map[string]int{"queued": n}); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]int{"queued": n})
}
