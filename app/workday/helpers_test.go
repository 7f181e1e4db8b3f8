package workday

import (
	"errors"
	"slices"
	"testing"

	"liaison/app/apperr"
)

// day parses a literal date in a test table; a typo there is a test bug.
func day(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// builtinCalendar returns the calendar of the built-in notices only.
func builtinCalendar(tb testing.TB) *Calendar {
	tb.Helper()
	c, err := New()
	if err != nil {
		tb.Fatalf("New(): %v", err)
	}
	return c
}

// newThrough2027 is New over the built-in years as of lunar-go v1.4.7,
// published through 2027 whatever later years a newer lunar-go adds, so the
// tests of provisional years and year gaps keep their examples (2028 on)
// across dependency updates.
func newThrough2027(extra ...Year) (*Calendar, error) {
	built, err := builtin()
	if err != nil {
		return nil, err
	}
	built = slices.DeleteFunc(built, func(y Year) bool { return y.Year > 2027 })
	return newCalendar(built, extra...)
}

// calendar2027 is newThrough2027, failing the test on error.
func calendar2027(tb testing.TB, extra ...Year) *Calendar {
	tb.Helper()
	c, err := newThrough2027(extra...)
	if err != nil {
		tb.Fatalf("newThrough2027: %v", err)
	}
	return c
}

// code returns err's apperr code, or "" when err is not an *apperr.Error.
func code(err error) string {
	if e, ok := apperr.As(err); ok {
		return e.Code
	}
	return ""
}

// wantBeyond fails unless err is the beyond-schedule error for year.
func wantBeyond(t *testing.T, err error, year int) {
	t.Helper()
	e, ok := apperr.As(err)
	if !ok || !errors.Is(err, ErrBeyondSchedule) || e.Kind != apperr.Invalid ||
		e.Code != "workday.beyond_schedule" || e.Args["Year"] != year {
		t.Fatalf("err = %#v, want beyond_schedule for %d", err, year)
	}
}

// fixture2027 is INVENTED for tests of extra years: it is NOT the State
// Council's 2027 schedule (which is now built in; entering the fixture
// replaces it, as an administrator's amended notice would). It is plausible
// in shape (元旦 on a Friday, 春节 from 除夕 2027-02-05) so the cases read like
// real ones.
func fixture2027() Year {
	return Year{
		Year: 2027,
		Holidays: []Holiday{
			{"元旦", day("2027-01-01"), day("2027-01-03")},
			{"春节", day("2027-02-05"), day("2027-02-12")},
		},
		MakeupWorkdays: []Date{day("2027-02-20")},
	}
}
