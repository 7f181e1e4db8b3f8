package workday

import (
	"fmt"
	"slices"
	"sync"

	"github.com/6tail/lunar-go/HolidayUtil"

	"liaison/app/apperr"
)

// firstBuiltinYear is the first year whose notice is built in. lunar-go's
// table goes back to 2001-12-29, but the earlier years were set under
// earlier versions of 全国年节及纪念日放假办法 (other festivals, other day
// counts), this package holds no independent transcription to check them
// against, and no deadline the application counts starts before 2024. 2024
// is also the first year of the hand-transcribed notices the built-in data
// is cross-checked against (TestBuiltin_MatchesHandTable), and starting
// there keeps "before 2024 is beyond the schedule" as it always was.
const firstBuiltinYear = 2024

// lunarGoNames maps lunar-go's holiday names to the ones the application
// shows; a name not listed here (春节, 清明节 …) is already the same.
var lunarGoNames = map[string]string{
	"元旦节":  "元旦",
	"国庆中秋": "国庆节、中秋节",
}

// builtin returns the published notices from firstBuiltinYear to the last
// year lunar-go has data for, oldest first. Every call returns fresh copies,
// so no caller can alter the shared data.
func builtin() ([]Year, error) {
	ys, err := builtinYears()
	if err != nil {
		return nil, err
	}
	out := make([]Year, len(ys))
	for i, y := range ys {
		out[i] = y.clone()
	}
	return out, nil
}

// builtinYears converts lunar-go's table once per process. Nothing in
// Liaison calls HolidayUtil.Fix, which would alter that table in place.
var builtinYears = sync.OnceValues(func() ([]Year, error) {
	ys, err := fromLunarGo()
	if err != nil {
		return nil, apperr.Wrap(err, "workday.builtin")
	}
	return ys, nil
})

// lunarDay is one entry of lunar-go's table: a day off (or a make-up working
// day when work is set) that belongs to the festival on target.
type lunarDay struct {
	day, target Date
	name        string
	work        bool
}

// fromLunarGo reads lunar-go's HolidayUtil table into one Year per notice.
// A day belongs to the notice of its target's year, so 2023-12-30 (元旦 2024,
// target 2024-01-01) is part of the 2024 notice, as Year.Validate allows.
// Consecutive days off with the same name and target form one Holiday; the
// weekend days lunar-go counts into a holiday (a notice's "与周末连休") stay
// in it, which changes nothing since they are rest days either way. The last
// year is the last one lunar-go has entries for.
func fromLunarGo() ([]Year, error) {
	byYear := map[int][]lunarDay{}
	// From the December before the first year (its reach into it) to the
	// end of the range Year.Validate accepts; years without data are empty.
	for y := firstBuiltinYear - 1; y <= maxYear; y++ {
		for e := HolidayUtil.GetHolidaysByYear(y).Front(); e != nil; e = e.Next() {
			h, ok := e.Value.(*HolidayUtil.Holiday)
			if !ok {
				return nil, fmt.Errorf("lunar-go: unexpected entry %T", e.Value)
			}
			d, err := ParseDate(h.GetDay())
			if err != nil {
				return nil, fmt.Errorf("lunar-go: day of %v: %w", h, err)
			}
			t, err := ParseDate(h.GetTarget())
			if err != nil {
				return nil, fmt.Errorf("lunar-go: target of %v: %w", h, err)
			}
			if t.Year < firstBuiltinYear {
				continue
			}
			name := h.GetName()
			if n, ok := lunarGoNames[name]; ok {
				name = n
			}
			byYear[t.Year] = append(byYear[t.Year], lunarDay{day: d, target: t, name: name, work: h.IsWork()})
		}
	}
	if len(byYear) == 0 {
		return nil, fmt.Errorf("lunar-go: no holiday data from %d on", firstBuiltinYear)
	}
	last := firstBuiltinYear
	for y := range byYear {
		last = max(last, y)
	}
	out := make([]Year, 0, last-firstBuiltinYear+1)
	for y := firstBuiltinYear; y <= last; y++ {
		days := byYear[y]
		if len(days) == 0 {
			return nil, fmt.Errorf("lunar-go: no holiday data for %d, though it has %d", y, last)
		}
		out = append(out, yearOf(y, days))
	}
	return out, nil
}

// yearOf groups one notice's lunar-go entries into a Year.
func yearOf(y int, days []lunarDay) Year {
	slices.SortFunc(days, func(a, b lunarDay) int { return a.day.Compare(b.day) })
	out := Year{Year: y}
	var prev lunarDay
	for _, d := range days {
		if d.work {
			out.MakeupWorkdays = append(out.MakeupWorkdays, d.day)
			continue
		}
		n := len(out.Holidays)
		if n > 0 && d.name == prev.name && d.target == prev.target && d.day == prev.day.AddDays(1) {
			out.Holidays[n-1].End = d.day
		} else {
			out.Holidays = append(out.Holidays, Holiday{Name: d.name, Start: d.day, End: d.day})
		}
		prev = d
	}
	return out
}
