package web

import "net/http"

// feedRoutes registers invite.ics, subscription feeds and the 订阅日历 page.
// Feeds are public (the token is the credential) and skip the session; the
// request logger logs only the route pattern, so tokens never reach logs.
// RSVP links run in the app group: anonymous, but with a session for CSRF.
func (s *Server) feedRoutes(g routeGroups) {
	g.public.Match([]string{http.MethodGet, http.MethodHead}, "/feeds/:file", s.feedGet)
	g.pages.Match([]string{http.MethodGet, http.MethodHead}, "/meetings/:id/invite.ics", s.inviteICS)
	g.api.GET("/me/feed", s.apiMyFeed)
	g.api.POST("/me/feed/rotate", s.apiMyFeedRotate)
	g.api.GET("/me/unit_feed", s.apiUnitFeed)
	g.api.POST("/me/unit_feed/rotate", s.apiUnitFeedRotate)
	g.api.GET("/me/reminders", s.apiReminders)
	g.api.PATCH("/me/reminders", s.apiRemindersUpdate)
	g.api.POST("/admin/invitations/reconcile", s.apiReconcileNow)
	g.pages.GET("/calendar/subscribe", s.feedPage)
	g.pages.POST("/calendar/subscribe/rotate", s.feedPageRotate)
	g.pages.POST("/calendar/subscribe/reminders", s.feedPageReminders)
	g.pages.GET("/calendar/subscribe/qr.png", s.feedQR)
	g.app.GET("/rsvp/:token", s.rsvpPage)
	g.app.POST("/rsvp/:token", s.rsvpSubmit)
}
