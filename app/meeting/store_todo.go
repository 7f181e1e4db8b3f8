package meeting

import (
	"cmp"
	"context"
	"slices"
	"time"

	"liaison/app/apperr"
)

// todoRow is a TodoRow with the window count every 工作台 query carries
// (COUNT(*) OVER ()), so that the count and the first rows take one
// statement.
type todoRow struct {
	TodoRow
	Total int
}

const todoCols = `m.id AS meeting_id, m.kind, m.title, m.sensitivity, m.start_at AS start, m.end_at AS "end", COUNT(*) OVER () AS total`

// ownedBy selects the meetings unit convenes or co-organises.
const ownedBy = `(m.convening_unit_id = ? OR EXISTS (SELECT 1 FROM meeting_units u
	WHERE u.meeting_id = m.id AND u.unit_id = ? AND u.role = 'co_organiser'))`

// undeliveredOf counts the meeting's undelivered messages of its current
// sequence (a later update sends new ones; older failures are moot).
const undeliveredOf = `(SELECT COUNT(*) FROM outbox o WHERE o.meeting_id = m.id
	AND o.status IN ('not_sent', 'failed') AND o.sequence = m.sequence)`

func (s *store) todoList(ctx context.Context, limit int, query string, args ...any) (TodoList, error) {
	var rows []todoRow
	if err := s.conn(ctx).Raw(query, append(args, limit)...).Scan(&rows).Error; err != nil {
		return TodoList{}, apperr.Wrap(err, "db")
	}
	l := TodoList{Rows: make([]TodoRow, len(rows))}
	for i, r := range rows {
		l.Rows[i] = r.TodoRow
		l.Count = r.Total
	}
	return l, nil
}

// todoInvitations: my unanswered invitations to meetings not over yet,
// from meeting_attendees_pending_idx (migration 0021). CROSS JOIN keeps
// SQLite on that order (my few pending rows, then their meetings) rather
// than every meeting not over yet; PostgreSQL plans it as an inner join.
func (s *store) todoInvitations(ctx context.Context, userID int64, now time.Time, limit int) (TodoList, error) {
	return s.todoList(ctx, limit, `SELECT `+todoCols+`, a.answer FROM meeting_attendees a CROSS JOIN meetings m
		WHERE m.id = a.meeting_id AND a.user_id = ? AND a.answer = 'pending' AND m.status = 'scheduled' AND m.series_end_at > ?
		ORDER BY m.start_at, m.id LIMIT ?`, userID, now.UTC())
}

// todoUpcoming: my meetings starting in [from, to), with my answer.
func (s *store) todoUpcoming(ctx context.Context, userID int64, from, to time.Time, limit int) ([]TodoRow, error) {
	l, err := s.todoList(ctx, limit, `SELECT `+todoCols+`, a.answer FROM meeting_attendees a JOIN meetings m ON m.id = a.meeting_id
		WHERE a.user_id = ? AND m.status = 'scheduled' AND m.start_at >= ? AND m.start_at < ?
		ORDER BY m.start_at, m.id LIMIT ?`, userID, from.UTC(), to.UTC())
	return l.Rows, err
}

// todoSignOffs: draft minutes of meetings unit co-organises that it has
// not signed, oldest draft first; from the district's few drafts
// (minutes_draft_idx, migration 0021), not every meeting the unit ever
// co-organised.
func (s *store) todoSignOffs(ctx context.Context, unitID int64, limit int) (TodoList, error) {
	return s.todoList(ctx, limit, `SELECT `+todoCols+`, mi.updated_at AS since FROM minutes mi
		CROSS JOIN meeting_units u CROSS JOIN meetings m
		WHERE u.meeting_id = mi.meeting_id AND m.id = mi.meeting_id AND u.unit_id = ? AND u.role = 'co_organiser' AND mi.status = 'draft' AND m.status = 'scheduled'
		AND NOT EXISTS (SELECT 1 FROM minutes_signoffs so WHERE so.minutes_id = mi.id AND so.unit_id = u.unit_id)
		ORDER BY mi.updated_at, m.id LIMIT ?`, unitID)
}

// todoUndelivered: meetings of unit not over yet with undelivered invitations.
func (s *store) todoUndelivered(ctx context.Context, unitID int64, now time.Time, limit int) (TodoList, error) {
	l, err := s.todoList(ctx, limit, `SELECT `+todoCols+`, `+undeliveredOf+` AS count FROM meetings m
		WHERE m.status = 'scheduled' AND m.series_end_at > ? AND `+ownedBy+` AND `+undeliveredOf+` > 0
		ORDER BY m.start_at, m.id LIMIT ?`, now.UTC(), unitID, unitID)
	return withNeed(l, NeedUndelivered), err
}

// todoNoMinutes: single meetings of unit that ended in [since, cutoff)
// and have no minutes, from meetings_status_end_idx (migration 0021).
func (s *store) todoNoMinutes(ctx context.Context, unitID int64, since, cutoff time.Time, limit int) (TodoList, error) {
	l, err := s.todoList(ctx, limit, `SELECT `+todoCols+` FROM meetings m
		WHERE m.status = 'scheduled' AND m.rrule = '' AND m.end_at >= ? AND m.end_at < ? AND `+ownedBy+`
		AND NOT EXISTS (SELECT 1 FROM minutes mi WHERE mi.meeting_id = m.id)
		ORDER BY m.start_at, m.id LIMIT ?`, since.UTC(), cutoff.UTC(), unitID, unitID)
	return withNeed(l, NeedMinutes), err
}

// todoCheckIn: single meetings of unit that ended in [since, now) with
// accepted attendees not checked in: the roster is still open.
func (s *store) todoCheckIn(ctx context.Context, unitID int64, since, now time.Time, limit int) (TodoList, error) {
	const missing = `(SELECT COUNT(*) FROM meeting_attendees a WHERE a.meeting_id = m.id AND a.user_id IS NOT NULL
		AND a.answer = 'accepted' AND a.checked_in_at IS NULL)`
	l, err := s.todoList(ctx, limit, `SELECT `+todoCols+`, `+missing+` AS count FROM meetings m
		WHERE m.status = 'scheduled' AND m.rrule = '' AND m.end_at >= ? AND m.end_at < ? AND `+ownedBy+` AND `+missing+` > 0
		ORDER BY m.start_at, m.id LIMIT ?`, since.UTC(), now.UTC(), unitID, unitID)
	return withNeed(l, NeedCheckIn), err
}

func withNeed(l TodoList, n TodoNeed) TodoList {
	for i := range l.Rows {
		l.Rows[i].Need = n
	}
	return l
}

// sortRows orders rows by start, then meeting.
func sortRows(rows []TodoRow) {
	slices.SortStableFunc(rows, func(a, b TodoRow) int {
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.MeetingID, b.MeetingID))
	})
}

// todoApprovals: drafts asked for approval whose kind's approver is the
// chair (userID) or a leader of the convening unit (unitID), by start;
// from meetings_status_convening_idx (drafts are few).
func (s *store) todoApprovals(ctx context.Context, userID, unitID int64, asChair, asLeader []Kind, limit int) (TodoList, error) {
	if len(asChair) == 0 {
		asChair = []Kind{""}
	}
	if len(asLeader) == 0 {
		asLeader = []Kind{""}
	}
	return s.todoList(ctx, limit, `SELECT `+todoCols+`, m.updated_at AS since FROM meetings m
		WHERE m.status = ? AND m.approval = ?
		AND ((m.kind IN ? AND m.chair_user_id = ?) OR (m.kind IN ? AND m.convening_unit_id = ?))
		ORDER BY m.start_at, m.id LIMIT ?`, Draft, ApprovalPending, asChair, userID, asLeader, unitID)
}

// todoUnitReplies: issued meetings not started yet whose 回执 deadline is
// before until (coming or passed) and that still have invitees of unit
// who have not answered, with how many; earliest deadline first. From the
// meetings to come (meetings_status_idx: status, start_at), not the unit's history.
func (s *store) todoUnitReplies(ctx context.Context, unitID int64, now, until time.Time, limit int) (TodoList, error) {
	const owed = `(SELECT COUNT(*) FROM meeting_attendees a WHERE a.meeting_id = m.id AND a.unit_id = ?
		AND a.user_id IS NOT NULL AND a.answer = 'pending')`
	return s.todoList(ctx, limit, `SELECT `+todoCols+`, m.reply_by, `+owed+` AS count FROM meetings m
		WHERE m.status = 'scheduled' AND m.start_at > ? AND m.reply_by IS NOT NULL AND m.reply_by < ? AND `+owed+` > 0
		ORDER BY m.reply_by, m.id LIMIT ?`, unitID, now.UTC(), until.UTC(), unitID)
}
