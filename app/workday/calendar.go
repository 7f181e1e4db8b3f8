package workday

import (
	"slices"
	"time"

	"liaison/app/apperr"
)

// DayKind says what a day is in the holiday calendar.
type DayKind string

// The kinds of day.
const (
	KindWorkday       DayKind = "workday"        // an ordinary Monday to Friday
	KindWeekend       DayKind = "weekend"        // an ordinary Saturday or Sunday
	KindHoliday       DayKind = "holiday"        // a day off by the notice, whatever its weekday
	KindMakeupWorkday DayKind = "makeup_workday" // a weekend day made a working day (调休上班)
)

// Calendar answers holiday and working-day questions for its known years. It
// is immutable once built, so one value may be shared by every request.
type Calendar struct {
	first, last int
	start       Date      // 1 January of first; day index 0
	kinds       []DayKind // one per day from start to 31 December of last
	names       []string  // the holiday's name per day, "" when not a holiday
	cum         []int     // cum[i] = working days among days [0, i), so a range count is one subtraction
	years       map[int]Year
}

// New builds the calendar from the built-in notices plus extra years entered
// by an administrator. An extra year replaces a built-in one of the same
// year, so a corrected or amended notice can be entered. Every year is
// validated (see Year.Validate); the years must also follow one another
// without a gap ("workday.year_gap"), appear once among extra
// ("workday.duplicate_year") and not claim the same day ("workday.overlap").
func New(extra ...Year) (*Calendar, error) {
	years := map[int]Year{}
	for _, y := range builtin() {
		years[y.Year] = y
	}
	seen := map[int]bool{}
	for _, y := range extra {
		if seen[y.Year] {
			return nil, apperr.E(apperr.Invalid, "workday.duplicate_year", "Year", y.Year)
		}
		seen[y.Year] = true
		years[y.Year] = y.clone()
	}
	order := make([]int, 0, len(years))
	for y := range years {
		order = append(order, y)
	}
	slices.Sort(order)
	for i, y := range order {
		if err := years[y].Validate(); err != nil {
			return nil, err
		}
		if i > 0 && y != order[i-1]+1 {
			// A gap year would be silently treated as weekdays-only.
			return nil, apperr.E(apperr.Invalid, "workday.year_gap", "Year", order[i-1]+1)
		}
	}
	c := &Calendar{first: order[0], last: order[len(order)-1], years: years}
	if err := c.build(order); err != nil {
		return nil, err
	}
	return c, nil
}

// build lays the years out day by day, so every lookup is an index.
func (c *Calendar) build(order []int) error {
	c.start = Date{c.first, time.January, 1}
	n := Date{c.last, time.December, 31}.epochDay() - c.start.epochDay() + 1
	c.kinds = make([]DayKind, n)
	c.names = make([]string, n)
	set := make([]bool, n)
	claim := func(year int, d Date, k DayKind, name string) error {
		i, ok := c.index(d)
		if !ok {
			return nil // a first year's reach into the unknown December before it
		}
		if set[i] {
			return apperr.E(apperr.Invalid, "workday.overlap", "Year", year, "Date", d.String())
		}
		set[i], c.kinds[i], c.names[i] = true, k, name
		return nil
	}
	for _, y := range order {
		for _, h := range c.years[y].Holidays {
			for d := h.Start; !d.After(h.End); d = d.AddDays(1) {
				if err := claim(y, d, KindHoliday, h.Name); err != nil {
					return err
				}
			}
		}
		for _, d := range c.years[y].MakeupWorkdays {
			if err := claim(y, d, KindMakeupWorkday, ""); err != nil {
				return err
			}
		}
	}
	c.cum = make([]int, n+1)
	for i := range n {
		if !set[i] {
			c.kinds[i] = KindWorkday
			if c.dateAt(i).isWeekend() {
				c.kinds[i] = KindWeekend
			}
		}
		c.cum[i+1] = c.cum[i]
		if c.kinds[i].working() {
			c.cum[i+1]++
		}
	}
	return nil
}

// working reports whether people work on a day of kind k.
func (k DayKind) working() bool { return k == KindWorkday || k == KindMakeupWorkday }

// index returns d's position in the day tables, and whether it has one.
func (c *Calendar) index(d Date) (int, bool) {
	i := d.epochDay() - c.start.epochDay()
	return i, i >= 0 && i < len(c.kinds)
}

// dateAt returns the date of day index i.
func (c *Calendar) dateAt(i int) Date { return c.start.AddDays(i) }

// KnownYears returns the first and last year the calendar knows.
func (c *Calendar) KnownYears() (first, last int) { return c.first, c.last }

// Year returns a copy of the notice the calendar holds for year y.
func (c *Calendar) Year(y int) (Year, bool) {
	v, ok := c.years[y]
	return v.clone(), ok
}

// Kind classifies d; beyond the known years it returns ErrBeyondSchedule.
func (c *Calendar) Kind(d Date) (DayKind, error) {
	if !d.IsValid() {
		return "", invalidDate(d)
	}
	i, ok := c.index(d)
	if !ok {
		return "", beyond(d.Year)
	}
	return c.kinds[i], nil
}

// IsWorkday reports whether d is a working day (a make-up Saturday is one, a
// holiday Monday is not); beyond the known years it returns ErrBeyondSchedule.
func (c *Calendar) IsWorkday(d Date) (bool, error) {
	k, err := c.Kind(d)
	return k.working(), err
}

// IsHoliday returns the name of the holiday d falls in (元旦, 春节 …); ok is
// false for any other day, including days beyond the known years.
func (c *Calendar) IsHoliday(d Date) (name string, ok bool) {
	if !d.IsValid() {
		return "", false
	}
	i, in := c.index(d)
	if !in || c.kinds[i] != KindHoliday {
		return "", false
	}
	return c.names[i], true
}
