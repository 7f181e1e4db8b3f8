package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"liaison/app/apperr"
	"liaison/app/workday"
)

// holidaysView is the admin page for entering a year's holiday notice.
type holidaysView struct {
	Years              []holidayYearRow
	FirstYear          int
	LastYear           int // last year with a published schedule
	ProvisionalFrom    int // first year counted by the statutory rules alone
	ProvisionalThrough int // and the last
	FormYear           string
	FormJSON           string // the JSON form's input after a refusal (then it opens)
	FormJSONOrSample   string
	// the year grid (h_workday_grid.go)
	GridYear     int
	Months       []gridMonth
	Source       yearSource
	Mark, Name   string // the last click's choice, kept for the next
	MinY, MaxY   int    // the years the grid may show
	PrevY, NextY int    // 0 when beyond them
}

type holidayYearRow struct {
	Year int
	JSON string
}

func (s *Server) renderHolidays(c echo.Context, status int, year, data string, formErr error) error {
	return s.renderHolidaysPage(c, status, year, data, c.QueryParam("year"), c.QueryParam("mark"), c.QueryParam("name"), formErr)
}

// renderHolidaysGrid shows the grid of year after a refused click.
func (s *Server) renderHolidaysGrid(c echo.Context, status int, year, mark, name string, formErr error) error {
	return s.renderHolidaysPage(c, status, "", "", year, mark, name, formErr)
}

func (s *Server) renderHolidaysPage(c echo.Context, status int, year, data, gridYear, mark, name string, formErr error) error {
	if err := mustAdmin(c); err != nil {
		return err
	}
	ys, err := s.holidayYears(c)
	if err != nil {
		return err
	}
	v := holidaysView{FirstYear: ys.FirstYear, LastYear: ys.LastYear, ProvisionalFrom: ys.LastYear + 1, ProvisionalThrough: ys.ProvisionalThrough, FormYear: year, FormJSON: data}
	for _, y := range ys.Items {
		b, _ := json.MarshalIndent(y, "", "  ")
		v.Years = append(v.Years, holidayYearRow{Year: y.Year, JSON: string(b)})
	}
	if v.FormYear == "" {
		v.FormYear = strconv.Itoa(ys.LastYear + 1)
	}
	v.FormJSONOrSample = v.FormJSON
	if v.FormJSON == "" {
		v.FormJSONOrSample = `{"holidays": [{"name": "元旦", "start": "", "end": ""}], "makeup_workdays": []}`
	}
	if err := s.fillHolidayGrid(c, &v, ys, gridYear, mark, name); err != nil {
		return err
	}
	p := s.page(c, "admin", "holidays.title", v)
	s.formErrors(p, formErr)
	return s.render(c, status, "action_holidays", p)
}

func (s *Server) holidaysPage(c echo.Context) error {
	return s.renderHolidays(c, http.StatusOK, "", "", nil)
}

func (s *Server) holidaysSubmit(c echo.Context) error {
	if err := mustAdmin(c); err != nil {
		return err
	}
	if c.FormValue("day") != "" {
		return s.holidaysMark(c)
	}
	yearStr, data := strings.TrimSpace(c.FormValue("year")), c.FormValue("data")
	var y workday.Year
	err := json.Unmarshal([]byte(data), &y)
	if err != nil {
		err = apperr.Fields{"data": "holidays.json_invalid"}.Err()
	} else if n, cerr := strconv.Atoi(yearStr); cerr != nil {
		err = apperr.Fields{"year": "workday.year_out_of_range"}.Err()
	} else {
		if y.Year == 0 {
			y.Year = n
		}
		if y.Year != n {
			err = apperr.Fields{"year": "workday.year_mismatch"}.Err()
		} else {
			_, err = s.Cases.PutHolidayYear(c.Request().Context(), actor(c), y)
		}
	}
	if err != nil {
		if formFixable(err) {
			return s.renderHolidays(c, statusFor(err), yearStr, data, err)
		}
		return err
	}
	s.flash(c, "common.saved")
	return redirect(c, "/admin/holidays")
}
