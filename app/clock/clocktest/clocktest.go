// Package clocktest gives tests the pinned "now" of this run.
//
// Every test that needs today's date takes it from Now (or from a clock
// made by New), and writes its dates relative to it. The default is a
// fixed working Monday; LIAISON_TEST_NOW moves it (CI runs the suite a
// second time in a holiday season), which proves that no test depends on
// the day it runs.
package clocktest

import (
	"fmt"
	"os"
	"sync"
	"time"

	"liaison/app/clock"
)

// Default is the pinned "now" when LIAISON_TEST_NOW is unset: Monday
// 2026-12-07, 10:00 in Beijing.
const Default = "2026-12-07T10:00:00+08:00"

// Env names the variable that moves the pinned "now" (RFC 3339, or a date
// YYYY-MM-DD meaning 10:00 Beijing time that day).
const Env = "LIAISON_TEST_NOW"

var pinned = sync.OnceValues(func() (time.Time, error) {
	v := os.Getenv(Env)
	if v == "" {
		v = Default
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), nil
	}
	beijing := time.FixedZone("CST", 8*60*60)
	if t, err := time.ParseInLocation("2006-01-02", v, beijing); err == nil {
		return t.Add(10 * time.Hour).UTC(), nil
	}
	return time.Time{}, fmt.Errorf("clocktest: %s=%q is neither RFC 3339 nor YYYY-MM-DD", Env, v)
})

// Now returns this run's pinned "now" (UTC). A malformed LIAISON_TEST_NOW
// panics: a suite must not silently run on another date than asked.
func Now() time.Time {
	t, err := pinned()
	if err != nil {
		panic(err)
	}
	return t
}

// New returns a clock pinned at Now and running on from there.
func New() *clock.Pinned { return clock.Pin(Now()) }

// Date returns the pinned day plus days, at hour:minute Beijing time, as
// UTC: the usual way a test names "next Tuesday at 9".
func Date(days, hour, minute int) time.Time {
	beijing := time.FixedZone("CST", 8*60*60)
	n := Now().In(beijing)
	return time.Date(n.Year(), n.Month(), n.Day()+days, hour, minute, 0, 0, beijing).UTC()
}
