package report

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/db"
	"liaison/app/workday"
)

// Service records activities and builds the joint report.
type Service struct {
	DB       *db.DB
	store    *store
	Accounts *account.Service
}

// NewService returns the report service over d.
func NewService(d *db.DB, acc *account.Service) *Service {
	return &Service{DB: d, store: &store{db: d}, Accounts: acc}
}

// ActivityInput is the body of POST and PATCH /report-activities.
type ActivityInput struct {
	OccurredOn workday.Date `json:"occurred_on"`
	Kind       ActivityKind `json:"kind"`
	UnitIDs    []int64      `json:"unit_ids"`
	Title      string       `json:"title"`
	Summary    string       `json:"summary"`
	Version    int          `json:"version"` // required to change one
}

func (in *ActivityInput) validate(update bool) apperr.Fields {
	in.Title, in.Summary = strings.TrimSpace(in.Title), strings.TrimSpace(in.Summary)
	f := apperr.Fields{}
	if in.OccurredOn.IsZero() {
		f.Add("occurred_on", "required")
	}
	if !in.Kind.Valid() {
		f.Add("kind", "report.activity_kind_invalid")
	}
	switch {
	case in.Title == "":
		f.Add("title", "required")
	case utf8.RuneCountInString(in.Title) > 200:
		f.Add("title", "too_long")
	}
	if utf8.RuneCountInString(in.Summary) > 4000 {
		f.Add("summary", "too_long")
	}
	slices.Sort(in.UnitIDs)
	in.UnitIDs = slices.Compact(in.UnitIDs)
	switch {
	case len(in.UnitIDs) == 0:
		f.Add("unit_ids", "required")
	case len(in.UnitIDs) > 50:
		f.Add("unit_ids", "too_long")
	}
	if update && in.Version <= 0 {
		f.Add("version", "required")
	}
	return f
}

// checkUnits adds unit_ids → unit.unknown unless every unit exists and is active.
func (s *Service) checkUnits(ctx context.Context, f apperr.Fields, ids []int64) error {
	units, err := s.Accounts.UnitsByIDs(ctx, ids)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if u, ok := units[id]; !ok || !u.Active {
			f.Add("unit_ids", "unit.unknown")
			return nil
		}
	}
	return nil
}

// CreateActivity records an activity (hub secretaries and admins).
func (s *Service) CreateActivity(ctx context.Context, a account.Actor, in ActivityInput) (Activity, error) {
	if !MayWrite(a) {
		return Activity{}, s.refuse(a)
	}
	f := in.validate(false)
	var out Activity
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		if len(in.UnitIDs) > 0 {
			if err := s.checkUnits(ctx, f, in.UnitIDs); err != nil {
				return err
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		now := s.DB.Now()
		out = Activity{OccurredOn: in.OccurredOn, Kind: in.Kind, UnitIDs: in.UnitIDs, Title: in.Title, Summary: in.Summary,
			Version: 1, CreatedAt: now, UpdatedAt: now}
		if a.UserID > 0 {
			uid := a.UserID
			out.CreatedBy = &uid
		}
		if err := s.store.Create(ctx, &out); err != nil {
			return err
		}
		return s.Accounts.AuditChange(ctx, a, "report.activity.create", "report_activity", out.ID, nil, out.auditView(), nil)
	})
	return out, err
}

// UpdateActivity replaces an activity; in.Version must be its current one.
func (s *Service) UpdateActivity(ctx context.Context, a account.Actor, id int64, in ActivityInput) (Activity, error) {
	if !MayWrite(a) {
		return Activity{}, s.refuse(a)
	}
	f := in.validate(true)
	var out Activity
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		cur, err := s.store.Get(ctx, id)
		if err != nil {
			return err
		}
		if len(in.UnitIDs) > 0 {
			if err := s.checkUnits(ctx, f, in.UnitIDs); err != nil {
				return err
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		if in.Version != cur.Version {
			return apperr.ConflictVersion()
		}
		before := cur.auditView()
		cur.OccurredOn, cur.Kind, cur.UnitIDs, cur.Title, cur.Summary = in.OccurredOn, in.Kind, in.UnitIDs, in.Title, in.Summary
		cur.UpdatedAt = s.DB.Now()
		if err := s.store.Update(ctx, &cur, in.Version); err != nil {
			return err
		}
		out = cur
		return s.Accounts.AuditChange(ctx, a, "report.activity.update", "report_activity", id, before, cur.auditView(), nil)
	})
	return out, err
}

// DeleteActivity removes an activity at the given version.
func (s *Service) DeleteActivity(ctx context.Context, a account.Actor, id int64, version int) error {
	if !MayWrite(a) {
		return s.refuse(a)
	}
	if version <= 0 {
		return apperr.Fields{"version": "required"}.Err()
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		cur, err := s.store.Get(ctx, id)
		if err != nil {
			return err
		}
		if version != cur.Version {
			return apperr.ConflictVersion()
		}
		if err := s.store.Delete(ctx, id, version); err != nil {
			return err
		}
		return s.Accounts.AuditChange(ctx, a, "report.activity.delete", "report_activity", id, cur.auditView(), nil, nil)
	})
}

// refuse answers a write by someone who may not record activities.
func (s *Service) refuse(account.Actor) error { return apperr.E(apperr.Forbidden, "forbidden") }

// Activities lists the activities of period p, oldest first.
func (s *Service) Activities(ctx context.Context, a account.Actor, p Period) ([]Activity, error) {
	if !MayRead(a) {
		return nil, apperr.E(apperr.Forbidden, "forbidden")
	}
	return s.store.Activities(ctx, p.From, p.To)
}
