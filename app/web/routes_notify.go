package web

// notifyRoutes registers notifications and the admin outbox.
func (s *Server) notifyRoutes(g routeGroups) {
	g.api.GET("/me/notifications", s.apiNotificationList)
	g.api.GET("/me/notifications/unread_count", s.apiNotificationUnread)
	g.api.POST("/me/notifications/:id/read", s.apiNotificationRead)
	g.api.POST("/me/notifications/read", s.apiNotificationReadAll)
	g.api.GET("/me/notification_prefs", s.apiNotificationPrefs)
	g.api.PUT("/me/notification_prefs", s.apiNotificationPrefsPut)
	g.api.GET("/admin/outbox", s.apiOutboxList)
	g.api.POST("/admin/outbox/:id/retry", s.apiOutboxRetry)
	g.pages.GET("/notifications", s.notificationsPage)
	g.pages.POST("/notifications/read", s.notificationsReadAll)
	g.pages.POST("/notifications/:id/read", s.notificationRead)
	g.pages.GET("/notifications/settings", s.notificationSettingsPage)
	g.pages.POST("/notifications/settings", s.notificationSettingsSave)
	g.pages.GET("/admin/outbox", s.adminOutbox)
	g.pages.POST("/admin/outbox/:id/retry", s.adminOutboxRetry)
	g.pages.GET("/admin/imip", s.adminIMIP) // calendar replies read from the organizer mailbox
	g.api.GET("/admin/units/:id/channels", s.apiUnitChannels)
	g.api.PUT("/admin/units/:id/channels/:kind", s.apiUnitChannelSave)
	g.api.POST("/admin/units/:id/channels/:kind/test", s.apiUnitChannelTest)
	g.pages.POST("/admin/units/:id/channels/:kind", s.adminUnitChannelSave)
	g.pages.POST("/admin/units/:id/channels/:kind/test", s.adminUnitChannelTest)
	g.api.DELETE("/admin/units/:id/channels/:kind", s.apiUnitChannelDelete)
	g.pages.POST("/admin/units/:id/channels/:kind/delete", s.adminUnitChannelDelete)
}
