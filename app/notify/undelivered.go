package notify

import "context"

// Undelivered counts what did not reach its recipients for one record, so
// that the person who caused the messages sees it there (no silent
// failure). NotConfigured were recorded while nothing could send them (no
// SMTP server, a disabled channel); GaveUp failed every automatic attempt;
// Retrying failed at least once and will be tried again.
type Undelivered struct {
	NotConfigured int `json:"not_configured"`
	GaveUp        int `json:"gave_up"`
	Retrying      int `json:"retrying"`
	// Messages is set for a record other than a meeting: its mail are
	// notices, not invitations, and the banner says so.
	Messages bool `json:"-"`
}

// MessageKey is the banner's message for one cause ("not_configured",
// "gave_up", "retrying"), worded for invitations or for notices.
func (u Undelivered) MessageKey(cause string) string {
	if u.Messages {
		return "notify.undelivered_" + cause + "_messages"
	}
	return "notify.undelivered_" + cause
}

// Total is every message that has not arrived.
func (u Undelivered) Total() int { return u.NotConfigured + u.GaveUp + u.Retrying }

// UndeliveredForMeeting counts the meeting's undelivered mail (one query).
func (s *Service) UndeliveredForMeeting(ctx context.Context, meetingID int64) (Undelivered, error) {
	return s.st.undelivered(ctx, "meeting_id = ?", meetingID)
}

// UndeliveredForLink counts the undelivered messages about the record at
// link ("/actions/5"): the mail of its announcements and its unit channel
// messages; one query (outbox_link_idx).
func (s *Service) UndeliveredForLink(ctx context.Context, link string) (Undelivered, error) {
	if link == "" {
		return Undelivered{}, nil
	}
	return s.st.undelivered(ctx, "link = ?", link)
}
