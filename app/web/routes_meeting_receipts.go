package web

// meetingReceiptRoutes registers the 回执 table (issue 20 item 3).
func (s *Server) meetingReceiptRoutes(g routeGroups) {
	g.api.GET("/meetings/:id/receipts", s.apiMeetingReceipts)
	g.pages.GET("/meetings/:id/receipts.xlsx", s.meetingReceiptsExport)
	g.api.POST("/meetings/:id/attendees/:aid/rsvp", s.apiMeetingRSVPFor)
	g.pages.POST("/meetings/:id/attendees/:aid/rsvp", s.meetingPageRSVPFor) // 本单位回执
}
