package web

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"liaison/app/apperr"
	"liaison/app/workday"
)

// The holiday page's year grid: every day of a year as the calendar counts
// it (the State Council notice, built in or entered, else the law's
// provisional days off), and one click to mark a day 休 or 班 or clear it.
// A click saves the whole year through the same PutHolidayYear as the JSON
// form and the API, so validation and the provisional recount are shared.

// gridDay is one cell of the grid.
type gridDay struct {
	Date    workday.Date
	ISO     string
	Day     int
	Kind    workday.DayKind
	Name    string // the holiday's name, for a day off
	Blank   bool   // padding before the 1st, so columns are weekdays
	Today   bool
	Weekend bool
}

// gridMonth is a month of the grid, Monday first.
type gridMonth struct {
	Month time.Month
	Days  []gridDay
}

// yearSource says where the grid's year comes from.
type yearSource string

const (
	sourceEntered     yearSource = "entered"     // an administrator's entry
	sourcePublished   yearSource = "published"   // the built-in State Council notice
	sourceProvisional yearSource = "provisional" // the law's days off alone
)

// holidayGrid builds the months of year y from cal.
func holidayGrid(cal *workday.Calendar, y int, today workday.Date) []gridMonth {
	out := make([]gridMonth, 0, 12)
	for m := time.January; m <= time.December; m++ {
		gm := gridMonth{Month: m}
		first := workday.Date{Year: y, Month: m, Day: 1}
		pad := (int(first.Weekday()) + 6) % 7 // Monday is column 0
		for range pad {
			gm.Days = append(gm.Days, gridDay{Blank: true})
		}
		for d := first; d.Month == m; d = d.AddDays(1) {
			k, _ := cal.Kind(d)
			name, _ := cal.IsHoliday(d)
			wd := d.Weekday()
			gm.Days = append(gm.Days, gridDay{Date: d, ISO: d.String(), Day: d.Day, Kind: k, Name: name, Today: d == today,
				Weekend: wd == time.Saturday || wd == time.Sunday})
		}
		out = append(out, gm)
	}
	return out
}

// effectiveYear returns the notice the calendar follows for year y: the one
// it holds (entered or built in), or for a provisional year the law's days
// off written out as a notice, so a click edits what the grid shows.
func effectiveYear(cal *workday.Calendar, y int) workday.Year {
	if v, ok := cal.Year(y); ok {
		return v
	}
	out := workday.Year{Year: y, Holidays: []workday.Holiday{}, MakeupWorkdays: []workday.Date{}}
	for d := (workday.Date{Year: y, Month: time.January, Day: 1}); d.Year == y; d = d.AddDays(1) {
		name, ok := cal.IsHoliday(d)
		if !ok {
			continue
		}
		if n := len(out.Holidays); n > 0 && out.Holidays[n-1].Name == name && out.Holidays[n-1].End.AddDays(1) == d {
			out.Holidays[n-1].End = d
			continue
		}
		out.Holidays = append(out.Holidays, workday.Holiday{Name: name, Start: d, End: d})
	}
	return out
}

// markDay changes y so that d is a day off named name ("off"), a make-up
// working day ("work"), or neither ("clear"). A day off joins an adjacent
// period of the same name, or of any name when none is given.
func markDay(y workday.Year, d workday.Date, mark, name string) (workday.Year, error) {
	// take d out of every holiday period and the make-up days first
	hs := make([]workday.Holiday, 0, len(y.Holidays)+1)
	var was string
	for _, h := range y.Holidays {
		if d.Before(h.Start) || d.After(h.End) {
			hs = append(hs, h)
			continue
		}
		was = h.Name
		if h.Start.Before(d) {
			hs = append(hs, workday.Holiday{Name: h.Name, Start: h.Start, End: d.AddDays(-1)})
		}
		if h.End.After(d) {
			hs = append(hs, workday.Holiday{Name: h.Name, Start: d.AddDays(1), End: h.End})
		}
	}
	y.MakeupWorkdays = slices.DeleteFunc(slices.Clone(y.MakeupWorkdays), func(m workday.Date) bool { return m == d })
	switch mark {
	case "clear":
	case "work":
		y.MakeupWorkdays = append(y.MakeupWorkdays, d)
		slices.SortFunc(y.MakeupWorkdays, workday.Date.Compare)
	case "off":
		if name == "" {
			name = was
		}
		joined := false
		for i, h := range hs {
			if name != "" && h.Name != name {
				continue
			}
			switch {
			case h.End.AddDays(1) == d:
				hs[i].End, joined = d, true
			case h.Start.AddDays(-1) == d:
				hs[i].Start, joined = d, true
			}
			if joined {
				name = h.Name
				break
			}
		}
		if !joined {
			if name == "" {
				return y, apperr.Fields{"name": "workday.holiday_name_required"}.Err()
			}
			hs = append(hs, workday.Holiday{Name: name, Start: d, End: d})
		}
		hs = mergeAdjacent(hs)
	default:
		return y, apperr.Fields{"mark": "holidays.mark_invalid"}.Err()
	}
	slices.SortFunc(hs, func(a, b workday.Holiday) int { return a.Start.Compare(b.Start) })
	y.Holidays = hs
	return y, nil
}

// mergeAdjacent joins periods of one name that now touch (a gap filled).
func mergeAdjacent(hs []workday.Holiday) []workday.Holiday {
	slices.SortFunc(hs, func(a, b workday.Holiday) int { return a.Start.Compare(b.Start) })
	out := hs[:0]
	for _, h := range hs {
		if n := len(out); n > 0 && out[n-1].Name == h.Name && out[n-1].End.AddDays(1) == h.Start {
			out[n-1].End = h.End
			continue
		}
		out = append(out, h)
	}
	return out
}

// holidaysMark handles a click on a day of the grid.
func (s *Server) holidaysMark(c echo.Context) error {
	ctx := c.Request().Context()
	d, err := workday.ParseDate(c.FormValue("day"))
	if err != nil {
		return apperr.Fields{"day": "workday.invalid_date"}.Err()
	}
	cal, err := s.Actions.Holidays.Calendar(ctx)
	if err != nil {
		return err
	}
	mark, name := c.FormValue("mark"), strings.TrimSpace(c.FormValue("name"))
	y, err := markDay(effectiveYear(cal, d.Year), d, mark, name)
	if err == nil {
		_, err = s.Cases.PutHolidayYear(ctx, actor(c), y)
	}
	year := strconv.Itoa(d.Year)
	if err != nil {
		if formFixable(err) {
			return s.renderHolidaysGrid(c, statusFor(err), year, mark, name, err)
		}
		return err
	}
	s.flash(c, "common.saved")
	q := "?year=" + year + "&mark=" + mark
	if name != "" {
		q += "&name=" + urlQueryEscape(name)
	}
	return redirect(c, "/admin/holidays"+q+"#grid")
}

// fillHolidayGrid puts year's grid into v: by default the year after the
// last published notice, the one an administrator most likely has to enter.
func (s *Server) fillHolidayGrid(c echo.Context, v *holidaysView, ys holidayYears, year, mark, name string) error {
	y := ys.LastYear + 1
	if year != "" {
		n, err := strconv.Atoi(year)
		if err != nil || n < ys.FirstYear || n > ys.ProvisionalThrough {
			return apperr.E(apperr.Invalid, "workday.year_out_of_range", "Year", year)
		}
		y = n
	}
	y = min(max(y, ys.FirstYear), ys.ProvisionalThrough)
	cal, err := s.Actions.Holidays.Calendar(c.Request().Context())
	if err != nil {
		return err
	}
	if mark != "work" && mark != "clear" {
		mark = "off"
	}
	v.GridYear, v.Mark, v.Name, v.MinY, v.MaxY = y, mark, name, ys.FirstYear, ys.ProvisionalThrough
	v.Months = holidayGrid(cal, y, s.today())
	switch {
	case slices.ContainsFunc(ys.Items, func(e workday.Year) bool { return e.Year == y }):
		v.Source = sourceEntered
	case y <= ys.LastYear:
		v.Source = sourcePublished
	default:
		v.Source = sourceProvisional
	}
	if y > ys.FirstYear {
		v.PrevY = y - 1
	}
	if y < ys.ProvisionalThrough {
		v.NextY = y + 1
	}
	return nil
}
