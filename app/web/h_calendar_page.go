package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"liaison/app/apperr"
	"liaison/app/meeting"
	"liaison/app/workday"
)

// calendarView configures the calendar through data- attributes (the CSP
// forbids inline script).
type calendarView struct {
	Locale string
	View   string
	Date   string // YYYY-MM-DD to open at; "" for today
	// Days off and make-up working days (调休上班) around the opened date,
	// as JSON objects date → name, so the calendar marks 休 and 班.
	Holidays, Makeup string
}

func (s *Server) calendarPage(c echo.Context) error {
	v := calendarView{Locale: "zh-cn", View: "dayGridMonth"}
	if langOf(c) == "en" {
		v.Locale = "en"
	}
	if c.QueryParam("view") == "week" {
		v.View = "timeGridWeek"
	}
	if d := c.QueryParam("date"); d != "" {
		if _, err := time.Parse("2006-01-02", d); err == nil {
			v.Date = d
		}
	}
	if err := s.markDaysOff(c, &v); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "calendar_month", s.page(c, "calendar", "nav.calendar", v))
}

// markDaysOff lists the days off and make-up working days from a year
// before to a year after the opened date (beyond that the calendar simply
// shows no marks).
func (s *Server) markDaysOff(c echo.Context, v *calendarView) error {
	cal, err := s.Actions.Holidays.Calendar(c.Request().Context())
	if err != nil {
		return err
	}
	at := s.today()
	if d, err := workday.ParseDate(v.Date); err == nil {
		at = d
	}
	off, makeup := map[string]string{}, map[string]string{}
	for d := at.AddDays(-366); !at.AddDays(366).Before(d); d = d.AddDays(1) {
		if name, ok := cal.IsHoliday(d); ok {
			off[d.String()] = name
		} else if k, err := cal.Kind(d); err == nil && k == workday.KindMakeupWorkday {
			makeup[d.String()] = ""
		}
	}
	h, _ := json.Marshal(off)
	m, _ := json.Marshal(makeup)
	v.Holidays, v.Makeup = string(h), string(m)
	return nil
}

// fcEvent is a FullCalendar event object.
type fcEvent struct {
	ID        string         `json:"id,omitempty"`
	Title     string         `json:"title"`
	Start     string         `json:"start"`
	End       string         `json:"end"`
	URL       string         `json:"url,omitempty"`
	ClassName []string       `json:"classNames"`
	Extended  map[string]any `json:"extendedProps"`
}

// The calendar runs in Asia/Shanghai wall-clock time whatever the
// browser's zone: FullCalendar's standard bundle has no named time zones,
// so it is set to UTC and given Shanghai wall-clock times without offset.

// wallClock is the layout of event times (Shanghai wall clock, no offset).
const wallClock = "2006-01-02T15:04:05"

// parseFCTime reads FullCalendar's start/end (ISO 8601, any offset, or a
// plain date) as the same wall-clock time in Asia/Shanghai.
func parseFCTime(v string) time.Time {
	for _, layout := range []string{time.RFC3339, wallClock, "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			y, m, d := t.Date()
			return time.Date(y, m, d, t.Hour(), t.Minute(), t.Second(), 0, shanghai)
		}
	}
	return time.Time{}
}

// calendarEvents answers FullCalendar's GET ?start=&end= with the
// occurrences the user may see; meetings seen only as busy have no title
// (shown as 忙碌) and no link.
func (s *Server) calendarEvents(c echo.Context) error {
	from, to := parseFCTime(c.QueryParam("start")), parseFCTime(c.QueryParam("end"))
	if from.IsZero() || to.IsZero() {
		return apperr.Fields{"start": "time_invalid"}.Err()
	}
	evs, err := s.Meetings.Events(c.Request().Context(), actor(c), from, to)
	if err != nil {
		return err
	}
	lang := langOf(c)
	out := make([]fcEvent, 0, len(evs))
	for _, ev := range evs {
		e := fcEvent{Start: ev.Start.In(shanghai).Format(wallClock), End: ev.End.In(shanghai).Format(wallClock),
			Extended: map[string]any{"busy": ev.Busy}}
		if ev.Busy || ev.MeetingID == 0 {
			e.Title, e.ClassName = s.Tr.T(lang, "mui.busy", nil), []string{"ev-busy"}
		} else {
			e.ID, e.Title, e.URL = strconv.FormatInt(ev.MeetingID, 10), ev.Title, meetingURL(ev.MeetingID, "")
			e.ClassName = []string{"ev-" + string(ev.Kind)}
			e.Extended["kind"] = ev.Kind
			if ev.Title == "" {
				e.Title = s.Tr.T(lang, "mui.busy", nil)
			}
		}
		if ev.Status == meeting.Cancelled {
			e.ClassName = append(e.ClassName, "ev-cancelled")
		}
		out = append(out, e)
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, out)
}
