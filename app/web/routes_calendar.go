package web

// calendarRoutes registers the calendar page and the JSON its FullCalendar
// reads (feeds and invite.ics live elsewhere).
func (s *Server) calendarRoutes(g routeGroups) {
	g.pages.GET("/calendar", s.calendarPage)
	g.pages.GET("/calendar/events", s.calendarEvents)
}
