package subscribe

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"liaison/app/apperr"
	"liaison/app/db"
)

// store is the only part of the package that touches the database: this
// file writes the package's own tables, store_read.go reads the others.
type store struct{ db *db.DB }

// newStore returns a store over d.
func newStore(d *db.DB) *store { return &store{db: d} }

func (s *store) conn(ctx context.Context) *gorm.DB { return s.db.Conn(ctx) }

// FeedToken is a feed's secret, kept as salt and hash (never the token).
type FeedToken struct {
	ID        int64
	UserID    *int64
	UnitID    *int64
	Salt      string
	TokenHash string
	CreatedBy *int64
	CreatedAt time.Time
	RotatedAt time.Time
}

// TableName maps FeedToken to its table.
func (FeedToken) TableName() string { return "feed_tokens" }

// Token returns the feed token of a user (unit nil) or a unit; ok false when
// none was made yet.
func (s *store) Token(ctx context.Context, userID, unitID int64) (FeedToken, bool, error) {
	var t FeedToken
	q := s.conn(ctx)
	if unitID > 0 {
		q = q.Where("unit_id = ?", unitID)
	} else {
		q = q.Where("user_id = ?", userID)
	}
	err := q.Take(&t).Error
	if db.IsNotFound(err) {
		return t, false, nil
	}
	return t, err == nil, apperr.Wrap(err, "db")
}

// CreateToken inserts t unless its owner has one already (two first visits
// at once): the caller reads the winner back with Token.
func (s *store) CreateToken(ctx context.Context, t *FeedToken) error {
	return apperr.Wrap(s.conn(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(t).Error, "db")
}

// RotateToken replaces the salt and hash of token id.
func (s *store) RotateToken(ctx context.Context, id int64, salt, hash string, now time.Time) error {
	err := s.conn(ctx).Model(&FeedToken{}).Where("id = ?", id).
		Updates(map[string]any{"salt": salt, "token_hash": hash, "rotated_at": now.UTC()}).Error
	return apperr.Wrap(err, "db")
}

// TokensKnownTo returns the feed tokens a user may know the address of:
// their own, those of the units in unitIDs, and the unit feeds they made.
func (s *store) TokensKnownTo(ctx context.Context, userID int64, unitIDs []int64) ([]FeedToken, error) {
	var ts []FeedToken
	q := s.conn(ctx).Where("user_id = ? OR (unit_id IS NOT NULL AND created_by = ?)", userID, userID)
	if len(unitIDs) > 0 {
		q = q.Or("unit_id IN ?", unitIDs)
	}
	err := q.Order("id").Find(&ts).Error
	return ts, apperr.Wrap(err, "db")
}

// feedOwner is who a feed token belongs to, with what the feed needs.
type feedOwner struct {
	TokenID    int64
	TokenHash  string
	Salt       string
	UserID     *int64
	UnitID     *int64 // unit feeds
	UserActive bool
	UserName   string
	UserUnitID int64
	UnitName   string
	UnitActive bool
}

// Owner looks a feed up by its token's hash: one indexed query.
func (s *store) Owner(ctx context.Context, hash string) (feedOwner, error) {
	var o feedOwner
	err := s.conn(ctx).Raw(`SELECT t.id AS token_id, t.token_hash, t.salt, t.user_id, t.unit_id,
		COALESCE(us.active, FALSE) AS user_active, COALESCE(us.display_name, '') AS user_name, COALESCE(us.unit_id, 0) AS user_unit_id,
		COALESCE(un.name, '') AS unit_name, COALESCE(un.active, FALSE) AS unit_active
		FROM feed_tokens t
		LEFT JOIN users us ON us.id = t.user_id
		LEFT JOIN units un ON un.id = COALESCE(t.unit_id, us.unit_id)
		WHERE t.token_hash = ?`, hash).Scan(&o).Error
	if err != nil {
		return o, apperr.Wrap(err, "db")
	}
	if o.TokenID == 0 {
		return o, apperr.NotFoundErr("feed")
	}
	return o, nil
}

// reminderPrefs is a user's reminder leads.
type reminderPrefs struct {
	UserID    int64 `gorm:"primaryKey"`
	Leads     string
	Version   int
	UpdatedAt time.Time
}

func (reminderPrefs) TableName() string { return "reminder_prefs" }

// Prefs returns the stored preferences of users (absent ones are missing).
func (s *store) Prefs(ctx context.Context, ids []int64) (map[int64]reminderPrefs, error) {
	out := map[int64]reminderPrefs{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []reminderPrefs
	if err := s.conn(ctx).Where("user_id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	for _, r := range rows {
		out[r.UserID] = r
	}
	return out, nil
}

// SavePrefs writes p; version 0 creates, otherwise the stored version must
// equal p.Version (apperr.ConflictVersion).
func (s *store) SavePrefs(ctx context.Context, p *reminderPrefs, exists bool) error {
	if !exists {
		p.Version = 1
		err := s.conn(ctx).Create(p).Error
		if db.IsUnique(err) {
			return apperr.ConflictVersion()
		}
		return apperr.Wrap(err, "db")
	}
	res := s.conn(ctx).Model(&reminderPrefs{}).Where("user_id = ? AND version = ?", p.UserID, p.Version).
		Updates(map[string]any{"leads": p.Leads, "version": p.Version + 1, "updated_at": p.UpdatedAt})
	if res.Error != nil {
		return apperr.Wrap(res.Error, "db")
	}
	if res.RowsAffected == 0 {
		return apperr.ConflictVersion()
	}
	p.Version++
	return nil
}

// MarkOnce records key for user; false when it was recorded before (by
// this or another instance). Inside a transaction, a concurrent insert of
// the same key waits for the other to commit, then finds it.
func (s *store) MarkOnce(ctx context.Context, key string, userID int64, now time.Time) (bool, error) {
	res := s.conn(ctx).Exec(`INSERT INTO reminder_log (key, user_id, created_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING`,
		key, userID, now.UTC())
	return res.RowsAffected == 1, apperr.Wrap(res.Error, "db")
}

// UseNonce records the use of an RSVP link; false when it was used before.
func (s *store) UseNonce(ctx context.Context, nonce string, meetingID, userID int64, answer string, now time.Time) (bool, error) {
	res := s.conn(ctx).Exec(`INSERT INTO rsvp_uses (nonce, meeting_id, user_id, answer, used_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (nonce) DO NOTHING`,
		nonce, meetingID, userID, answer, now.UTC())
	return res.RowsAffected == 1, apperr.Wrap(res.Error, "db")
}

// NonceUsed reports whether an RSVP link was used.
func (s *store) NonceUsed(ctx context.Context, nonce string) (bool, error) {
	var n int64
	err := s.conn(ctx).Table("rsvp_uses").Where("nonce = ?", nonce).Count(&n).Error
	return n > 0, apperr.Wrap(err, "db")
}

// Watermark returns the named watermark; zero when never set.
func (s *store) Watermark(ctx context.Context, name string) (time.Time, error) {
	var rows []struct{ Watermark time.Time }
	err := s.conn(ctx).Raw(`SELECT watermark FROM subscribe_state WHERE name = ?`, name).Scan(&rows).Error
	if err != nil || len(rows) == 0 {
		return time.Time{}, apperr.Wrap(err, "db")
	}
	return rows[0].Watermark, nil
}

// SetWatermark moves the named watermark forward (never back: a slow run
// finishing after a faster one must not rewind it).
func (s *store) SetWatermark(ctx context.Context, name string, t time.Time) error {
	err := s.conn(ctx).Exec(`INSERT INTO subscribe_state (name, watermark) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET watermark = excluded.watermark WHERE subscribe_state.watermark < excluded.watermark`,
		name, t.UTC()).Error
	return apperr.Wrap(err, "db")
}

// recipient is what an invitation recipient last received for a meeting.
type recipient struct {
	MeetingID       int64
	Email           string
	UserID          *int64
	Name            string
	State           string // invited | removed | cancelled
	Sequence        int    // SEQUENCE of the last message sent to them
	MeetingSequence int    // the meeting's own sequence their last message reflected
	Round           int    // how often they were invited again after a removal
	UpdatedAt       time.Time
}

func (recipient) TableName() string { return "invite_recipients" }

// Recipients returns the recipients of many meetings, by meeting.
func (s *store) Recipients(ctx context.Context, ids []int64) (map[int64][]recipient, error) {
	out := map[int64][]recipient{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []recipient
	if err := s.conn(ctx).Where("meeting_id IN ?", ids).Order("meeting_id, email").Find(&rows).Error; err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	for _, r := range rows {
		out[r.MeetingID] = append(out[r.MeetingID], r)
	}
	return out, nil
}

// SaveRecipient upserts r.
func (s *store) SaveRecipient(ctx context.Context, r *recipient) error {
	err := s.conn(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "meeting_id"}, {Name: "email"}},
		DoUpdates: clause.AssignmentColumns([]string{"user_id", "name", "state", "sequence", "meeting_sequence", "round", "updated_at"}),
	}).Create(r).Error
	return apperr.Wrap(err, "db")
}

// LockBump returns the SEQUENCE bump of a meeting (reconcile.go), creating
// its row at 0, and holds the row's lock until the transaction ends: two
// reconcilers of the same meeting (two instances, or the hook's job and the
// sweep) take turns, and the second sees what the first sent. ok is false
// when the meeting does not exist.
func (s *store) LockBump(ctx context.Context, meetingID int64) (bump int, ok bool, err error) {
	var rows []int
	err = s.conn(ctx).Raw(`INSERT INTO invite_sequences (meeting_id, bump) SELECT id, 0 FROM meetings WHERE id = ?
		ON CONFLICT (meeting_id) DO UPDATE SET bump = invite_sequences.bump RETURNING bump`, meetingID).Scan(&rows).Error
	if err != nil || len(rows) == 0 {
		return 0, false, apperr.Wrap(err, "db")
	}
	return rows[0], true, nil
}

// SetBump stores a meeting's SEQUENCE bump; it only ever grows.
func (s *store) SetBump(ctx context.Context, meetingID int64, bump int) error {
	err := s.conn(ctx).Exec(`UPDATE invite_sequences SET bump = ? WHERE meeting_id = ? AND bump < ?`, bump, meetingID, bump).Error
	return apperr.Wrap(err, "db")
}

// Bump returns a meeting's SEQUENCE bump (0 when none was ever needed).
func (s *store) Bump(ctx context.Context, meetingID int64) (int, error) {
	var bump []int
	err := s.conn(ctx).Raw(`SELECT bump FROM invite_sequences WHERE meeting_id = ?`, meetingID).Scan(&bump).Error
	if err != nil || len(bump) == 0 {
		return 0, apperr.Wrap(err, "db")
	}
	return bump[0], nil
}

// Given returns which of keys are in the reminder log (in chunks, so any
// number of keys stays within the databases' parameter limits).
func (s *store) Given(ctx context.Context, keys []string) (map[string]bool, error) {
	out := make(map[string]bool, len(keys))
	for len(keys) > 0 {
		n := min(len(keys), 500)
		var got []string
		if err := s.conn(ctx).Raw(`SELECT key FROM reminder_log WHERE key IN ?`, keys[:n]).Scan(&got).Error; err != nil {
			return nil, apperr.Wrap(err, "db")
		}
		for _, k := range got {
			out[k] = true
		}
		keys = keys[n:]
	}
	return out, nil
}
