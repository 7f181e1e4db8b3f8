package report

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"liaison/app/apperr"
	"liaison/app/workday"
)

// Period is a month ("2026-11") or a quarter ("2026-Q4") of the report.
type Period struct {
	Key      string       `json:"key"`
	Year     int          `json:"year"`
	Month    int          `json:"month,omitempty"`   // 1–12 for a month
	Quarter  int          `json:"quarter,omitempty"` // 1–4 for a quarter
	From     workday.Date `json:"from"`
	To       workday.Date `json:"to"` // last day, inclusive
	startsAt time.Time
	endsAt   time.Time // exclusive
}

// ParsePeriod reads "YYYY-MM" or "YYYY-Qn" (years 2000–2099); anything
// else is an Invalid error on field period.
func ParsePeriod(key string) (Period, error) {
	bad := apperr.Fields{"period": "report.period_invalid"}.Err()
	y, rest, ok := strings.Cut(key, "-")
	year, err := strconv.Atoi(y)
	if !ok || err != nil || len(y) != 4 || year < 2000 || year > 2099 {
		return Period{}, bad
	}
	p := Period{Key: key, Year: year}
	first, months := 0, 0
	if q, isQ := strings.CutPrefix(rest, "Q"); isQ {
		n, err := strconv.Atoi(q)
		if err != nil || len(q) != 1 || n < 1 || n > 4 {
			return Period{}, bad
		}
		p.Quarter, first, months = n, 3*(n-1)+1, 3
	} else {
		n, err := strconv.Atoi(rest)
		if err != nil || len(rest) != 2 || n < 1 || n > 12 {
			return Period{}, bad
		}
		p.Month, first, months = n, n, 1
	}
	sh := workday.Shanghai()
	p.startsAt = time.Date(year, time.Month(first), 1, 0, 0, 0, 0, sh)
	p.endsAt = p.startsAt.AddDate(0, months, 0)
	p.From, p.To = workday.FromTime(p.startsAt), workday.FromTime(p.endsAt.Add(-time.Hour))
	return p, nil
}

// MonthKey and QuarterKey name the periods containing day d.
func MonthKey(d workday.Date) string { return d.String()[:7] }

// QuarterKey names the quarter containing day d.
func QuarterKey(d workday.Date) string {
	m, _ := strconv.Atoi(d.String()[5:7])
	return fmt.Sprintf("%s-Q%d", d.String()[:4], (m-1)/3+1)
}

// Recent lists the periods of the last n months and of the quarters they
// fall in, newest first: the list page's index.
func Recent(today workday.Date, n int) []Period {
	var out []Period
	seen := map[string]bool{}
	for i := 0; i < n; i++ {
		d := workday.FromTime(time.Date(today.Year, today.Month-time.Month(i), 1, 12, 0, 0, 0, workday.Shanghai()))
		if q := QuarterKey(d); !seen[q] {
			seen[q] = true
			p, _ := ParsePeriod(q)
			out = append(out, p)
		}
		p, _ := ParsePeriod(MonthKey(d))
		out = append(out, p)
	}
	return out
}
