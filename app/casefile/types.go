package casefile

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"liaison/app/account"
	"liaison/app/apperr"
)

// CaseTypeInput is a new case type, or a change to one.
type CaseTypeInput struct {
	Name     string `json:"name"`
	Position int    `json:"position"`
	Active   *bool  `json:"active"`
}

// Types returns every case type in display order (inactive ones too:
// old cases keep them).
func (s *Service) Types(ctx context.Context) ([]CaseType, error) { return s.store.Types(ctx) }

// CreateType adds a case type users can pick (admins).
func (s *Service) CreateType(ctx context.Context, a account.Actor, in CaseTypeInput) (CaseType, error) {
	if !a.Can(account.ActManage, account.Scope{}) {
		return CaseType{}, apperr.E(apperr.Forbidden, "forbidden")
	}
	in.Name = strings.TrimSpace(in.Name)
	f := apperr.Fields{}
	switch {
	case in.Name == "":
		f.Add("name", "required")
	case utf8.RuneCountInString(in.Name) > 30:
		f.Add("name", "too_long")
	}
	if in.Position < 0 || in.Position > 10000 {
		f.Add("position", "case.position_invalid")
	}
	if err := f.Err(); err != nil {
		return CaseType{}, err
	}
	t := CaseType{Name: in.Name, Position: in.Position, Active: in.Active == nil || *in.Active, CreatedAt: s.Now()}
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateType(ctx, &t); err != nil {
			return err
		}
		return s.Accounts.AuditChange(ctx, a, "case_type.create", "case_type", t.ID, nil, t, nil)
	})
	return t, err
}

// SetTypeActive retires or restores a case type (admins).
func (s *Service) SetTypeActive(ctx context.Context, a account.Actor, id int64, active bool) (CaseType, error) {
	if !a.Can(account.ActManage, account.Scope{}) {
		return CaseType{}, apperr.E(apperr.Forbidden, "forbidden")
	}
	var t CaseType
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		types, err := s.store.Types(ctx) // a short list: the state before, for the audit log
		if err != nil {
			return err
		}
		var before any
		if i := slices.IndexFunc(types, func(x CaseType) bool { return x.ID == id }); i >= 0 {
			before = types[i]
		}
		if t, err = s.store.SetTypeActive(ctx, id, active); err != nil {
			return err
		}
		return s.Accounts.AuditChange(ctx, a, "case_type.update", "case_type", id, before, t, nil)
	})
	return t, err
}
