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

// auditView is what the audit log keeps of an escalation step: every field
// except the free text (comment, documents, handling, result) of a step of a
// sensitive or classified item.
func (e Escalation) auditView(s account.Sensitivity) Escalation {
	if s != account.Ordinary {
		e.Comment, e.Documents, e.Handling, e.Result = "", nil, "", ""
		rs := make([]Recipient, len(e.Recipients))
		for i, r := range e.Recipients {
			r.Handling, r.Result = "", ""
			rs[i] = r
		}
		e.Recipients = rs
	}
	return e
}

// AuditLevel tells the audit log the item's sensitivity
// (account.AuditLeveled).
func (it ActionItem) AuditLevel() account.Sensitivity { return it.Sensitivity }
