package web

import (
	"net/http"
	"strings"

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

// feedGet serves GET and HEAD /feeds/{token}.ics: a strong ETag, 304 on a
// matching If-None-Match, private caching that always revalidates.
func (s *Server) feedGet(c echo.Context) error {
	tok, ok := strings.CutSuffix(c.Param("file"), ".ics")
	if !ok {
		return apperr.NotFoundErr("feed")
	}
	res, err := s.Subscribe.Feed(c.Request().Context(), tok, c.Request().Header.Get("If-None-Match"))
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h["Etag"] = []string{res.ETag} // canonical form of "ETag"
	h["Cache-Control"] = feedCacheControl[:1:1]
	h["X-Robots-Tag"] = feedRobots[:1:1]
	if res.NotModified {
		return c.NoContent(http.StatusNotModified)
	}
	return c.Blob(http.StatusOK, calendar.ContentType, res.Body)
}

// inviteICS serves /meetings/{id}/invite.ics to anyone who may see the
// meeting (404 otherwise).
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
