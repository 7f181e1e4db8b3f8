package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"liaison/app/notify"
)

type notificationsView struct {
	Items  []notify.Notification
	Next   string
	Unread int64
}

type outboxView struct {
	Items      []notify.Outbox
	Next       string
	Status     notify.Status
	Statuses   []notify.Status
	Configured bool
}

func (s *Server) notificationsPage(c echo.Context) error {
	pr, err := pageReq(c)
	if err != nil {
		return err
	}
	ctx, a := c.Request().Context(), actor(c)
	p, err := s.Notify.Notifications(ctx, a, false, pr)
	if err != nil {
		return err
	}
	n, err := s.Notify.UnreadCount(ctx, a)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "notify_list", s.page(c, "notifications", "notify.title", notificationsView{Items: p.Items, Next: p.NextCursor, Unread: n}))
}

func (s *Server) notificationRead(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	n, err := s.Notify.MarkRead(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	to := "/notifications"
	if n.Link != "" && c.FormValue("open") == "1" {
		to = n.Link // a local path, checked when the notification was made
	}
	return redirect(c, to)
}

func (s *Server) notificationsReadAll(c echo.Context) error {
	if err := s.Notify.MarkAllRead(c.Request().Context(), actor(c)); err != nil {
		return err
	}
	return redirect(c, "/notifications")
}

func (s *Server) adminOutbox(c echo.Context) error {
	if err := mustAdmin(c); err != nil {
		return err
	}
	f, err := outboxFilter(c)
	if err != nil {
		return err
	}
	p, err := s.Notify.ListOutbox(c.Request().Context(), actor(c), f)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "notify_outbox", s.page(c, "admin", "notify.outbox", outboxView{
		Items: p.Items, Next: p.NextCursor, Status: f.Status, Statuses: notify.Statuses, Configured: s.Notify.SMTPConfigured()}))
}

func (s *Server) adminOutboxRetry(c echo.Context) error {
	if err := mustAdmin(c); err != nil {
		return err
	}
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if _, err := s.Notify.Retry(c.Request().Context(), actor(c), id); err != nil {
		return err
	}
	s.flash(c, "notify.retry_queued")
	return redirect(c, "/admin/outbox")
}
