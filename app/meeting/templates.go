package meeting

import (
	"context"
	"slices"
	"strings"
	"time"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/page"
)

// Templates (模板) keep what a kind of meeting repeats: the standing agenda
// items of, say, the quarterly joint meeting, with how long each takes and
// who presents it (a role such as 区检察院分管领导, since the person
// changes), and the sections its minutes need (会议基本情况, 会议议定事项,
// 工作要求). A template may also suggest a length, a place and the units
// that co-organise. Admins and the secretaries of the template's unit keep
// it; every secretary may use it. Meetings made from a template name it,
// which makes them a series: the next one can be copied from the last
// (copy.go).

// The states of a template: a retired one is kept for the meetings that
// name it but offered no more.
const (
	TemplateActive  = "active"
	TemplateRetired = "retired"
)

// Template limits.
const (
	maxTemplateItems    = 50
	maxTemplateSections = 20
)

// Template is a meeting template with its standing items.
type Template struct {
	ID              int64  `json:"id"`
	Name            string `json:"name"`
	Kind            Kind   `json:"kind"`
	UnitID          int64  `json:"unit_id"`
	DurationMinutes int    `json:"duration_minutes"`
	Location        string `json:"location"`
	// Sections are stored one heading a line.
	Sections        string         `json:"-" gorm:"column:minutes_sections"`
	Status          string         `json:"status"`
	Version         int            `json:"version"`
	CreatedBy       *int64         `json:"created_by"`
	CreatedAt       time.Time      `json:"created_at"`
	UpdatedAt       time.Time      `json:"updated_at"`
	MinutesSections []string       `json:"minutes_sections" gorm:"-"`
	CoUnitIDs       []int64        `json:"co_unit_ids" gorm:"-"`
	Items           []TemplateItem `json:"items" gorm:"-"`
}

// TableName maps Template to its table.
func (Template) TableName() string { return "meeting_templates" }

// TemplateItem is one standing agenda item.
type TemplateItem struct {
	ID              int64  `json:"-"`
	TemplateID      int64  `json:"-"`
	Position        int    `json:"-"`
	Title           string `json:"title"`
	DurationMinutes int    `json:"duration_minutes"`
	PresenterRole   string `json:"presenter_role"`
}

// TableName maps TemplateItem to its table.
func (TemplateItem) TableName() string { return "meeting_template_items" }

// TemplateItemInput is a standing item as a caller sets it.
type TemplateItemInput struct {
	Title           string `json:"title"`
	DurationMinutes int    `json:"duration_minutes"`
	PresenterRole   string `json:"presenter_role"`
}

// TemplateInput creates a template; UnitID 0 is the actor's unit.
type TemplateInput struct {
	Name            string              `json:"name"`
	Kind            Kind                `json:"kind"`
	UnitID          int64               `json:"unit_id"`
	DurationMinutes int                 `json:"duration_minutes"`
	Location        string              `json:"location"`
	CoUnitIDs       []int64             `json:"co_unit_ids"`
	MinutesSections []string            `json:"minutes_sections"`
	Items           []TemplateItemInput `json:"items"`
}

// TemplatePatch changes the fields it names; Version must be current.
// Status "retired" retires the template, "active" brings it back.
type TemplatePatch struct {
	Version         int                  `json:"version"`
	Name            *string              `json:"name"`
	Kind            *Kind                `json:"kind"`
	DurationMinutes *int                 `json:"duration_minutes"`
	Location        *string              `json:"location"`
	CoUnitIDs       *[]int64             `json:"co_unit_ids"`
	MinutesSections *[]string            `json:"minutes_sections"`
	Items           *[]TemplateItemInput `json:"items"`
	Status          *string              `json:"status"`
}

// TemplateFilter narrows the list: a kind, and whether retired ones show.
type TemplateFilter struct {
	Kind       Kind
	ActiveOnly bool
	Page       page.Request
}

// mayUseTemplates: those who may schedule a meeting for some unit.
func mayUseTemplates(a account.Actor) bool {
	return a.Role == account.RoleAdmin || a.Role == account.RoleSecretary
}

// validate normalises the input and checks what needs no database.
func (in *TemplateInput) validate() error {
	in.Name, in.Location = strings.TrimSpace(in.Name), strings.TrimSpace(in.Location)
	f := apperr.Fields{}
	checkText(f, "name", in.Name, true, 100)
	if !in.Kind.Valid() {
		f.Add("kind", "meeting.kind_invalid")
	}
	if in.DurationMinutes < 0 || in.DurationMinutes > 24*60 {
		f.Add("duration_minutes", "meeting_template.length_invalid")
	}
	checkText(f, "location", in.Location, false, 200)
	if hasDup(in.CoUnitIDs) {
		f.Add("co_unit_ids", "meeting.unit_twice")
	}
	if len(in.CoUnitIDs) > 50 {
		f.Add("co_unit_ids", "too_long")
	}
	var secs []string
	for _, s := range in.MinutesSections {
		if s = strings.TrimSpace(s); s != "" {
			secs = append(secs, s)
		}
	}
	in.MinutesSections = secs
	if len(secs) > maxTemplateSections {
		f.Add("minutes_sections", "too_long")
	}
	for _, s := range secs {
		if strings.ContainsAny(s, "\r\n") {
			f.Add("minutes_sections", "meeting_template.section_one_line")
		}
		checkText(f, "minutes_sections", s, false, 100)
	}
	if len(in.Items) > maxTemplateItems {
		f.Add("items", "too_long")
	}
	for i := range in.Items {
		it := &in.Items[i]
		it.Title, it.PresenterRole = strings.TrimSpace(it.Title), strings.TrimSpace(it.PresenterRole)
		checkText(f, "items.title", it.Title, true, 300)
		checkText(f, "items.presenter_role", it.PresenterRole, false, 100)
		if it.DurationMinutes < 1 || it.DurationMinutes > 24*60 {
			f.Add("items.duration_minutes", "meeting.duration_invalid")
		}
	}
	return invalid(f)
}

// Templates lists templates by name, a page at a time.
func (s *Service) Templates(ctx context.Context, a account.Actor, f TemplateFilter) (page.Page[Template], error) {
	if !mayUseTemplates(a) {
		return page.Page[Template]{}, apperr.E(apperr.Forbidden, "forbidden")
	}
	if f.Kind != "" && !f.Kind.Valid() {
		return page.Page[Template]{}, fieldErr("kind", "meeting.kind_invalid")
	}
	rows, err := s.store.Templates(ctx, f)
	if err != nil {
		return page.Page[Template]{}, err
	}
	return page.Build(rows, f.Page.Limit, func(t Template) page.Cursor { return page.Cursor{Key: t.Name, ID: t.ID} }), nil
}

// Template returns one template with its items and units.
func (s *Service) Template(ctx context.Context, a account.Actor, id int64) (Template, error) {
	if !mayUseTemplates(a) {
		return Template{}, apperr.E(apperr.Forbidden, "forbidden")
	}
	return s.store.Template(ctx, id)
}

// MayKeepTemplate reports whether the actor may change t.
func MayKeepTemplate(a account.Actor, t Template) bool { return a.CanSchedule(t.UnitID) }

// checkTemplateUnits verifies that the co-organising units exist and are
// in use (only those not already on the template: had).
func (s *Service) checkTemplateUnits(ctx context.Context, ids, had []int64) error {
	var fresh []int64
	for _, id := range ids {
		if !slices.Contains(had, id) {
			fresh = append(fresh, id)
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	units, err := s.Accounts.UnitsByIDs(ctx, fresh)
	if err != nil {
		return err
	}
	for _, id := range fresh {
		if u, ok := units[id]; !ok || !u.Active {
			return fieldErr("co_unit_ids", "unit.unknown")
		}
	}
	return nil
}

// CreateTemplate saves a new template for in.UnitID (default: the actor's
// unit), which the actor must be allowed to schedule for.
func (s *Service) CreateTemplate(ctx context.Context, a account.Actor, in TemplateInput) (Template, error) {
	if !mayUseTemplates(a) {
		return Template{}, apperr.E(apperr.Forbidden, "forbidden")
	}
	if in.UnitID == 0 {
		in.UnitID = a.UnitID
	}
	if !a.CanSchedule(in.UnitID) {
		return Template{}, apperr.E(apperr.Forbidden, "forbidden")
	}
	if err := in.validate(); err != nil {
		return Template{}, err
	}
	now := s.Now()
	t := Template{Name: in.Name, Kind: in.Kind, UnitID: in.UnitID, DurationMinutes: in.DurationMinutes, Location: in.Location,
		Status: TemplateActive, Version: 1, CreatedAt: now, UpdatedAt: now}
	t.setParts(in)
	if a.UserID > 0 {
		uid := a.UserID
		t.CreatedBy = &uid
	}
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := s.checkTemplateUnits(ctx, append([]int64{in.UnitID}, in.CoUnitIDs...), nil); err != nil {
			return err
		}
		if err := s.store.CreateTemplate(ctx, &t); err != nil {
			return err
		}
		return s.Accounts.AuditChange(ctx, a, "meeting_template.create", "meeting_template", t.ID, nil, t, nil)
	})
	return t, err
}

// setParts copies the lists of in onto t.
func (t *Template) setParts(in TemplateInput) {
	t.MinutesSections = in.MinutesSections
	if t.MinutesSections == nil {
		t.MinutesSections = []string{}
	}
	t.Sections = strings.Join(t.MinutesSections, "\n")
	t.CoUnitIDs = dedupe(in.CoUnitIDs)
	if t.CoUnitIDs == nil {
		t.CoUnitIDs = []int64{}
	}
	t.Items = make([]TemplateItem, 0, len(in.Items))
	for i, it := range in.Items {
		t.Items = append(t.Items, TemplateItem{Position: i + 1, Title: it.Title, DurationMinutes: it.DurationMinutes, PresenterRole: it.PresenterRole})
	}
}

// input is t as an input, for a patch to change.
func (t Template) input() TemplateInput {
	in := TemplateInput{Name: t.Name, Kind: t.Kind, UnitID: t.UnitID, DurationMinutes: t.DurationMinutes, Location: t.Location,
		CoUnitIDs: t.CoUnitIDs, MinutesSections: t.MinutesSections}
	for _, it := range t.Items {
		in.Items = append(in.Items, TemplateItemInput{Title: it.Title, DurationMinutes: it.DurationMinutes, PresenterRole: it.PresenterRole})
	}
	return in
}

// UpdateTemplate applies p to template id; retiring (or bringing back) is
// audited as such.
func (s *Service) UpdateTemplate(ctx context.Context, a account.Actor, id int64, p TemplatePatch) (Template, error) {
	if !mayUseTemplates(a) {
		return Template{}, apperr.E(apperr.Forbidden, "forbidden")
	}
	var out Template
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		t, err := s.store.Template(ctx, id)
		if err != nil {
			return err
		}
		if !MayKeepTemplate(a, t) {
			return apperr.E(apperr.Forbidden, "forbidden")
		}
		in := t.input()
		applyTemplatePatch(&in, p)
		if err := in.validate(); err != nil {
			return err
		}
		status := t.Status
		if p.Status != nil {
			if *p.Status != TemplateActive && *p.Status != TemplateRetired {
				return fieldErr("status", "meeting_template.status_invalid")
			}
			status = *p.Status
		}
		if p.Version != t.Version {
			return apperr.ConflictVersion()
		}
		if err := s.checkTemplateUnits(ctx, in.CoUnitIDs, t.CoUnitIDs); err != nil {
			return err
		}
		before := t
		t.Name, t.Kind, t.DurationMinutes, t.Location, t.Status, t.UpdatedAt = in.Name, in.Kind, in.DurationMinutes, in.Location, status, s.Now()
		t.setParts(in)
		if err := s.store.UpdateTemplate(ctx, &t, p.Version); err != nil {
			return err
		}
		action := "meeting_template.update"
		if before.Status == TemplateActive && status == TemplateRetired {
			action = "meeting_template.retire"
		}
		out = t
		return s.Accounts.AuditChange(ctx, a, action, "meeting_template", t.ID, before, t, nil)
	})
	return out, err
}

// applyTemplatePatch puts the fields p names into in.
func applyTemplatePatch(in *TemplateInput, p TemplatePatch) {
	if p.Name != nil {
		in.Name = *p.Name
	}
	if p.Kind != nil {
		in.Kind = *p.Kind
	}
	if p.DurationMinutes != nil {
		in.DurationMinutes = *p.DurationMinutes
	}
	if p.Location != nil {
		in.Location = *p.Location
	}
	if p.CoUnitIDs != nil {
		in.CoUnitIDs = *p.CoUnitIDs
	}
	if p.MinutesSections != nil {
		in.MinutesSections = *p.MinutesSections
	}
	if p.Items != nil {
		in.Items = *p.Items
	}
}
