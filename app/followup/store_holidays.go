package followup

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm/clause"

	"liaison/app/apperr"
	"liaison/app/workday"
)

// holidayYear is one entered notice, stored as the JSON of workday.Year.
type holidayYear struct {
	Year      int `gorm:"primaryKey;autoIncrement:false"`
	Data      string
	UpdatedBy *int64
	Version   int
	UpdatedAt time.Time
}

func (holidayYear) TableName() string { return "holiday_years" }

// holidayStamp is a cheap fingerprint of the entered years: it changes
// whenever a year is added, changed or removed.
func (s *store) holidayStamp(ctx context.Context) (string, error) {
	var r struct {
		N        int64
		Sum      int64
		Weighted int64
	}
	err := s.db.Conn(ctx).Model(&holidayYear{}).Select("COUNT(*) AS n, COALESCE(SUM(version), 0) AS sum, COALESCE(SUM(year * version), 0) AS weighted").Scan(&r).Error
	if err != nil {
		return "", apperr.Wrap(err, "db")
	}
	return fmt.Sprintf("%d/%d/%d", r.N, r.Sum, r.Weighted), nil
}

// HolidayYears returns every entered year, in year order.
func (s *store) HolidayYears(ctx context.Context) ([]workday.Year, error) {
	var rows []holidayYear
	if err := s.db.Conn(ctx).Order("year").Find(&rows).Error; err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	out := make([]workday.Year, 0, len(rows))
	for _, r := range rows {
		var y workday.Year
		if err := json.Unmarshal([]byte(r.Data), &y); err != nil {
			return nil, apperr.Wrap(fmt.Errorf("holiday year %d: %w", r.Year, err), "db")
		}
		out = append(out, y)
	}
	return out, nil
}

// PutHolidayYear inserts or replaces a year, bumping its version.
func (s *store) PutHolidayYear(ctx context.Context, y workday.Year, by *int64, now time.Time) error {
	b, err := json.Marshal(y)
	if err != nil {
		return apperr.Wrap(err, "json")
	}
	row := holidayYear{Year: y.Year, Data: string(b), UpdatedBy: by, Version: 1, UpdatedAt: now}
	err = s.db.Conn(ctx).Clauses(clause.OnConflict{
		Columns: []clause.Column{{Name: "year"}},
		DoUpdates: clause.Assignments(map[string]any{"data": row.Data, "updated_by": by, "updated_at": now,
			"version": clause.Expr{SQL: "holiday_years.version + 1"}}),
	}).Create(&row).Error
	return apperr.Wrap(err, "db")
}

// DeleteHolidayYear removes an entered year; an absent one is NotFound.
func (s *store) DeleteHolidayYear(ctx context.Context, year int) error {
	res := s.db.Conn(ctx).Where("year = ?", year).Delete(&holidayYear{})
	if res.Error != nil {
		return apperr.Wrap(res.Error, "db")
	}
	if res.RowsAffected == 0 {
		return apperr.NotFoundErr("holiday_year")
	}
	return nil
}
