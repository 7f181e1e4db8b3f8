package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"liaison/app/apperr"
	"liaison/app/meeting"
)

// calendarView configures the calendar through data- attributes (the CSP
// forbids inline script).
type calendarView struct {
	Locale string
	View   string
	Date   string // YYYY-MM-DD to open at; "" for today
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
	return s.render(c, http.StatusOK, "calendar_month", s.page(c, "calendar", "nav.calendar", v))
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
