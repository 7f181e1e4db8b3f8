package meeting

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"

	"liaison/app/apperr"
	"liaison/app/db"
	"liaison/app/workday"
)

type agendaCase struct {
	AgendaItemID int64
	CaseID       int64
}

func (agendaCase) TableName() string { return "agenda_item_cases" }

// Agenda returns the agenda of meeting id in order, with case links.
func (s *store) Agenda(ctx context.Context, id int64) ([]AgendaItem, error) {
	items := []AgendaItem{}
	if err := s.conn(ctx).Where("meeting_id = ?", id).Order("position, id").Find(&items).Error; err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	var links []agendaCase
	if err := s.conn(ctx).Table("agenda_item_cases").Select("agenda_item_cases.*").
		Joins("JOIN agenda_items ON agenda_items.id = agenda_item_cases.agenda_item_id").
		Where("agenda_items.meeting_id = ?", id).Order("agenda_item_cases.case_id").Find(&links).Error; err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	byItem := map[int64][]int64{}
	for _, l := range links {
		byItem[l.AgendaItemID] = append(byItem[l.AgendaItemID], l.CaseID)
	}
	sh := workday.Shanghai()
	for i := range items {
		items[i].CaseIDs = byItem[items[i].ID]
		if items[i].CaseIDs == nil {
			items[i].CaseIDs = []int64{}
		}
		items[i].CreatedAt, items[i].UpdatedAt = items[i].CreatedAt.In(sh), items[i].UpdatedAt.In(sh)
	}
	return items, nil
}

// AddAgendaItem inserts it with its case links.
func (s *store) AddAgendaItem(ctx context.Context, it *AgendaItem) error {
	if err := s.conn(ctx).Create(it).Error; err != nil {
		return dbErr(err)
	}
	return s.setAgendaCases(ctx, it.ID, it.CaseIDs)
}

func (s *store) setAgendaCases(ctx context.Context, id int64, cases []int64) error {
	c := s.conn(ctx)
	if err := c.Where("agenda_item_id = ?", id).Delete(&agendaCase{}).Error; err != nil {
		return apperr.Wrap(err, "db")
	}
	rows := make([]agendaCase, 0, len(cases))
	for _, cid := range cases {
		rows = append(rows, agendaCase{AgendaItemID: id, CaseID: cid})
	}
	if len(rows) == 0 {
		return nil
	}
	return dbErr(c.Create(&rows).Error)
}

// UpdateAgendaItem writes it if its version is still old.
func (s *store) UpdateAgendaItem(ctx context.Context, it *AgendaItem, old int) error {
	it.Version = old + 1
	res := s.conn(ctx).Model(&AgendaItem{}).Where("id = ? AND meeting_id = ? AND version = ?", it.ID, it.MeetingID, old).
		Select("title", "presenter_user_id", "duration_minutes", "presenter_role", "position", "version", "updated_at").Updates(it)
	if res.Error != nil {
		return dbErr(res.Error)
	}
	if res.RowsAffected == 0 {
		it.Version = old
		return apperr.ConflictVersion()
	}
	return s.setAgendaCases(ctx, it.ID, it.CaseIDs)
}

// SetPositions renumbers the items of meeting mid in the order of ids, in
// one statement.
func (s *store) SetPositions(ctx context.Context, mid int64, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	var b strings.Builder
	args := make([]any, 0, 2*len(ids)+2)
	b.WriteString("CASE id")
	for i, id := range ids {
		b.WriteString(" WHEN ? THEN ?")
		args = append(args, id, i+1)
	}
	b.WriteString(" ELSE position END")
	err := s.conn(ctx).Model(&AgendaItem{}).Where("meeting_id = ? AND id IN ?", mid, ids).
		Update("position", gorm.Expr(b.String(), args...)).Error
	return apperr.Wrap(err, "db")
}

// RemoveAgendaItem deletes item id of meeting mid.
func (s *store) RemoveAgendaItem(ctx context.Context, mid, id int64) error {
	res := s.conn(ctx).Where("id = ? AND meeting_id = ?", id, mid).Delete(&AgendaItem{})
	if res.Error != nil {
		return apperr.Wrap(res.Error, "db")
	}
	if res.RowsAffected == 0 {
		return apperr.NotFoundErr("agenda_item")
	}
	return nil
}

// Occurrences returns the overrides of meeting id by original start.
func (s *store) Occurrences(ctx context.Context, ids []int64) (map[int64][]Occurrence, error) {
	out := map[int64][]Occurrence{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []Occurrence
	if err := s.conn(ctx).Where("meeting_id IN ?", ids).Order("meeting_id, original_start").Find(&rows).Error; err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	sh := workday.Shanghai()
	for _, o := range rows {
		o.OriginalStart, o.Start, o.End, o.UpdatedAt = o.OriginalStart.In(sh), o.Start.In(sh), o.End.In(sh), o.UpdatedAt.In(sh)
		out[o.MeetingID] = append(out[o.MeetingID], o)
	}
	return out, nil
}

// SaveOccurrence inserts or replaces the override of one occurrence.
func (s *store) SaveOccurrence(ctx context.Context, o *Occurrence) error {
	c := s.conn(ctx)
	orig := o.OriginalStart.UTC()
	if err := c.Where("meeting_id = ? AND original_start = ?", o.MeetingID, orig).Delete(&Occurrence{}).Error; err != nil {
		return apperr.Wrap(err, "db")
	}
	row := *o
	row.ID = 0
	row.OriginalStart, row.Start, row.End, row.UpdatedAt = orig, o.Start.UTC(), o.End.UTC(), o.UpdatedAt.UTC()
	if err := c.Create(&row).Error; err != nil {
		if db.IsUnique(err) {
			return apperr.ConflictVersion()
		}
		return apperr.Wrap(err, "db")
	}
	o.ID = row.ID
	return nil
}

// DeleteOccurrences deletes the overrides ids of meeting mid.
func (s *store) DeleteOccurrences(ctx context.Context, mid int64, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	err := s.conn(ctx).Where("meeting_id = ? AND id IN ?", mid, ids).Delete(&Occurrence{}).Error
	return apperr.Wrap(err, "db")
}

// SetSeriesEnd records when the last occurrence of meeting id ends.
func (s *store) SetSeriesEnd(ctx context.Context, id int64, end time.Time) error {
	err := s.conn(ctx).Model(&Meeting{}).Where("id = ?", id).Update("series_end_at", end.UTC()).Error
	return apperr.Wrap(err, "db")
}

// caseIDsByNumber returns the ids of the cases numbered number; a 案号 is
// unique within its origin unit only, so there may be several.
func (s *store) caseIDsByNumber(ctx context.Context, number string) ([]int64, error) {
	var ids []int64
	err := s.conn(ctx).Raw(`SELECT id FROM cases WHERE number = ? ORDER BY id`, number).Scan(&ids).Error
	return ids, apperr.Wrap(err, "db")
}
