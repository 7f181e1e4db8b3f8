package casefile

import "liaison/app/account"

// auditView is what the audit log keeps of a case as its before or after
// state: every field, except the free text (title, summary, paper file
// holder) of a sensitive or classified case, which stays in the register.
func (c Case) auditView() Case {
	if c.Sensitivity != account.Ordinary {
		c.Title, c.Summary, c.PaperFileHolder = "", "", ""
	}
	return c
}

// auditView is what the audit log keeps of a document: every field except
// the title of a sensitive or classified one.
func (d Document) auditView() Document {
	if d.Sensitivity != account.Ordinary {
		d.Title = ""
	}
	return d
}

// AuditLevel tells the audit log the record's sensitivity
// (account.AuditLeveled).
func (c Case) AuditLevel() account.Sensitivity { return c.Sensitivity }

// AuditLevel tells the audit log the document's sensitivity.
func (d Document) AuditLevel() account.Sensitivity { return d.Sensitivity }
