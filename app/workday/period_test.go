package workday

import (
	"errors"
	"testing"

	"liaison/app/apperr"
)

func TestCalendar_AddWorkdays(t *testing.T) {
	c := builtinCalendar(t)
	for _, tc := range []struct {
		from string
		n    int
		want string
		why  string // the count, day by day
	}{
		{"2026-03-02", 0, "2026-03-02", "zero days: from itself"},
		{"2026-03-02", 1, "2026-03-03", "Mon: Tue(1); from itself is not counted"},
		{"2026-03-06", 1, "2026-03-09", "Fri: Sat, Sun rest; Mon(1)"},
		{"2026-03-07", 1, "2026-03-09", "from a Saturday: Sun rest; Mon(1)"},
		// 国庆 2026: 中秋 09-25..27, 国庆 10-01..07, make-up Sun 09-20 and Sat 10-10.
		{"2026-09-18", 3, "2026-09-22", "Fri: Sat 19 rest; Sun 20 make-up(1); Mon 21(2); Tue 22(3)"},
		{"2026-09-24", 1, "2026-09-28", "Thu: 中秋 Fri 25..Sun 27; Mon 28(1)"},
		{"2026-09-28", 7, "2026-10-13", "Mon: 29(1) 30(2); 国庆 1..7; Thu 8(3) Fri 9(4) Sat 10 make-up(5); Sun 11 rest; Mon 12(6) Tue 13(7)"},
		{"2026-09-30", 7, "2026-10-15", "Wed: 国庆 1..7; 8(1) 9(2) 10(3) 12(4) 13(5) 14(6) 15(7)"},
		{"2026-10-03", 1, "2026-10-08", "from inside the holiday: 4..7 off; Thu 8(1)"},
		// 春节 2026: 02-15..23 off, make-up Sat 02-14 and Sat 02-28.
		{"2026-02-12", 5, "2026-02-26", "Thu: Fri 13(1) Sat 14 make-up(2); 15..23 off; 24(3) 25(4) 26(5)"},
		{"2026-02-13", 7, "2026-03-02", "Fri: 14(1); 24(2) 25(3) 26(4) 27(5) Sat 28 make-up(6); Sun 1 rest; Mon 2(7)"},
		// Across the 2025/2026 year end: 元旦 01-01..03, make-up Sun 01-04.
		{"2025-12-31", 1, "2026-01-04", "Wed: 元旦 1..3; Sun 4 make-up(1)"},
		{"2025-12-30", 2, "2026-01-04", "Tue: Wed 31(1); 元旦 1..3; Sun 4(2)"},
		// 春节 2025 from 除夕: 01-28..02-04 off, make-up Sun 01-26 and Sat 02-08.
		{"2025-01-24", 3, "2025-02-05", "Fri: Sat 25 rest; Sun 26 make-up(1); Mon 27(2); 28..4 off; Wed 5(3)"},
		// 劳动节 2024: 05-01..05 off, make-up Sun 04-28 and Sat 05-11.
		{"2024-04-26", 2, "2024-04-29", "Fri: Sat 27 rest; Sun 28 make-up(1); Mon 29(2)"},
		{"2024-04-30", 5, "2024-05-10", "Tue: 1..5 off; Mon 6(1) 7(2) 8(3) 9(4) Fri 10(5)"},
		{"2024-04-30", 6, "2024-05-11", "… Sat 11 make-up(6)"},
		{"2023-12-31", 1, "2024-01-02", "from the unknown 2023: only 2024 is examined; 元旦 Jan 1; Tue 2(1)"},
		{"2026-12-30", 1, "2026-12-31", "the last known working day"},
	} {
		got, err := c.AddWorkdays(day(tc.from), tc.n)
		if err != nil || got != day(tc.want) {
			t.Errorf("AddWorkdays(%s, %d) = %s, %v; want %s (%s)", tc.from, tc.n, got, err, tc.want, tc.why)
		}
		back, err := c.WorkdaysBetween(day(tc.from), got)
		if err != nil || back != tc.n {
			t.Errorf("WorkdaysBetween(%s, %s) = %d, %v; want %d", tc.from, got, back, err, tc.n)
		}
	}
}

// The calendar answers from 2024 (the first built-in notice) to 2099 (the
// end of the provisional reach); any count that reaches outside must fail.
func TestCalendar_BeyondSchedule(t *testing.T) {
	c := builtinCalendar(t)
	_, err := c.AddWorkdays(day("2099-12-31"), 1)
	wantBeyond(t, err, 2100)
	_, err = c.AddWorkdays(day("2099-12-30"), 2) // Thu 31(1), then 2100-01-01 is unknown
	wantBeyond(t, err, 2100)
	_, err = c.AddWorkdays(day("2099-09-30"), 80)
	wantBeyond(t, err, 2100)
	_, err = c.AddWorkdays(day("2023-06-01"), 1)
	wantBeyond(t, err, 2023)
	_, err = c.AddWorkdays(day("2100-03-01"), 0)
	wantBeyond(t, err, 2100)
	_, err = c.AddCalendarDays(day("2099-12-20"), 12) // lands on 2100-01-01
	wantBeyond(t, err, 2100)
	_, err = c.AddMonths(day("2099-12-01"), 1)
	wantBeyond(t, err, 2100)
	_, err = c.WorkdaysBetween(day("2099-10-01"), day("2100-02-01"))
	wantBeyond(t, err, 2100)
	_, err = c.WorkdaysBetween(day("2023-12-30"), day("2024-02-01"))
	wantBeyond(t, err, 2023)
	_, err = c.Kind(day("2100-01-04"))
	wantBeyond(t, err, 2100)
	_, err = c.IsWorkday(day("2100-01-04"))
	wantBeyond(t, err, 2100)
	if name, ok := c.IsHoliday(day("2100-01-01")); ok {
		t.Errorf("IsHoliday(2100-01-01) = %q, true; 2100 is unknown", name)
	}
	if apperr.KindOf(err) != apperr.Invalid {
		t.Errorf("beyond schedule is %v, want Invalid (422)", apperr.KindOf(err))
	}
}

func TestCalendar_AddCalendarDays(t *testing.T) {
	c := builtinCalendar(t)
	for _, tc := range []struct {
		from string
		n    int
		want string
		why  string
	}{
		{"2026-03-02", 3, "2026-03-05", "a plain Thursday"},
		{"2026-03-01", 6, "2026-03-09", "lands on Sat 03-07: moved to Mon"},
		{"2026-09-22", 15, "2026-10-08", "lands on 10-07, last day of 国庆: the first day after"},
		{"2026-09-20", 11, "2026-10-08", "lands on 10-01: the whole holiday is skipped"},
		{"2026-10-01", 9, "2026-10-10", "lands on the make-up Saturday, a working day"},
		{"2026-10-02", 9, "2026-10-12", "lands on Sun 10-11: moved to Mon"},
		{"2026-02-05", 10, "2026-02-24", "lands on 02-15, first day of 春节: after 02-23"},
		{"2026-02-04", 10, "2026-02-14", "lands on the make-up Saturday before 春节"},
		{"2026-12-20", 6, "2026-12-28", "lands on Sat 12-26: Mon 12-28"},
		{"2026-03-09", 0, "2026-03-09", "zero days on a working day: itself"},
		{"2026-03-07", 0, "2026-03-09", "zero days on a Saturday: the next working day"},
		{"2023-12-25", 10, "2024-01-04", "from 2023: only the answer must be known"},
	} {
		got, err := c.AddCalendarDays(day(tc.from), tc.n)
		if err != nil || got != day(tc.want) {
			t.Errorf("AddCalendarDays(%s, %d) = %s, %v; want %s (%s)", tc.from, tc.n, got, err, tc.want, tc.why)
		}
	}
}

func TestCalendar_AddMonths(t *testing.T) {
	c := builtinCalendar(t)
	for _, tc := range []struct {
		from string
		n    int
		want string
		why  string
	}{
		{"2026-03-10", 1, "2026-04-10", "the corresponding day, a Friday"},
		{"2026-01-31", 1, "2026-02-28", "no Feb 31: the month's last day, Sat 02-28, a make-up working day"},
		{"2025-01-31", 1, "2025-02-28", "no Feb 31: Fri 02-28"},
		{"2024-01-31", 1, "2024-02-29", "leap year: Thu 02-29"},
		{"2024-02-29", 12, "2025-02-28", "no Feb 29 in 2025"},
		{"2024-03-31", 1, "2024-04-30", "no Apr 31: Tue 04-30"},
		{"2026-08-01", 2, "2026-10-08", "two months (检察建议 reply) ends on 10-01, in 国庆: 10-08"},
		{"2025-12-15", 2, "2026-02-24", "ends on 02-15, in 春节 2026: 02-24"},
		{"2026-05-30", 1, "2026-06-30", "Tue 06-30"},
		{"2026-06-30", 3, "2026-09-30", "Wed 09-30, before 国庆"},
		{"2025-11-30", 1, "2025-12-30", "Tue 12-30"},
		{"2026-03-07", 0, "2026-03-09", "zero months on a Saturday: the next working day"},
	} {
		got, err := c.AddMonths(day(tc.from), tc.n)
		if err != nil || got != day(tc.want) {
			t.Errorf("AddMonths(%s, %d) = %s, %v; want %s (%s)", tc.from, tc.n, got, err, tc.want, tc.why)
		}
	}
}

func TestCalendar_WorkdaysBetween(t *testing.T) {
	c := builtinCalendar(t)
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"2026-09-30", "2026-10-15", 7},
		{"2026-10-15", "2026-09-30", -7}, // overdue by seven working days
		{"2026-03-02", "2026-03-02", 0},
		{"2026-03-06", "2026-03-08", 0}, // Fri to Sun: no working day after Friday
		{"2026-02-13", "2026-02-23", 1}, // only the make-up Saturday 02-14
		{"2027-05-01", "2027-05-01", 0}, // same day: nothing is examined
	} {
		got, err := c.WorkdaysBetween(day(tc.a), day(tc.b))
		if err != nil || got != tc.want {
			t.Errorf("WorkdaysBetween(%s, %s) = %d, %v; want %d", tc.a, tc.b, got, err, tc.want)
		}
	}
}

func TestCalendar_PeriodArgumentErrors(t *testing.T) {
	c := builtinCalendar(t)
	funcs := map[string]func(Date, int) (Date, error){
		"AddWorkdays": c.AddWorkdays, "AddCalendarDays": c.AddCalendarDays, "AddMonths": c.AddMonths,
	}
	for name, f := range funcs {
		for _, tc := range []struct {
			from Date
			n    int
			code string
		}{
			{day("2026-03-02"), -1, "workday.negative_days"},
			{day("2026-03-02"), MaxDays + 1, "workday.too_many_days"},
			{Date{2026, 2, 30}, 1, "workday.invalid_date"},
			{Date{}, 1, "workday.invalid_date"},
		} {
			_, err := f(tc.from, tc.n)
			if code(err) != tc.code || apperr.KindOf(err) != apperr.Invalid {
				t.Errorf("%s(%v, %d) err = %v, want Invalid %s", name, tc.from, tc.n, err, tc.code)
			}
		}
		// MaxDays itself is allowed, and fails only for want of a schedule.
		if _, err := f(day("2095-03-02"), MaxDays); !errors.Is(err, ErrBeyondSchedule) {
			t.Errorf("%s(2095-03-02, MaxDays) err = %v, want beyond schedule", name, err)
		}
		// (3650 months is three centuries: only the day counts stay in reach.)
		if _, err := f(day("2026-03-02"), MaxDays); name != "AddMonths" && err != nil {
			t.Errorf("%s(2026-03-02, MaxDays) err = %v; it ends within the provisional reach", name, err)
		}
	}
	if _, err := c.WorkdaysBetween(Date{2026, 13, 1}, day("2026-03-02")); code(err) != "workday.invalid_date" {
		t.Errorf("WorkdaysBetween(invalid) err = %v", err)
	}
	if _, err := c.Kind(Date{2026, 2, 29}); code(err) != "workday.invalid_date" {
		t.Errorf("Kind(2026-02-29) err = %v", err)
	}
}
