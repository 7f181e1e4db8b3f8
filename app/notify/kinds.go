package notify

// Kind describes one kind of event a person is told about.
type Kind struct {
	Name string // "action.assigned"; also the i18n suffix of its label
	// ActOn events ask the person to do something: their in-app
	// notification cannot be turned off, only mail added.
	ActOn bool
	// Email is the default of the mail channel when the person chose nothing.
	Email bool
}

// The event kinds, in the order the preferences page lists them.
var Kinds = []Kind{
	{Name: "meeting.invited", ActOn: true},
	{Name: "meeting.changed"},
	{Name: "meeting.cancelled"},
	{Name: "meeting.delegated", ActOn: true},
	{Name: "meeting.reminder", Email: true},
	{Name: "meeting.approval_requested", ActOn: true, Email: true},
	{Name: "meeting.approval_decided", ActOn: true},
	{Name: "meeting.reply_due", ActOn: true, Email: true},     // 回执 deadline near (issue 20 item 3)
	{Name: "meeting.reply_overdue", ActOn: true, Email: true}, // the unit's people missed it
	{Name: "minutes.signoff", ActOn: true},
	{Name: "minutes.confirmed"},
	{Name: "action.assigned", ActOn: true, Email: true},
	{Name: "action.due_soon", ActOn: true, Email: true},
	{Name: "action.due_today", ActOn: true, Email: true},
	{Name: "action.overdue", ActOn: true, Email: true},
	{Name: "action.answered", ActOn: true},
	{Name: "action.returned", ActOn: true, Email: true},
	{Name: "action.verified"},
	{Name: "action.revisited", ActOn: true},
	{Name: "document.received", ActOn: true, Email: true},
	{Name: "document.signed"},
	{Name: "case.notified", ActOn: true, Email: true},
	{Name: "case.read"},
	{Name: "escalation.opened", ActOn: true, Email: true},
	{Name: "escalation.handled"},
	{Name: "scoreboard.published"},
	{Name: "scoreboard.revised"},
}

// KindOf returns the kind named name.
func KindOf(name string) (Kind, bool) {
	for _, k := range Kinds {
		if k.Name == name {
			return k, true
		}
	}
	return Kind{}, false
}
