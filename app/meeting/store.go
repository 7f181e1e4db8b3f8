package meeting

import (
	"context"
	"time"

	"gorm.io/gorm"

	"liaison/app/apperr"
	"liaison/app/db"
	"liaison/app/workday"
)

// store is the only place the meetings domain touches the database.
type store struct{ db *db.DB }

// newStore returns a store over d.
func newStore(d *db.DB) *store { return &store{db: d} }

func (s *store) conn(ctx context.Context) *gorm.DB { return s.db.Conn(ctx) }

type meetingUnit struct {
	MeetingID int64
	UnitID    int64
	Role      string
}

func (meetingUnit) TableName() string { return "meeting_units" }

type meetingCase struct {
	MeetingID int64
	CaseID    int64
}

func (meetingCase) TableName() string { return "meeting_cases" }

// toUTC and toLocal keep the rule "store UTC, show Asia/Shanghai".
func toUTC(t time.Time) time.Time { return t.UTC() }

func (m *Meeting) local() {
	sh := workday.Shanghai()
	m.Start, m.End, m.SeriesEnd = m.Start.In(sh), m.End.In(sh), m.SeriesEnd.In(sh)
	m.CreatedAt, m.UpdatedAt = m.CreatedAt.In(sh), m.UpdatedAt.In(sh)
	if m.PublishedAt != nil {
		t := m.PublishedAt.In(sh)
		m.PublishedAt = &t
	}
	if m.NoticeIssuedAt != nil {
		t := m.NoticeIssuedAt.In(sh)
		m.NoticeIssuedAt = &t
	}
	if m.ReplyBy != nil {
		t := m.ReplyBy.In(sh)
		m.ReplyBy = &t
	}
	if m.CoUnitIDs == nil {
		m.CoUnitIDs = []int64{}
	}
	if m.InspectedUnitIDs == nil {
		m.InspectedUnitIDs = []int64{}
	}
}

func (m *Meeting) utc() {
	m.Start, m.End, m.SeriesEnd = toUTC(m.Start), toUTC(m.End), toUTC(m.SeriesEnd)
	m.CreatedAt, m.UpdatedAt = toUTC(m.CreatedAt), toUTC(m.UpdatedAt)
	if m.PublishedAt != nil {
		t := m.PublishedAt.UTC()
		m.PublishedAt = &t
	}
	if m.NoticeIssuedAt != nil {
		t := m.NoticeIssuedAt.UTC()
		m.NoticeIssuedAt = &t
	}
	if m.ReplyBy != nil {
		t := m.ReplyBy.UTC()
		m.ReplyBy = &t
	}
}

// addUnit files a meeting_units row under the meeting's co-organisers or
// inspected units by its role.
func (m *Meeting) addUnit(role string, unitID int64) {
	if role == UnitCoOrganiser {
		m.CoUnitIDs = append(m.CoUnitIDs, unitID)
	} else {
		m.InspectedUnitIDs = append(m.InspectedUnitIDs, unitID)
	}
}

func dbErr(err error) error {
	switch {
	case err == nil:
		return nil
	case db.IsForeignKey(err):
		return fieldErr("id", "meeting.reference_unknown")
	}
	return apperr.Wrap(err, "db")
}

// Create inserts m with its units and cases.
func (s *store) Create(ctx context.Context, m *Meeting, caseIDs []int64) error {
	m.utc()
	defer m.local()
	if err := s.conn(ctx).Create(m).Error; err != nil {
		return dbErr(err)
	}
	if err := s.setUnits(ctx, m.ID, UnitCoOrganiser, m.CoUnitIDs); err != nil {
		return err
	}
	if err := s.setUnits(ctx, m.ID, UnitInspected, m.InspectedUnitIDs); err != nil {
		return err
	}
	return s.SetCases(ctx, m.ID, caseIDs)
}

// setUnits replaces the units of m with role.
func (s *store) setUnits(ctx context.Context, id int64, role string, ids []int64) error {
	c := s.conn(ctx)
	if err := c.Where("meeting_id = ? AND role = ?", id, role).Delete(&meetingUnit{}).Error; err != nil {
		return dbErr(err)
	}
	rows := make([]meetingUnit, 0, len(ids))
	for _, u := range ids {
		rows = append(rows, meetingUnit{MeetingID: id, UnitID: u, Role: role})
	}
	if len(rows) == 0 {
		return nil
	}
	return dbErr(c.Create(&rows).Error)
}

// SetCases replaces the cases linked to meeting id.
func (s *store) SetCases(ctx context.Context, id int64, ids []int64) error {
	c := s.conn(ctx)
	if err := c.Where("meeting_id = ?", id).Delete(&meetingCase{}).Error; err != nil {
		return dbErr(err)
	}
	rows := make([]meetingCase, 0, len(ids))
	for _, cid := range ids {
		rows = append(rows, meetingCase{MeetingID: id, CaseID: cid})
	}
	if len(rows) == 0 {
		return nil
	}
	return dbErr(c.Create(&rows).Error)
}

// Update writes every column of m if its version is still old, bumping it;
// a stale version is apperr.ConflictVersion.
func (s *store) Update(ctx context.Context, m *Meeting, old int, caseIDs []int64, setCases bool) error {
	m.utc()
	defer m.local()
	m.Version = old + 1
	res := s.conn(ctx).Model(&Meeting{}).Where("id = ? AND version = ?", m.ID, old).Select("*").Omit("id", "uid", "created_at", "created_by").Updates(m)
	if res.Error != nil {
		return dbErr(res.Error)
	}
	if res.RowsAffected == 0 {
		m.Version = old
		return apperr.ConflictVersion()
	}
	if err := s.setUnits(ctx, m.ID, UnitCoOrganiser, m.CoUnitIDs); err != nil {
		return err
	}
	if err := s.setUnits(ctx, m.ID, UnitInspected, m.InspectedUnitIDs); err != nil {
		return err
	}
	if setCases {
		return s.SetCases(ctx, m.ID, caseIDs)
	}
	return nil
}

// Touch bumps version (and sequence by seq) when a part of the meeting
// changed; a stale version is apperr.ConflictVersion.
func (s *store) Touch(ctx context.Context, id int64, version, seq int, now time.Time) error {
	q := s.conn(ctx).Model(&Meeting{}).Where("id = ?", id)
	if version > 0 {
		q = q.Where("version = ?", version)
	}
	res := q.Updates(map[string]any{"version": gorm.Expr("version + 1"), "sequence": gorm.Expr("sequence + ?", seq), "updated_at": now.UTC()})
	if res.Error != nil {
		return dbErr(res.Error)
	}
	if res.RowsAffected == 0 {
		return apperr.ConflictVersion()
	}
	return nil
}

// Get returns meeting id with its units, or NotFound.
func (s *store) Get(ctx context.Context, id int64) (Meeting, error) {
	var m Meeting
	err := s.conn(ctx).Where("id = ?", id).Take(&m).Error
	if db.IsNotFound(err) {
		return m, apperr.NotFoundErr("meeting")
	}
	if err != nil {
		return m, apperr.Wrap(err, "db")
	}
	ms := []Meeting{m}
	if err := s.fillUnits(ctx, ms); err != nil {
		return m, err
	}
	return ms[0], nil
}

// fillUnits loads the co-organising and inspected units of many meetings
// in one query, and converts their times to Asia/Shanghai.
func (s *store) fillUnits(ctx context.Context, ms []Meeting) error {
	ids := make([]int64, len(ms))
	for i := range ms {
		ids[i] = ms[i].ID
	}
	var rows []meetingUnit
	if len(ids) > 0 {
		if err := s.conn(ctx).Where("meeting_id IN ?", ids).Order("meeting_id, role, unit_id").Find(&rows).Error; err != nil {
			return apperr.Wrap(err, "db")
		}
	}
	idx := make(map[int64]int, len(ms))
	for i := range ms {
		idx[ms[i].ID] = i
		ms[i].CoUnitIDs, ms[i].InspectedUnitIDs = nil, nil
	}
	for _, r := range rows {
		ms[idx[r.MeetingID]].addUnit(r.Role, r.UnitID)
	}
	for i := range ms {
		ms[i].local()
	}
	return nil
}

// CaseIDs returns the cases linked to meeting id.
func (s *store) CaseIDs(ctx context.Context, id int64) ([]int64, error) {
	ids := []int64{}
	err := s.conn(ctx).Model(&meetingCase{}).Where("meeting_id = ?", id).Order("case_id").Pluck("case_id", &ids).Error
	return ids, apperr.Wrap(err, "db")
}
