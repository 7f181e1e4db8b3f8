package web

// caseRoutes registers the case register: cases, notifications, case
// types and timers, and supervision documents with their scans.
func (s *Server) caseRoutes(g routeGroups) {
	upload := bodyLimit(s.Config.UploadLimit) // scans exceed the ordinary body limit

	g.api.GET("/cases", s.apiCaseList)
	g.api.POST("/cases", s.apiCaseCreate)
	g.api.GET("/cases/:id", s.apiCaseGet)
	g.api.PATCH("/cases/:id", s.apiCaseUpdate)
	g.api.POST("/cases/:id/stage", s.apiCaseStage)
	g.api.GET("/cases/:id/notifications", s.apiCaseNotifications)
	g.api.POST("/cases/:id/notifications", s.apiCaseNotify)
	g.api.POST("/cases/:id/notifications/:nid/read", s.apiCaseNotificationRead)
	g.api.GET("/case-types", s.apiCaseTypes)
	g.api.POST("/case-types", s.apiCaseTypeCreate)
	g.api.PATCH("/case-types/:id", s.apiCaseTypeUpdate)
	g.api.GET("/case-settings", s.apiCaseSettings)
	g.api.PUT("/case-settings", s.apiCaseSettingsPut)
	g.api.GET("/documents", s.apiDocumentList)
	g.api.POST("/documents", s.apiDocumentCreate)
	g.api.GET("/documents/:id", s.apiDocumentGet)
	g.api.POST("/documents/:id/files", s.apiDocumentUpload, upload)
	g.api.GET("/documents/:id/files/:fid", s.documentDownload)

	g.pages.GET("/cases", s.casePageList)
	g.pages.GET("/cases/new", s.casePageNew)
	g.pages.POST("/cases", s.casePageCreate)
	g.pages.GET("/cases/types", s.caseTypesPage)
	g.pages.POST("/cases/types", s.caseTypesCreate)
	g.pages.POST("/cases/types/:id", s.caseTypesToggle)
	g.pages.POST("/cases/settings", s.caseSettingsSave)
	g.pages.GET("/cases/:id", s.casePageShow)
	g.pages.GET("/cases/:id/edit", s.casePageEdit)
	g.pages.POST("/cases/:id/edit", s.casePageUpdate)
	g.pages.POST("/cases/:id/stage", s.casePageStage)
	g.pages.POST("/cases/:id/notifications", s.casePageNotify)
	g.pages.POST("/cases/:id/notifications/:nid/read", s.casePageRead)
	g.pages.GET("/documents", s.documentPageList)
	g.pages.GET("/documents/new", s.documentPageNew)
	g.pages.POST("/documents", s.documentPageCreate)
	g.pages.GET("/documents/:id", s.documentPageShow)
	g.pages.POST("/documents/:id/files", s.documentPageUpload, upload)
	g.pages.GET("/documents/:id/files/:fid", s.documentDownload)
}
