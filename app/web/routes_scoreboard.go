package web

// scoreboardRoutes registers the scoreboard (一月一晒绩), the leaders'
// dashboard and the exports. The action-item and case-register exports
// are static paths, so they win over /actions/:id and /cases/:id.
func (s *Server) scoreboardRoutes(g routeGroups) {
	g.api.GET("/scoreboard", s.apiScoreboard)
	g.api.GET("/scoreboard/settings", s.apiScoreboardSettings)
	g.api.PUT("/scoreboard/settings", s.apiScoreboardSettingsPut)
	g.api.GET("/scoreboard/year/:year", s.apiScoreboardYear)
	g.api.GET("/scoreboard/:month/records", s.apiScoreboardRecords)
	g.api.POST("/scoreboard/:month/publish", s.apiScoreboardPublish)
	g.api.POST("/scoreboard/:month/revise", s.apiScoreboardRevise)
	g.api.GET("/dashboard", s.apiDashboard)

	g.pages.GET("/scoreboard", s.scoreboardPage)
	g.pages.GET("/scoreboard/settings", s.scoreboardSettingsPage)
	g.pages.POST("/scoreboard/settings", s.scoreboardSettingsSave)
	g.pages.GET("/scoreboard/year/:year", s.scoreboardYearPage)
	g.pages.GET("/scoreboard/:file", s.scoreboardExport) // YYYY-MM.xlsx or .csv
	g.pages.GET("/scoreboard/:month/records", s.scoreboardRecordsPage)
	g.pages.POST("/scoreboard/:month/publish", s.scoreboardPublishForm)
	g.pages.POST("/scoreboard/:month/revise", s.scoreboardReviseForm)
	g.pages.GET("/dashboard", s.dashboardPage)

	g.pages.GET("/actions/export.xlsx", s.actionExport)
	g.pages.GET("/actions/export.csv", s.actionExport)
	g.pages.GET("/cases/export.xlsx", s.caseExport)
	g.pages.GET("/cases/export.csv", s.caseExport)
}
