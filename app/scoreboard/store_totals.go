package scoreboard

import (
	"context"
	"time"

	"liaison/app/apperr"
	"liaison/app/db"
	"liaison/app/followup"
	"liaison/app/meeting"
	"liaison/app/workday"
)

// unitTotals is one agency's figures of a month, counted by the database.
type unitTotals struct {
	UnitID             int64
	Received           int
	Due                int
	AnsweredOnTime     int
	AnsweredLate       int
	Unanswered         int
	Overdue            int
	Rectified          int
	Returned           int
	Escalated          int
	AttendanceRequired int
	AttendancePresent  int
	Beside             map[string]int `gorm:"-"`
}

// monthBounds are the instants and days compute uses for month m as of
// today; Totals passes the same values to SQL so both agree.
type monthBounds struct {
	start, end       time.Time
	first, last, cut workday.Date
}

func boundsOf(m Month, today workday.Date) monthBounds {
	b := monthBounds{start: m.Start(), end: m.End(), first: m.First(), last: m.Last()}
	b.cut = b.last
	if !today.After(b.last) {
		b.cut = today.AddDays(-1)
	}
	return b
}

// noIndex prefixes a column so that SQLite does not pick an index for the
// term (its unary +); PostgreSQL's planner needs no such hint.
func noIndex(d db.Dialect) string {
	if d == db.SQLite {
		return "+"
	}
	return ""
}

// Totals counts month m's figures per unit in SQL: the same definitions as
// compute (which keeps the record ids for snapshots and drill-down), but
// the month page reads 50 rows instead of every item that counts, so its
// cost and memory do not grow with the number of items.
func (s *store) Totals(ctx context.Context, units []int64, m Month, today workday.Date, basis []string) (map[int64]*unitTotals, error) {
	out := make(map[int64]*unitTotals, len(units))
	for _, u := range units {
		out[u] = &unitTotals{UnitID: u}
	}
	if len(units) == 0 {
		return out, nil
	}
	b := boundsOf(m, today)
	// Items count by their own dates (TEXT YYYY-MM-DD in both dialects,
	// compared as text): received_on, due_on and answered_on.
	answered := "(answered_on IS NOT NULL AND status IN ('" + string(followup.Answered) + "','" + string(followup.Rectified) + "'))"
	dueIn := "(due_on >= @first AND due_on <= @last)"
	counts := "(" + kindSQL("action_items") + " IN @basis)"
	sum := func(cond string) string { return "SUM(CASE WHEN " + counts + " AND " + cond + " THEN 1 ELSE 0 END)" }
	args := map[string]any{
		"units": units, "start": b.start, "end": b.end, "basis": sqlBasis(basis),
		"first": b.first.String(), "last": b.last.String(), "cut": b.cut.String(),
		"open": openStatuses, "rectified": string(followup.Rectified),
	}
	// The WHERE is ItemFacts' with its last branch split into three, each
	// an index range (due_on, received_on, verified_at, (status, due_on),
	// (answered_on, due_on)): the database ORs index seeks instead of
	// reading every item of the units. "+ 0" (and noIndex on received_on
	// <= last) keep SQLite from walking the whole history through
	// action_items_responsible_idx (for the GROUP BY order) or
	// scoreboard_items_received_idx instead: 1 s against 50 ms on 200,000
	// items.
	var items []unitTotals
	err := s.db.Conn(ctx).Raw(`SELECT responsible_unit_id + 0 AS unit_id, `+
		sum("received_on >= @first AND received_on <= @last")+` AS received, `+
		sum(dueIn)+` AS due, `+
		sum(dueIn+" AND NOT "+answered+" AND due_on <= @cut")+` AS unanswered, `+
		sum(dueIn+" AND "+answered+" AND answered_on > due_on")+` AS answered_late, `+
		sum(dueIn+" AND "+answered+" AND answered_on <= due_on")+` AS answered_on_time, `+
		sum("due_on <= @cut AND received_on <= @cut AND (NOT "+answered+" OR answered_on > @cut)")+` AS overdue, `+
		sum("status = @rectified AND verified_at >= @start AND verified_at < @end")+` AS rectified
		FROM action_items
		WHERE responsible_unit_id + 0 IN @units AND `+noIndex(s.db.Dialect)+`received_on <= @last AND (`+dueIn+`
			OR received_on >= @first OR (verified_at >= @start AND verified_at < @end)
			OR (status IN @open AND due_on <= @last) OR (answered_on IS NULL AND due_on <= @last)
			OR (answered_on >= @first AND due_on <= @last))
		GROUP BY responsible_unit_id + 0`, args).Scan(&items).Error
	if err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	for _, t := range items {
		if r, ok := out[t.UnitID]; ok {
			*r = t
		}
	}
	var events []struct {
		UnitID              int64
		Returned, Escalated int
	}
	err = s.db.Conn(ctx).Raw(`SELECT unit_id, SUM(returned) AS returned, SUM(escalated) AS escalated FROM (
		SELECT i.responsible_unit_id AS unit_id, COUNT(DISTINCT v.action_item_id) AS returned, 0 AS escalated
		FROM action_verifications v JOIN action_items i ON i.id = v.action_item_id
		WHERE v.accepted = @no AND v.created_at >= @start AND v.created_at < @end AND i.responsible_unit_id + 0 IN @units
			AND `+kindSQL("i")+` IN @basis
		GROUP BY i.responsible_unit_id
		UNION ALL
		SELECT i.responsible_unit_id, 0, COUNT(DISTINCT e.action_item_id)
		FROM action_escalations e JOIN action_items i ON i.id = e.action_item_id
		WHERE e.created_at >= @start AND e.created_at < @end AND i.responsible_unit_id + 0 IN @units
			AND `+kindSQL("i")+` IN @basis
		GROUP BY i.responsible_unit_id) x GROUP BY unit_id`,
		map[string]any{"no": false, "start": b.start, "end": b.end, "units": units, "basis": sqlBasis(basis)}).Scan(&events).Error
	if err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	for _, e := range events {
		if r, ok := out[e.UnitID]; ok {
			r.Returned, r.Escalated = e.Returned, e.Escalated
		}
	}
	if err := s.besideTotals(ctx, out, units, b, basis); err != nil {
		return nil, err
	}
	// From the month's meetings to their attendees ("+ 0": not from the
	// units' attendee rows of every year).
	var att []struct {
		UnitID                                int64
		AttendanceRequired, AttendancePresent int
	}
	err = s.db.Conn(ctx).Raw(`SELECT a.unit_id, COUNT(DISTINCT a.meeting_id) AS attendance_required,
			COUNT(DISTINCT CASE WHEN a.checked_in_at IS NOT NULL THEN a.meeting_id END) AS attendance_present
		FROM meetings m JOIN meeting_attendees a ON a.meeting_id = m.id
		WHERE a.unit_id + 0 IN @units AND a.role IN @roles AND `+meeting.SQLHeld("m")+` AND m.start_at >= @start AND m.start_at < @end
		GROUP BY a.unit_id`,
		map[string]any{"units": units, "roles": expectedRoles, "start": b.start, "end": b.end}).
		Scan(&att).Error
	if err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	for _, a := range att {
		if r, ok := out[a.UnitID]; ok {
			r.AttendanceRequired, r.AttendancePresent = a.AttendanceRequired, a.AttendancePresent
		}
	}
	return out, nil
}

// row is the totals as a scoreboard row (without record ids).
func (t unitTotals) row() Row {
	return Row{UnitID: t.UnitID, Received: t.Received, Due: t.Due, AnsweredOnTime: t.AnsweredOnTime,
		AnsweredLate: t.AnsweredLate, Rectified: t.Rectified, Returned: t.Returned, Overdue: t.Overdue,
		Unanswered: t.Unanswered, Escalated: t.Escalated, AttendanceRequired: t.AttendanceRequired,
		AttendancePresent: t.AttendancePresent, Beside: t.Beside}
}
