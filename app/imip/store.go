package imip

import (
	"context"
	"time"

	"gorm.io/gorm"

	"liaison/app/apperr"
	"liaison/app/db"
)

// store is the only part of the package that touches the database: it
// writes imip_messages and reads meetings, their attendees and what the
// invitation reconciler last sent each of them.
type store struct{ db *db.DB }

func (s *store) conn(ctx context.Context) *gorm.DB { return s.db.Conn(ctx) }

// Outcomes of a message.
const (
	Claimed   = "claimed" // only inside the transaction that applies it
	Applied   = "applied"
	Refused   = "refused"
	Unmatched = "unmatched"
)

// Record is one row of imip_messages.
type Record struct {
	ID          int64
	ClaimKey    string
	Folder      string
	UIDValidity int64
	UID         int64
	Sender      string
	MeetingID   *int64
	Attendee    string
	PartStat    string
	Sequence    *int
	Outcome     string
	Reason      string
	SentAt      *time.Time
	ProcessedAt time.Time
}

// TableName maps Record to its table.
func (Record) TableName() string { return "imip_messages" }

// Claim inserts r unless a row with its claim key exists; false when
// another pass (this instance's or another's) has the message. On
// PostgreSQL a concurrent claim of the same key waits for the first
// transaction and then finds the row, so only one applies it.
func (s *store) Claim(ctx context.Context, r *Record) (bool, error) {
	res := s.conn(ctx).Exec(`INSERT INTO imip_messages
		(claim_key, folder, uid_validity, uid, sender, meeting_id, attendee, partstat, sequence, outcome, reason, sent_at, processed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (claim_key) DO NOTHING`,
		r.ClaimKey, r.Folder, r.UIDValidity, r.UID, r.Sender, r.MeetingID, r.Attendee, r.PartStat, r.Sequence,
		r.Outcome, r.Reason, r.SentAt, r.ProcessedAt)
	if res.Error != nil {
		return false, apperr.Wrap(res.Error, "db")
	}
	return res.RowsAffected == 1, nil
}

// Finish records what became of a claimed message.
func (s *store) Finish(ctx context.Context, r *Record) error {
	err := s.conn(ctx).Exec(`UPDATE imip_messages SET meeting_id = ?, attendee = ?, partstat = ?, sequence = ?,
		outcome = ?, reason = ? WHERE claim_key = ?`,
		r.MeetingID, r.Attendee, r.PartStat, r.Sequence, r.Outcome, r.Reason, r.ClaimKey).Error
	return apperr.Wrap(err, "db")
}

// Outcomes returns the outcome of each known claim key.
func (s *store) Outcomes(ctx context.Context, keys []string) (map[string]string, error) {
	out := make(map[string]string, len(keys))
	for start := 0; start < len(keys); start += 500 {
		chunk := keys[start:min(start+500, len(keys))]
		var rows []Record
		if err := s.conn(ctx).Select("claim_key, outcome").Where("claim_key IN ?", chunk).Find(&rows).Error; err != nil {
			return nil, apperr.Wrap(err, "db")
		}
		for _, r := range rows {
			out[r.ClaimKey] = r.Outcome
		}
	}
	return out, nil
}

// meetingRow is what matching needs of a meeting.
type meetingRow struct {
	ID          int64
	Sequence    int
	Status      string
	Sensitivity string
	RRule       string
}

// MeetingByUID finds the meeting an answer is about; ok false when none.
func (s *store) MeetingByUID(ctx context.Context, uid string) (meetingRow, bool, error) {
	var rows []meetingRow
	err := s.conn(ctx).Raw(`SELECT id, sequence, status, sensitivity, rrule FROM meetings WHERE uid = ?`, uid).Scan(&rows).Error
	if err != nil || len(rows) == 0 {
		return meetingRow{}, false, apperr.Wrap(err, "db")
	}
	return rows[0], true, nil
}

// invitee is a meeting's attendee found by address.
type invitee struct {
	UserID *int64
	UnitID *int64
}

// Invitee returns the attendee of meeting id with the address (compared
// without case); ok false when the address is not invited. An attendee
// with an account wins over an outside guest with the same address.
func (s *store) Invitee(ctx context.Context, meetingID int64, email string) (invitee, bool, error) {
	var rows []invitee
	err := s.conn(ctx).Raw(`SELECT user_id, unit_id FROM meeting_attendees
		WHERE meeting_id = ? AND LOWER(email) = ? ORDER BY user_id IS NULL, id`, meetingID, email).Scan(&rows).Error
	if err != nil || len(rows) == 0 {
		return invitee{}, false, apperr.Wrap(err, "db")
	}
	return rows[0], true, nil
}

// LastSent returns the SEQUENCE of the last invitation mail sent to the
// address for the meeting and whether they are still invited; ok false
// when none was sent yet (mail not configured, or not yet reconciled).
func (s *store) LastSent(ctx context.Context, meetingID int64, email string) (seq int, invited, ok bool, err error) {
	var rows []struct {
		Sequence int
		State    string
	}
	err = s.conn(ctx).Raw(`SELECT sequence, state FROM invite_recipients WHERE meeting_id = ? AND LOWER(email) = ?`,
		meetingID, email).Scan(&rows).Error
	if err != nil || len(rows) == 0 {
		return 0, false, false, apperr.Wrap(err, "db")
	}
	return rows[0].Sequence, rows[0].State == "invited", true, nil
}

// Colleague returns the active user of the unit with the address
// (compared without case); 0 when there is none, or more than one.
func (s *store) Colleague(ctx context.Context, unitID int64, email string) (int64, error) {
	var ids []int64
	err := s.conn(ctx).Raw(`SELECT id FROM users WHERE unit_id = ? AND active = ? AND LOWER(email) = ?`,
		unitID, true, email).Scan(&ids).Error
	if err != nil || len(ids) != 1 {
		return 0, apperr.Wrap(err, "db")
	}
	return ids[0], nil
}

// Listed is a recorded message as the admin page shows it.
type Listed struct {
	Record
	MeetingTitle       string
	MeetingSensitivity string
}

// List returns the newest records with the given outcomes, newest first.
func (s *store) List(ctx context.Context, outcomes []string, limit int) ([]Listed, error) {
	var rows []Listed
	err := s.conn(ctx).Raw(`SELECT r.*, COALESCE(m.title, '') AS meeting_title, COALESCE(m.sensitivity, '') AS meeting_sensitivity
		FROM imip_messages r LEFT JOIN meetings m ON m.id = r.meeting_id
		WHERE r.outcome IN ? ORDER BY r.id DESC LIMIT ?`, outcomes, limit).Scan(&rows).Error
	return rows, apperr.Wrap(err, "db")
}
