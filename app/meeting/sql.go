package meeting

// Other areas read the meetings tables in their own queries where speed
// asks for it (the feeds, reminders, the scoreboard, the 工作通报). They take
// the conditions from here, written with this package's constants, so
// renaming a state cannot silently break them; sql_test.go runs each
// against rows of every state.

// SQLHeld is the condition, on meetings aliased alias, of a meeting that
// holds its time: issued (not a draft) and not cancelled.
func SQLHeld(alias string) string { return alias + ".status = '" + string(Scheduled) + "'" }

// SQLAttends is the condition, on meeting_attendees aliased alias, of an
// invitee who is expected: neither declined nor delegated to someone else.
func SQLAttends(alias string) string {
	return alias + ".answer NOT IN ('" + string(Declined) + "', '" + string(Delegated) + "')"
}
