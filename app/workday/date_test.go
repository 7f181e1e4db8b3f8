package workday

import (
	"encoding/json"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Date
		ok   bool
	}{
		{"2026-02-28", Date{2026, time.February, 28}, true},
		{"2024-02-29", Date{2024, time.February, 29}, true},
		{"2026-02-29", Date{}, false}, // not a leap year
		{"2026-02-30", Date{}, false},
		{"2026-2-3", Date{}, false},
		{"2026-02-03T00:00:00Z", Date{}, false},
		{"", Date{}, false},
	} {
		got, err := ParseDate(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseDate(%q) = %v, %v", tc.in, got, err)
		}
		if !tc.ok && code(err) != "workday.invalid_date" {
			t.Errorf("ParseDate(%q) err code = %q", tc.in, code(err))
		}
		if tc.ok && got.String() != tc.in {
			t.Errorf("String() = %q, want %q", got.String(), tc.in)
		}
	}
}

func TestDate_Arithmetic(t *testing.T) {
	for _, tc := range []struct {
		from string
		n    int
		want string
	}{
		{"2024-02-28", 1, "2024-02-29"},
		{"2025-02-28", 1, "2025-03-01"},
		{"2026-12-31", 1, "2027-01-01"},
		{"2026-01-01", -1, "2025-12-31"},
		{"2024-01-01", 366, "2025-01-01"},
	} {
		if got := day(tc.from).AddDays(tc.n); got != day(tc.want) {
			t.Errorf("%s.AddDays(%d) = %s, want %s", tc.from, tc.n, got, tc.want)
		}
	}
	a, b := day("2026-09-30"), day("2026-10-01")
	if !a.Before(b) || a.After(b) || !b.After(a) || a.Equal(b) || !a.Equal(day("2026-09-30")) {
		t.Errorf("ordering of %s and %s is wrong", a, b)
	}
	if a.Compare(b) != -1 || b.Compare(a) != 1 || a.Compare(a) != 0 {
		t.Errorf("Compare is wrong")
	}
	if w := day("2026-10-01").Weekday(); w != time.Thursday {
		t.Errorf("2026-10-01 is a %v", w)
	}
	if !(Date{}).IsZero() || (Date{2026, 2, 29}).IsValid() || !day("2024-02-29").IsValid() {
		t.Errorf("IsZero/IsValid wrong")
	}
}

func TestFromTime(t *testing.T) {
	// 16:30 UTC on 1 January is 00:30 on 2 January in Shanghai.
	if got := FromTime(time.Date(2026, 1, 1, 16, 30, 0, 0, time.UTC)); got != day("2026-01-02") {
		t.Errorf("FromTime = %s, want 2026-01-02", got)
	}
	if got := FromTime(time.Date(2026, 1, 1, 15, 59, 0, 0, time.UTC)); got != day("2026-01-01") {
		t.Errorf("FromTime = %s, want 2026-01-01", got)
	}
	if Shanghai().String() != "Asia/Shanghai" {
		t.Errorf("Shanghai() = %v", Shanghai())
	}
	// Shanghai is UTC+8 all year, so its date is UTC's or the day after
	// (the test reads no clock of its own: the clock package's guard).
	sh, utc := Today(nil), Today(time.UTC)
	if !sh.IsValid() || !utc.IsValid() || sh != utc && sh != utc.AddDays(1) {
		t.Errorf("Today(nil) = %s, Today(UTC) = %s", sh, utc)
	}
}

func TestDate_JSON(t *testing.T) {
	type item struct {
		DueOn  Date  `json:"due_on"`
		Before Date  `json:"before"`
		Ptr    *Date `json:"ptr"`
	}
	due := day("2026-10-08")
	in := item{DueOn: due, Ptr: &due}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"due_on":"2026-10-08","before":null,"ptr":"2026-10-08"}`; string(b) != want {
		t.Errorf("Marshal = %s, want %s", b, want)
	}
	var out item
	if err := json.Unmarshal(b, &out); err != nil || out.DueOn != due || !out.Before.IsZero() || *out.Ptr != due {
		t.Errorf("Unmarshal = %+v, %v", out, err)
	}
	for _, bad := range []string{`{"due_on":"2026-02-30"}`, `{"due_on":20261008}`, `{"due_on":"2026/10/08"}`} {
		if err := json.Unmarshal([]byte(bad), &out); err == nil {
			t.Errorf("Unmarshal(%s) accepted", bad)
		}
	}
	// As a map key, through MarshalText.
	m, err := json.Marshal(map[Date]int{due: 1})
	if err != nil || string(m) != `{"2026-10-08":1}` {
		t.Errorf("map key = %s, %v", m, err)
	}
}

func TestDate_SQLValue(t *testing.T) {
	due := day("2026-10-08")
	v, err := due.Value()
	if err != nil || v != "2026-10-08" {
		t.Errorf("Value() = %#v, %v", v, err)
	}
	if v, err := (Date{}).Value(); v != nil || err != nil {
		t.Errorf("zero Value() = %#v, %v; want NULL", v, err)
	}
	if _, err := (Date{2026, 2, 30}).Value(); err == nil {
		t.Errorf("invalid date stored")
	}
	for _, src := range []any{
		"2026-10-08",
		[]byte("2026-10-08"),
		"2026-10-08 00:00:00+00:00",                  // SQLite DATE rendered as a timestamp
		"2026-10-08T00:00:00Z",                       // likewise
		time.Date(2026, 10, 8, 0, 0, 0, 0, time.UTC), // PostgreSQL DATE
		time.Date(2026, 10, 8, 0, 0, 0, 0, time.FixedZone("", -5*3600)), // a session zone west of UTC
	} {
		var got Date
		if err := got.Scan(src); err != nil || got != due {
			t.Errorf("Scan(%#v) = %s, %v", src, got, err)
		}
	}
	got := due
	if err := got.Scan(nil); err != nil || !got.IsZero() {
		t.Errorf("Scan(nil) = %s, %v", got, err)
	}
	for _, bad := range []any{"2026-10-32", []byte("x"), 20261008, 1.5} {
		if err := got.Scan(bad); err == nil {
			t.Errorf("Scan(%#v) accepted", bad)
		}
	}
}
