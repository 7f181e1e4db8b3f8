package web

import (
	"io/fs"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"liaison/static"
)

// routes registers every route. Groups differ in what they load: static
// files, probes and feeds skip the session store (they are polled hard);
// pages and the API load the session and identify the caller.
func (s *Server) routes() {
	e := s.e
	e.Pre(middleware.RemoveTrailingSlashWithConfig(middleware.TrailingSlashConfig{RedirectCode: http.StatusMovedPermanently}))
	e.Use(s.observeRequests()) // outermost: sees the final status
	e.Use(middleware.RequestID())
	e.Use(s.requestLog())
	e.Use(middleware.Recover())
	e.Use(s.securityHeaders())
	e.Use(s.bodyLimits())

	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	sub, _ := fs.Sub(static.FS, ".")
	assets := http.StripPrefix("/static/", http.FileServer(http.FS(sub)))
	e.GET("/static/*", echo.WrapHandler(cacheStatic(assets)))
	// browsers ask for /favicon.ico whatever the page links; answer it
	// from the same embedded files instead of a 404 in every console
	e.GET("/favicon.ico", echo.WrapHandler(cacheStatic(http.FileServer(http.FS(sub)))))
	e.GET("/api/openapi.yaml", s.openapi)
	e.POST("/api/v1/auth/token", s.authToken)

	app := e.Group("", s.loadSession, s.identify)
	app.GET("/login", s.loginForm)
	app.POST("/login", s.loginSubmit)
	app.POST("/logout", s.logout)
	app.GET("/lang/:lang", s.setLang)

	pages := app.Group("", requireUser)
	pages.GET("/", s.home)
	pages.GET("/admin", s.adminHome)
	pages.GET("/admin/units", s.adminUnits)
	pages.POST("/admin/units", s.adminUnitCreate)
	pages.GET("/admin/units/:id", s.adminUnitEdit)
	pages.POST("/admin/units/:id", s.adminUnitUpdate)
	pages.GET("/admin/users", s.adminUsers)
	pages.POST("/admin/users", s.adminUserCreate)
	pages.GET("/admin/users/:id", s.adminUserEdit)
	pages.POST("/admin/users/:id", s.adminUserUpdate)
	pages.POST("/admin/users/:id/sessions/end", s.adminUserEndSessions)
	pages.GET("/admin/audit", s.adminAudit)
	pages.GET("/admin/audit/export.csv", s.auditExport)
	pages.GET("/admin/audit/export.xlsx", s.auditExport)
	api := app.Group("/api/v1", requireUser)
	api.GET("/me", s.apiMe)
	api.GET("/me/todo", s.apiMeTodo)
	api.GET("/units", s.apiUnitList)
	api.POST("/units", s.apiUnitCreate)
	api.GET("/units/:id", s.apiUnitGet)
	api.PATCH("/units/:id", s.apiUnitUpdate)
	api.GET("/users", s.apiUserList)
	api.POST("/users", s.apiUserCreate)
	api.GET("/users/:id", s.apiUserGet)
	api.PATCH("/users/:id", s.apiUserUpdate)
	api.POST("/users/:id/sessions/end", s.apiUserEndSessions)
	api.GET("/audit", s.apiAuditList)
	api.GET("/audit/export.csv", s.auditExport)
	api.GET("/audit/export.xlsx", s.auditExport)

	g := routeGroups{public: e, app: app, pages: pages, api: api}
	s.meetingRoutes(g)
	s.meetingDraftRoutes(g)   // routes_meeting_drafts.go
	s.meetingReceiptRoutes(g) // routes_meeting_receipts.go
	s.calendarRoutes(g)
	s.caseRoutes(g)
	s.actionRoutes(g)
	s.scoreboardRoutes(g)
	s.notifyRoutes(g)
	s.feedRoutes(g)
	s.reportRoutes(g)    // routes_report.go
	s.leadGroupRoutes(g) // routes_leadgroup.go
	s.securityRoutes(g)
	s.mechanismRoutes(g)
	s.searchRoutes(g) // routes_search.go
}

// routeGroups are the groups each area registers its routes in: public
// (no session: feeds, signed links), app (session, maybe anonymous), pages
// (signed-in HTML) and api (signed-in /api/v1).
type routeGroups struct {
	public *echo.Echo
	app    *echo.Group
	pages  *echo.Group
	api    *echo.Group
}

// cacheStatic lets browsers keep assets for a day; file names of vendored
// libraries carry their version.
func cacheStatic(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		h.ServeHTTP(w, r)
	})
}
