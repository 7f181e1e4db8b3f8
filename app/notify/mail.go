package notify

import (
	"net/mail"
	"strings"

	"liaison/app/apperr"
)

// Mail is one email to one recipient, as a caller hands it to Enqueue.
//
// Contract: callers pass content already redacted for email. Outbox rows are
// kept after sending and shown to admins, so never put the description,
// place, attendees or any other content of a sensitive or classified record
// in Subject, Text, HTML or ICS (calendar.Invite redacts the ICS the same
// way; subjects and bodies must follow its rule).
type Mail struct {
	Kind      string // what the mail is: "invite", "cancel", "reminder", ...
	DedupeKey string // the same key is mailed at most once, ever
	To        string // a bare address: "someone@example.gov.cn"
	ToName    string // display name (RFC 2047-encoded on the wire)
	FromName  string // sender display name; the address is Config.SMTP.From
	Subject   string
	Text      string // the plain-text body (required)
	HTML      string // optional; the escaped text is used when empty
	ICS       []byte // optional iTIP object from calendar.Invite and friends
	// Files are attachments after the calendar (the 会议通知 of an
	// invitation); none on sensitive records.
	Files     []File
	MeetingID int64 // with Sequence, the sent-log key of an invitation
	Sequence  int
	// Link is the record the mail is about ("/documents/3"), so that the
	// person who caused it can see on that record what did not arrive.
	Link string
}

// File is one attached file.
type File struct {
	Name        string // shown to the reader: 会议通知-奎依法办会〔2026〕4号.html
	ContentType string // text/html; charset=UTF-8
	Body        []byte
}

// Validate reports bad input as per-field codes (422).
func (m *Mail) Validate(from string) error {
	f := apperr.Fields{}
	if !ValidEmail(m.To) {
		f.Add("to", "notify.email_invalid")
	}
	if strings.TrimSpace(m.Kind) == "" || len(m.Kind) > 64 {
		f.Add("kind", "notify.kind_invalid")
	}
	if strings.TrimSpace(m.DedupeKey) == "" || len(m.DedupeKey) > 300 {
		f.Add("dedupe_key", "notify.dedupe_key_invalid")
	}
	if strings.TrimSpace(m.Subject) == "" || len([]rune(m.Subject)) > 200 {
		f.Add("subject", "notify.subject_invalid")
	}
	if strings.TrimSpace(m.Text) == "" {
		f.Add("text", "notify.text_required")
	}
	if len(m.ICS) > 0 {
		switch calendarMethod(m.ICS) {
		case "REQUEST", "CANCEL":
			if !organizerOK(m.ICS, from) {
				f.Add("ics", "notify.organizer_mismatch")
			}
		default:
			f.Add("ics", "notify.method_invalid")
		}
	}
	return f.Err()
}

// ValidEmail reports whether s is one bare address (no display name, no
// list), of the kind an SMTP RCPT TO accepts.
func ValidEmail(s string) bool {
	if s == "" || len(s) > 254 || strings.ContainsAny(s, " \t\r\n<>\"") {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	return at > 0 && strings.Contains(s[at+1:], ".") && !strings.HasSuffix(s, ".")
}
