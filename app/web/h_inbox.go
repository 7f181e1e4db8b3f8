package web

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"liaison/app/notify"
)

// The inbox beyond the list: mark all read by API, the bell's number, and
// each person's channel preferences (API and page).

func (s *Server) apiNotificationReadAll(c echo.Context) error {
	if err := s.Notify.MarkAllRead(c.Request().Context(), actor(c)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// prefsBody is the body of PUT /me/notification_prefs.
type prefsBody struct {
	Prefs []notify.Pref `json:"prefs"`
}

func (s *Server) apiNotificationPrefs(c echo.Context) error {
	ps, err := s.Notify.Prefs(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, prefsBody{Prefs: ps})
}

func (s *Server) apiNotificationPrefsPut(c echo.Context) error {
	var in prefsBody
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	ps, err := s.Notify.SetPrefs(c.Request().Context(), actor(c), in.Prefs)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, prefsBody{Prefs: ps})
}

func (s *Server) notificationSettingsPage(c echo.Context) error {
	ps, err := s.Notify.Prefs(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "notify_settings", s.page(c, "notifications", "notify.prefs.title", ps))
}

// notificationSettingsSave reads one checkbox pair per kind: a kind's box
// absent from the form is off (how browsers send unchecked boxes).
func (s *Server) notificationSettingsSave(c echo.Context) error {
	if _, err := c.FormParams(); err != nil {
		return err
	}
	in := make([]notify.Pref, 0, len(notify.Kinds))
	for _, k := range notify.Kinds {
		in = append(in, notify.Pref{Kind: k.Name, InApp: c.FormValue("in_app."+k.Name) == "1", Email: c.FormValue("email."+k.Name) == "1"})
	}
	if _, err := s.Notify.SetPrefs(c.Request().Context(), actor(c), in); err != nil {
		return err
	}
	s.flash(c, "notify.prefs.saved")
	return redirect(c, "/notifications/settings")
}

// Unread is the number on the bell in the header; 0 for nobody signed in
// or when it cannot be read (the page is still worth showing).
func (p *Page) Unread() int64 {
	if p.Actor.IsAnonymous() || p.s == nil || p.s.Notify == nil {
		return 0
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	n, err := p.s.Notify.UnreadCount(ctx, p.Actor)
	if err != nil {
		return 0
	}
	return n
}
