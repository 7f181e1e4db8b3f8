package workday

import (
	"bytes"
	"database/sql/driver"
	"fmt"
	"time"

	"liaison/app/apperr"
)

// MarshalText encodes d as "YYYY-MM-DD" (query parameters, form values, map keys).
func (d Date) MarshalText() ([]byte, error) {
	if !d.IsValid() {
		return nil, fmt.Errorf("workday: cannot encode invalid date %s", d)
	}
	return []byte(d.String()), nil
}

// UnmarshalText decodes "YYYY-MM-DD".
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalJSON encodes d as "YYYY-MM-DD", and the zero Date as null so an
// unset due date reads as absent rather than as year 0.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	b, err := d.MarshalText()
	if err != nil {
		return nil, err
	}
	return append(append([]byte{'"'}, b...), '"'), nil
}

// UnmarshalJSON decodes "YYYY-MM-DD"; null leaves the zero Date.
func (d *Date) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		*d = Date{}
		return nil
	}
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return apperr.E(apperr.Invalid, "workday.invalid_date", "Value", string(b))
	}
	return d.UnmarshalText(b[1 : len(b)-1])
}

// Value stores d as TEXT "YYYY-MM-DD", which SQLite and PostgreSQL store,
// compare and sort alike; the zero Date is stored as NULL.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	b, err := d.MarshalText()
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// Scan reads a date from TEXT (string or []byte) or from a DATE column that
// the driver hands over as time.Time; NULL gives the zero Date.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case string:
		return d.scanText(v)
	case []byte:
		return d.scanText(string(v))
	case time.Time:
		// A DATE column has no zone: drivers give its midnight in UTC (or
		// the session zone), so the date fields are taken as they are, not
		// converted to Shanghai, which could move the day.
		*d = dateOf(v)
		return nil
	}
	return fmt.Errorf("workday: cannot scan %T into a Date", src)
}

// scanText accepts "YYYY-MM-DD" and, because some SQLite drivers render DATE
// columns as timestamps, "YYYY-MM-DD" followed by 'T' or ' ' and a time.
func (d *Date) scanText(s string) error {
	if len(s) > len(dateLayout) && (s[len(dateLayout)] == 'T' || s[len(dateLayout)] == ' ') {
		s = s[:len(dateLayout)]
	}
	v, err := ParseDate(s)
	if err != nil {
		return fmt.Errorf("workday: scan date %q: %w", s, err)
	}
	*d = v
	return nil
}
