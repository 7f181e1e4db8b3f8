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
	KindHoliday       DayKind = "holiday"        // a day off by the notice or the law, whatever its weekday
	KindMakeupWorkday DayKind = "makeup_workday" // a weekend day made a working day (调休上班)
)

// kind is a DayKind in one byte, as the calendar stores one per day. The
// zero value marks a day no notice or rule has claimed while building.
type kind uint8

const (
	unclaimed kind = iota
	kWorkday
	kWeekend
	kHoliday
	kMakeup
)

var dayKinds = [...]DayKind{unclaimed: "", kWorkday: KindWorkday, kWeekend: KindWeekend,
	kHoliday: KindHoliday, kMakeup: KindMakeupWorkday}

// working reports whether people work on a day of kind k.
func (k kind) working() bool { return k == kWorkday || k == kMakeup }

// Calendar answers holiday and working-day questions from its first year
// to the end of the provisional reach (2099). Years up to PublishedThrough
// follow their notices; the years after it are provisional (see
// Provisional). It is immutable once built, so one value may be shared by
// every request.
type Calendar struct {
	first, last int // the years answered
	published   int // the last year with a notice, built in or entered
	start       Date
	startDay    int      // start's epochDay; start is day index 0
	kinds       []kind   // one per day from start to 31 December of last
	names       []uint16 // per day, the index into nameTab of its holiday's name (0: none)
	nameTab     []string
	cum         []int32 // cum[i] = working days among days [0, i), so a range count is one subtraction
	years       map[int]Year
}

// New builds the calendar from the built-in notices plus extra years entered
// by an administrator. An extra year replaces a built-in one of the same
// year, so a corrected or amended notice can be entered, and an entered
// year after the built-in ones replaces that year's provisional days. Every
// year is validated (see Year.Validate); the years must also follow one
// another without a gap ("workday.year_gap": provisional years do not fill
// one), appear once among extra ("workday.duplicate_year") and not claim the
// same day ("workday.overlap").
func New(extra ...Year) (*Calendar, error) {
	built, err := builtin()
	if err != nil {
		return nil, err
	}
	return newCalendar(built, extra...)
}

// newCalendar is New over the given built-in years, so tests can pin them.
func newCalendar(built []Year, extra ...Year) (*Calendar, error) {
	law, err := statutory()
	if err != nil {
		return nil, apperr.Wrap(err, "workday.statutory")
	}
	years := make(map[int]Year, len(built)+len(extra))
	for _, y := range built {
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
	c := &Calendar{first: order[0], published: order[len(order)-1], years: years}
	c.last = max(c.published, provisionalThrough)
	if c.published < c.last && c.published+1 < statutoryFrom {
		// Unreachable: the built-in notices run past statutoryFrom.
		return nil, apperr.E(apperr.Internal, "workday.statutory")
	}
	if err := c.build(order, law); err != nil {
		return nil, err
	}
	return c, nil
}

// build lays the years out day by day, so every lookup is an index: the
// published years from their notices, the provisional ones from law.
func (c *Calendar) build(order []int, law *statutoryTable) error {
	c.start = Date{c.first, time.January, 1}
	c.startDay = c.start.epochDay()
	n := Date{c.last, time.December, 31}.epochDay() - c.startDay + 1
	c.kinds = make([]kind, n)
	c.names = make([]uint16, n)
	// The statutory names come first, so provisional days need no lookup;
	// the clipped capacity makes the appends below copy, never share.
	c.nameTab = law.names[:len(law.names):len(law.names)]
	nameIndex := make(map[string]uint16, len(c.nameTab)+8)
	for i, s := range c.nameTab {
		nameIndex[s] = uint16(i)
	}
	// At most 366 holidays a year (they cannot overlap) for at most 101
	// years (minYear to maxYear): far fewer names than a uint16 holds.
	intern := func(s string) uint16 {
		i, ok := nameIndex[s]
		if !ok {
			i = uint16(len(c.nameTab))
			nameIndex[s] = i
			c.nameTab = append(c.nameTab, s)
		}
		return i
	}
	claim := func(year int, d Date, k kind, name uint16) error {
		i, ok := c.index(d)
		if !ok {
			return nil // a first year's reach into the unknown December before it
		}
		if c.kinds[i] != unclaimed {
			return apperr.E(apperr.Invalid, "workday.overlap", "Year", year, "Date", d.String())
		}
		c.kinds[i], c.names[i] = k, name
		return nil
	}
	for _, y := range order {
		for _, h := range c.years[y].Holidays {
			name := intern(h.Name)
			for d := h.Start; !d.After(h.End); d = d.AddDays(1) {
				if err := claim(y, d, kHoliday, name); err != nil {
					return err
				}
			}
		}
		for _, d := range c.years[y].MakeupWorkdays {
			if err := claim(y, d, kMakeup, 0); err != nil {
				return err
			}
		}
	}
	for y := c.published + 1; y <= c.last; y++ {
		for _, s := range law.year(y) {
			// Statutory days lie inside their own year, which no notice
			// claims: no overlap is possible.
			i := int(s.day) - c.startDay
			c.kinds[i], c.names[i] = kHoliday, s.name
		}
	}
	c.cum = make([]int32, n+1)
	w := int(c.start.Weekday())
	for i := range n {
		if c.kinds[i] == unclaimed {
			c.kinds[i] = kWorkday
			if w == int(time.Saturday) || w == int(time.Sunday) {
				c.kinds[i] = kWeekend
			}
		}
		c.cum[i+1] = c.cum[i]
		if c.kinds[i].working() {
			c.cum[i+1]++
		}
		if w++; w == 7 {
			w = 0
		}
	}
	return nil
}

// index returns d's position in the day tables, and whether it has one.
func (c *Calendar) index(d Date) (int, bool) {
	i := d.epochDay() - c.startDay
	return i, i >= 0 && i < len(c.kinds)
}

// dateAt returns the date of day index i.
func (c *Calendar) dateAt(i int) Date { return c.start.AddDays(i) }

// KnownYears returns the first and last year the calendar answers for: the
// first year with a notice, and the end of the provisional reach (2099, or
// the last entered year if an administrator entered one beyond it). Use
// PublishedThrough for the last year with a notice.
func (c *Calendar) KnownYears() (first, last int) { return c.first, c.last }

// PublishedThrough returns the last year with a published notice, built in
// or entered by an administrator; the years after it are provisional.
func (c *Calendar) PublishedThrough() int { return c.published }

// Provisional reports whether d lies in a provisional year: after the last
// published notice and within the calendar's reach. Such a year counts only
// the law's statutory days off (with 补假 for those on a weekend) and has no
// 调休 make-up working days, so its answers may change once the notice is
// published. A deadline computed by AddWorkdays, AddMonths or
// AddCalendarDays is provisional exactly when its result is, since every
// day the count examines is on or before the result: test
// cal.Provisional(result).
func (c *Calendar) Provisional(d Date) bool {
	return d.IsValid() && d.Year > c.published && d.Year <= c.last
}

// Year returns a copy of the notice the calendar holds for year y; ok is
// false for a year without one, provisional years included.
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
	return dayKinds[c.kinds[i]], nil
}

// IsWorkday reports whether d is a working day (a make-up Saturday is one, a
// holiday Monday is not); beyond the known years it returns ErrBeyondSchedule.
func (c *Calendar) IsWorkday(d Date) (bool, error) {
	if !d.IsValid() {
		return false, invalidDate(d)
	}
	i, ok := c.index(d)
	if !ok {
		return false, beyond(d.Year)
	}
	return c.kinds[i].working(), nil
}

// IsHoliday returns the name of the holiday d falls in (元旦, 春节 …, and in
// provisional years also a make-up day off such as "春节（补假）"); ok is
// false for any other day, including days beyond the known years.
func (c *Calendar) IsHoliday(d Date) (name string, ok bool) {
	if !d.IsValid() {
		return "", false
	}
	i, in := c.index(d)
	if !in || c.kinds[i] != kHoliday {
		return "", false
	}
	return c.nameTab[c.names[i]], true
}
