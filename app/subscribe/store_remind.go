package subscribe

import (
	"context"
	"time"

	"liaison/app/apperr"
	"liaison/app/meeting"
)

// reminderRow is one invitee of a meeting that may need a reminder.
type reminderRow struct {
	M         meetingRow `gorm:"embedded"`
	UserID    int64
	UserEmail string
	UserName  string
}

// ReminderCandidates returns the (meeting, invitee) pairs of meetings that
// start before until and have not ended, for invitees with an account who
// did not decline: one query, plus one for the overrides.
func (s *store) ReminderCandidates(ctx context.Context, now, until time.Time) ([]reminderRow, map[int64][]occurrenceRow, error) {
	var rows []reminderRow
	err := s.conn(ctx).Raw(`SELECT `+meetingCols+`, a.user_id, u.email AS user_email, u.display_name AS user_name`+meetingFrom+`
		JOIN meeting_attendees a ON a.meeting_id = m.id JOIN users u ON u.id = a.user_id
		WHERE `+meeting.SQLHeld("m")+` AND m.series_end_at >= ? AND m.start_at <= ?
		AND `+meeting.SQLAttends("a")+` AND u.active = ?
		ORDER BY m.id, a.user_id`, now.UTC(), until.UTC(), true).Scan(&rows).Error
	if err != nil {
		return nil, nil, apperr.Wrap(err, "db")
	}
	ov := map[int64][]occurrenceRow{}
	var ids []int64
	for i, r := range rows {
		if i == 0 || rows[i-1].M.ID != r.M.ID {
			ids = append(ids, r.M.ID)
		}
	}
	if len(ids) == 0 {
		return rows, ov, nil
	}
	var os []occurrenceRow
	err = s.conn(ctx).Raw(`SELECT meeting_id, original_start, status, start_at, end_at, sequence FROM meeting_occurrences
		WHERE meeting_id IN ? ORDER BY meeting_id, original_start`, ids).Scan(&os).Error
	for _, o := range os {
		ov[o.MeetingID] = append(ov[o.MeetingID], o)
	}
	return rows, ov, apperr.Wrap(err, "db")
}

// dueAction is an open action item near or past its due date.
type dueAction struct {
	ID                int64
	Title             string
	DueOn             string
	Sensitivity       string
	ResponsibleUnitID int64
	OwnerUserID       *int64
}

// DueActions returns open items due in [from, to].
func (s *store) DueActions(ctx context.Context, from, to string) ([]dueAction, error) {
	var rows []dueAction
	err := s.conn(ctx).Raw(`SELECT id, title, due_on, sensitivity, responsible_unit_id, owner_user_id FROM action_items
		WHERE status IN ? AND due_on >= ? AND due_on <= ? ORDER BY id`, openStatuses, from, to).Scan(&rows).Error
	return rows, apperr.Wrap(err, "db")
}
