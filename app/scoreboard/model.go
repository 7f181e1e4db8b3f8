// Package scoreboard is the monthly assessment (一月一晒绩): per agency, the
// figures of its action items and meeting attendance for a month, computed
// from the records, a score by a formula admins set, publication that
// freezes a month (with correcting revisions), the year-end average and
// the leaders' dashboard. It is a read model: it reads the follow-up,
// case-register and meeting tables and writes only its own.
package scoreboard

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"liaison/app/apperr"
	"liaison/app/workday"
)

// Month is a calendar month in Asia/Shanghai.
type Month struct {
	Year  int
	Month time.Month
}

// ParseMonth reads "YYYY-MM"; anything else is a 422 on field "month".
func ParseMonth(s string) (Month, error) {
	y, m, ok := strings.Cut(strings.TrimSpace(s), "-")
	yi, err1 := strconv.Atoi(y)
	mi, err2 := strconv.Atoi(m)
	if !ok || len(y) != 4 || len(m) != 2 || err1 != nil || err2 != nil || yi < 2000 || mi < 1 || mi > 12 {
		return Month{}, apperr.Fields{"month": "scoreboard.month_invalid"}.Err()
	}
	return Month{Year: yi, Month: time.Month(mi)}, nil
}

// MonthOf is the month date d falls in.
func MonthOf(d workday.Date) Month { return Month{Year: d.Year, Month: d.Month} }

// String formats "YYYY-MM".
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// First is the month's first day.
func (m Month) First() workday.Date { return workday.Date{Year: m.Year, Month: m.Month, Day: 1} }

// Last is the month's last day.
func (m Month) Last() workday.Date { return m.Next().First().AddDays(-1) }

// Next is the following month.
func (m Month) Next() Month {
	if m.Month == time.December {
		return Month{Year: m.Year + 1, Month: time.January}
	}
	return Month{Year: m.Year, Month: m.Month + 1}
}

// Prev is the month before.
func (m Month) Prev() Month {
	if m.Month == time.January {
		return Month{Year: m.Year - 1, Month: time.December}
	}
	return Month{Year: m.Year, Month: m.Month - 1}
}

// Start and End are the instants the month begins and ends in Shanghai.
func (m Month) Start() time.Time {
	return time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, workday.Shanghai()).UTC()
}

// End is the first instant of the next month.
func (m Month) End() time.Time { return m.Next().Start() }

// After reports m later than o.
func (m Month) After(o Month) bool {
	return m.Year > o.Year || (m.Year == o.Year && m.Month > o.Month)
}

// Figure names one number of a row; each links to the records behind it.
type Figure string

// The figures (definitions in the scoreboard locale files, "scoreboard.def.<figure>").
const (
	FigReceived          Figure = "received"
	FigDue               Figure = "due"
	FigAnsweredOnTime    Figure = "answered_on_time"
	FigAnsweredLate      Figure = "answered_late"
	FigRectified         Figure = "rectified"
	FigReturned          Figure = "returned"
	FigOverdue           Figure = "overdue"
	FigUnanswered        Figure = "unanswered"
	FigEscalated         Figure = "escalated"
	FigAttendanceReq     Figure = "attendance_required"
	FigAttendancePresent Figure = "attendance_present"
)

// Figures lists them in display order.
var Figures = []Figure{FigReceived, FigDue, FigAnsweredOnTime, FigAnsweredLate, FigRectified, FigReturned,
	FigOverdue, FigUnanswered, FigEscalated, FigAttendanceReq, FigAttendancePresent}

// Valid reports a known figure.
func (f Figure) Valid() bool {
	for _, x := range Figures {
		if x == f {
			return true
		}
	}
	return false
}

// IsMeeting reports a figure whose records are meetings, not action items.
func (f Figure) IsMeeting() bool { return f == FigAttendanceReq || f == FigAttendancePresent }

// Row is one agency's month: the API contract fixes unit_id, received,
// answered_on_time, rectified, overdue, unanswered and score.
type Row struct {
	Rank               int     `json:"rank"`
	UnitID             int64   `json:"unit_id"`
	UnitName           string  `json:"unit_name"`
	Received           int     `json:"received"`
	Due                int     `json:"due"`
	AnsweredOnTime     int     `json:"answered_on_time"`
	AnsweredLate       int     `json:"answered_late"`
	Rectified          int     `json:"rectified"`
	Returned           int     `json:"returned"`
	Overdue            int     `json:"overdue"`
	Unanswered         int     `json:"unanswered"`
	Escalated          int     `json:"escalated"`
	AttendanceRequired int     `json:"attendance_required"`
	AttendancePresent  int     `json:"attendance_present"`
	Score              float64 `json:"score"`
	// None: no item of the ranking's basis this month (本月无): not ranked
	// (rank 0), and the month leaves its year-end average. Beside counts
	// the items of kinds outside the basis received in the month, by kind.
	None   bool           `json:"none"`
	Beside map[string]int `json:"beside"`
	// Records are the ids behind each figure (action items, or meetings for
	// attendance); kept in snapshots, served by the records call.
	Records map[Figure][]int64 `json:"-"`
}

// Value returns the number of figure f.
func (r Row) Value(f Figure) int {
	switch f {
	case FigReceived:
		return r.Received
	case FigDue:
		return r.Due
	case FigAnsweredOnTime:
		return r.AnsweredOnTime
	case FigAnsweredLate:
		return r.AnsweredLate
	case FigRectified:
		return r.Rectified
	case FigReturned:
		return r.Returned
	case FigOverdue:
		return r.Overdue
	case FigUnanswered:
		return r.Unanswered
	case FigEscalated:
		return r.Escalated
	case FigAttendanceReq:
		return r.AttendanceRequired
	case FigAttendancePresent:
		return r.AttendancePresent
	}
	return 0
}

// setCounts fills the numbers from Records.
func (r *Row) setCounts() {
	n := func(f Figure) int { return len(r.Records[f]) }
	r.Received, r.Due, r.AnsweredOnTime, r.AnsweredLate = n(FigReceived), n(FigDue), n(FigAnsweredOnTime), n(FigAnsweredLate)
	r.Rectified, r.Returned, r.Overdue, r.Unanswered = n(FigRectified), n(FigReturned), n(FigOverdue), n(FigUnanswered)
	r.Escalated, r.AttendanceRequired, r.AttendancePresent = n(FigEscalated), n(FigAttendanceReq), n(FigAttendancePresent)
}

// Revision is one publication of a month: 1 is the first, later ones are
// corrections with a reason.
type Revision struct {
	Revision    int       `json:"revision"`
	Reason      string    `json:"reason"`
	PublishedBy *int64    `json:"published_by"`
	PublishedAt time.Time `json:"published_at"`
}

// Board is a month's scoreboard: live (not yet published) or a snapshot.
type Board struct {
	Month     string     `json:"month"`
	Published bool       `json:"published"`
	Revision  int        `json:"revision"` // 0 while live
	Latest    int        `json:"latest_revision"`
	Formula   Formula    `json:"formula"`
	Rows      []Row      `json:"rows"`
	Revisions []Revision `json:"revisions"`
	AsOf      time.Time  `json:"as_of"` // computed (live) or published at
}
