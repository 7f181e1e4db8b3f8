package workday

import (
	"testing"
	"time"
)

// notices re-transcribes every holiday of 2024–2026 from the notices' own
// words, independently of the hand table (schedule_hand_test.go): the day
// count ("共N天") and, where the notice gives it, the first day's weekday
// ("（周四）").
var notices = []struct {
	name       string
	start, end string
	days       int
	startWday  time.Weekday
}{
	// 2024: 国办发明电〔2023〕7号
	{"元旦", "2024-01-01", "2024-01-01", 1, time.Monday},
	{"春节", "2024-02-10", "2024-02-17", 8, time.Saturday},
	{"清明节", "2024-04-04", "2024-04-06", 3, time.Thursday},
	{"劳动节", "2024-05-01", "2024-05-05", 5, time.Wednesday},
	{"端午节", "2024-06-10", "2024-06-10", 1, time.Monday},
	{"中秋节", "2024-09-15", "2024-09-17", 3, time.Sunday},
	{"国庆节", "2024-10-01", "2024-10-07", 7, time.Tuesday},
	// 2025: 国办发明电〔2024〕12号
	{"元旦", "2025-01-01", "2025-01-01", 1, time.Wednesday},
	{"春节", "2025-01-28", "2025-02-04", 8, time.Tuesday},
	{"清明节", "2025-04-04", "2025-04-06", 3, time.Friday},
	{"劳动节", "2025-05-01", "2025-05-05", 5, time.Thursday},
	{"端午节", "2025-05-31", "2025-06-02", 3, time.Saturday},
	{"国庆节、中秋节", "2025-10-01", "2025-10-08", 8, time.Wednesday},
	// 2026: notice of 2025-11-04
	{"元旦", "2026-01-01", "2026-01-03", 3, time.Thursday},
	{"春节", "2026-02-15", "2026-02-23", 9, time.Sunday},
	{"清明节", "2026-04-04", "2026-04-06", 3, time.Saturday},
	{"劳动节", "2026-05-01", "2026-05-05", 5, time.Friday},
	{"端午节", "2026-06-19", "2026-06-21", 3, time.Friday},
	{"中秋节", "2026-09-25", "2026-09-27", 3, time.Friday},
	{"国庆节", "2026-10-01", "2026-10-07", 7, time.Thursday},
}

// makeups lists every 调休上班 day of the 2024–2026 notices, with its weekday.
var makeups = []struct {
	date string
	wday time.Weekday
}{
	{"2024-02-04", time.Sunday}, {"2024-02-18", time.Sunday}, {"2024-04-07", time.Sunday},
	{"2024-04-28", time.Sunday}, {"2024-05-11", time.Saturday}, {"2024-09-14", time.Saturday},
	{"2024-09-29", time.Sunday}, {"2024-10-12", time.Saturday},
	{"2025-01-26", time.Sunday}, {"2025-02-08", time.Saturday}, {"2025-04-27", time.Sunday},
	{"2025-09-28", time.Sunday}, {"2025-10-11", time.Saturday},
	{"2026-01-04", time.Sunday}, {"2026-02-14", time.Saturday}, {"2026-02-28", time.Saturday},
	{"2026-05-09", time.Saturday}, {"2026-09-20", time.Sunday}, {"2026-10-10", time.Saturday},
}

// handCalendar is the calendar of the hand table for 2024–2026 (2027 and
// later as built in).
func handCalendar(tb testing.TB) *Calendar {
	tb.Helper()
	c, err := New(handTable()...)
	if err != nil {
		tb.Fatalf("New(handTable()...): %v", err)
	}
	return c
}

// The hand table matches the notices' words exactly; the lunar-go data
// matches the hand table (TestBuiltin_MatchesHandTable) but also counts
// the weekend a one-day holiday is joined to, so this runs on the hand table.
func TestSchedule_EveryHoliday(t *testing.T) {
	c := handCalendar(t)
	total := 0
	for _, n := range notices {
		t.Run(n.start+" "+n.name, func(t *testing.T) {
			start, end := day(n.start), day(n.end)
			if got := start.Weekday(); got != n.startWday {
				t.Errorf("first day is a %v, notice says %v", got, n.startWday)
			}
			count := 0
			for d := start; !d.After(end); d = d.AddDays(1) {
				count++
				if name, ok := c.IsHoliday(d); !ok || name != n.name {
					t.Errorf("IsHoliday(%s) = %q, %v; want %q", d, name, ok, n.name)
				}
				if w, err := c.IsWorkday(d); err != nil || w {
					t.Errorf("IsWorkday(%s) = %v, %v; want false", d, w, err)
				}
			}
			if count != n.days {
				t.Errorf("%d days, notice says 共%d天", count, n.days)
			}
			// The days either side are not part of this holiday.
			for _, d := range []Date{start.AddDays(-1), end.AddDays(1)} {
				if name, ok := c.IsHoliday(d); ok && name == n.name {
					t.Errorf("IsHoliday(%s) = %q, outside the notice's range", d, name)
				}
			}
		})
		total += n.days
	}
	// Every holiday day of 2024–2026 is in the table above, and no other day
	// is a holiday.
	found := 0
	for d := day("2024-01-01"); d.Year <= 2026; d = d.AddDays(1) {
		if _, ok := c.IsHoliday(d); ok {
			found++
		}
	}
	if found != total {
		t.Errorf("calendar has %d holiday days, the notices %d", found, total)
	}
}

func TestSchedule_MakeupWorkdays(t *testing.T) {
	for _, c := range []*Calendar{builtinCalendar(t), handCalendar(t)} {
		testMakeupWorkdays(t, c)
	}
}

func testMakeupWorkdays(t *testing.T, c *Calendar) {
	t.Helper()
	for _, m := range makeups {
		d := day(m.date)
		if d.Weekday() != m.wday {
			t.Errorf("%s is a %v, notice says %v", d, d.Weekday(), m.wday)
		}
		if k, err := c.Kind(d); err != nil || k != KindMakeupWorkday {
			t.Errorf("Kind(%s) = %q, %v; want makeup_workday", d, k, err)
		}
		if w, err := c.IsWorkday(d); err != nil || !w {
			t.Errorf("IsWorkday(%s) = %v, %v; want true", d, w, err)
		}
	}
}

// The law fixes the number of holidays, so each year's working days are
// weekdays - 11 (13 from 2025) and can be checked by arithmetic: 2024 has
// 262 weekdays, 2025, 2026 and 2027 have 261 each. (For 2024 the start,
// 2023-12-31, is outside the schedule but is not counted, so it is allowed.)
func TestSchedule_WorkdaysPerYear(t *testing.T) {
	c := builtinCalendar(t)
	for year, want := range map[int]int{2024: 262 - 11, 2025: 261 - 13, 2026: 261 - 13, 2027: 261 - 13} {
		got, err := c.WorkdaysBetween(Date{year - 1, time.December, 31}, Date{year, time.December, 31})
		if err != nil || got != want {
			t.Errorf("working days in %d = %d, %v; want %d", year, got, err, want)
		}
	}
}

// The spot checks hold exactly for the hand table; the built-in calendar
// must agree on working against rest day (2024-06-08 is a holiday there,
// as lunar-go counts the weekend joined to 端午 2024 into it).
func TestSchedule_SpotChecks(t *testing.T) {
	hand, c := handCalendar(t), builtinCalendar(t)
	for _, tc := range []struct {
		date string
		want DayKind
		why  string
	}{
		{"2024-02-09", KindWorkday, "2024 除夕 was not yet a holiday; the notice only encouraged rest"},
		{"2025-01-28", KindHoliday, "from 2025 除夕 is a statutory holiday"},
		{"2026-02-16", KindHoliday, "2026 除夕"},
		{"2024-06-08", KindWeekend, "与周末连休: the weekend before 端午 2024 stays a weekend in the hand table"},
		{"2025-10-06", KindHoliday, "中秋 2025 falls inside the merged 国庆 holiday"},
		{"2026-01-04", KindMakeupWorkday, "Sunday after 元旦 2026"},
		{"2026-10-09", KindWorkday, "Friday after 国庆 2026"},
		{"2026-10-11", KindWeekend, "Sunday after the make-up Saturday"},
		{"2026-12-31", KindWorkday, "last day of the hand table"},
	} {
		if k, err := hand.Kind(day(tc.date)); err != nil || k != tc.want {
			t.Errorf("Kind(%s) = %q, %v; want %q (%s)", tc.date, k, err, tc.want, tc.why)
		}
		wantWork := tc.want == KindWorkday || tc.want == KindMakeupWorkday
		if w, err := c.IsWorkday(day(tc.date)); err != nil || w != wantWork {
			t.Errorf("built-in IsWorkday(%s) = %v, %v; want %v (%s)", tc.date, w, err, wantWork, tc.why)
		}
	}
}
