package workday

import (
	"fmt"
	"strings"
	"time"

	"liaison/app/apperr"
)

// Holiday is one holiday period of a notice, its first and last day off inclusive.
type Holiday struct {
	Name  string `json:"name"`
	Start Date   `json:"start"`
	End   Date   `json:"end"`
}

// Year is one year's State Council notice (国务院办公厅关于XXXX年部分节假日安排的通知):
// its holiday periods and the weekend days made working days (调休上班).
type Year struct {
	Year           int       `json:"year"`
	Holidays       []Holiday `json:"holidays"`
	MakeupWorkdays []Date    `json:"makeup_workdays"`
}

// Bounds on what an administrator may enter; they catch typos, not law.
const (
	minYear        = 2000
	maxYear        = 2100
	maxHolidayDays = 31 // the longest period so far was 春节 2020 at 10 days
	// Notices may reach into the previous December: the 2019 notice made
	// 2018-12-29 a working day and started 元旦 on 2018-12-30.
	earlyDays = 7
)

// Validate checks a year as an administrator entered it, returning
// apperr.Invalid "workday.invalid_year" with one code per offending field.
// Dates must lie in that year (or the last week of the year before, see
// earlyDays); holidays must be named and may not overlap; make-up days must
// be weekend days outside every holiday.
func (y Year) Validate() error {
	if y.Year < minYear || y.Year > maxYear {
		return apperr.E(apperr.Invalid, "workday.year_out_of_range", "Year", y.Year)
	}
	f := apperr.Fields{}
	lo := Date{y.Year, time.January, 1}.AddDays(-earlyDays)
	hi := Date{y.Year, time.December, 31}
	inYear := func(d Date) bool { return !d.Before(lo) && !d.After(hi) }
	taken := map[Date]bool{}
	for i, h := range y.Holidays {
		p := fmt.Sprintf("holidays[%d].", i)
		if strings.TrimSpace(h.Name) == "" {
			f.Add(p+"name", "workday.holiday_name_required")
		}
		switch {
		case !h.Start.IsValid():
			f.Add(p+"start", "workday.invalid_date")
		case !h.End.IsValid():
			f.Add(p+"end", "workday.invalid_date")
		case !inYear(h.Start):
			f.Add(p+"start", "workday.date_outside_year")
		case !inYear(h.End):
			f.Add(p+"end", "workday.date_outside_year")
		case h.End.Before(h.Start):
			f.Add(p+"end", "workday.end_before_start")
		case h.End.epochDay()-h.Start.epochDay() >= maxHolidayDays:
			f.Add(p+"end", "workday.holiday_too_long")
		default:
			for d := h.Start; !d.After(h.End); d = d.AddDays(1) {
				if taken[d] {
					f.Add(p+"start", "workday.overlap")
				}
				taken[d] = true
			}
		}
	}
	for i, d := range y.MakeupWorkdays {
		p := fmt.Sprintf("makeup_workdays[%d]", i)
		switch {
		case !d.IsValid():
			f.Add(p, "workday.invalid_date")
		case !inYear(d):
			f.Add(p, "workday.date_outside_year")
		case !d.isWeekend():
			// A weekday is a working day already; entering one is a mistake.
			f.Add(p, "workday.makeup_not_weekend")
		case taken[d]:
			f.Add(p, "workday.overlap")
		default:
			taken[d] = true
		}
	}
	if len(f) == 0 {
		return nil
	}
	return &apperr.Error{Kind: apperr.Invalid, Code: "workday.invalid_year",
		Fields: f, Args: map[string]any{"Year": y.Year}}
}

// clone deep-copies y so a Calendar never shares slices with its caller.
func (y Year) clone() Year {
	y.Holidays = append([]Holiday(nil), y.Holidays...)
	y.MakeupWorkdays = append([]Date(nil), y.MakeupWorkdays...)
	return y
}
