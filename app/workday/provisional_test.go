package workday

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/6tail/lunar-go/calendar"
)

// The lunar inputs, checked against published almanac dates: 春节 (初一),
// 清明, 端午 and 中秋 of the first provisional years, and the published notices'
// own festival days for 2025–2027.
func TestStatutory_LunarDates(t *testing.T) {
	for _, tc := range []struct {
		year                              int
		chuyi, qingming, duanwu, zhongqiu string
	}{
		{2025, "2025-01-29", "2025-04-04", "2025-05-31", "2025-10-06"},
		{2026, "2026-02-17", "2026-04-05", "2026-06-19", "2026-09-25"},
		{2027, "2027-02-06", "2027-04-05", "2027-06-09", "2027-09-15"},
		{2028, "2028-01-26", "2028-04-04", "2028-05-28", "2028-10-03"},
		{2029, "2029-02-13", "2029-04-04", "2029-06-16", "2029-09-22"},
		{2030, "2030-02-03", "2030-04-05", "2030-06-05", "2030-09-12"},
		{2031, "2031-01-23", "2031-04-05", "2031-06-24", "2031-10-01"},
		{2033, "2033-01-31", "2033-04-04", "2033-06-01", "2033-09-08"},
	} {
		got := [4]Date{lunarDate(tc.year, 1, 1), qingming(tc.year), lunarDate(tc.year, 5, 5), lunarDate(tc.year, 8, 15)}
		want := [4]Date{day(tc.chuyi), day(tc.qingming), day(tc.duanwu), day(tc.zhongqiu)}
		if got != want {
			t.Errorf("%d: 初一, 清明, 端午, 中秋 = %v, want %v", tc.year, got, want)
		}
	}
}

// lunarDate and qingming read lunar-go's LunarYear directly; they agree with
// its documented entry points (calendar.Lunar's solar date and solar-term
// table) over the whole statutory range.
func TestStatutory_LunarShortcuts(t *testing.T) {
	for y := statutoryFrom; y <= provisionalThrough; y++ {
		for _, md := range [][2]int{{1, 1}, {5, 5}, {8, 15}} {
			want := solarDate(calendar.NewLunarFromYmd(y, md[0], md[1]).GetSolar())
			if got := lunarDate(y, md[0], md[1]); got != want {
				t.Errorf("lunarDate(%d, %d, %d) = %s, calendar.Lunar says %s", y, md[0], md[1], got, want)
			}
		}
		want := solarDate(calendar.NewSolarFromYmd(y, 4, 20).GetLunar().GetJieQiTable()["清明"])
		if got := qingming(y); got != want || got.Month != time.April || got.Day < 4 || got.Day > 6 {
			t.Errorf("qingming(%d) = %s, calendar.Lunar says %s", y, got, want)
		}
	}
}

// Every statutory day of 2025–2027 is a day off in the published notice:
// the law's days computed here are the floor every notice builds on.
func TestStatutory_InsidePublishedNotices(t *testing.T) {
	c := builtinCalendar(t)
	for y := statutoryFrom; y <= c.PublishedThrough(); y++ {
		for _, f := range festivals {
			for _, d := range f.days(y) {
				if w, err := c.IsWorkday(d); err != nil || w {
					t.Errorf("%s %s is a working day in the %d notice (%v)", f.name, d, y, err)
				}
			}
		}
	}
}

// statutoryString renders statutoryYear(y) as "MM-DD name" lines.
func statutoryString(y int) []string {
	var out []string
	for _, d := range statutoryYear(y) {
		out = append(out, fmt.Sprintf("%02d-%02d %s", int(d.Date.Month), d.Date.Day, d.Name))
	}
	return out
}

// Worked by hand (weekdays from 2028-01-01, a Saturday).
func TestStatutory_Years(t *testing.T) {
	for _, tc := range []struct {
		year int
		want []string
		why  string
	}{
		{2028, []string{
			"01-01 元旦", "01-03 元旦（补假）", // Sat, made up on Mon 3 (Sun 2 is a weekend day)
			"01-25 春节", "01-26 春节", "01-27 春节", "01-28 春节", // 除夕 Tue .. 初三 Fri
			"04-04 清明节",              // Tue
			"05-01 劳动节", "05-02 劳动节", // Mon, Tue
			"05-28 端午节", "05-29 端午节（补假）", // Sun, made up on Mon
			"10-01 国庆节", "10-02 国庆节", "10-03 国庆节、中秋节", // Sun, Mon, Tue = 中秋 (八月十五)
			"10-04 国庆节（补假）", // for Sun 10-01: Mon 2 and Tue 3 are already off
			"10-05 中秋节（补假）", // for 中秋 on 国庆's 10-03
		}, "2028: 元旦 and 端午 on a weekend; 中秋 on 10-03"},
		{2029, []string{
			"01-01 元旦",                                     // Mon
			"02-12 春节", "02-13 春节", "02-14 春节", "02-15 春节", // 除夕 Mon .. 初三 Thu
			"04-04 清明节",
			"05-01 劳动节", "05-02 劳动节",
			"06-16 端午节", "06-18 端午节（补假）", // Sat, made up on Mon
			"09-22 中秋节", "09-24 中秋节（补假）", // Sat, made up on Mon
			"10-01 国庆节", "10-02 国庆节", "10-03 国庆节", // Mon .. Wed
		}, "2029"},
		{2030, []string{
			"01-01 元旦",
			"02-02 春节", "02-03 春节", "02-04 春节", "02-05 春节", // 除夕 Sat, 初一 Sun, 初二 Mon, 初三 Tue
			"02-06 春节（补假）", "02-07 春节（补假）", // for Sat and Sun: Wed, Thu
			"04-05 清明节",
			"05-01 劳动节", "05-02 劳动节",
			"06-05 端午节",
			"09-12 中秋节",
			"10-01 国庆节", "10-02 国庆节", "10-03 国庆节",
		}, "2030: 除夕 and 初一 on a weekend"},
		{2031, []string{
			"01-01 元旦",
			"01-22 春节", "01-23 春节", "01-24 春节", "01-25 春节", // 除夕 Wed .. 初三 Sat
			"01-27 春节（补假）",               // for Sat 25: Mon 27
			"04-05 清明节", "04-07 清明节（补假）", // Sat, made up on Mon
			"05-01 劳动节", "05-02 劳动节", // Thu, Fri
			"06-24 端午节",
			"10-01 国庆节、中秋节", "10-02 国庆节", "10-03 国庆节", // Wed .. Fri, 中秋 on 10-01
			"10-06 中秋节（补假）", // Sat 4, Sun 5: Mon 6
		}, "2031: 中秋 on 10-01"},
	} {
		if got := statutoryString(tc.year); !slices.Equal(got, tc.want) {
			t.Errorf("%s:\n got %q\nwant %q", tc.why, got, tc.want)
		}
	}
	// The weekdays the comments above rely on.
	for d, w := range map[string]time.Weekday{
		"2028-01-01": time.Saturday, "2028-01-25": time.Tuesday, "2028-05-28": time.Sunday, "2028-10-01": time.Sunday,
		"2029-06-16": time.Saturday, "2029-09-22": time.Saturday, "2029-10-01": time.Monday,
		"2030-02-02": time.Saturday, "2030-02-06": time.Wednesday,
		"2031-01-25": time.Saturday, "2031-04-05": time.Saturday, "2031-10-01": time.Wednesday,
	} {
		if got := day(d).Weekday(); got != w {
			t.Errorf("%s is a %v, not a %v", d, got, w)
		}
	}
}

// Whatever the weekdays, a provisional year keeps exactly the law's 13 days
// off among its weekdays (each statutory day on a weekday, or made up on
// one), and every statutory day is off.
func TestProvisional_ThirteenDaysEveryYear(t *testing.T) {
	c := builtinCalendar(t)
	for y := c.PublishedThrough() + 1; y <= provisionalThrough; y++ {
		weekdays := 0
		for d := (Date{y, time.January, 1}); d.Year == y; d = d.AddDays(1) {
			if !d.isWeekend() {
				weekdays++
			}
			if k, _ := c.Kind(d); k == KindMakeupWorkday {
				t.Errorf("%s is a make-up working day in a provisional year", d)
			}
		}
		got, err := c.WorkdaysBetween(Date{y - 1, time.December, 31}, Date{y, time.December, 31})
		if err != nil || got != weekdays-13 {
			t.Errorf("%d: %d working days, %v; want %d weekdays - 13", y, got, err, weekdays)
		}
		for _, f := range festivals {
			for _, d := range f.days(y) {
				if name, ok := c.IsHoliday(d); !ok || name == "" {
					t.Errorf("%s (%s) is not a holiday", d, f.name)
				}
			}
		}
	}
}

func TestProvisional_Calendar(t *testing.T) {
	c := calendar2027(t)
	if first, last := c.KnownYears(); first != 2024 || last != provisionalThrough {
		t.Errorf("KnownYears() = %d, %d; want 2024, 2099", first, last)
	}
	for d, want := range map[string]bool{
		"2024-01-01": false, "2027-12-31": false, "2028-01-01": true, "2055-06-15": true,
		"2099-12-31": true, "2100-01-01": false, "2023-12-31": false, "2028-02-30": false,
	} {
		dt, _ := ParseDate(d)
		if d == "2028-02-30" {
			dt = Date{2028, time.February, 30}
		}
		if got := c.Provisional(dt); got != want {
			t.Errorf("Provisional(%s) = %v, want %v", d, got, want)
		}
	}
	for _, tc := range []struct {
		date string
		kind DayKind
		name string
	}{
		{"2028-01-01", KindHoliday, "元旦"},
		{"2028-01-02", KindWeekend, ""},
		{"2028-01-03", KindHoliday, "元旦（补假）"},
		{"2028-01-24", KindWorkday, ""},
		{"2028-01-25", KindHoliday, "春节"},
		{"2028-01-29", KindWeekend, ""}, // no 调休: the weekend after 春节 stays a weekend
		{"2028-05-29", KindHoliday, "端午节（补假）"},
		{"2028-10-03", KindHoliday, "国庆节、中秋节"},
		{"2028-10-05", KindHoliday, "中秋节（补假）"},
		{"2028-10-06", KindWorkday, ""},
		{"2030-02-07", KindHoliday, "春节（补假）"},
		{"2030-02-08", KindWorkday, ""},
	} {
		d := day(tc.date)
		k, err := c.Kind(d)
		name, ok := c.IsHoliday(d)
		if err != nil || k != tc.kind || name != tc.name || ok != (tc.name != "") {
			t.Errorf("%s: Kind %q, %v, IsHoliday %q, %v; want %q %q", d, k, err, name, ok, tc.kind, tc.name)
		}
	}
	for _, tc := range []struct {
		from string
		n    int
		want string
		why  string
	}{
		{"2027-12-31", 1, "2028-01-04", "Fri: 元旦 Sat 1, Sun 2, 补假 Mon 3; Tue 4(1)"},
		{"2028-01-21", 3, "2028-02-01", "Fri: Mon 24(1); 春节 25..28; Sat 29, Sun 30 rest (no 调休); Mon 31(2) Tue 1(3)"},
		{"2028-09-29", 1, "2028-10-06", "Fri: Sat 30; 国庆 1..3; 补假 4, 5; Fri 6(1)"},
		{"2030-02-01", 1, "2030-02-08", "Fri: 春节 Sat 2 .. Tue 5; 补假 Wed 6, Thu 7; Fri 8(1)"},
		{"2027-12-20", 10, "2028-01-04", "Mon: Tue 21(1)..Fri 24(4); Mon 27(5)..Fri 31(9); 元旦 Sat 1, Sun 2, 补假 Mon 3; Tue 4(10)"},
	} {
		got, err := c.AddWorkdays(day(tc.from), tc.n)
		naive, nerr := naiveAddWorkdays(c, day(tc.from), tc.n)
		if err != nil || got != naive || nerr != nil {
			t.Errorf("AddWorkdays(%s, %d) = %s, %v; naive %s, %v", tc.from, tc.n, got, err, naive, nerr)
		}
		if got != day(tc.want) {
			t.Errorf("AddWorkdays(%s, %d) = %s; want %s (%s)", tc.from, tc.n, got, tc.want, tc.why)
		}
		if !c.Provisional(got) {
			t.Errorf("Provisional(%s) = false", got)
		}
	}
	// 2028-08-03 + 2 months is 10-03 (国庆、中秋), then 补假 4 and 5: Fri 10-06.
	if got, err := c.AddMonths(day("2028-08-03"), 2); err != nil || got != day("2028-10-06") || !c.Provisional(got) {
		t.Errorf("AddMonths(2028-08-03, 2) = %s, %v; want provisional 2028-10-06", got, err)
	}
	if got, err := c.AddCalendarDays(day("2027-12-29"), 3); err != nil || got != day("2028-01-04") {
		t.Errorf("AddCalendarDays(2027-12-29, 3) = %s, %v; want 2028-01-04", got, err)
	}
}

// fixture2028 is INVENTED: a plausible notice for 2028 as an administrator
// might enter it, not a published one.
func fixture2028() Year {
	return Year{
		Year: 2028,
		Holidays: []Holiday{
			{"元旦", day("2028-01-01"), day("2028-01-03")},
			{"春节", day("2028-01-25"), day("2028-02-01")},
			{"国庆节、中秋节", day("2028-10-01"), day("2028-10-08")},
		},
		MakeupWorkdays: []Date{day("2028-01-22"), day("2028-09-30"), day("2028-10-14")},
	}
}

// An entered 2028 makes 2028 published: its notice replaces the statutory
// days (端午 2028 is then whatever the notice says: here nothing), and the
// provisional years start with 2029.
func TestProvisional_EnteredYearReplacesLaw(t *testing.T) {
	c := calendar2027(t, fixture2028())
	if p := c.PublishedThrough(); p != 2028 {
		t.Errorf("PublishedThrough() = %d, want 2028", p)
	}
	if first, last := c.KnownYears(); first != 2024 || last != 2099 {
		t.Errorf("KnownYears() = %d, %d", first, last)
	}
	if c.Provisional(day("2028-06-01")) || !c.Provisional(day("2029-01-01")) {
		t.Errorf("Provisional: 2028 %v, 2029 %v", c.Provisional(day("2028-06-01")), c.Provisional(day("2029-01-01")))
	}
	if _, ok := c.Year(2028); !ok {
		t.Errorf("Year(2028) not found after entering it")
	}
	for _, tc := range []struct {
		date string
		kind DayKind
		name string
	}{
		{"2028-01-22", KindMakeupWorkday, ""},
		{"2028-01-31", KindHoliday, "春节"},
		{"2028-05-28", KindWeekend, ""}, // the notice has no 端午: no statutory day, no 补假
		{"2028-05-29", KindWorkday, ""},
		{"2028-09-30", KindMakeupWorkday, ""},
		{"2028-10-03", KindHoliday, "国庆节、中秋节"},
		{"2028-10-08", KindHoliday, "国庆节、中秋节"},
		{"2029-06-18", KindHoliday, "端午节（补假）"}, // 2029 is still provisional
	} {
		d := day(tc.date)
		k, err := c.Kind(d)
		name, _ := c.IsHoliday(d)
		if err != nil || k != tc.kind || name != tc.name {
			t.Errorf("%s: %q %q, %v; want %q %q", d, k, name, err, tc.kind, tc.name)
		}
	}
	// Provisional years do not fill a gap: 2029 entered without 2028 is refused.
	y := fixture2028()
	y.Year = 2029
	shiftYear(&y, 1)
	if _, err := newThrough2027(y); code(err) != "workday.year_gap" {
		t.Errorf("New(2029 alone) err = %v, want workday.year_gap", err)
	}
	if _, err := newThrough2027(fixture2028(), y); err != nil {
		t.Errorf("New(2028, 2029) err = %v", err)
	}
}

// The statutory days are computed once per process and shared: two
// calendars see the same table, and building one does not change it.
func TestProvisional_TableShared(t *testing.T) {
	a, err := statutory()
	if err != nil {
		t.Fatal(err)
	}
	before := slices.Clone(a.names)
	if _, err := newThrough2027(fixture2028()); err != nil {
		t.Fatal(err)
	}
	b, _ := statutory()
	if a != b || !slices.Equal(before, b.names) {
		t.Errorf("statutory table changed: %q -> %q", before, b.names)
	}
}

// BenchmarkNew measures a rebuild, as after an administrator saves a year:
// the built-in notices plus the provisional reach to 2099.
func BenchmarkNew(b *testing.B) {
	if _, err := New(); err != nil { // the once-per-process work, outside the loop
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStatutoryTable measures the once-per-process computation of the
// statutory days 2025–2099 (lunar dates and solar terms).
func BenchmarkStatutoryTable(b *testing.B) {
	for b.Loop() {
		for y := statutoryFrom; y <= provisionalThrough; y++ {
			statutoryYear(y)
		}
	}
}
