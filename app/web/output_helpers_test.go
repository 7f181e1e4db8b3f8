package web_test

import (
	"testing"

	"liaison/app/web/webtest"
	"liaison/app/workday"
)

// holdMeetingDay moves the clock to noon of the tests' meeting day
// (mDay): the morning's meetings have started, so their minutes may be
// written and people may check in (both are refused before the start).
func holdMeetingDay(t *testing.T, e *webtest.Env) {
	t.Helper()
	e.Clock.Set(webtest.Time(mDay, 12, 0))
}

// holdDay moves the clock to 23:00 of day d (YYYY-MM-DD), after any
// meeting held that day.
func holdDay(t *testing.T, e *webtest.Env, d string) {
	t.Helper()
	day, err := workday.ParseDate(d)
	if err != nil {
		t.Fatal(err)
	}
	e.Clock.Set(webtest.Time(day, 23, 0))
}

// smHold moves the clock to noon of the third working day, when a meeting
// smMeeting just scheduled has started.
func smHold(t *testing.T, e *webtest.Env) {
	t.Helper()
	e.Clock.Set(smAt(t, e, 3, 12, 0))
}

// minutesVersion is the version of meeting path's minutes (path is the
// meeting's API path).
func (f *acFlow) minutesVersion(c *webtest.Client, path string) int {
	f.t.Helper()
	var v struct {
		Minutes struct {
			Version int `json:"version"`
		} `json:"minutes"`
	}
	c.Get(path).Decode(f.t, &v)
	return v.Minutes.Version
}
