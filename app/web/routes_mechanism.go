package web

// mechanismRoutes registers the justice bureau's requests (提请) for a
// supervision opinion and 区政府's decision on them.
func (s *Server) mechanismRoutes(g routeGroups) {
	g.pages.GET("/opinion-requests", s.opinionRequestsPage)
	g.pages.POST("/opinion-requests", s.opinionRequestCreate)
	g.pages.POST("/opinion-requests/:id/approve", s.opinionRequestApprove)
	g.pages.POST("/opinion-requests/:id/refuse", s.opinionRequestRefuse)
	g.api.GET("/opinion-requests", s.apiOpinionRequestList)
	g.api.POST("/opinion-requests", s.apiOpinionRequestCreate)
	g.api.GET("/opinion-requests/:id", s.apiOpinionRequestGet)
	g.api.POST("/opinion-requests/:id/approve", s.apiOpinionRequestApprove)
	g.api.POST("/opinion-requests/:id/refuse", s.apiOpinionRequestRefuse)
}
