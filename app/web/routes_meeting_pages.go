package web

// meetingPageRoutes registers the meeting pages: every form posts and
// answers 303 (or, for htmx, the page fragment).
func (s *Server) meetingPageRoutes(g routeGroups) {
	p := g.pages
	p.GET("/meetings", s.meetingPageList)
	p.GET("/meetings/new", s.meetingPageNew)
	p.POST("/meetings", s.meetingPageCreate)
	p.GET("/meetings/:id", s.meetingPageShow)
	p.GET("/meetings/:id/edit", s.meetingPageEdit)
	p.POST("/meetings/:id", s.meetingPageUpdate)
	p.POST("/meetings/:id/cancel", s.meetingPageCancel)
	p.POST("/meetings/:id/rsvp", s.meetingPageRSVP)
	p.POST("/meetings/:id/attendees", s.meetingPageInvite)
	p.POST("/meetings/:id/attendees/:aid/remove", s.meetingPageUninvite)
	p.POST("/meetings/:id/attendees/:aid/checkin", s.meetingPageCheckIn)
	p.POST("/meetings/:id/agenda", s.meetingPageAgendaAdd)
	p.POST("/meetings/:id/agenda/:iid", s.meetingPageAgendaUpdate)
	p.POST("/meetings/:id/agenda/:iid/move", s.meetingPageAgendaMove)
	p.POST("/meetings/:id/agenda/:iid/remove", s.meetingPageAgendaRemove)
	p.POST("/meetings/:id/minutes", s.meetingPageMinutesSave)
	p.POST("/meetings/:id/minutes/sign-off", s.meetingPageMinutesStep("sign-off"))
	p.POST("/meetings/:id/minutes/confirm", s.meetingPageMinutesStep("confirm"))
	p.POST("/meetings/:id/minutes/revisions", s.meetingPageMinutesRevise)
	p.POST("/meetings/:id/minutes/issue", s.meetingPageMinutesIssue)
	p.GET("/meetings/:id/minutes/print", s.meetingPageMinutesPrint)
	p.POST("/meetings/:id/occurrences/cancel", s.meetingPageOccurrence(true))
	p.POST("/meetings/:id/occurrences/move", s.meetingPageOccurrence(false))
	p.GET("/meetings/:id/roster", s.meetingPageRoster)
	p.GET("/meetings/:id/checkin-qr", s.meetingPageQR)
	p.GET("/meetings/:id/checkin-qr.png", s.meetingPageQRImage)
	p.GET("/meetings/:id/checkin", s.meetingPageSelfCheckInForm)
	p.POST("/meetings/:id/checkin", s.meetingPageSelfCheckIn)
	p.GET("/meetings/:id/sheet", s.meetingPageSheet)
	p.GET("/meetings/:id/attendance.xlsx", s.meetingAttendanceExport)
	p.GET("/meetings/:id/attendance.csv", s.meetingAttendanceExport)
}
