package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"liaison/app/apperr"
	"liaison/app/workday"
)

// workdaysAnswer is GET /api/v1/workdays/add. Provisional says the date
// lies past the last published State Council schedule: it skips the
// statutory holidays the law fixes but not the make-up arrangements a
// notice will add, so it may move when that year's schedule arrives.
type workdaysAnswer struct {
	Date        string `json:"date"`
	Provisional bool   `json:"provisional"`
}

// apiWorkdaysAdd answers the n-th working day after from.
func (s *Server) apiWorkdaysAdd(c echo.Context) error {
	bad := apperr.Fields{}
	from, err := workday.ParseDate(c.QueryParam("from"))
	if err != nil {
		bad.Add("from", "workday.invalid_date")
	}
	days, err := strconv.Atoi(c.QueryParam("days"))
	if err != nil {
		bad.Add("days", "workday.days_invalid")
	}
	if err := bad.Err(); err != nil {
		return err
	}
	cal, err := s.Actions.Holidays.Calendar(c.Request().Context())
	if err != nil {
		return err
	}
	d, err := cal.AddWorkdays(from, days)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, workdaysAnswer{Date: d.String(), Provisional: cal.Provisional(d)})
}

// holidayYears is GET /api/v1/workdays/years: the entered notices, the
// span of years with a published schedule (built in or entered), and the
// last year counted provisionally by the statutory rules.
type holidayYears struct {
	Items              []workday.Year `json:"items"`
	NextCursor         string         `json:"next_cursor"`
	FirstYear          int            `json:"first_year"`
	LastYear           int            `json:"last_year"`
	ProvisionalThrough int            `json:"provisional_through"`
}

func (s *Server) holidayYears(c echo.Context) (holidayYears, error) {
	ctx := c.Request().Context()
	cal, err := s.Actions.Holidays.Calendar(ctx)
	if err != nil {
		return holidayYears{}, err
	}
	ys, err := s.Actions.Holidays.Entered(ctx)
	if err != nil {
		return holidayYears{}, err
	}
	out := holidayYears{Items: ys}
	out.FirstYear, out.ProvisionalThrough = cal.KnownYears()
	out.LastYear = cal.PublishedThrough()
	return out, nil
}

func (s *Server) apiHolidayYears(c echo.Context) error {
	ys, err := s.holidayYears(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ys)
}

func yearParam(c echo.Context) (int, error) {
	y, err := strconv.Atoi(c.Param("year"))
	if err != nil || y <= 0 {
		return 0, apperr.NotFoundErr("holiday_year")
	}
	return y, nil
}

func (s *Server) apiHolidayYearPut(c echo.Context) error {
	y, err := yearParam(c)
	if err != nil {
		return err
	}
	var in workday.Year
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if in.Year == 0 {
		in.Year = y
	}
	if in.Year != y {
		return apperr.Fields{"year": "workday.year_mismatch"}.Err()
	}
	n, err := s.Cases.PutHolidayYear(c.Request().Context(), actor(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, struct {
		workday.Year
		Recounted int `json:"recounted"` // provisional deadlines this schedule recounted
	}{in, n})
}

func (s *Server) apiHolidayYearDelete(c echo.Context) error {
	y, err := yearParam(c)
	if err != nil {
		return err
	}
	if err := s.Actions.Holidays.Delete(c.Request().Context(), actor(c), y); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
