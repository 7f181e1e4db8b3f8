package web

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"liaison/app/i18n"
	"liaison/app/workday"
)

// Formatting helpers of the Page. Dates on pages read as the office writes them (app/i18n/dates.go); the
// ISO forms stay in URLs, datetime attributes, exports and the admin's
// technical tables.

// When is a moment with its weekday: 2026年12月15日（星期二）09:30.
func (p *Page) When(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return i18n.DateTime(p.Lang, t.In(shanghai))
}

// Day is a calendar day with its weekday; v is a time.Time or a
// workday.Date.
func (p *Page) Day(v any) string { return p.day(v, true) }

// Date is a calendar day without weekday, as a document's 成文日期.
func (p *Page) Date(v any) string { return p.day(v, false) }

func (p *Page) day(v any, weekday bool) string {
	var d workday.Date
	switch x := v.(type) {
	case time.Time:
		if x.IsZero() {
			return ""
		}
		d = workday.FromTime(x)
	case *time.Time:
		if x == nil || x.IsZero() {
			return ""
		}
		d = workday.FromTime(*x)
	case workday.Date:
		d = x
	case *workday.Date:
		if x == nil {
			return ""
		}
		d = *x
	default:
		return fmt.Sprint(v)
	}
	if d.IsZero() {
		return ""
	}
	return i18n.Day(p.Lang, d.Year, d.Month, d.Day, weekday)
}

// DueHint says how far a deadline is, for an item still owed: 今天到期,
// 明天到期, 还有3个工作日, 已逾期2天; "" for a settled status or no date.
func (p *Page) DueHint(due workday.Date, status any) string {
	switch fmt.Sprint(status) {
	case "answered", "rectified", "closed", "cancelled":
		return ""
	}
	if due.IsZero() {
		return ""
	}
	today := workday.FromTime(p.s.DB.Now())
	switch {
	case due.Equal(today):
		return p.T("due.today")
	case due.Equal(today.AddDays(1)):
		return p.T("due.tomorrow")
	case due.Before(today):
		n := 0
		for d := due; d.Before(today); d = d.AddDays(1) {
			n++
		}
		return p.T("due.overdue", "N", n)
	}
	// the calendar is cached by the follow-up service; no request data needed
	cal, err := p.s.Actions.Holidays.Calendar(context.Background())
	if err != nil {
		return ""
	}
	n, err := cal.WorkdaysBetween(today, due)
	if err != nil {
		return ""
	}
	return p.T("due.workdays", "N", n)
}

// FilteredLink is path with the current page's filters (its query without
// the page position): an export button exports what the list shows.
func (p *Page) FilteredLink(path string) string {
	q, err := url.ParseQuery(p.Query)
	if err != nil {
		return path
	}
	q.Del("cursor")
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}
