package subscribe

import (
	"context"
	"time"

	"liaison/app/apperr"
	"liaison/app/meeting"
)

// replyRow is one invitee who owes a 回执 of a meeting whose deadline is
// near or past (remind_reply.go).
type replyRow struct {
	ID          int64
	Title       string
	Sensitivity string
	ReplyBy     time.Time
	UserID      int64
	UnitID      int64
}

// ReplyCandidates returns the unanswered invitees with an account of
// issued meetings still to start (after now) whose reply_by is at or
// before until, by meeting and unit.
func (s *store) ReplyCandidates(ctx context.Context, now, until time.Time) ([]replyRow, error) {
	var rows []replyRow
	err := s.conn(ctx).Raw(`SELECT m.id, m.title, m.sensitivity, m.reply_by, a.user_id, a.unit_id
		FROM meetings m JOIN meeting_attendees a ON a.meeting_id = m.id JOIN users u ON u.id = a.user_id
		WHERE `+meeting.SQLHeld("m")+` AND m.reply_by IS NOT NULL AND m.reply_by <= ? AND m.start_at > ?
		AND `+meeting.SQLUnanswered("a")+` AND a.unit_id IS NOT NULL AND u.active = ?
		ORDER BY m.id, a.unit_id, a.user_id`, until.UTC(), now.UTC(), true).Scan(&rows).Error
	return rows, apperr.Wrap(err, "db")
}
