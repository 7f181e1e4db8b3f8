package casefile

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/db"
	"liaison/app/followup"
	"liaison/app/notify"
	"liaison/app/settings"
	"liaison/app/workday"
)

// Service is the case-register domain.
type Service struct {
	DB       *db.DB
	store    *store
	Accounts *account.Service
	Actions  *followup.Service // documents create their action items through it
	Settings *settings.Service
	Cal      *workday.Calendar
	Now      func() time.Time
	Events   notify.Announcer // told of what people must act on or know (announce.go)
}

// NewService returns the register over d; documents create their action
// items through actions, the process's one follow-up service.
func NewService(d *db.DB, acc *account.Service, actions *followup.Service, events notify.Announcer) (*Service, error) {
	cal, err := workday.New()
	if err != nil {
		return nil, err
	}
	return &Service{DB: d, store: newStore(d), Accounts: acc, Actions: actions, Settings: settings.New(d), Cal: cal, Now: d.Now, Events: events}, nil
}

// calendar is the working-day calendar with the years admins entered
// (kept by the follow-up area), or the built-in one.
func (s *Service) calendar(ctx context.Context) (*workday.Calendar, error) {
	if s.Actions != nil && s.Actions.Holidays != nil {
		return s.Actions.Holidays.Calendar(ctx)
	}
	return s.Cal, nil
}

// today is the civil date in Shanghai.
func (s *Service) today() workday.Date { return workday.FromTime(s.Now()) }

// CaseInput is what a caller sets when registering a case.
type CaseInput struct {
	Number           string              `json:"number"`
	Title            string              `json:"title"`
	Kind             string              `json:"kind"`
	RespondentUnitID int64               `json:"respondent_unit_id"`
	OriginUnitID     int64               `json:"origin_unit_id"`
	Sensitivity      account.Sensitivity `json:"sensitivity"`
	PaperFileHolder  string              `json:"paper_file_holder"`
	Summary          string              `json:"summary"`
	AcceptedOn       *workday.Date       `json:"accepted_on"`
}

// validate checks the input; kinds is the list of known case types.
func (in *CaseInput) validate(kinds []string) error {
	in.Number, in.Title, in.Kind = strings.TrimSpace(in.Number), strings.TrimSpace(in.Title), strings.TrimSpace(in.Kind)
	in.PaperFileHolder, in.Summary = strings.TrimSpace(in.PaperFileHolder), strings.TrimSpace(in.Summary)
	if in.Sensitivity == "" {
		in.Sensitivity = account.Ordinary
	}
	f := apperr.Fields{}
	switch {
	case in.Number == "":
		f.Add("number", "required")
	case utf8.RuneCountInString(in.Number) > 60:
		f.Add("number", "too_long")
	}
	if !slices.Contains(kinds, in.Kind) {
		f.Add("kind", "case.kind_invalid")
	}
	if in.RespondentUnitID <= 0 {
		f.Add("respondent_unit_id", "required")
	}
	if in.OriginUnitID <= 0 {
		f.Add("origin_unit_id", "required")
	}
	if !in.Sensitivity.Valid() {
		f.Add("sensitivity", "sensitivity.invalid")
	}
	if in.Sensitivity == account.Ordinary {
		if in.Title == "" {
			f.Add("title", "required")
		} else if utf8.RuneCountInString(in.Title) > 200 {
			f.Add("title", "too_long")
		}
		if utf8.RuneCountInString(in.Summary) > 5000 {
			f.Add("summary", "too_long")
		}
	} else {
		// Sensitive and classified matters travel offline: their content
		// must never enter a free-text field.
		account.RefuseContent(f, in.Sensitivity, "title", in.Title != "")
		account.RefuseContent(f, in.Sensitivity, "summary", in.Summary != "")
		if in.PaperFileHolder == "" {
			f.Add("paper_file_holder", "required")
		}
	}
	if utf8.RuneCountInString(in.PaperFileHolder) > 60 {
		f.Add("paper_file_holder", "too_long")
	}
	if in.AcceptedOn != nil && !in.AcceptedOn.IsValid() {
		f.Add("accepted_on", "date_invalid")
	}
	return f.Err()
}

// Create registers a case for the actor's unit (or any unit, for admins).
func (s *Service) Create(ctx context.Context, a account.Actor, in CaseInput) (Case, error) {
	kinds, err := s.store.TypeNames(ctx)
	if err != nil {
		return Case{}, err
	}
	if err := in.validate(kinds); err != nil {
		return Case{}, err
	}
	if !a.CanSchedule(in.OriginUnitID) {
		return Case{}, apperr.E(apperr.Forbidden, "forbidden")
	}
	timers, err := s.Timers(ctx)
	if err != nil {
		return Case{}, err
	}
	now := s.Now()
	accepted := s.today()
	if in.AcceptedOn != nil {
		accepted = *in.AcceptedOn
	}
	c := Case{AcceptedOn: &accepted, Number: in.Number, Title: in.Title, Kind: in.Kind, RespondentUnitID: in.RespondentUnitID, OriginUnitID: in.OriginUnitID,
		Stage: Accepted, Sensitivity: in.Sensitivity, PaperFileHolder: in.PaperFileHolder, Summary: in.Summary,
		Version: 1, CreatedAt: now, UpdatedAt: now}
	if a.UserID > 0 {
		uid := a.UserID
		c.CreatedBy = &uid
	}
	if err := s.setDue(ctx, &c, timers); err != nil {
		return Case{}, err
	}
	c.markLate(s.today())
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		units, err := s.Accounts.UnitsByIDs(ctx, []int64{in.RespondentUnitID, in.OriginUnitID})
		if err != nil {
			return err
		}
		f := apperr.Fields{}
		if u, ok := units[in.RespondentUnitID]; !ok || !u.Active {
			f.Add("respondent_unit_id", "unit.unknown")
		}
		if u, ok := units[in.OriginUnitID]; !ok || !u.Active {
			f.Add("origin_unit_id", "unit.unknown")
		}
		if err := f.Err(); err != nil {
			return err
		}
		if err := s.store.Create(ctx, &c); err != nil {
			return err
		}
		return s.Accounts.AuditChange(ctx, a, "case.create", "case", c.ID, nil, c.auditView(), nil)
	})
	return c, err
}

// Get returns a case the actor may see; otherwise NotFound.
func (s *Service) Get(ctx context.Context, a account.Actor, id int64) (Case, error) {
	c, _, err := s.getScoped(ctx, a, id)
	return c, err
}

// getScoped returns the case and its full policy scope (notified units
// included), or NotFound when the actor may not see it.
func (s *Service) getScoped(ctx context.Context, a account.Actor, id int64) (Case, account.Scope, error) {
	c, err := s.store.Get(ctx, id)
	if err != nil {
		return c, account.Scope{}, err
	}
	units, err := s.store.NotifiedUnits(ctx, []int64{id})
	if err != nil {
		return Case{}, account.Scope{}, err
	}
	sc := c.Scope(units[id]...)
	if !a.Can(account.ActView, sc) {
		return Case{}, sc, apperr.NotFoundErr("case")
	}
	c.markLate(s.today())
	return c, sc, nil
}

// Refs returns what linked records may show of the given cases: the
// register entry for all, the title only where the actor may see content.
// Unknown ids are an Invalid error on field (so links cannot dangle).
func (s *Service) Refs(ctx context.Context, a account.Actor, field string, ids []int64) ([]Ref, error) {
	m, err := s.store.ByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	units, err := s.store.NotifiedUnits(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]Ref, 0, len(ids))
	for _, id := range ids {
		c, ok := m[id]
		if !ok {
			return nil, apperr.Fields{field: "case.unknown"}.Err()
		}
		r := Ref{ID: c.ID, Number: c.Number, Kind: c.Kind, Sensitivity: c.Sensitivity}
		if a.Can(account.ActView, c.Scope(units[id]...)) {
			r.Title = c.Title
		}
		out = append(out, r)
	}
	return out, nil
}
