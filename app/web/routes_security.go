package web

// securityRoutes registers the account-security pages and API: second
// factor (TOTP, recovery codes) and the user's own sessions (issue 7).
func (s *Server) securityRoutes(g routeGroups) {}
