package casefile

import (
	"context"
	"strconv"

	"liaison/app/apperr"
	"liaison/app/db"
)

// CustomTypes returns the added document types in the order they were added.
func (s *store) CustomTypes(ctx context.Context) ([]customType, error) {
	var rows []customType
	err := s.db.Conn(ctx).Order("id").Find(&rows).Error
	return rows, apperr.Wrap(err, "db")
}

// CustomType returns the added type with code, if there is one.
func (s *store) CustomType(ctx context.Context, code string) (customType, bool, error) {
	var row customType
	err := s.db.Conn(ctx).Where("code = ?", code).Take(&row).Error
	if db.IsNotFound(err) {
		return row, false, nil
	}
	return row, err == nil, apperr.Wrap(err, "db")
}

// nameTakenErr is a Chinese name another type already has.
var nameTakenErr = &apperr.Error{Kind: apperr.Conflict, Code: "document.type_name_taken", Fields: map[string]string{"name_zh": "document.type_name_taken"}}

// CreateCustomType inserts row and gives it its code, custom_<id> (the
// row is first written under its unique Chinese name as a stand-in code).
func (s *store) CreateCustomType(ctx context.Context, row *customType) error {
	row.Code = "pending:" + row.NameZh
	err := s.db.Conn(ctx).Create(row).Error
	if db.IsUnique(err) {
		return nameTakenErr
	}
	if err != nil {
		return apperr.Wrap(err, "db")
	}
	row.Code = customPrefix + strconv.FormatInt(row.ID, 10)
	return apperr.Wrap(s.db.Conn(ctx).Model(&customType{}).Where("id = ?", row.ID).Update("code", row.Code).Error, "db")
}

// UpdateCustomType writes row if its version is still the one read, and
// bumps it; otherwise the stale-version conflict.
func (s *store) UpdateCustomType(ctx context.Context, row *customType) error {
	res := s.db.Conn(ctx).Model(&customType{}).Where("id = ? AND version = ?", row.ID, row.Version).Updates(map[string]any{
		"name_zh": row.NameZh, "name_en": row.NameEn, "issuer_kinds": row.IssuerKinds, "copied_kinds": row.CopiedKinds,
		"reply_n": row.ReplyN, "reply_unit": row.ReplyUnit, "active": row.Active, "version": row.Version + 1, "updated_at": row.UpdatedAt})
	if db.IsUnique(res.Error) {
		return nameTakenErr
	}
	if res.Error != nil {
		return apperr.Wrap(res.Error, "db")
	}
	if res.RowsAffected == 0 {
		return apperr.ConflictVersion()
	}
	row.Version++
	return nil
}
