package followup

import "liaison/app/account"

// auditView is what the audit log keeps of an action item as its before or
// after state: every field except the title of a sensitive or classified
// item.
func (it ActionItem) auditView() ActionItem {
	if it.Sensitivity != account.Ordinary {
		it.Title = ""
	}
	return it
}
