package account

// userAudit is the part of a user the audit log keeps: an allow-list, so
// that a credential field added to User later never reaches the log.
type userAudit struct {
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	UnitID      int64  `json:"unit_id"`
	Role        Role   `json:"role"`
	Email       string `json:"email"`
	Active      bool   `json:"active"`
	Locale      string `json:"locale,omitempty"`
	Version     int    `json:"version"`
}

func (u User) auditView() userAudit {
	return userAudit{Username: u.Username, DisplayName: u.DisplayName, UnitID: u.UnitID, Role: u.Role, Email: u.Email,
		Active: u.Active, Locale: u.Locale, Version: u.Version}
}

// ForHistory returns e as a history shown to non-admins (a meeting's
// "who changed what"): without where from, without the states, and without
// the chain hashes, which are taken over the IP and would let one recover
// it by trying every address.
func (e AuditEntry) ForHistory() AuditEntry {
	e.IP, e.RequestID, e.Before, e.After, e.Seq, e.PrevHash, e.Hash = "", "", "", "", nil, "", ""
	return e
}
