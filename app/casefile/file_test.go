package casefile

import (
	"errors"
	"testing"

	"liaison/app/workday"
)

func TestPeriod_After(t *testing.T) {
	t.Parallel()
	cal, err := workday.New()
	if err != nil {
		t.Fatal(err)
	}
	from := workday.Date{Year: 2026, Month: 9, Day: 25}
	cases := []struct {
		p    Period
		want string
	}{
		{Period{7, Workdays}, "2026-10-12"}, // over the National Day holiday, counting make-up Saturday 10 October
		{Period{2, Months}, "2026-11-25"},
		{Period{6, Days}, "2026-10-08"}, // 1 October falls in the holiday
	}
	for _, tc := range cases {
		got, err := tc.p.After(cal, from)
		if err != nil || got.String() != tc.want {
			t.Errorf("%+v after %s = %s, %v; want %s", tc.p, from, got, err, tc.want)
		}
	}
	// 2027 is published (lunar-go's schedule): 2026-12-31 + 2 months is
	// 2027-02-28, a Sunday, so 2027-03-01; 2026-12-30 + 10 days is
	// Saturday 2027-01-09, so Monday 01-11.
	if got, err := (Period{2, Months}).ReplyDue(cal, workday.Date{Year: 2026, Month: 12, Day: 31}); err != nil || got.String() != "2027-03-01" || cal.Provisional(got) {
		t.Fatalf("reply due in 2027 = %s, %v", got, err)
	}
	if got, err := (Period{10, Days}).ReplyDue(cal, workday.Date{Year: 2026, Month: 12, Day: 30}); err != nil || got.String() != "2027-01-11" {
		t.Fatalf("reply due in days into 2027 = %s, %v", got, err)
	}
	// Past the published years the statutory holidays still count, and the
	// answer is provisional.
	if got, err := (Period{2, Months}).ReplyDue(cal, workday.Date{Year: 2027, Month: 12, Day: 20}); err != nil || !cal.Provisional(got) {
		t.Fatalf("provisional reply due = %s, %v", got, err)
	}
	// Past the statutory rules' reach (2100) nothing is known.
	late := workday.Date{Year: 2099, Month: 12, Day: 1}
	if _, err := (Period{2, Months}).After(cal, late); !errors.Is(err, workday.ErrBeyondSchedule) {
		t.Fatalf("beyond schedule: %v", err)
	}
	if got := (Period{3, Months}).approxAfter(cal, late); got.String() != "2100-03-01" {
		t.Fatalf("reminder past the schedule: %s", got)
	}
	// A reply deadline in months past the reach is still a known date,
	// moved off weekends only: 2099-12-31 + 2 months is 2100-02-28, a
	// Sunday, so 2100-03-01. In working days it is refused.
	if got, err := (Period{2, Months}).ReplyDue(cal, workday.Date{Year: 2099, Month: 12, Day: 31}); err != nil || got.String() != "2100-03-01" {
		t.Fatalf("reply due past the schedule = %s, %v", got, err)
	}
	if _, err := (Period{15, Workdays}).ReplyDue(cal, workday.Date{Year: 2099, Month: 12, Day: 20}); !errors.Is(err, workday.ErrBeyondSchedule) {
		t.Fatalf("working days past the schedule: %v", err)
	}
}

func TestTimers_Validate(t *testing.T) {
	t.Parallel()
	ok := DefaultTimers()
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := DefaultTimers()
	bad.Notify = Period{0, Workdays}
	bad.ReplyPeriods["letter"] = Period{1, Days}
	if err := bad.Validate(); err == nil {
		t.Fatal("invalid timers accepted")
	}
}
