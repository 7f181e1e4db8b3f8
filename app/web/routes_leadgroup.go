package web

// leadGroupRoutes registers the 领导小组 roster (issue 16): read by every
// signed-in user, kept by administrators.
func (s *Server) leadGroupRoutes(g routeGroups) {
	g.api.GET("/leading-group", s.apiLeadGroupList)
	g.api.POST("/leading-group", s.apiLeadGroupAdd)
	g.api.PATCH("/leading-group/:id", s.apiLeadGroupUpdate)
	g.api.DELETE("/leading-group/:id", s.apiLeadGroupRemove)

	g.pages.GET("/admin/leading-group", s.leadGroupPage)
	g.pages.POST("/admin/leading-group", s.leadGroupPageAdd)
	g.pages.POST("/admin/leading-group/:id/delete", s.leadGroupPageRemove)
}
