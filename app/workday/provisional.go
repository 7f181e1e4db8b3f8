package workday

import (
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/6tail/lunar-go/calendar"
)

// The provisional reach: a year after the last published notice, up to
// provisionalThrough, is answered from the law's statutory days alone.
// statutoryFrom is the first year the law as amended in November 2024
// applies to; the statutory days are computed from there so that they can
// be checked against the published 2025 notice and its successors.
const (
	statutoryFrom      = 2025
	provisionalThrough = 2099
)

// makeupSuffix marks a day off given in place of a statutory day that fell
// on a weekend or on another festival's day (补假): "春节（补假）".
const makeupSuffix = "（补假）"

// namedDay is one day off with the name IsHoliday reports for it.
type namedDay struct {
	Date Date
	Name string
}

// festival is one of the festivals 全国年节及纪念日放假办法 (as amended in
// 2024) gives every citizen days off for, and those days in a given year.
type festival struct {
	name string
	days func(y int) []Date
}

// festivals lists the statutory days, 13 a year. 国庆节 comes before 中秋节
// so that a day both claim is named "国庆节、中秋节", as the notices name it.
var festivals = []festival{
	{"元旦", func(y int) []Date { return []Date{{y, time.January, 1}} }},
	{"春节", func(y int) []Date {
		// 除夕 is the last day of the old lunar year: the day before 初一.
		d := lunarDate(y, 1, 1)
		return []Date{d.AddDays(-1), d, d.AddDays(1), d.AddDays(2)}
	}},
	{"清明节", func(y int) []Date { return []Date{qingming(y)} }},
	{"劳动节", func(y int) []Date { return []Date{{y, time.May, 1}, {y, time.May, 2}} }},
	{"端午节", func(y int) []Date { return []Date{lunarDate(y, 5, 5)} }},
	{"国庆节", func(y int) []Date {
		return []Date{{y, time.October, 1}, {y, time.October, 2}, {y, time.October, 3}}
	}},
	{"中秋节", func(y int) []Date { return []Date{lunarDate(y, 8, 15)} }},
}

// lunarDate returns the solar date of day d of month m (never a leap month)
// of lunar year y, reckoned in China's time as the Chinese calendar is. It
// reads lunar-go's LunarYear directly rather than through calendar.Lunar,
// which computes far more than the date; lunar-go caches the last LunarYear,
// so the festivals of one year cost one computation.
func lunarDate(y, m, d int) Date {
	month := calendar.NewLunarYear(y).GetMonth(m)
	return solarDate(calendar.NewSolarFromJulianDay(month.GetFirstJulianDay() + float64(d-1)))
}

// qingming returns the day of the 清明 solar term in year y (4, 5 or 6 April):
// lunar year y's table of solar terms runs from the 大雪 before it to the
// 惊蛰 after, so it holds year y's 清明.
func qingming(y int) Date {
	i := slices.Index(calendar.JIE_QI_IN_USE, "清明")
	return solarDate(calendar.NewSolarFromJulianDay(calendar.NewLunarYear(y).GetJieQiJulianDays()[i]))
}

func solarDate(s *calendar.Solar) Date {
	return Date{s.GetYear(), time.Month(s.GetMonth()), s.GetDay()}
}

// statutoryYear returns year y's days off under the law alone, in date
// order: each festival's statutory days, and for each of those days that
// falls on a Saturday or Sunday a day off on the next weekday that is not
// already a day off, named after its festival with makeupSuffix. (The law:
// 全体公民放假的假日，如果适逢周六、周日，应当在工作日补假.)
//
// When two festivals claim the same day (中秋 on 1–3 October, as in 2028
// and 2031), the law still gives each its day, so the second is made up
// like a weekend day: the 2020 notice, when 中秋 was 1 October, gave 国庆
// and 中秋 together four days off beyond the weekends and make-up days.
//
// No weekend day becomes a working day: 调休 only ever comes from a notice.
func statutoryYear(y int) []namedDay {
	names := map[Date]string{}
	type owed struct {
		d    Date
		name string
	}
	var debts []owed
	for _, f := range festivals {
		for _, d := range f.days(y) {
			if prev, taken := names[d]; taken {
				names[d] = prev + "、" + f.name
				debts = append(debts, owed{d, f.name})
				continue
			}
			names[d] = f.name
			if d.isWeekend() {
				debts = append(debts, owed{d, f.name})
			}
		}
	}
	slices.SortStableFunc(debts, func(a, b owed) int { return a.d.Compare(b.d) })
	for _, o := range debts {
		d := o.d.AddDays(1)
		for d.isWeekend() || names[d] != "" {
			d = d.AddDays(1)
		}
		names[d] = o.name + makeupSuffix
	}
	out := make([]namedDay, 0, len(names))
	for d, n := range names {
		out = append(out, namedDay{d, n})
	}
	slices.SortFunc(out, func(a, b namedDay) int { return a.Date.Compare(b.Date) })
	return out
}

// statutoryDay is one provisional day off as the calendar stores it.
type statutoryDay struct {
	day  int32  // epochDay
	name uint16 // index into statutoryTable.names
}

// statutoryTable holds the statutory days of every year from statutoryFrom
// to provisionalThrough. They depend on nothing an administrator enters, so
// they are computed once per process and shared by every Calendar.
type statutoryTable struct {
	names []string         // names[0] is "", the name of no holiday
	years [][]statutoryDay // years[y-statutoryFrom], in date order
}

var statutory = sync.OnceValues(func() (*statutoryTable, error) {
	t := &statutoryTable{names: []string{""}}
	index := map[string]uint16{"": 0}
	for y := statutoryFrom; y <= provisionalThrough; y++ {
		days := statutoryYear(y)
		row := make([]statutoryDay, len(days))
		for i, d := range days {
			if d.Date.Year != y {
				// Every statutory day and its make-up lies well inside its
				// year; a day elsewhere would mean the lunar data is wrong.
				return nil, fmt.Errorf("workday: statutory day %s %s outside %d", d.Date, d.Name, y)
			}
			n, ok := index[d.Name]
			if !ok {
				n = uint16(len(t.names))
				index[d.Name] = n
				t.names = append(t.names, d.Name)
			}
			row[i] = statutoryDay{day: int32(d.Date.epochDay()), name: n}
		}
		t.years = append(t.years, row)
	}
	return t, nil
})

// year returns the statutory days of y, or nil outside the table.
func (t *statutoryTable) year(y int) []statutoryDay {
	if y < statutoryFrom || y > provisionalThrough {
		return nil
	}
	return t.years[y-statutoryFrom]
}
