package workday

import (
	"errors"
	"sort"
	"time"

	"liaison/app/apperr"
)

// ErrBeyondSchedule is the cause of every error about a day outside the
// known years (KnownYears): before the first built-in notice, or after the
// provisional reach (2099). Test with errors.Is; the error itself is an
// apperr.Invalid "workday.beyond_schedule" carrying the unknown Year.
var ErrBeyondSchedule = errors.New("workday: date beyond the known holiday schedule")

// MaxDays bounds n in the period functions: ten years is past any real
// deadline, and the bound keeps a typo from becoming a long loop.
const MaxDays = 3650

func beyond(year int) error {
	e := apperr.E(apperr.Invalid, "workday.beyond_schedule", "Year", year)
	e.Err = ErrBeyondSchedule
	return e
}

func invalidDate(d Date) error {
	return apperr.E(apperr.Invalid, "workday.invalid_date", "Value", d.String())
}

// checkPeriod validates the arguments every period function shares.
func checkPeriod(from Date, n int) error {
	switch {
	case !from.IsValid():
		return invalidDate(from)
	case n < 0:
		return apperr.E(apperr.Invalid, "workday.negative_days")
	case n > MaxDays:
		return apperr.E(apperr.Invalid, "workday.too_many_days", "Max", MaxDays)
	}
	return nil
}

// AddWorkdays returns the n-th working day after from. As Chinese law counts
// periods, from itself is not counted, whatever kind of day it is; n == 0
// returns from. Days outside the known years give ErrBeyondSchedule. The
// answer is provisional when Provisional(answer) is true (the days counted
// are all on or before it), as for AddCalendarDays and AddMonths.
func (c *Calendar) AddWorkdays(from Date, n int) (Date, error) {
	if err := checkPeriod(from, n); err != nil {
		return Date{}, err
	}
	i, ok := c.index(from)
	if n == 0 {
		if !ok {
			return Date{}, beyond(from.Year)
		}
		return from, nil
	}
	first := i + 1 // the first day counted
	if first < 0 || first >= len(c.kinds) {
		return Date{}, beyond(from.AddDays(1).Year)
	}
	want := int(c.cum[first]) + n
	if want > int(c.cum[len(c.kinds)]) {
		return Date{}, beyond(c.last + 1)
	}
	// The answer is the day that brings the running count to want: the
	// smallest k with cum[k] >= want is one past it.
	k := first + sort.Search(len(c.cum)-first, func(j int) bool { return int(c.cum[first+j]) >= want })
	return c.dateAt(k - 1), nil
}

// AddCalendarDays returns the date n days after from, moved forward to the
// next working day when it is a rest day or holiday (法定期间届满日为节假日的，
// 以节假日后的第一日为期间届满日).
func (c *Calendar) AddCalendarDays(from Date, n int) (Date, error) {
	if err := checkPeriod(from, n); err != nil {
		return Date{}, err
	}
	return c.nextWorkday(from.AddDays(n))
}

// AddMonths returns the day n months after from: the same day of the month,
// or the month's last day when it has no such day (Jan 31 + 1 month is Feb 28
// or 29), then moved forward to the next working day like AddCalendarDays.
func (c *Calendar) AddMonths(from Date, n int) (Date, error) {
	if err := checkPeriod(from, n); err != nil {
		return Date{}, err
	}
	m := from.Year*12 + int(from.Month-time.January) + n
	y, mon := m/12, time.Month(m%12)+time.January
	return c.nextWorkday(Date{y, mon, min(from.Day, daysIn(y, mon))})
}

// nextWorkday returns d when it is a working day, else the first one after it.
func (c *Calendar) nextWorkday(d Date) (Date, error) {
	i, ok := c.index(d)
	if !ok {
		return Date{}, beyond(d.Year)
	}
	for ; i < len(c.kinds); i++ {
		if c.kinds[i].working() {
			return c.dateAt(i), nil
		}
	}
	return Date{}, beyond(c.last + 1)
}

// WorkdaysBetween counts the working days after a up to and including b, the
// count AddWorkdays inverts: "due in N working days". When b is before a the
// count is negative (-WorkdaysBetween(b, a)), for "N working days overdue".
func (c *Calendar) WorkdaysBetween(a, b Date) (int, error) {
	switch {
	case !a.IsValid():
		return 0, invalidDate(a)
	case !b.IsValid():
		return 0, invalidDate(b)
	case b.Before(a):
		n, err := c.WorkdaysBetween(b, a)
		return -n, err
	case a.Equal(b):
		return 0, nil
	}
	i, _ := c.index(a)
	j, _ := c.index(b)
	if i+1 < 0 || i+1 >= len(c.kinds) {
		return 0, beyond(a.AddDays(1).Year)
	}
	if j >= len(c.kinds) {
		return 0, beyond(c.last + 1)
	}
	return int(c.cum[j+1] - c.cum[i+1]), nil
}
