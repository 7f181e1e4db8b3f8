package casefile

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"liaison/app/account"
	"liaison/app/apperr"
)

// Beside the source's four document types (issuer.go), administrators may
// add the district's own (a 督促履职函, a 工作提示函 …). Each added type
// says, as the four do, which kinds of unit may issue it, which kinds it
// copies by default, and its reply period. A document names its type by
// code: the four have fixed codes, an added type is "custom_<id>". An
// added type is never deleted (documents keep it); it may be retired, and
// then it is no longer offered or accepted for new documents.

// customPrefix starts the code of every added type.
const customPrefix = "custom_"

// Custom reports whether t is the code of an administrator's type.
func (t DocumentType) Custom() bool {
	n, err := strconv.ParseInt(strings.TrimPrefix(string(t), customPrefix), 10, 64)
	return strings.HasPrefix(string(t), customPrefix) && err == nil && n > 0
}

// Known reports whether t may name a type: a built-in one, or the form of
// an added one (which the store then has to hold).
func (t DocumentType) Known() bool { return t.Valid() || t.Custom() }

// TypeDef is a document type with its rules.
type TypeDef struct {
	ID          int64              `json:"id,omitempty"` // 0 for the built-in types
	Code        DocumentType       `json:"code"`
	NameZh      string             `json:"name_zh"`
	NameEn      string             `json:"name_en"`
	IssuerKinds []account.UnitKind `json:"issuer_kinds"`
	CopiedKinds []account.UnitKind `json:"copied_kinds"`
	Reply       Period             `json:"reply_period"`
	Builtin     bool               `json:"builtin"`
	Active      bool               `json:"active"`
	Version     int                `json:"version,omitempty"`
}

// MayIssue reports whether a unit of kind k may issue documents of the type.
func (d TypeDef) MayIssue(k account.UnitKind) bool { return slices.Contains(d.IssuerKinds, k) }

// TypeDefInput is a new added type, or a change to one.
type TypeDefInput struct {
	NameZh      string             `json:"name_zh"`
	NameEn      string             `json:"name_en"`
	IssuerKinds []account.UnitKind `json:"issuer_kinds"`
	CopiedKinds []account.UnitKind `json:"copied_kinds"`
	Reply       Period             `json:"reply_period"`
	Active      *bool              `json:"active"`
	Version     int                `json:"version"`
}

// customType is the stored row of an added type.
type customType struct {
	ID          int64
	Code        string
	NameZh      string
	NameEn      string
	IssuerKinds string // comma-separated unit kinds
	CopiedKinds string
	ReplyN      int
	ReplyUnit   string
	Active      bool
	Version     int
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

func (customType) TableName() string { return "document_types" }

func splitKinds(s string) []account.UnitKind {
	out := []account.UnitKind{}
	for _, k := range strings.Split(s, ",") {
		if k != "" {
			out = append(out, account.UnitKind(k))
		}
	}
	return out
}

func joinKinds(ks []account.UnitKind) string {
	parts := make([]string, len(ks))
	for i, k := range ks {
		parts[i] = string(k)
	}
	return strings.Join(parts, ",")
}

func (c customType) def() TypeDef {
	return TypeDef{ID: c.ID, Code: DocumentType(c.Code), NameZh: c.NameZh, NameEn: c.NameEn,
		IssuerKinds: splitKinds(c.IssuerKinds), CopiedKinds: splitKinds(c.CopiedKinds),
		Reply: Period{N: c.ReplyN, Unit: PeriodUnit(c.ReplyUnit)}, Active: c.Active, Version: c.Version}
}

// builtinDef is one of the source's types with its rules; its names come
// from the message catalogue, so they stay empty here.
func builtinDef(t DocumentType, reply Period) TypeDef {
	return TypeDef{Code: t, IssuerKinds: slices.Clone(issuerKinds[t]), CopiedKinds: append([]account.UnitKind{}, copiedKinds[t]...),
		Reply: reply, Builtin: true, Active: true}
}

// TypeDefs returns every document type: the four, then the added ones in
// the order they were added (retired ones too: old documents name them).
func (s *Service) TypeDefs(ctx context.Context) ([]TypeDef, error) {
	t, err := s.Timers(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]TypeDef, 0, len(DocumentTypes)+4)
	for _, typ := range DocumentTypes {
		out = append(out, builtinDef(typ, t.ReplyPeriods[typ]))
	}
	rows, err := s.store.CustomTypes(ctx)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		out = append(out, r.def())
	}
	return out, nil
}

// TypeDef returns the type with code t; an added type that does not exist
// (or is retired, when active is asked for) is the 422 of an unknown type.
func (s *Service) TypeDef(ctx context.Context, t DocumentType, active bool) (TypeDef, error) {
	if t.Valid() {
		timers, err := s.Timers(ctx)
		if err != nil {
			return TypeDef{}, err
		}
		return builtinDef(t, timers.ReplyPeriods[t]), nil
	}
	unknown := apperr.Fields{"type": "document.type_invalid"}.Err()
	if !t.Custom() {
		return TypeDef{}, unknown
	}
	row, ok, err := s.store.CustomType(ctx, string(t))
	if err != nil {
		return TypeDef{}, err
	}
	if !ok || (active && !row.Active) {
		return TypeDef{}, unknown
	}
	return row.def(), nil
}

// TypeNames maps every added type's code to its name in lang ("zh-CN" or
// "en"); the four are named by the message catalogue.
func (s *Service) TypeNames(ctx context.Context, lang string) (map[DocumentType]string, error) {
	rows, err := s.store.CustomTypes(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[DocumentType]string, len(rows))
	for _, r := range rows {
		out[DocumentType(r.Code)] = r.NameZh
		if lang == "en" && r.NameEn != "" {
			out[DocumentType(r.Code)] = r.NameEn
		}
	}
	return out, nil
}

// IssuableTypes are the active types the actor's unit may issue, in
// display order (what the form offers; an administrator, who enters paper
// documents for any unit, gets every active type).
func (s *Service) IssuableTypes(ctx context.Context, a account.Actor) ([]DocumentType, error) {
	defs, err := s.TypeDefs(ctx)
	if err != nil {
		return nil, err
	}
	out := []DocumentType{}
	for _, d := range defs {
		if d.Active && (a.Role == account.RoleAdmin || d.MayIssue(a.UnitKind)) {
			out = append(out, d.Code)
		}
	}
	return out, nil
}

// validate checks an added type's fields.
func (in *TypeDefInput) validate() error {
	in.NameZh, in.NameEn = strings.TrimSpace(in.NameZh), strings.TrimSpace(in.NameEn)
	f := apperr.Fields{}
	switch {
	case in.NameZh == "":
		f.Add("name_zh", "required")
	case utf8.RuneCountInString(in.NameZh) > 30:
		f.Add("name_zh", "too_long")
	}
	if utf8.RuneCountInString(in.NameEn) > 60 {
		f.Add("name_en", "too_long")
	}
	if len(in.IssuerKinds) == 0 {
		f.Add("issuer_kinds", "document.type_issuers_required")
	}
	for _, k := range append(slices.Clone(in.IssuerKinds), in.CopiedKinds...) {
		if !slices.Contains(account.UnitKinds, k) {
			f.Add("issuer_kinds", "unit.kind_invalid")
			break
		}
	}
	if !in.Reply.valid() {
		f.Add("reply_period", "case.period_invalid")
	}
	in.IssuerKinds, in.CopiedKinds = compactKinds(in.IssuerKinds), compactKinds(in.CopiedKinds)
	return f.Err()
}

// compactKinds orders kinds as account.UnitKinds does, once each.
func compactKinds(ks []account.UnitKind) []account.UnitKind {
	out := []account.UnitKind{}
	for _, k := range account.UnitKinds {
		if slices.Contains(ks, k) {
			out = append(out, k)
		}
	}
	return out
}

// nameTaken refuses a Chinese name one of the four already has.
func nameTaken(name string, builtinNames map[DocumentType]string) bool {
	for _, n := range builtinNames {
		if n == name {
			return true
		}
	}
	return false
}

// checkTypeDef lets administrators only write a valid added type whose
// Chinese name none of the four has.
func checkTypeDef(a account.Actor, in *TypeDefInput, builtinNames map[DocumentType]string) error {
	if !a.Can(account.ActManage, account.Scope{}) {
		return apperr.E(apperr.Forbidden, "forbidden")
	}
	if err := in.validate(); err != nil {
		return err
	}
	if nameTaken(in.NameZh, builtinNames) {
		return nameTakenErr
	}
	return nil
}

// CreateTypeDef adds a document type (administrators). builtinNames are
// the four's Chinese names, which an added type may not take.
func (s *Service) CreateTypeDef(ctx context.Context, a account.Actor, in TypeDefInput, builtinNames map[DocumentType]string) (TypeDef, error) {
	if err := checkTypeDef(a, &in, builtinNames); err != nil {
		return TypeDef{}, err
	}
	now := s.Now()
	row := customType{NameZh: in.NameZh, NameEn: in.NameEn, IssuerKinds: joinKinds(in.IssuerKinds), CopiedKinds: joinKinds(in.CopiedKinds),
		ReplyN: in.Reply.N, ReplyUnit: string(in.Reply.Unit), Active: in.Active == nil || *in.Active, Version: 1, CreatedAt: now, UpdatedAt: now}
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateCustomType(ctx, &row); err != nil {
			return err
		}
		return s.Accounts.AuditChange(ctx, a, "document_type.create", "document_type", row.ID, nil, row.def(), nil)
	})
	return row.def(), err
}

// UpdateTypeDef changes an added type (administrators), checking the
// version it was read at. Documents issued keep their deadlines; the new
// rules apply to documents issued from now on.
func (s *Service) UpdateTypeDef(ctx context.Context, a account.Actor, id int64, in TypeDefInput, builtinNames map[DocumentType]string) (TypeDef, error) {
	if err := checkTypeDef(a, &in, builtinNames); err != nil {
		return TypeDef{}, err
	}
	var after customType
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		before, ok, err := s.store.CustomType(ctx, customPrefix+strconv.FormatInt(id, 10))
		if err != nil {
			return err
		}
		if !ok {
			return apperr.NotFoundErr("document_type")
		}
		if in.Version != before.Version {
			return apperr.ConflictVersion()
		}
		after = before
		after.NameZh, after.NameEn, after.IssuerKinds, after.CopiedKinds = in.NameZh, in.NameEn, joinKinds(in.IssuerKinds), joinKinds(in.CopiedKinds)
		after.ReplyN, after.ReplyUnit, after.UpdatedAt = in.Reply.N, string(in.Reply.Unit), s.Now()
		if in.Active != nil {
			after.Active = *in.Active
		}
		if err := s.store.UpdateCustomType(ctx, &after); err != nil {
			return err
		}
		return s.Accounts.AuditChange(ctx, a, "document_type.update", "document_type", id, before.def(), after.def(), nil)
	})
	return after.def(), err
}
