package workday

import (
	"errors"
	"testing"

	"liaison/app/apperr"
)

// naiveAddWorkdays is the definition of AddWorkdays, one day at a time, to
// check the indexed version against.
func naiveAddWorkdays(c *Calendar, from Date, n int) (Date, error) {
	d := from
	if n == 0 {
		if _, err := c.Kind(d); err != nil {
			return Date{}, err
		}
		return d, nil
	}
	for n > 0 {
		d = d.AddDays(1)
		w, err := c.IsWorkday(d)
		if err != nil {
			return Date{}, err
		}
		if w {
			n--
		}
	}
	return d, nil
}

func isBeyond(err error, year int) bool {
	e, ok := apperr.As(err)
	return ok && errors.Is(err, ErrBeyondSchedule) && e.Args["Year"] == year
}

func TestAddWorkdays_MatchesNaive(t *testing.T) {
	c := builtinCalendar(t)
	// The published years and the first provisional ones; then the end of
	// the provisional reach.
	for _, span := range [][2]Date{{day("2023-12-20"), day("2031-01-01")}, {day("2099-06-01"), day("2100-01-10")}} {
		for from := span[0]; from.Before(span[1]); from = from.AddDays(3) {
			for _, n := range []int{0, 1, 2, 5, 7, 10, 15, 20, 30, 60} {
				got, err := c.AddWorkdays(from, n)
				want, werr := naiveAddWorkdays(c, from, n)
				if got != want || code(err) != code(werr) {
					t.Fatalf("AddWorkdays(%s, %d) = %s, %v; naive %s, %v", from, n, got, err, want, werr)
				}
			}
		}
	}
}

// FuzzAddWorkdays checks AddWorkdays' invariants for any start around the
// known years, provisional ones included: the answer is a working day after
// from, exactly n working days later, and agrees with the day-by-day count;
// or both fail.
func FuzzAddWorkdays(f *testing.F) {
	c := builtinCalendar(f)
	base := day("2023-11-01")
	span := day("2100-03-01").epochDay() - base.epochDay()
	for _, s := range [][2]int{{0, 1}, {60, 0}, {700, 7}, {1000, 250}, {1150, 30}, {-5, 3},
		{1520, 40}, {1700, 300}, {27790, 20}, {27900, 5}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, offset, n int) {
		from := base.AddDays(((offset % span) + span) % span)
		n = ((n % 800) + 800) % 800
		got, err := c.AddWorkdays(from, n)
		want, werr := naiveAddWorkdays(c, from, n)
		if err != nil {
			if !errors.Is(err, ErrBeyondSchedule) || !errors.Is(werr, ErrBeyondSchedule) {
				t.Fatalf("AddWorkdays(%s, %d) err = %v, naive %v", from, n, err, werr)
			}
			return
		}
		if werr != nil || got != want {
			t.Fatalf("AddWorkdays(%s, %d) = %s; naive %s, %v", from, n, got, want, werr)
		}
		if n == 0 {
			if got != from {
				t.Fatalf("AddWorkdays(%s, 0) = %s", from, got)
			}
			return
		}
		if w, err := c.IsWorkday(got); err != nil || !w {
			t.Fatalf("AddWorkdays(%s, %d) = %s, not a working day (%v)", from, n, got, err)
		}
		if !got.After(from) {
			t.Fatalf("AddWorkdays(%s, %d) = %s, not after from", from, n, got)
		}
		if back, err := c.WorkdaysBetween(from, got); err != nil || back != n {
			t.Fatalf("WorkdaysBetween(%s, %s) = %d, %v; want %d", from, got, back, err, n)
		}
	})
}

func BenchmarkAddWorkdays(b *testing.B) {
	c := builtinCalendar(b)
	start := day("2024-01-01")
	i := 0
	for b.Loop() {
		if _, err := c.AddWorkdays(start.AddDays(i%900), 20); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
