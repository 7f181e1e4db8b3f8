package workday

import (
	"fmt"
	"sync"
	"time"
	_ "time/tzdata" // embeds the zone database: slim containers often have no /usr/share/zoneinfo

	"liaison/app/apperr"
)

// Date is a civil date with no time zone: a deadline is a day, not an instant.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

const dateLayout = "2006-01-02"

// ParseDate parses "YYYY-MM-DD"; it returns apperr.Invalid "workday.invalid_date"
// for anything else, including days that do not exist such as 2026-02-30.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		e := apperr.E(apperr.Invalid, "workday.invalid_date", "Value", s)
		e.Err = err
		return Date{}, e
	}
	return dateOf(t), nil
}

// dateOf takes the date fields of t in t's own location.
func dateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// Shanghai returns the Asia/Shanghai location, in which every Liaison date is
// computed.
func Shanghai() *time.Location { return shanghai() }

var shanghai = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		// Unreachable with time/tzdata embedded; and China has kept UTC+8
		// without daylight saving since 1991, so a fixed zone is exact here.
		return time.FixedZone("CST", 8*60*60)
	}
	return loc
})

// FromTime returns the date that instant t falls on in Asia/Shanghai.
func FromTime(t time.Time) Date { return dateOf(t.In(Shanghai())) }

// String formats d as "YYYY-MM-DD".
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// IsZero reports whether d is the zero Date, used for "no date".
func (d Date) IsZero() bool { return d == Date{} }

// IsValid reports whether d names a day that exists (no 2026-02-30).
func (d Date) IsValid() bool {
	return d.Month >= time.January && d.Month <= time.December &&
		d.Day >= 1 && d.Day <= daysIn(d.Year, d.Month)
}

// daysIn returns the number of days in month m of year y.
func daysIn(y int, m time.Month) int {
	// Day 0 of the next month is the last day of this one.
	return time.Date(y, m+1, 0, 12, 0, 0, 0, time.UTC).Day()
}

// noon is d at noon UTC: far from any midnight, so no arithmetic can slip a day.
func (d Date) noon() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC)
}

// AddDays returns the date n days after d (before it when n < 0).
func (d Date) AddDays(n int) Date {
	return dateOf(time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC))
}

// epochDay numbers days from 1970-01-01, so day differences are subtractions.
func (d Date) epochDay() int {
	return int(time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.noon().Weekday() }

// Compare returns -1, 0 or +1 as d is before, equal to or after o.
func (d Date) Compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return cmpInt(d.Year, o.Year)
	case d.Month != o.Month:
		return cmpInt(int(d.Month), int(o.Month))
	default:
		return cmpInt(d.Day, o.Day)
	}
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d is before o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is after o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// Equal reports whether d and o are the same day.
func (d Date) Equal(o Date) bool { return d.Compare(o) == 0 }

// isWeekend reports whether d is a Saturday or Sunday, the ordinary rest days.
func (d Date) isWeekend() bool {
	w := d.Weekday()
	return w == time.Saturday || w == time.Sunday
}
