package webtest

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"liaison/app/workday"
)

// Dates for tests. Every date a test writes is relative to this run's
// pinned "now" (clocktest.Now, moved by LIAISON_TEST_NOW), so the suite
// means the same on any day, including in a holiday season: a test that
// needs "a working day" asks the holiday calendar for one rather than
// assuming that tomorrow is a weekday.

// Today returns the pinned day in Asia/Shanghai.
func Today() workday.Date { return DaysFromToday(0) }

// builtin is the calendar of the built-in State Council notices: the one
// the meetings service warns with (workday.New, as meeting.NewService
// builds it), and the deadline calendar as long as no administrator has
// entered a year.
var builtin = sync.OnceValue(func() *workday.Calendar {
	c, err := workday.New()
	if err != nil {
		panic(fmt.Sprintf("webtest: built-in holiday calendar: %v", err))
	}
	return c
})

// Workday returns the first working day on or after d in the built-in
// holiday calendar (a make-up Saturday is one, a holiday Monday is not). A
// day beyond the known years counts as working when it is Monday to Friday:
// nobody knows better yet, and the application warns of nothing there.
func Workday(d workday.Date) workday.Date {
	cal := builtin()
	for day := d; day.Before(d.AddDays(60)); day = day.AddDays(1) { // the longest run of days off is nine
		ok, err := cal.IsWorkday(day)
		if errors.Is(err, workday.ErrBeyondSchedule) {
			ok = day.Weekday() != time.Saturday && day.Weekday() != time.Sunday
		} else if err != nil {
			panic(fmt.Sprintf("webtest: is %s a working day: %v", day, err))
		}
		if ok {
			return day
		}
	}
	panic(fmt.Sprintf("webtest: no working day in the 60 days from %s", d))
}

// At returns d at hour:minute Beijing time in RFC 3339 with the +08:00
// offset ("2026-12-10T09:30:00+08:00"): the form the API answers times in.
func At(d workday.Date, hour, minute int) string {
	return Time(d, hour, minute).Format(time.RFC3339)
}

// Time returns d at hour:minute Beijing time.
func Time(d workday.Date, hour, minute int) time.Time {
	return time.Date(d.Year, d.Month, d.Day, hour, minute, 0, 0, beijing)
}

// beijing is UTC+8 as a fixed zone: times format with the +08:00 offset
// the application answers with.
var beijing = time.FixedZone("CST", 8*60*60)

// Month returns the month n months from the pinned one, as "YYYY-MM".
func Month(n int) string {
	t := Today()
	return time.Date(t.Year, t.Month+time.Month(n), 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
}
