package subscribe

import (
	"context"
	"strings"
	"time"

	"liaison/app/apperr"
	"liaison/app/db"
	"liaison/app/meeting"
)

// The read model over meetings, attendees, overrides and action items.
// Every feed is answered from a fixed number of indexed queries whatever
// its size: a fingerprint (one aggregate), the meetings (one), their
// overrides (one, by the same condition) and the open action items (one).

// meetingRow is what a calendar entry needs of a meeting.
type meetingRow struct {
	ID              int64
	UID             string
	Sequence        int // the meeting's own; see SeqOffset
	SeqOffset       int // invite_sequences.bump: published SEQUENCE = Sequence + SeqOffset (reconcile.go)
	Status          string
	Title           string
	Description     string
	Sensitivity     string
	ConveningUnitID int64
	UnitName        string
	Location        string
	OnlineURL       string
	RoomName        string
	StartAt         time.Time
	EndAt           time.Time
	SeriesEndAt     time.Time
	RRule           string `gorm:"column:rrule"`
	CreatedAt       time.Time
	UpdatedAt       time.Time
	CancelReason    string
}

// occurrenceRow is an override of one occurrence.
type occurrenceRow struct {
	MeetingID     int64
	OriginalStart time.Time
	Status        string
	StartAt       time.Time
	EndAt         time.Time
	Sequence      int
}

// actionRow is an open action item of a unit.
type actionRow struct {
	ID          int64
	Title       string
	DueOn       string
	Sensitivity string
	Status      string
	UpdatedAt   time.Time
}

// openStatuses are the action item states still awaiting the unit.
var openStatuses = []string{"open", "in_progress", "returned", "overdue"}

const meetingCols = `m.id, m.uid, m.sequence, m.status, m.title, m.description, m.sensitivity, m.convening_unit_id,
	COALESCE(cu.name, '') AS unit_name, m.location, m.online_url, COALESCE(r.name, '') AS room_name,
	m.start_at, m.end_at, m.series_end_at, m.rrule, m.created_at, m.updated_at, COALESCE(b.bump, 0) AS seq_offset,
	m.cancel_reason`

const meetingFrom = ` FROM meetings m LEFT JOIN rooms r ON r.id = m.room_id LEFT JOIN units cu ON cu.id = m.convening_unit_id
	LEFT JOIN invite_sequences b ON b.meeting_id = m.id `

// feedScope is the WHERE clause selecting a feed's meetings: a user's
// (invited, not declined nor delegated) or a unit's (convenes, co-organises,
// is inspected or attends); cancelled ones, drafts (草稿) and those long
// past are left out.
func feedScope(o feedOwner, since time.Time) (string, []any) {
	base := meeting.SQLHeld("m") + ` AND m.series_end_at >= ? AND `
	if o.UnitID != nil {
		u := *o.UnitID
		return base + `(m.convening_unit_id = ?
			OR EXISTS (SELECT 1 FROM meeting_units mu WHERE mu.meeting_id = m.id AND mu.unit_id = ?)
			OR EXISTS (SELECT 1 FROM meeting_attendees ma WHERE ma.meeting_id = m.id AND ma.unit_id = ?))`,
			[]any{since.UTC(), u, u, u}
	}
	return base + `EXISTS (SELECT 1 FROM meeting_attendees ma WHERE ma.meeting_id = m.id AND ma.user_id = ?
		AND ` + meeting.SQLAttends("ma") + `)`, []any{since.UTC(), *o.UserID}
}

// fingerprint is a cheap summary that changes whenever the feed's content
// may: which meetings (count, sum of ids), their last change (max updated
// time, which every meeting change bumps, and the rooms' names), and the
// same for the action items.
type fingerprint struct {
	N, IDs, Seq         int64
	MaxUpdated, MaxRoom string
	AN, AIDs            int64
	AMax                string
}

// Fingerprint computes the summary in one query.
func (s *store) Fingerprint(ctx context.Context, o feedOwner, since time.Time, unitID int64, dueSince string) (fingerprint, error) {
	q, args := fingerprintQuery(o, since, unitID, dueSince)
	var f fingerprint
	err := s.conn(ctx).Raw(q, args...).Scan(&f).Error
	return f, apperr.Wrap(err, "db")
}

// fingerprintQuery is the fingerprint's SELECT (one row) and its arguments.
func fingerprintQuery(o feedOwner, since time.Time, unitID int64, dueSince string) (string, []any) {
	where, args := feedScope(o, since)
	q := `SELECT COUNT(m.id) AS n, COALESCE(SUM(m.id), 0) AS ids, COALESCE(SUM(m.sequence + COALESCE(b.bump, 0)), 0) AS seq,
		COALESCE(CAST(MAX(m.updated_at) AS TEXT), '') AS max_updated, COALESCE(CAST(MAX(r.updated_at) AS TEXT), '') AS max_room,
		(SELECT COUNT(*) FROM action_items a WHERE a.responsible_unit_id = ? AND a.status IN ? AND a.due_on >= ?) AS a_n,
		(SELECT COALESCE(SUM(a.id), 0) FROM action_items a WHERE a.responsible_unit_id = ? AND a.status IN ? AND a.due_on >= ?) AS a_ids,
		(SELECT COALESCE(CAST(MAX(a.updated_at) AS TEXT), '') FROM action_items a WHERE a.responsible_unit_id = ? AND a.status IN ? AND a.due_on >= ?) AS a_max
		FROM meetings m LEFT JOIN rooms r ON r.id = m.room_id LEFT JOIN invite_sequences b ON b.meeting_id = m.id WHERE ` + where
	aa := []any{unitID, openStatuses, dueSince}
	return q, append(append(append(append([]any{}, aa...), aa...), aa...), args...)
}

// OwnerFingerprint is Owner and Fingerprint in one query: the owner of
// the token hashed hash (found false when there is none) and the
// fingerprint of the feed scoped as prev, the owner the token had when last
// resolved (the caller checks that the scope is still the same). The owner
// part repeats Owner's SELECT.
func (s *store) OwnerFingerprint(ctx context.Context, hash string, prev feedOwner, since time.Time, unitID int64, dueSince string) (feedOwner, fingerprint, bool, error) {
	fq, fargs := fingerprintQuery(prev, since, unitID, dueSince)
	// Exported names, so that GORM fills the embedded fields.
	type Owner = feedOwner
	type Fingerprint = fingerprint
	var row struct {
		Owner
		Fingerprint
	}
	err := s.conn(ctx).Raw(`SELECT o.*, f.* FROM (SELECT t.id AS token_id, t.token_hash, t.salt, t.user_id, t.unit_id,
		COALESCE(us.active, FALSE) AS user_active, COALESCE(us.display_name, '') AS user_name, COALESCE(us.unit_id, 0) AS user_unit_id,
		COALESCE(un.name, '') AS unit_name, COALESCE(un.active, FALSE) AS unit_active
		FROM feed_tokens t
		LEFT JOIN users us ON us.id = t.user_id
		LEFT JOIN units un ON un.id = COALESCE(t.unit_id, us.unit_id)
		WHERE t.token_hash = ?) o CROSS JOIN (`+fq+`) f`, append([]any{hash}, fargs...)...).Scan(&row).Error
	if err != nil {
		return feedOwner{}, fingerprint{}, false, apperr.Wrap(err, "db")
	}
	return row.Owner, row.Fingerprint, row.TokenID != 0, nil
}

// FeedMeetings returns a feed's meetings and their overrides: two queries.
func (s *store) FeedMeetings(ctx context.Context, o feedOwner, since time.Time) ([]meetingRow, map[int64][]occurrenceRow, error) {
	where, args := feedScope(o, since)
	// On SQLite a plain ORDER BY start_at makes the planner walk every
	// meeting ever in start order (linear in history); the unary + stops it
	// using that index for the order, so it picks the window's index and
	// sorts the few hundred rows. PostgreSQL plans this well as it is.
	order := ` ORDER BY m.start_at, m.id`
	if s.db.Dialect == db.SQLite {
		order = ` ORDER BY +m.start_at, m.id`
	}
	var ms []meetingRow
	if err := s.conn(ctx).Raw(`SELECT `+meetingCols+meetingFrom+`WHERE `+where+order, args...).Scan(&ms).Error; err != nil {
		return nil, nil, apperr.Wrap(err, "db")
	}
	ov := map[int64][]occurrenceRow{}
	if len(ms) == 0 {
		return ms, ov, nil
	}
	var rows []occurrenceRow
	err := s.conn(ctx).Raw(`SELECT o.meeting_id, o.original_start, o.status, o.start_at, o.end_at, o.sequence
		FROM meeting_occurrences o WHERE o.meeting_id IN (SELECT m.id FROM meetings m WHERE `+where+`)
		ORDER BY o.meeting_id, o.original_start`, args...).Scan(&rows).Error
	if err != nil {
		return nil, nil, apperr.Wrap(err, "db")
	}
	for _, r := range rows {
		ov[r.MeetingID] = append(ov[r.MeetingID], r)
	}
	return ms, ov, nil
}

// OpenActions returns a unit's open action items due on or after dueSince.
func (s *store) OpenActions(ctx context.Context, unitID int64, dueSince string) ([]actionRow, error) {
	var rows []actionRow
	err := s.conn(ctx).Raw(`SELECT id, title, due_on, sensitivity, status, updated_at FROM action_items
		WHERE responsible_unit_id = ? AND status IN ? AND due_on >= ? ORDER BY due_on, id`, unitID, openStatuses, dueSince).Scan(&rows).Error
	return rows, apperr.Wrap(err, "db")
}

// MeetingsByIDs loads meetings for the reconciler, with their overrides.
func (s *store) MeetingsByIDs(ctx context.Context, ids []int64) ([]meetingRow, map[int64][]occurrenceRow, error) {
	ov := map[int64][]occurrenceRow{}
	if len(ids) == 0 {
		return nil, ov, nil
	}
	var ms []meetingRow
	if err := s.conn(ctx).Raw(`SELECT `+meetingCols+meetingFrom+`WHERE m.id IN ? ORDER BY m.id`, ids).Scan(&ms).Error; err != nil {
		return nil, nil, apperr.Wrap(err, "db")
	}
	var rows []occurrenceRow
	err := s.conn(ctx).Raw(`SELECT meeting_id, original_start, status, start_at, end_at, sequence FROM meeting_occurrences
		WHERE meeting_id IN ? ORDER BY meeting_id, original_start`, ids).Scan(&rows).Error
	if err != nil {
		return nil, nil, apperr.Wrap(err, "db")
	}
	for _, r := range rows {
		ov[r.MeetingID] = append(ov[r.MeetingID], r)
	}
	return ms, ov, nil
}

// attendeeRow is an invitee as invitations need it.
type attendeeRow struct {
	ID        int64
	MeetingID int64
	UserID    *int64
	Name      string
	Email     string
	Role      string
	Answer    string
	// DelegateUserID is whom this attendee delegated to (Answer delegated).
	DelegateUserID *int64
}

// Attendees loads the attendees of many meetings in one query.
func (s *store) Attendees(ctx context.Context, ids []int64) (map[int64][]attendeeRow, error) {
	out := map[int64][]attendeeRow{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []attendeeRow
	err := s.conn(ctx).Raw(`SELECT a.id, a.meeting_id, a.user_id, a.name, a.email, a.role, a.answer, a.delegate_user_id
		FROM meeting_attendees a LEFT JOIN users u ON u.id = a.user_id
		WHERE a.meeting_id IN ? AND (a.user_id IS NULL OR u.active = ?) ORDER BY a.meeting_id, a.id`, ids, true).Scan(&rows).Error
	if err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	for _, r := range rows {
		out[r.MeetingID] = append(out[r.MeetingID], r)
	}
	return out, nil
}

// ChangedMeetings returns the meetings whose audit trail grew since t (every
// change of a meeting, its attendees or occurrences is audited in the
// change's own transaction) or whose row changed since t.
func (s *store) ChangedMeetings(ctx context.Context, t time.Time, limit int) ([]int64, error) {
	var ids []string
	err := s.conn(ctx).Raw(`SELECT DISTINCT object_id FROM audit_log WHERE object_type = 'meeting' AND at > ? ORDER BY object_id LIMIT ?`,
		t.UTC(), limit).Scan(&ids).Error
	if err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	out := make([]int64, 0, len(ids))
	for _, s := range ids {
		var n int64
		for _, c := range strings.TrimSpace(s) {
			if c < '0' || c > '9' {
				n = -1
				break
			}
			n = n*10 + int64(c-'0')
		}
		if n > 0 {
			out = append(out, n)
		}
	}
	return out, nil
}
