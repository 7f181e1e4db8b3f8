package meeting

import (
	"context"
	"strings"

	"liaison/app/apperr"
	"liaison/app/db"
	"liaison/app/workday"
)

type templateUnit struct {
	TemplateID int64
	UnitID     int64
}

func (templateUnit) TableName() string { return "meeting_template_units" }

// Templates returns a page (limit+1 rows) of templates by name, with
// their items and units loaded in two queries.
func (s *store) Templates(ctx context.Context, f TemplateFilter) ([]Template, error) {
	q := s.conn(ctx).Order("name, id")
	if f.Kind != "" {
		q = q.Where("kind = ?", f.Kind)
	}
	if f.ActiveOnly {
		q = q.Where("status = ?", TemplateActive)
	}
	if c := f.Page.Cursor; !c.IsZero() {
		q = q.Where("(name > ? OR (name = ? AND id > ?))", c.Key, c.Key, c.ID)
	}
	var ts []Template
	if err := q.Limit(f.Page.Limit + 1).Find(&ts).Error; err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	return ts, s.templateParts(ctx, ts)
}

// Template returns template id with its parts, or NotFound.
func (s *store) Template(ctx context.Context, id int64) (Template, error) {
	var t Template
	err := s.conn(ctx).Where("id = ?", id).Take(&t).Error
	if db.IsNotFound(err) {
		return t, apperr.NotFoundErr("meeting_template")
	}
	if err != nil {
		return t, apperr.Wrap(err, "db")
	}
	ts := []Template{t}
	err = s.templateParts(ctx, ts)
	return ts[0], err
}

// templateParts fills the items, units and sections of ts.
func (s *store) templateParts(ctx context.Context, ts []Template) error {
	if len(ts) == 0 {
		return nil
	}
	ids := make([]int64, len(ts))
	for i, t := range ts {
		ids[i] = t.ID
	}
	var items []TemplateItem
	if err := s.conn(ctx).Where("template_id IN ?", ids).Order("template_id, position, id").Find(&items).Error; err != nil {
		return apperr.Wrap(err, "db")
	}
	var units []templateUnit
	if err := s.conn(ctx).Where("template_id IN ?", ids).Order("template_id, unit_id").Find(&units).Error; err != nil {
		return apperr.Wrap(err, "db")
	}
	byItem, byUnit := map[int64][]TemplateItem{}, map[int64][]int64{}
	for _, it := range items {
		byItem[it.TemplateID] = append(byItem[it.TemplateID], it)
	}
	for _, u := range units {
		byUnit[u.TemplateID] = append(byUnit[u.TemplateID], u.UnitID)
	}
	sh := workday.Shanghai()
	for i := range ts {
		t := &ts[i]
		t.Items, t.CoUnitIDs = byItem[t.ID], byUnit[t.ID]
		if t.Items == nil {
			t.Items = []TemplateItem{}
		}
		if t.CoUnitIDs == nil {
			t.CoUnitIDs = []int64{}
		}
		t.MinutesSections = []string{}
		if t.Sections != "" {
			t.MinutesSections = strings.Split(t.Sections, "\n")
		}
		t.CreatedAt, t.UpdatedAt = t.CreatedAt.In(sh), t.UpdatedAt.In(sh)
	}
	return nil
}

// CreateTemplate inserts t with its parts.
func (s *store) CreateTemplate(ctx context.Context, t *Template) error {
	if err := s.conn(ctx).Create(t).Error; err != nil {
		return dbErr(err)
	}
	return s.setTemplateParts(ctx, t)
}

// UpdateTemplate writes t if its version is still old, and replaces its
// parts.
func (s *store) UpdateTemplate(ctx context.Context, t *Template, old int) error {
	t.Version = old + 1
	res := s.conn(ctx).Model(&Template{}).Where("id = ? AND version = ?", t.ID, old).
		Select("name", "kind", "duration_minutes", "location", "minutes_sections", "status", "version", "updated_at").Updates(t)
	if res.Error != nil {
		return dbErr(res.Error)
	}
	if res.RowsAffected == 0 {
		return apperr.ConflictVersion()
	}
	return s.setTemplateParts(ctx, t)
}

func (s *store) setTemplateParts(ctx context.Context, t *Template) error {
	c := s.conn(ctx)
	if err := c.Where("template_id = ?", t.ID).Delete(&TemplateItem{}).Error; err != nil {
		return apperr.Wrap(err, "db")
	}
	if err := c.Where("template_id = ?", t.ID).Delete(&templateUnit{}).Error; err != nil {
		return apperr.Wrap(err, "db")
	}
	for i := range t.Items {
		t.Items[i].ID, t.Items[i].TemplateID = 0, t.ID
	}
	if len(t.Items) > 0 {
		if err := c.Create(&t.Items).Error; err != nil {
			return dbErr(err)
		}
	}
	if len(t.CoUnitIDs) == 0 {
		return nil
	}
	rows := make([]templateUnit, 0, len(t.CoUnitIDs))
	for _, u := range t.CoUnitIDs {
		rows = append(rows, templateUnit{TemplateID: t.ID, UnitID: u})
	}
	return dbErr(c.Create(&rows).Error)
}

// SeriesCandidates returns the latest issued, not cancelled meetings
// (newest start first, at most limit) of template id, or, when id is 0,
// of kind convened by unit.
func (s *store) SeriesCandidates(ctx context.Context, templateID int64, kind Kind, unit int64, limit int) ([]Meeting, error) {
	q := s.conn(ctx).Where("status = ?", Scheduled)
	if templateID > 0 {
		q = q.Where("template_id = ?", templateID)
	} else {
		q = q.Where("kind = ? AND convening_unit_id = ?", kind, unit)
	}
	var out []Meeting
	if err := q.Order("start_at DESC, id DESC").Limit(limit).Find(&out).Error; err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	return out, s.fillUnits(ctx, out)
}
