// Package workday is the Chinese public-holiday calendar and the working-day
// maths that deadlines need.
//
// China moves working days around its public holidays (调休): the State
// Council publishes each year which days are off and which weekend days become
// working days (调休上班). A deadline "within 7 working days" or "within two
// months" therefore depends on that year's notice, not on weekdays alone. The
// package carries the published notices as Go data (schedule.go), accepts
// later years entered by an administrator (New), and refuses to answer for a
// year it does not know rather than guess (ErrBeyondSchedule).
//
// Periods are counted as Chinese law counts them: the first day is not
// counted, and a period whose last day falls on a rest day or public holiday
// ends on the first working day after it.
package workday
