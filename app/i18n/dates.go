package i18n

import (
	"fmt"
	"time"
)

// Dates as the office writes them: 2026年12月15日（星期二）09:30 in Chinese,
// Tue 15 Dec 2026 09:30 in English. Callers pass wall-clock values already
// in Beijing time; nothing here reads a clock.

var zhWeekdays = [...]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}

// Day writes a calendar day, with its weekday when weekday is true (a
// meeting's day) and without it for a document's 成文日期.
func Day(lang string, y int, m time.Month, d int, weekday bool) string {
	wd := time.Date(y, m, d, 12, 0, 0, 0, time.UTC).Weekday()
	if lang == EN {
		if weekday {
			return fmt.Sprintf("%s %d %s %d", wd.String()[:3], d, m.String()[:3], y)
		}
		return fmt.Sprintf("%d %s %d", d, m.String()[:3], y)
	}
	if weekday {
		return fmt.Sprintf("%d年%d月%d日（%s）", y, int(m), d, zhWeekdays[wd])
	}
	return fmt.Sprintf("%d年%d月%d日", y, int(m), d)
}

// DateTime writes a moment's day with its weekday, then the time.
func DateTime(lang string, t time.Time) string {
	sep := ""
	if lang == EN {
		sep = " "
	}
	return Day(lang, t.Year(), t.Month(), t.Day(), true) + sep + t.Format("15:04")
}
