package web

// meetingDraftRoutes registers drafts and 发布 (issue 20 item 1): issuing a
// draft, asking for and deciding its approval, and the approval rules.
func (s *Server) meetingDraftRoutes(g routeGroups) {
	g.api.POST("/meetings/:id/publish", s.apiMeetingPublish)
	g.api.POST("/meetings/:id/approval", s.apiMeetingApprovalRequest)
	g.api.POST("/meetings/:id/approval/decision", s.apiMeetingApprovalDecide)
	g.api.GET("/meeting-settings", s.apiMeetingSettings)
	g.api.PUT("/meeting-settings", s.apiMeetingSettingsPut)
	g.pages.POST("/meetings/:id/publish", s.meetingPagePublish)
	g.pages.POST("/meetings/:id/approval", s.meetingPageApprovalRequest)
	g.pages.POST("/meetings/:id/approval/decision", s.meetingPageApprovalDecide)
	g.pages.GET("/admin/meeting-settings", s.meetingSettingsPage)
	g.pages.POST("/admin/meeting-settings", s.meetingSettingsSave)
}
