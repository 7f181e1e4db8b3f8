package scoreboard

import (
	"context"
	"math"
	"slices"
	"time"

	"liaison/app/apperr"
)

// YearRow is one agency's year: its published monthly scores (nil where a
// month is not published), their average and the part of the annual
// assessment it makes.
type YearRow struct {
	UnitID    int64      `json:"unit_id"`
	UnitName  string     `json:"unit_name"`
	Scores    []*float64 `json:"scores"` // January..December
	Published int        `json:"published_months"`
	Average   *float64   `json:"average"`
	Weighted  *float64   `json:"weighted"` // average × proportion
	Commended bool       `json:"commended"`
	Deducted  bool       `json:"deducted"`
	// Records, on a deducted row, are the items behind its deductions
	// (overdue, unanswered, answered late, returned) in the months counted.
	Records []int64 `json:"records,omitempty"`
	// deductions collects Records while the months are read.
	deductions []int64
}

// YearBoard is the year-end assessment of every agency.
type YearBoard struct {
	Year             int       `json:"year"`
	Months           []string  `json:"months"`
	PublishedMonths  []string  `json:"published_months"`
	AnnualProportion float64   `json:"annual_proportion"`
	CommendAt        float64   `json:"commend_at"`
	DeductBelow      float64   `json:"deduct_below"`
	Rows             []YearRow `json:"rows"`
	Commend          []YearRow `json:"commend"`
	Deduct           []YearRow `json:"deduct"`
}

// ParseYear reads a year no later than the current one (422 on "year").
func (s *Service) ParseYear(v int) error {
	if v < 2000 || v > s.CurrentMonth().Year {
		return apperr.Fields{"year": "scoreboard.year_invalid"}.Err()
	}
	return nil
}

// Year averages the latest revision of each published month of year y.
func (s *Service) Year(ctx context.Context, y int) (YearBoard, error) {
	if err := s.ParseYear(y); err != nil {
		return YearBoard{}, err
	}
	st, err := s.store.Settings(ctx)
	if err != nil {
		return YearBoard{}, err
	}
	out := YearBoard{Year: y, AnnualProportion: st.AnnualProportion, CommendAt: st.CommendAt, DeductBelow: st.DeductBelow,
		PublishedMonths: []string{}, Rows: []YearRow{}, Commend: []YearRow{}, Deduct: []YearRow{}}
	for i := 1; i <= 12; i++ {
		out.Months = append(out.Months, Month{Year: y, Month: time.Month(i)}.String())
	}
	snaps, err := s.store.Snapshots(ctx, out.Months)
	if err != nil {
		return YearBoard{}, err
	}
	latest := map[string]snapshot{}
	for _, sn := range snaps {
		latest[sn.Month] = sn // ordered by revision: the last wins
	}
	rows := map[int64]*YearRow{}
	var order []int64
	for i, ms := range out.Months {
		sn, ok := latest[ms]
		if !ok {
			continue
		}
		out.PublishedMonths = append(out.PublishedMonths, ms)
		mrows, err := decodeRows(sn.Rows)
		if err != nil {
			return YearBoard{}, err
		}
		for _, r := range mrows {
			if r.None {
				continue // 本月无: the month does not count for the unit
			}
			yr, ok := rows[r.UnitID]
			if !ok {
				yr = &YearRow{UnitID: r.UnitID, Scores: make([]*float64, 12)}
				rows[r.UnitID], order = yr, append(order, r.UnitID)
			}
			yr.UnitName = r.UnitName // the latest name published
			v := r.Score
			yr.Scores[i] = &v
			for _, f := range []Figure{FigOverdue, FigUnanswered, FigAnsweredLate, FigReturned} {
				yr.deductions = append(yr.deductions, r.Records[f]...)
			}
		}
	}
	for _, id := range order {
		yr := rows[id]
		sum := 0.0
		for _, v := range yr.Scores {
			if v != nil {
				sum += *v
				yr.Published++
			}
		}
		avg := round2(sum / float64(yr.Published))
		w := round2(avg * st.AnnualProportion / 100)
		yr.Average, yr.Weighted = &avg, &w
		yr.Commended, yr.Deducted = avg >= st.CommendAt, avg < st.DeductBelow
		if yr.Deducted {
			slices.Sort(yr.deductions)
			yr.Records = slices.Compact(yr.deductions)
		}
		out.Rows = append(out.Rows, *yr)
	}
	slices.SortStableFunc(out.Rows, func(a, b YearRow) int {
		if *a.Average != *b.Average {
			if *a.Average > *b.Average {
				return -1
			}
			return 1
		}
		return int(a.UnitID - b.UnitID)
	})
	for _, r := range out.Rows {
		if r.Commended {
			out.Commend = append(out.Commend, r)
		}
		if r.Deducted {
			out.Deduct = append(out.Deduct, r)
		}
	}
	return out, nil
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }
