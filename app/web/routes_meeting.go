package web

// meetingRoutes registers the meetings area: the JSON API here, the pages
// in routes_meeting_pages.go.
func (s *Server) meetingRoutes(g routeGroups) {
	api := g.api
	api.GET("/meetings", s.apiMeetingList)
	api.POST("/meetings", s.apiMeetingCreate)
	api.GET("/meetings/events", s.apiMeetingEvents)
	api.POST("/meetings/conflicts", s.apiMeetingConflicts)
	api.GET("/meetings/:id", s.apiMeetingGet)
	api.PATCH("/meetings/:id", s.apiMeetingUpdate)
	api.POST("/meetings/:id/cancel", s.apiMeetingCancel)
	api.GET("/meetings/:id/history", s.apiMeetingHistory)
	api.POST("/meetings/:id/attendees", s.apiMeetingAttendeeAdd)
	api.DELETE("/meetings/:id/attendees/:aid", s.apiMeetingAttendeeRemove)
	api.POST("/meetings/:id/attendees/:aid/check-in", s.apiMeetingCheckIn)
	api.POST("/meetings/:id/check-in", s.apiMeetingSelfCheckIn)
	api.POST("/meetings/:id/rsvp", s.apiMeetingRSVP)
	api.POST("/meetings/:id/agenda", s.apiAgendaAdd)
	api.PUT("/meetings/:id/agenda/order", s.apiAgendaReorder)
	api.PATCH("/meetings/:id/agenda/:iid", s.apiAgendaUpdate)
	api.POST("/meetings/:id/agenda/:iid/move", s.apiAgendaMove)
	api.DELETE("/meetings/:id/agenda/:iid", s.apiAgendaRemove)
	api.PUT("/meetings/:id/minutes", s.apiMinutesSave)
	api.POST("/meetings/:id/minutes/sign-off", s.apiMinutesSignOff)
	api.POST("/meetings/:id/minutes/confirm", s.apiMinutesConfirm)
	api.POST("/meetings/:id/minutes/revisions", s.apiMinutesRevise)
	api.POST("/meetings/:id/minutes/issue", s.apiMinutesIssue)
	api.POST("/meetings/:id/occurrences/cancel", s.apiOccurrenceCancel)
	api.POST("/meetings/:id/occurrences/move", s.apiOccurrenceMove)
	api.GET("/rooms", s.apiRoomList)
	api.POST("/rooms", s.apiRoomCreate)
	api.GET("/rooms/:id", s.apiRoomGet)
	api.PATCH("/rooms/:id", s.apiRoomUpdate)
	api.DELETE("/rooms/:id", s.apiRoomDelete)
	api.GET("/rooms/:id/bookings", s.apiRoomBookings)
	s.meetingPageRoutes(g)
	s.meetingFileRoutes(g)     // h_meeting_files.go
	s.meetingNoticeRoutes(g)   // h_meeting_notice.go
	s.meetingTemplateRoutes(g) // h_meeting_templates_api.go
}
