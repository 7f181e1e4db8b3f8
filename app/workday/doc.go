// Package workday is the Chinese public-holiday calendar and the working-day
// maths that deadlines need.
//
// China moves working days around its public holidays (调休): each year the
// General Office of the State Council publishes a notice (国务院办公厅关于
// XXXX年部分节假日安排的通知) saying which days are off and which weekend days
// become working days (调休上班). A deadline "within 7 working days" or
// "within two months" therefore depends on that year's notice, not on
// weekdays alone.
//
// # Where the schedule comes from
//
// The published notices are built in from the Go module
// github.com/6tail/lunar-go (package HolidayUtil, MIT licence), from 2024 to
// the last year that module has data for; the package does not list the
// years itself. When the State Council publishes a new notice and lunar-go
// ships it, update the dependency and run the tests:
//
//	go get github.com/6tail/lunar-go@latest && go mod tidy
//	go test ./app/workday
//
// TestBuiltin_MatchesHandTable compares every day of 2024–2026 with a
// table transcribed by hand from the notices, and the 2027 tests pin the
// 2027 notice, so a changed or corrected day in the new data shows up as a
// failing test rather than as a silently moved deadline.
//
// An administrator may also enter a year's notice (New's extra years): an
// entered year replaces the built-in one of the same year, so an amended
// notice can be corrected before lunar-go catches up, and a year entered
// after the built-in ones extends the published years. Published years must
// follow one another without a gap.
//
// # Provisional years
//
// A year after the last published one (PublishedThrough), up to 2099, is
// provisional: no notice exists yet, but the law already fixes the minimum.
// Under 全国年节及纪念日放假办法 as amended by the State Council in November
// 2024 (in force from 2025), every citizen has 13 days off a year: 元旦 on
// 1 January; 春节 on 除夕 (the last day of the lunar year) and 正月初一 to
// 初三; 清明节 on the day of the 清明 solar term; 劳动节 on 1 and 2 May;
// 端午节 on the fifth of the fifth lunar month; 中秋节 on the fifteenth of
// the eighth lunar month; 国庆节 on 1 to 3 October. A statutory day that
// falls on a Saturday or Sunday is made up (补假) on the next weekday that
// is not already a day off; so is a day two festivals claim (中秋 on
// 1–3 October). Those make-up days are holidays named after their festival
// with "（补假）", for instance "中秋节（补假）". A provisional year has no 调休
// working days, which only a notice can create. So a provisional answer
// never counts a statutory day off as a working day, but it may still move
// when the notice comes out, either way: the notice usually stretches the
// holidays (later deadlines) and makes some weekend days working days
// (earlier ones). Lunar dates and solar terms come from lunar-go's calendar
// package. Provisional reports whether a day, and so a deadline ending on
// it, is provisional. Beyond 2099, and before 2024, the calendar refuses to
// answer (ErrBeyondSchedule) rather than guess.
//
// # Counting periods
//
// Periods are counted as Chinese law counts them: the first day (the day of
// the event) is not counted, and a period whose last day falls on a rest day
// or public holiday ends on the first working day after it.
package workday
