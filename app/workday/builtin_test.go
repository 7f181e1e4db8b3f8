package workday

import (
	"slices"
	"testing"
	"time"
)

// The lunar-go schedule and the hand-transcribed notices agree, day by day,
// on every day of 2024–2026: working or rest day, the holiday's name where
// the notice names one, and every 调休 make-up working day. The one allowed
// difference is a weekend day lunar-go counts into the holiday it adjoins
// (a notice's "与周末连休"); those days are listed, so a change in the data
// shows up here.
func TestBuiltin_MatchesHandTable(t *testing.T) {
	lunar, hand := builtinCalendar(t), handCalendar(t)
	var weekendInHoliday []string
	for d := day("2024-01-01"); d.Year <= 2026; d = d.AddDays(1) {
		lk, err := lunar.Kind(d)
		if err != nil {
			t.Fatalf("built-in Kind(%s): %v", d, err)
		}
		hk, err := hand.Kind(d)
		if err != nil {
			t.Fatalf("hand Kind(%s): %v", d, err)
		}
		lw, _ := lunar.IsWorkday(d)
		hw, _ := hand.IsWorkday(d)
		if lw != hw {
			t.Errorf("%s: built-in says %s, the notice %s", d, lk, hk)
			continue
		}
		ln, _ := lunar.IsHoliday(d)
		hn, _ := hand.IsHoliday(d)
		switch {
		case lk == hk && ln == hn:
		case lk == KindHoliday && hk == KindWeekend:
			weekendInHoliday = append(weekendInHoliday, d.String()+" "+ln)
		default:
			t.Errorf("%s: built-in %s %q, the notice %s %q", d, lk, ln, hk, hn)
		}
	}
	if want := []string{"2024-06-08 端午节", "2024-06-09 端午节"}; !slices.Equal(weekendInHoliday, want) {
		t.Errorf("weekend days counted into a holiday = %v, want %v", weekendInHoliday, want)
	}
	// The Year values themselves: same make-up days, and the same holidays
	// but for those weekend days (and 2024's reach into 2023-12-30/31).
	built, err := builtin()
	if err != nil {
		t.Fatal(err)
	}
	for i, h := range handTable() {
		b := built[i]
		if b.Year != h.Year || !slices.Equal(b.MakeupWorkdays, h.MakeupWorkdays) || len(b.Holidays) != len(h.Holidays) {
			t.Errorf("built-in %+v\nhand     %+v", b, h)
			continue
		}
		for j := range h.Holidays {
			if b.Holidays[j].Name != h.Holidays[j].Name || b.Holidays[j].End != h.Holidays[j].End {
				t.Errorf("%d holiday %d: built-in %+v, hand %+v", h.Year, j, b.Holidays[j], h.Holidays[j])
			}
		}
	}
	if b := built[0].Holidays[0]; b.Start != day("2023-12-30") {
		t.Errorf("元旦 2024 starts %s in lunar-go, want 2023-12-30 (grouped under its target year)", b.Start)
	}
}

func TestBuiltin_YearsAndCopies(t *testing.T) {
	a, err := builtin()
	if err != nil {
		t.Fatal(err)
	}
	if len(a) < 4 || a[0].Year != 2024 || a[len(a)-1].Year < 2027 {
		t.Fatalf("built-in years %d..%d", a[0].Year, a[len(a)-1].Year)
	}
	for i, y := range a {
		if y.Year != 2024+i {
			t.Errorf("built-in year %d at %d", y.Year, i)
		}
		if err := y.Validate(); err != nil {
			t.Errorf("built-in %d: %v", y.Year, err)
		}
	}
	a[0].Holidays[0].Name = "changed"
	a[0].MakeupWorkdays[0] = day("2024-03-02")
	b, _ := builtin()
	if b[0].Holidays[0].Name != "元旦" || b[0].MakeupWorkdays[0] != day("2024-02-04") {
		t.Errorf("builtin() shares its data with a caller: %+v", b[0])
	}
	names := map[string]bool{}
	for _, y := range b {
		for _, h := range y.Holidays {
			names[h.Name] = true
		}
	}
	for n := range names {
		if !slices.Contains([]string{"元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节", "国庆节、中秋节"}, n) {
			t.Errorf("unexpected holiday name %q", n)
		}
	}
}

// The 2027 notice as published (国务院办公厅关于2027年部分节假日安排的通知),
// checked against lunar-go's data. 清明, 劳动节, 端午 and 中秋 come from lunar-go
// alone; TestSchedule_WorkdaysPerYear shows 2027 keeps the law's 13 days.
func TestBuiltin_2027(t *testing.T) {
	c := builtinCalendar(t)
	y, ok := c.Year(2027)
	if !ok {
		t.Fatal("Year(2027) not built in")
	}
	want := map[string][2]string{
		"元旦":  {"2027-01-01", "2027-01-03"},
		"春节":  {"2027-02-05", "2027-02-13"},
		"国庆节": {"2027-10-01", "2027-10-07"},
	}
	for _, h := range y.Holidays {
		if w, ok := want[h.Name]; ok {
			if h.Start != day(w[0]) || h.End != day(w[1]) {
				t.Errorf("%s = %s..%s, want %s..%s", h.Name, h.Start, h.End, w[0], w[1])
			}
			delete(want, h.Name)
		}
	}
	if len(want) > 0 {
		t.Errorf("missing holidays %v in %+v", want, y.Holidays)
	}
	for _, m := range []struct {
		date string
		wday time.Weekday
	}{{"2027-01-31", time.Sunday}, {"2027-02-14", time.Sunday}, {"2027-09-26", time.Sunday}, {"2027-10-09", time.Saturday}} {
		d := day(m.date)
		if d.Weekday() != m.wday || !slices.Contains(y.MakeupWorkdays, d) {
			t.Errorf("%s (%v) is not a make-up working day of %v", d, d.Weekday(), y.MakeupWorkdays)
		}
		if k, err := c.Kind(d); err != nil || k != KindMakeupWorkday {
			t.Errorf("Kind(%s) = %q, %v; want makeup_workday", d, k, err)
		}
	}
	for _, tc := range []struct {
		date string
		work bool
		why  string
	}{
		{"2026-12-31", true, "Thu, the last day of 2026"},
		{"2027-01-01", false, "元旦, Fri"},
		{"2027-01-03", false, "元旦, Sun"},
		{"2027-01-04", true, "Mon after 元旦"},
		{"2027-01-30", false, "Sat, an ordinary weekend day"},
		{"2027-01-31", true, "Sun, make-up working day before 春节"},
		{"2027-02-04", true, "Thu, the day before 除夕"},
		{"2027-02-05", false, "除夕, Fri: first day of 春节"},
		{"2027-02-09", false, "Tue, inside 春节"},
		{"2027-02-13", false, "Sat, last day of 春节"},
		{"2027-02-14", true, "Sun, make-up working day after 春节"},
		{"2027-02-15", true, "Mon"},
		{"2027-09-26", true, "Sun, make-up working day before 国庆"},
		{"2027-10-01", false, "国庆, Fri"},
		{"2027-10-07", false, "Thu, last day of 国庆"},
		{"2027-10-08", true, "Fri after 国庆"},
		{"2027-10-09", true, "Sat, make-up working day after 国庆"},
		{"2027-10-10", false, "Sun, an ordinary weekend day"},
	} {
		if w, err := c.IsWorkday(day(tc.date)); err != nil || w != tc.work {
			t.Errorf("IsWorkday(%s) = %v, %v; want %v (%s)", tc.date, w, err, tc.work, tc.why)
		}
	}
	for d := day("2027-02-05"); !d.After(day("2027-02-13")); d = d.AddDays(1) {
		if name, ok := c.IsHoliday(d); !ok || name != "春节" {
			t.Errorf("IsHoliday(%s) = %q, %v; want 春节", d, name, ok)
		}
	}
	for _, tc := range []struct {
		from string
		n    int
		want string
		why  string
	}{
		{"2026-12-31", 1, "2027-01-04", "Thu: 元旦 1..3; Mon 4(1)"},
		{"2027-01-29", 1, "2027-01-31", "Fri: Sat 30 rest; Sun 31 make-up(1)"},
		{"2027-02-03", 2, "2027-02-14", "Wed: Thu 4(1); 春节 5..13; Sun 14 make-up(2)"},
		{"2027-09-30", 2, "2027-10-09", "Thu: 国庆 1..7; Fri 8(1) Sat 9 make-up(2)"},
	} {
		got, err := c.AddWorkdays(day(tc.from), tc.n)
		if err != nil || got != day(tc.want) {
			t.Errorf("AddWorkdays(%s, %d) = %s, %v; want %s (%s)", tc.from, tc.n, got, err, tc.want, tc.why)
		}
		if c.Provisional(got) {
			t.Errorf("Provisional(%s) = true; 2027 is published", got)
		}
	}
}
