package web_test

// inboxEvents makes sure the canary's sensitive and classified records went
// through the event channels (in-app notices and their mail), so that the
// scans of notifications and the outbox above really cover announcements
// about those records, not only older kinds of messages.
func (w *canaryWriter) inboxEvents() {
	var kinds []string
	err := w.e.DB.Conn(w.e.Ctx()).Raw(`SELECT DISTINCT n.kind FROM notifications n JOIN notify_events v ON v.kind = n.kind
		WHERE n.kind <> '' ORDER BY n.kind`).Scan(&kinds).Error
	if err != nil {
		w.t.Fatal(err)
	}
	var mails int64
	if err := w.e.DB.Conn(w.e.Ctx()).Raw(`SELECT COUNT(*) FROM outbox WHERE kind LIKE 'event.%'`).Scan(&mails).Error; err != nil {
		w.t.Fatal(err)
	}
	need := []string{"action.assigned", "document.received", "meeting.invited", "minutes.confirmed"}
	for _, k := range need {
		found := false
		for _, g := range kinds {
			found = found || g == k
		}
		if !found {
			w.t.Errorf("no %s notification: the canary's records did not go through the inbox (kinds seen: %v)", k, kinds)
		}
	}
	if mails == 0 {
		w.t.Error("no event mail in the outbox: the mail channel of announcements was not exercised")
	}
}
