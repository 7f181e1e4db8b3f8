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
}

// Total is every message that has not arrived.
func (u Undelivered) Total() int { return u.NotConfigured + u.GaveUp + u.Retrying }

// UndeliveredForMeeting counts the meeting's undelivered mail (one query).
func (s *Service) UndeliveredForMeeting(ctx context.Context, meetingID int64) (Undelivered, error) {
	return s.st.undelivered(ctx, "meeting_id = ?", meetingID)
}

// UndeliveredForLink counts the undelivered channel messages about the
// record at link, the path SendToUnits was given ("/actions/5"); one query.
func (s *Service) UndeliveredForLink(ctx context.Context, link string) (Undelivered, error) {
	if link == "" {
		return Undelivered{}, nil
	}
	return s.st.undelivered(ctx, "link = ?", link)
}
