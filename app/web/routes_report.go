package web

// reportRoutes registers the joint 工作通报 of the procuratorate and the
// justice bureau, its activities, print layout and xlsx (issue 16).
func (s *Server) reportRoutes(g routeGroups) {
	g.api.GET("/reports", s.apiReportPeriods)
	g.api.GET("/reports/:period", s.apiReportGet)
	g.api.GET("/report-activities", s.apiActivityList)
	g.api.POST("/report-activities", s.apiActivityCreate)
	g.api.PATCH("/report-activities/:id", s.apiActivityUpdate)
	g.api.DELETE("/report-activities/:id", s.apiActivityDelete)

	g.pages.GET("/reports", s.reportListPage)
	g.pages.POST("/reports/activities", s.activityPageCreate)
	g.pages.POST("/reports/activities/:id", s.activityPageUpdate)
	g.pages.POST("/reports/activities/:id/delete", s.activityPageDelete)
	g.pages.GET("/reports/:period", s.reportPage)
	g.pages.GET("/reports/:period/print", s.reportPrintPage)
	g.pages.GET("/reports/:period/export.xlsx", s.reportExport)
}
