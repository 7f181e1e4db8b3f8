package workday

import (
	"sync"
	"testing"

	"liaison/app/apperr"
)

func TestNew_Builtin(t *testing.T) {
	c := builtinCalendar(t)
	if first, last := c.KnownYears(); first != 2024 || last != 2099 {
		t.Errorf("KnownYears() = %d, %d; want 2024, 2099", first, last)
	}
	built, _ := builtin()
	if p := c.PublishedThrough(); p < 2027 || p != built[len(built)-1].Year {
		t.Errorf("PublishedThrough() = %d, want lunar-go's last year (2027 in v1.4.7)", p)
	}
	y, ok := c.Year(2026)
	if !ok || len(y.Holidays) != 7 || len(y.MakeupWorkdays) != 6 {
		t.Fatalf("Year(2026) = %+v, %v", y, ok)
	}
	// The copy is the caller's: changing it must not change the calendar.
	y.Holidays[0].Name = "changed"
	y.MakeupWorkdays[0] = day("2026-03-07")
	if name, _ := c.IsHoliday(day("2026-01-01")); name != "元旦" {
		t.Errorf("IsHoliday after editing a copy = %q", name)
	}
	if again, _ := c.Year(2026); again.Holidays[0].Name != "元旦" {
		t.Errorf("Year(2026) shares its slices with the caller")
	}
	if _, ok := c.Year(2027); !ok {
		t.Errorf("Year(2027) not found; its notice is built in")
	}
	if y, ok := c.Year(c.PublishedThrough() + 1); ok {
		t.Errorf("Year(%d) = %+v; a provisional year has no notice", y.Year, y)
	}
}

// An administrator enters a year's notice (here the invented fixture2027,
// which replaces the built-in 2027).
func TestNew_ExtraYear(t *testing.T) {
	y := fixture2027()
	c, err := newThrough2027(y)
	if err != nil {
		t.Fatalf("New(2027): %v", err)
	}
	y.Holidays[1].End = day("2027-02-28") // the caller's later edits do not leak in
	if first, last := c.KnownYears(); first != 2024 || last != 2099 || c.PublishedThrough() != 2027 {
		t.Errorf("KnownYears() = %d, %d, PublishedThrough() = %d", first, last, c.PublishedThrough())
	}
	for _, tc := range []struct {
		from string
		n    int
		want string
		why  string
	}{
		{"2026-12-30", 3, "2027-01-05", "Wed: Thu 31(1); 元旦 1..3; Mon 4(2) Tue 5(3)"},
		{"2027-02-03", 3, "2027-02-16", "Wed: Thu 4(1); 春节 5..12; Sat 13, Sun 14 rest; Mon 15(2) Tue 16(3)"},
		{"2027-02-18", 2, "2027-02-20", "Thu: Fri 19(1) Sat 20 make-up(2)"},
	} {
		got, err := c.AddWorkdays(day(tc.from), tc.n)
		if err != nil || got != day(tc.want) {
			t.Errorf("AddWorkdays(%s, %d) = %s, %v; want %s (%s)", tc.from, tc.n, got, err, tc.want, tc.why)
		}
	}
	// Counting from 国庆 2026 across 春节 2027 is now possible. The day-by-day
	// count puts the 85th working day on Wed 2027-02-03; then Thu 4(86),
	// 春节 5..12, Sat 13, Sun 14 rest, Mon 15(87) Tue 16(88) Wed 17(89) Thu 18(90).
	for n, want := range map[int]string{85: "2027-02-03", 90: "2027-02-18"} {
		from := day("2026-09-30")
		got, err := c.AddWorkdays(from, n)
		if err != nil || got != day(want) {
			t.Errorf("AddWorkdays(2026-09-30, %d) = %s, %v; want %s", n, got, err, want)
		}
		if naive, err := naiveAddWorkdays(c, from, n); err != nil || naive != day(want) {
			t.Errorf("naive count for %d = %s, %v; want %s", n, naive, err, want)
		}
	}
	// 2028 is provisional: Fri 2027-12-31; 元旦 Sat 1, Sun 2, its 补假 Mon 3; Tue 4(1).
	if got, err := c.AddWorkdays(day("2027-12-31"), 1); err != nil || got != day("2028-01-04") || !c.Provisional(got) {
		t.Errorf("AddWorkdays(2027-12-31, 1) = %s, %v; want provisional 2028-01-04", got, err)
	}
	if _, err := c.AddWorkdays(day("2099-12-31"), 1); !isBeyond(err, 2100) {
		t.Errorf("2100 should be unknown, err = %v", err)
	}
}

func TestNew_ExtraYearReplacesBuiltin(t *testing.T) {
	y, _ := builtinCalendar(t).Year(2026)
	y.MakeupWorkdays = append(y.MakeupWorkdays, day("2026-03-07")) // an amended notice
	c, err := New(y)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if k, _ := c.Kind(day("2026-03-07")); k != KindMakeupWorkday {
		t.Errorf("Kind(2026-03-07) = %q, want the amended make-up day", k)
	}
}

func TestNew_Invalid(t *testing.T) {
	mod := func(f func(*Year)) Year { y := fixture2027(); f(&y); return y }
	for _, tc := range []struct {
		name  string
		extra []Year
		code  string
		field string // the field code expected, when the error has fields
	}{
		{"unnamed holiday", []Year{mod(func(y *Year) { y.Holidays[0].Name = " " })},
			"workday.invalid_year", "holidays[0].name=workday.holiday_name_required"},
		{"date in another year", []Year{mod(func(y *Year) { y.Holidays[1].End = day("2028-02-12") })},
			"workday.invalid_year", "holidays[1].end=workday.date_outside_year"},
		{"date long before the year", []Year{mod(func(y *Year) { y.MakeupWorkdays[0] = day("2026-12-19") })},
			"workday.invalid_year", "makeup_workdays[0]=workday.date_outside_year"},
		{"end before start", []Year{mod(func(y *Year) { y.Holidays[1].End = day("2027-02-01") })},
			"workday.invalid_year", "holidays[1].end=workday.end_before_start"},
		{"impossible date", []Year{mod(func(y *Year) { y.Holidays[1].End = Date{2027, 2, 30} })},
			"workday.invalid_year", "holidays[1].end=workday.invalid_date"},
		{"holiday too long", []Year{mod(func(y *Year) { y.Holidays[1].End = day("2027-04-12") })},
			"workday.invalid_year", "holidays[1].end=workday.holiday_too_long"},
		{"overlapping holidays", []Year{mod(func(y *Year) {
			y.Holidays = append(y.Holidays, Holiday{"重复", day("2027-02-12"), day("2027-02-13")})
		})}, "workday.invalid_year", "holidays[2].start=workday.overlap"},
		{"make-up day on a weekday", []Year{mod(func(y *Year) { y.MakeupWorkdays[0] = day("2027-02-17") })},
			"workday.invalid_year", "makeup_workdays[0]=workday.makeup_not_weekend"},
		{"make-up day inside a holiday", []Year{mod(func(y *Year) { y.MakeupWorkdays[0] = day("2027-02-06") })},
			"workday.invalid_year", "makeup_workdays[0]=workday.overlap"},
		{"make-up day twice", []Year{mod(func(y *Year) {
			y.MakeupWorkdays = append(y.MakeupWorkdays, y.MakeupWorkdays[0])
		})}, "workday.invalid_year", "makeup_workdays[1]=workday.overlap"},
		{"year out of range", []Year{{Year: 20277}}, "workday.year_out_of_range", ""},
		{"year twice", []Year{fixture2027(), fixture2027()}, "workday.duplicate_year", ""},
		// 2027 is built in, 2028 only provisional: entering 2029 leaves a gap.
		{"gap year", []Year{mod(func(y *Year) { y.Year = 2029; shiftYear(y, 2) })}, "workday.year_gap", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := newThrough2027(tc.extra...)
			e, ok := apperr.As(err)
			if !ok || e.Kind != apperr.Invalid || e.Code != tc.code {
				t.Fatalf("New err = %v, want Invalid %s", err, tc.code)
			}
			if tc.field != "" && !hasField(e, tc.field) {
				t.Errorf("fields = %v, want %s", e.Fields, tc.field)
			}
		})
	}
}

// A notice may reach into the previous December, as the 2019 one did.
func TestNew_ReachIntoDecember(t *testing.T) {
	y := fixture2027()
	y.MakeupWorkdays = append(y.MakeupWorkdays, day("2026-12-26")) // a Saturday
	c, err := New(y)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if k, _ := c.Kind(day("2026-12-26")); k != KindMakeupWorkday {
		t.Errorf("Kind(2026-12-26) = %q, want makeup_workday from the 2027 notice", k)
	}
}

// A December day that the previous (known) year already defines cannot be
// claimed again by the next year's notice.
func TestNew_CrossYearOverlap(t *testing.T) {
	y := fixture2027()
	y.Holidays[0].Start = day("2026-12-31")
	y2 := Year{Year: 2026}
	b, _ := builtinCalendar(t).Year(2026)
	y2.Holidays = append(b.Holidays, Holiday{"测试", day("2026-12-31"), day("2026-12-31")})
	y2.MakeupWorkdays = b.MakeupWorkdays
	_, err := New(y2, y)
	if code(err) != "workday.overlap" {
		t.Errorf("err = %v, want workday.overlap", err)
	}
}

func TestCalendar_ConcurrentUse(t *testing.T) {
	c := builtinCalendar(t)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				from := day("2024-01-01").AddDays(g*90 + i)
				if _, err := c.AddWorkdays(from, 10); err != nil {
					t.Errorf("AddWorkdays(%s, 10): %v", from, err)
				}
			}
		})
	}
	wg.Wait()
}

func hasField(e *apperr.Error, want string) bool {
	for k, v := range e.Fields {
		if k+"="+v == want {
			return true
		}
	}
	return false
}

// shiftYear moves every date of y by years, keeping month and day.
func shiftYear(y *Year, years int) {
	for i := range y.Holidays {
		y.Holidays[i].Start.Year += years
		y.Holidays[i].End.Year += years
	}
	y.MakeupWorkdays = nil // weekdays change with the year
}
