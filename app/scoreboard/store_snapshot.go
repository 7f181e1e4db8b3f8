package scoreboard

import (
	"context"
	"encoding/json"
	"time"

	"liaison/app/apperr"
	"liaison/app/db"
)

// snapshot is one stored publication of a month.
type snapshot struct {
	ID          int64
	Month       string
	Revision    int
	Reason      string
	Formula     string
	Rows        string
	PublishedBy *int64
	PublishedAt time.Time
}

func (snapshot) TableName() string { return "scoreboard_snapshots" }

// storedRow keeps the record ids a Row hides from JSON.
type storedRow struct {
	Row
	Records map[Figure][]int64 `json:"records"`
}

func encodeRows(rows []Row) (string, error) {
	out := make([]storedRow, len(rows))
	for i, r := range rows {
		out[i] = storedRow{Row: r, Records: r.Records}
	}
	b, err := json.Marshal(out)
	return string(b), err
}

func decodeRows(s string) ([]Row, error) {
	var in []storedRow
	if err := json.Unmarshal([]byte(s), &in); err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	rows := make([]Row, len(in))
	for i, r := range in {
		rows[i] = r.Row
		rows[i].Records = r.Records
	}
	return rows, nil
}

// lockSQL serialises publication with late entries on PostgreSQL: a month
// published while a record dated in it is being entered would otherwise
// miss it, and the entry would miss the publication it must correct. A
// transaction-level advisory lock, per schema like the audit chain's, taken
// before the audit chain's (which is taken last, at commit). On SQLite
// every write transaction holds the database lock from BEGIN already.
const lockSQL = `SELECT pg_advisory_xact_lock(hashtextextended('liaison-scoreboard:' || current_schema(), 0))`

// Lock takes the scoreboard lock until the caller's transaction ends.
func (s *store) Lock(ctx context.Context) error {
	if s.db.Dialect != db.Postgres {
		return nil
	}
	return apperr.Wrap(s.db.Conn(ctx).Exec(lockSQL).Error, "db")
}

// Snapshots returns every revision of the listed months, oldest first.
func (s *store) Snapshots(ctx context.Context, months []string) ([]snapshot, error) {
	var out []snapshot
	if len(months) == 0 {
		return out, nil
	}
	err := s.db.Conn(ctx).Where("month IN ?", months).Order("month, revision").Find(&out).Error
	return out, apperr.Wrap(err, "db")
}

// AddSnapshot inserts a revision; a second writer of the same revision
// gets Conflict.
func (s *store) AddSnapshot(ctx context.Context, sn *snapshot) error {
	err := s.db.Conn(ctx).Create(sn).Error
	if db.IsUnique(err) {
		return apperr.E(apperr.Conflict, "scoreboard.already_published", "Month", sn.Month)
	}
	return apperr.Wrap(err, "db")
}

// settingsRow is the single settings row.
type settingsRow struct {
	ID        int64
	Data      string
	Version   int
	UpdatedBy *int64
	UpdatedAt time.Time
}

func (settingsRow) TableName() string { return "scoreboard_settings" }

// Settings returns the stored settings, or the defaults at version 0.
func (s *store) Settings(ctx context.Context) (Settings, error) {
	var r settingsRow
	err := s.db.Conn(ctx).Where("id = 1").Take(&r).Error
	if db.IsNotFound(err) {
		return DefaultSettings(), nil
	}
	if err != nil {
		return Settings{}, apperr.Wrap(err, "db")
	}
	st := DefaultSettings()
	if err := json.Unmarshal([]byte(r.Data), &st); err != nil {
		return Settings{}, apperr.Wrap(err, "db")
	}
	st.Version = r.Version
	return st, nil
}

// SaveSettings writes st if the stored version is still version (0: none
// stored yet); otherwise Conflict.
func (s *store) SaveSettings(ctx context.Context, st Settings, version int, by *int64, now time.Time) (int, error) {
	st.Version = 0
	b, err := json.Marshal(st)
	if err != nil {
		return 0, err
	}
	c := s.db.Conn(ctx)
	if version == 0 {
		err := c.Create(&settingsRow{ID: 1, Data: string(b), Version: 1, UpdatedBy: by, UpdatedAt: now}).Error
		if db.IsUnique(err) {
			return 0, apperr.ConflictVersion()
		}
		return 1, apperr.Wrap(err, "db")
	}
	res := c.Model(&settingsRow{}).Where("id = 1 AND version = ?", version).
		Updates(map[string]any{"data": string(b), "version": version + 1, "updated_by": by, "updated_at": now})
	if res.Error != nil {
		return 0, apperr.Wrap(res.Error, "db")
	}
	if res.RowsAffected == 0 {
		return 0, apperr.ConflictVersion()
	}
	return version + 1, nil
}
