package web

// securityRoutes registers the account-security pages and API: second
// factor (TOTP, recovery codes) and the user's own sessions (issue 7).
func (s *Server) securityRoutes(g routeGroups) {
	g.app.GET(secondFactorPage, s.secondFactorForm)
	g.app.POST(secondFactorPage, s.secondFactorSubmit)

	g.pages.GET("/me/security", s.securityPage)
	g.pages.POST("/me/security/password", s.securityPassword)
	g.pages.POST("/me/security/sessions/:sid/end", s.securitySessionEnd)
	g.pages.POST("/me/security/sessions/end-others", s.securitySessionsEndOthers)
	g.pages.GET(enrolPage, s.securityTOTP)
	g.pages.POST(enrolPage+"/confirm", s.securityTOTPConfirm)
	g.pages.POST(enrolPage+"/verify", s.securityTOTPVerify)
	g.pages.POST("/me/security/totp-disable", s.securityTOTPDisable)
	g.pages.POST("/me/security/totp-replace", s.securityTOTPReplace)
	g.pages.POST("/me/security/recovery-codes", s.securityRecoveryCodes)
	g.pages.POST("/admin/users/:id/totp/reset", s.adminUserTOTPReset)

	g.api.GET("/me/security", s.apiMySecurity)
	g.api.GET("/me/sessions", s.apiMySessions)
	g.api.POST("/me/sessions/:sid/end", s.apiMySessionEnd)
	g.api.POST("/me/sessions/end-others", s.apiMySessionsEndOthers)
	g.api.POST("/me/password", s.apiMyPassword)
	g.api.POST("/me/totp/enrol", s.apiTOTPEnrol)
	g.api.POST("/me/totp/confirm", s.apiTOTPConfirm)
	g.api.POST("/me/totp/disable", s.apiTOTPDisable)
	g.api.POST("/me/totp/replace", s.apiTOTPReplace)
	g.api.POST("/me/recovery-codes", s.apiRecoveryCodes)
	g.api.GET("/users/:id/sessions", s.apiUserSessions)
	g.api.POST("/users/:id/totp/reset", s.apiUserTOTPReset)
}
