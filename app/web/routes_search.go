package web

// searchRoutes registers the word search (issue 20 item 6).
func (s *Server) searchRoutes(g routeGroups) {
	g.api.GET("/search", s.apiSearch)
	g.pages.GET("/search", s.searchPage)
}
