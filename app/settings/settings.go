// Package settings keeps small process-wide values in the database, so that
// every instance behind the load balancer shares them: the signing key, and
// admin-set defaults that other packages read.
package settings

import (
	"context"
	"encoding/hex"
	"time"

	"crypto/rand"

	"gorm.io/gorm/clause"

	"liaison/app/apperr"
	"liaison/app/db"
)

// Service reads and writes settings (one small table of keys; the package
// is its own store, so it has no separate store type).
type Service struct{ db *db.DB }

// New returns the settings over d.
func New(d *db.DB) *Service { return &Service{db: d} }

type row struct {
	Key       string `gorm:"primaryKey"`
	Value     string
	UpdatedAt time.Time
}

func (row) TableName() string { return "settings" }

// Get returns the value of key and whether it is set.
func (s *Service) Get(ctx context.Context, key string) (string, bool, error) {
	var r row
	err := s.db.Conn(ctx).Where("key = ?", key).Take(&r).Error
	if db.IsNotFound(err) {
		return "", false, nil
	}
	if err != nil {
		return "", false, apperr.Wrap(err, "db")
	}
	return r.Value, true, nil
}

// Set writes key.
func (s *Service) Set(ctx context.Context, key, value string) error {
	r := row{Key: key, Value: value, UpdatedAt: s.db.Now()}
	return apperr.Wrap(s.db.Conn(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "key"}},
		DoUpdates: clause.AssignmentColumns([]string{"value", "updated_at"}),
	}).Create(&r).Error, "db")
}

// SigningKey returns the instance-wide HMAC key, creating it once. Two
// instances starting together both try to insert; the loser reads the
// winner's key, so they always agree.
func (s *Service) SigningKey(ctx context.Context) ([]byte, error) {
	const key = "signing_key"
	if v, ok, err := s.Get(ctx, key); err != nil || ok {
		b, _ := hex.DecodeString(v)
		return b, err
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	r := row{Key: key, Value: hex.EncodeToString(b), UpdatedAt: s.db.Now()}
	if err := s.db.Conn(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&r).Error; err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	v, _, err := s.Get(ctx, key)
	out, _ := hex.DecodeString(v)
	return out, err
}
