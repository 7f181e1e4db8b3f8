package scoreboard

import (
	"math"

	"liaison/app/apperr"
)

// Formula is how a row's figures become a score: Base minus the deductions
// per item, plus the bonus per rectified item, kept within [Floor, Cap].
type Formula struct {
	Base          float64 `json:"base"`
	PerOverdue    float64 `json:"per_overdue"`
	PerUnanswered float64 `json:"per_unanswered"`
	PerLate       float64 `json:"per_late"`
	PerReturned   float64 `json:"per_returned"`
	PerAbsence    float64 `json:"per_absence"` // a required meeting not attended
	PerRectified  float64 `json:"per_rectified"`
	Floor         float64 `json:"floor"`
	Cap           float64 `json:"cap"`
}

// Settings are what admins set: the formula and the year-end rules.
type Settings struct {
	Formula Formula `json:"formula"`
	// AnnualProportion is the percentage (0–100) of the year-end rule-of-law
	// assessment the average monthly score makes up.
	AnnualProportion float64 `json:"annual_proportion"`
	// CommendAt: an average at or above it is commended (通报表扬).
	CommendAt float64 `json:"commend_at"`
	// DeductBelow: an average below it is on the deduction list.
	DeductBelow float64 `json:"deduct_below"`
	// Basis are the item kinds that count in the ranking (document types
	// and "decision"); the others are shown beside it (basis.go).
	Basis   []string `json:"basis"`
	Version int      `json:"version"`
}

// DefaultSettings is the formula until an admin changes it.
func DefaultSettings() Settings {
	return Settings{
		Formula: Formula{Base: 100, PerOverdue: 5, PerUnanswered: 3, PerLate: 2, PerReturned: 1, PerAbsence: 1,
			PerRectified: 1, Floor: 0, Cap: 100},
		AnnualProportion: 10, CommendAt: 95, DeductBelow: 80, Basis: DefaultBasis(),
	}
}

// Validate checks every number: weights non-negative and finite, the cap
// above the floor, the proportion and thresholds percentages.
func (s Settings) Validate() error {
	f := apperr.Fields{}
	bad := func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) || v < 0 }
	w := map[string]float64{"formula.base": s.Formula.Base, "formula.per_overdue": s.Formula.PerOverdue,
		"formula.per_unanswered": s.Formula.PerUnanswered, "formula.per_late": s.Formula.PerLate,
		"formula.per_returned": s.Formula.PerReturned, "formula.per_absence": s.Formula.PerAbsence,
		"formula.per_rectified": s.Formula.PerRectified, "formula.floor": s.Formula.Floor, "formula.cap": s.Formula.Cap}
	for k, v := range w {
		if bad(v) || v > 1000 {
			f.Add(k, "scoreboard.weight_invalid")
		}
	}
	if s.Formula.Cap < s.Formula.Floor {
		f.Add("formula.cap", "scoreboard.cap_below_floor")
	}
	for k, v := range map[string]float64{"annual_proportion": s.AnnualProportion, "commend_at": s.CommendAt, "deduct_below": s.DeductBelow} {
		if bad(v) || v > 100 {
			f.Add(k, "scoreboard.percent_invalid")
		}
	}
	validateBasis(s.Basis, f)
	return f.Err()
}

// Score applies the formula to a row, rounded to one decimal.
func (f Formula) Score(r Row) float64 {
	absent := max(r.AttendanceRequired-r.AttendancePresent, 0)
	v := f.Base - f.PerOverdue*float64(r.Overdue) - f.PerUnanswered*float64(r.Unanswered) -
		f.PerLate*float64(r.AnsweredLate) - f.PerReturned*float64(r.Returned) - f.PerAbsence*float64(absent) +
		f.PerRectified*float64(r.Rectified)
	v = math.Min(math.Max(v, f.Floor), f.Cap)
	return round1(v)
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }
