package web

// actionRoutes registers action items (督办事项) and the working-day calendar.
func (s *Server) actionRoutes(g routeGroups) {
	g.pages.GET("/actions", s.actionsPage)
	g.pages.GET("/actions/:id", s.actionPage)
	g.pages.GET("/actions/:id/print", s.actionPrint)
	g.pages.POST("/actions/:id/feedback", s.actionFeedbackSubmit, s.uploadRoute("POST", "/actions/:id/feedback"))
	g.pages.GET("/actions/:id/files/:fid", s.actionFileDownload)
	g.pages.POST("/actions/:id/verify", s.actionVerifySubmit)
	g.pages.POST("/actions/:id/escalate", s.actionEscalateSubmit)
	g.pages.POST("/actions/:id/escalations/:step/handling", s.actionHandlingSubmit)
	g.pages.GET("/admin/holidays", s.holidaysPage)
	g.pages.POST("/admin/holidays", s.holidaysSubmit)

	g.api.GET("/actions", s.apiActionList)
	g.api.GET("/actions/:id", s.apiActionGet)
	g.api.POST("/actions/:id/feedback", s.apiActionFeedback, s.uploadRoute("POST", "/api/v1/actions/:id/feedback"))
	g.api.GET("/actions/:id/files/:fid", s.actionFileDownload)
	g.api.POST("/actions/:id/verify", s.apiActionVerify)
	g.api.POST("/actions/:id/escalate", s.apiActionEscalate)
	g.api.POST("/actions/:id/escalations/:step/handling", s.apiActionHandling)
	g.api.GET("/workdays/add", s.apiWorkdaysAdd)
	g.api.GET("/workdays/years", s.apiHolidayYears)
	g.api.PUT("/workdays/years/:year", s.apiHolidayYearPut)
	g.api.DELETE("/workdays/years/:year", s.apiHolidayYearDelete)
}
