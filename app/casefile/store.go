package casefile

import (
	"context"
	"database/sql"

	"liaison/app/apperr"
	"liaison/app/db"
	"liaison/app/followup"
	"liaison/app/workday"
)

// store is the only place the register touches the database.
type store struct{ db *db.DB }

// newStore returns a store over d.
func newStore(d *db.DB) *store { return &store{db: d} }

// Create inserts c; a number used twice by one origin unit is a conflict.
func (s *store) Create(ctx context.Context, c *Case) error {
	err := s.db.Conn(ctx).Create(c).Error
	switch {
	case db.IsUnique(err):
		return &apperr.Error{Kind: apperr.Conflict, Code: "case.number_taken", Fields: map[string]string{"number": "case.number_taken"}}
	case db.IsForeignKey(err):
		return apperr.Fields{"respondent_unit_id": "unit.unknown"}.Err()
	}
	return apperr.Wrap(err, "db")
}

// Get returns the case with id, or NotFound.
func (s *store) Get(ctx context.Context, id int64) (Case, error) {
	var c Case
	err := s.db.Conn(ctx).Where("id = ?", id).Take(&c).Error
	if db.IsNotFound(err) {
		return c, apperr.NotFoundErr("case")
	}
	return c, apperr.Wrap(err, "db")
}

// ByIDs returns the cases with the given ids in one query.
func (s *store) ByIDs(ctx context.Context, ids []int64) (map[int64]Case, error) {
	out := map[int64]Case{}
	if len(ids) == 0 {
		return out, nil
	}
	var cs []Case
	if err := s.db.Conn(ctx).Where("id IN ?", ids).Find(&cs).Error; err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	for _, c := range cs {
		out[c.ID] = c
	}
	return out, nil
}

// TypeNames returns the active case type names in display order.
func (s *store) TypeNames(ctx context.Context) ([]string, error) {
	var names []string
	err := s.db.Conn(ctx).Model(&CaseType{}).Where("active = ?", true).Order("position, id").Pluck("name", &names).Error
	return names, apperr.Wrap(err, "db")
}

// Update writes c if its version is still version, bumping it; a stale or
// vanished row is a conflict.
func (s *store) Update(ctx context.Context, c *Case, version int) error {
	res := s.db.Conn(ctx).Model(&Case{}).Where("id = ? AND version = ?", c.ID, version).Updates(map[string]any{
		"number": c.Number, "title": c.Title, "kind": c.Kind, "respondent_unit_id": c.RespondentUnitID,
		"paper_file_holder": c.PaperFileHolder, "summary": c.Summary, "stage": c.Stage,
		"accepted_on": c.AcceptedOn, "closed_on": c.ClosedOn, "notify_due_on": c.NotifyDueOn, "result_due_on": c.ResultDueOn,
		"notify_period_n": c.NotifyPeriodN, "notify_period_unit": c.NotifyPeriodUnit, "notify_due_provisional": c.NotifyDueProvisional,
		"result_period_n": c.ResultPeriodN, "result_period_unit": c.ResultPeriodUnit, "result_due_provisional": c.ResultDueProvisional,
		"version": version + 1, "updated_at": c.UpdatedAt,
	})
	switch {
	case db.IsUnique(res.Error):
		return &apperr.Error{Kind: apperr.Conflict, Code: "case.number_taken", Fields: map[string]string{"number": "case.number_taken"}}
	case res.Error != nil:
		return apperr.Wrap(res.Error, "db")
	case res.RowsAffected == 0:
		return apperr.ConflictVersion()
	}
	c.Version = version + 1
	return nil
}

// NotifiedUnits returns, per case, the units that sent or received a
// notification about it: they take part in the case.
func (s *store) NotifiedUnits(ctx context.Context, caseIDs []int64) (map[int64][]int64, error) {
	out := map[int64][]int64{}
	if len(caseIDs) == 0 {
		return out, nil
	}
	var rows []struct{ CaseID, FromUnitID, ToUnitID int64 }
	err := s.db.Conn(ctx).Model(&Notification{}).Select("case_id, from_unit_id, to_unit_id").Where("case_id IN ?", caseIDs).Find(&rows).Error
	if err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	for _, r := range rows {
		out[r.CaseID] = append(out[r.CaseID], r.FromUnitID, r.ToUnitID)
	}
	return out, nil
}

// List returns up to f.Page.Limit+1 cases visible under v, newest first.
func (s *store) List(ctx context.Context, v visibility, f Filter, today workday.Date) ([]Case, error) {
	var rows []Case
	if v.NoneAtAll {
		return rows, nil
	}
	q := s.db.Conn(ctx).Model(&Case{}).Where(caseVisibleSQL(v), sql.Named("u", v.UnitID))
	if f.Kind != "" {
		q = q.Where("kind = ?", f.Kind)
	}
	if f.Stage != "" {
		q = q.Where("stage = ?", f.Stage)
	}
	if f.Sensitivity != "" {
		q = q.Where("sensitivity = ?", f.Sensitivity)
	}
	if f.UnitID > 0 {
		q = q.Where("(origin_unit_id = ? OR respondent_unit_id = ?)", f.UnitID, f.UnitID)
	}
	if f.Q != "" {
		// Titles of sensitive cases are empty, so a search cannot reveal them.
		p := db.Contains(f.Q)
		q = q.Where("(number LIKE ? ESCAPE '\\' OR title LIKE ? ESCAPE '\\')", p, p)
	}
	if f.Due {
		q = q.Where("((notified_on IS NULL AND notify_due_on IS NOT NULL) OR (result_on IS NULL AND result_due_on IS NOT NULL))")
	}
	if f.Late {
		t := today.String()
		q = q.Where("((notified_on IS NULL AND notify_due_on < ?) OR (result_on IS NULL AND result_due_on < ?))", t, t)
	}
	if f.Page.Cursor.ID > 0 {
		q = q.Where("id < ?", f.Page.Cursor.ID)
	}
	err := q.Order("id DESC").Limit(f.Page.Limit + 1).Find(&rows).Error
	return rows, apperr.Wrap(err, "db")
}

// MarkNotified records the first notification to the other side and the
// first report of a result; later ones change nothing.
func (s *store) MarkNotified(ctx context.Context, caseID int64, notified, result *workday.Date) error {
	c := s.db.Conn(ctx)
	if notified != nil {
		if err := c.Model(&Case{}).Where("id = ? AND notified_on IS NULL", caseID).Update("notified_on", notified).Error; err != nil {
			return apperr.Wrap(err, "db")
		}
	}
	if result != nil {
		if err := c.Model(&Case{}).Where("id = ? AND result_on IS NULL", caseID).Update("result_on", result).Error; err != nil {
			return apperr.Wrap(err, "db")
		}
	}
	return nil
}

// Types returns every case type in display order.
func (s *store) Types(ctx context.Context) ([]CaseType, error) {
	out := []CaseType{}
	err := s.db.Conn(ctx).Order("position, id").Limit(500).Find(&out).Error
	return out, apperr.Wrap(err, "db")
}

// CreateType inserts t; a name in use is a conflict.
func (s *store) CreateType(ctx context.Context, t *CaseType) error {
	err := s.db.Conn(ctx).Create(t).Error
	if db.IsUnique(err) {
		return &apperr.Error{Kind: apperr.Conflict, Code: "case.type_taken", Fields: map[string]string{"name": "case.type_taken"}}
	}
	return apperr.Wrap(err, "db")
}

// SetTypeActive sets a type's active flag and returns it, or NotFound.
func (s *store) SetTypeActive(ctx context.Context, id int64, active bool) (CaseType, error) {
	var t CaseType
	res := s.db.Conn(ctx).Model(&CaseType{}).Where("id = ?", id).Update("active", active)
	if res.Error != nil {
		return t, apperr.Wrap(res.Error, "db")
	}
	if res.RowsAffected == 0 {
		return t, apperr.NotFoundErr("case_type")
	}
	err := s.db.Conn(ctx).Where("id = ?", id).Take(&t).Error
	return t, apperr.Wrap(err, "db")
}

// DocumentIDsForCase returns the ids of documents linked to a case.
func (s *store) DocumentIDsForCase(ctx context.Context, caseID int64) ([]int64, error) {
	var ids []int64
	err := s.db.Conn(ctx).Model(&documentCase{}).Where("case_id = ?", caseID).Order("document_id").Limit(maxTimeline).Pluck("document_id", &ids).Error
	return ids, apperr.Wrap(err, "db")
}

// DocumentsByIDs returns documents with their links, in id order.
func (s *store) DocumentsByIDs(ctx context.Context, ids []int64) ([]Document, error) {
	out := []Document{}
	if len(ids) == 0 {
		return out, nil
	}
	if err := s.db.Conn(ctx).Where("id IN ?", ids).Order("id").Find(&out).Error; err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	return out, s.loadLinks(ctx, out)
}

// ActionItemsForCase returns the action items linked to a case (through
// action_item_cases), in id order.
func (s *store) ActionItemsForCase(ctx context.Context, caseID int64) ([]followup.ActionItem, error) {
	out := []followup.ActionItem{}
	err := s.db.Conn(ctx).Where("id IN (SELECT action_item_id FROM action_item_cases WHERE case_id = ?)", caseID).Order("id").Limit(maxTimeline).Find(&out).Error
	return out, apperr.Wrap(err, "db")
}
