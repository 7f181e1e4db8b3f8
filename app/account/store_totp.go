package account

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"liaison/app/apperr"
	"liaison/app/db"
)

// totpRow is a user's authenticator; ConfirmedAt is nil during enrolment.
type totpRow struct {
	UserID      int64 `gorm:"primaryKey;autoIncrement:false"`
	Secret      string
	ConfirmedAt *time.Time
	LastStep    int64
	CreatedAt   time.Time
}

func (totpRow) TableName() string { return "user_totp" }

type recoveryRow struct {
	ID        int64
	UserID    int64
	CodeHash  string
	UsedAt    *time.Time
	CreatedAt time.Time
}

func (recoveryRow) TableName() string { return "recovery_codes" }

// totp returns the user's authenticator row, or NotFound.
func (s *store) totp(ctx context.Context, userID int64) (totpRow, error) {
	var r totpRow
	err := s.conn(ctx).Where("user_id = ?", userID).Take(&r).Error
	if db.IsNotFound(err) {
		return r, apperr.NotFoundErr("totp")
	}
	return r, apperr.Wrap(err, "db")
}

// putPendingTOTP starts (or restarts) an enrolment, unless one is confirmed.
func (s *store) putPendingTOTP(ctx context.Context, r totpRow) error {
	res := s.conn(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "user_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"secret", "last_step", "created_at"}),
		Where:     clause.Where{Exprs: []clause.Expression{clause.Expr{SQL: "user_totp.confirmed_at IS NULL"}}},
	}).Create(&r)
	if res.Error != nil {
		return apperr.Wrap(res.Error, "db")
	}
	if res.RowsAffected == 0 {
		return apperr.E(apperr.Conflict, "totp.already_enrolled")
	}
	return nil
}

// acceptStep records step as the last used one, only if it is later than
// the stored one: of two requests racing with one code, one wins.
func (s *store) acceptStep(ctx context.Context, userID, step int64, confirm *time.Time) (bool, error) {
	up := map[string]any{"last_step": step}
	if confirm != nil {
		up["confirmed_at"] = *confirm
	}
	res := s.conn(ctx).Model(&totpRow{}).Where("user_id = ? AND last_step < ?", userID, step).Updates(up)
	return res.RowsAffected == 1, apperr.Wrap(res.Error, "db")
}

// deleteTOTP removes the authenticator and the recovery codes.
func (s *store) deleteTOTP(ctx context.Context, userID int64) error {
	if err := s.conn(ctx).Exec(`DELETE FROM recovery_codes WHERE user_id = ?`, userID).Error; err != nil {
		return apperr.Wrap(err, "db")
	}
	return apperr.Wrap(s.conn(ctx).Exec(`DELETE FROM user_totp WHERE user_id = ?`, userID).Error, "db")
}

// replaceRecoveryCodes drops the user's codes and stores hashes.
func (s *store) replaceRecoveryCodes(ctx context.Context, userID int64, hashes []string, now time.Time) error {
	if err := s.conn(ctx).Exec(`DELETE FROM recovery_codes WHERE user_id = ?`, userID).Error; err != nil {
		return apperr.Wrap(err, "db")
	}
	rows := make([]recoveryRow, len(hashes))
	for i, h := range hashes {
		rows[i] = recoveryRow{UserID: userID, CodeHash: h, CreatedAt: now}
	}
	return apperr.Wrap(s.conn(ctx).Create(&rows).Error, "db")
}

// useRecoveryCode marks an unused code spent; false when there is none
// (wrong, or used before: one UPDATE, so two racing uses cannot both win).
func (s *store) useRecoveryCode(ctx context.Context, userID int64, hash string, now time.Time) (bool, error) {
	res := s.conn(ctx).Model(&recoveryRow{}).Where("user_id = ? AND code_hash = ? AND used_at IS NULL", userID, hash).
		Update("used_at", now)
	return res.RowsAffected == 1, apperr.Wrap(res.Error, "db")
}

// recoveryLeft counts the user's unused codes.
func (s *store) recoveryLeft(ctx context.Context, userID int64) (int, error) {
	var n int64
	err := s.conn(ctx).Model(&recoveryRow{}).Where("user_id = ? AND used_at IS NULL", userID).Count(&n).Error
	return int(n), apperr.Wrap(err, "db")
}

// setPassword stores a new hash and bumps the version.
func (s *store) setPassword(ctx context.Context, userID int64, hash string, now time.Time) error {
	return apperr.Wrap(s.conn(ctx).Model(&User{}).Where("id = ?", userID).Updates(map[string]any{
		"password_hash": hash, "version": gorm.Expr("version + 1"), "updated_at": now,
	}).Error, "db")
}
