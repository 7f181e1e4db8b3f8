package i18n

import (
	"testing"
	"time"
)

func TestDates_AsTheOfficeWritesThem(t *testing.T) {
	at := time.Date(2026, 12, 15, 9, 30, 0, 0, time.UTC)
	for _, c := range []struct{ got, want string }{
		{DateTime(ZH, at), "2026年12月15日（星期二）09:30"},
		{DateTime(EN, at), "Tue 15 Dec 2026 09:30"},
		{Day(ZH, 2026, time.December, 7, false), "2026年12月7日"},
		{Day(EN, 2026, time.December, 7, true), "Mon 7 Dec 2026"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
