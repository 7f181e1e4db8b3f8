package scoreboard

import (
	"slices"

	"liaison/app/followup"
	"liaison/app/workday"
)

// facts is everything the figures of a month are computed from.
type facts struct {
	kinds      map[int64]string // item id → kind (basis.go)
	items      []itemFact
	returned   []unitItem
	escalated  []unitItem
	attendance []attendance
}

// compute derives every row of month m as of today (the cut-off for
// overdue is the month's last day, or yesterday while the month runs).
// Items count by their own dates, never by the day someone entered them:
// received_on (a document's day of receipt, a decision's meeting day),
// due_on, and answered_on (the date the written answer states).
// Definitions, per agency (shown on the page, scoreboard.def.*):
//   - received: items received in the month;
//   - due: items due in the month;
//   - answered_on_time / answered_late: items due in the month whose
//     standing written answer (answered or rectified) is dated on or
//     before / after the due date;
//   - unanswered: items due in the month (by the cut-off) with no
//     standing answer now;
//   - overdue: items received and due by the cut-off without an answer
//     dated by then;
//   - rectified: items verified (销号) in the month;
//   - returned: items whose answer was returned in the month;
//   - escalated: items escalated (any step) in the month;
//   - attendance: meetings in the month where the unit was chair or
//     required, and those where it checked in.
func compute(m Month, today workday.Date, units []int64, f facts, basis []string) map[int64]*Row {
	rows := make(map[int64]*Row, len(units))
	for _, u := range units {
		rows[u] = &Row{UnitID: u, Records: map[Figure][]int64{}, Beside: map[string]int{}}
	}
	counts := func(id int64) bool { return inBasis(basis, f.kinds[id]) }
	// Each figure is fed from one list sorted by id (items, returned,
	// escalated, attendance are all ordered by their id), so a repeat can
	// only be the last id added: checking it keeps add O(1).
	add := func(unit int64, fig Figure, id int64) {
		if r, ok := rows[unit]; ok {
			if ids := r.Records[fig]; len(ids) == 0 || ids[len(ids)-1] != id {
				r.Records[fig] = append(ids, id)
			}
		}
	}
	start, end, first, last := m.Start(), m.End(), m.First(), m.Last()
	cut := last
	if !today.After(last) {
		cut = today.AddDays(-1)
	}
	within := func(d, from, to workday.Date) bool { return !d.IsZero() && !d.Before(from) && !d.After(to) }
	for _, it := range f.items {
		u := it.ResponsibleUnitID
		answered := !it.AnsweredOn.IsZero() && (it.Status == followup.Answered || it.Status == followup.Rectified)
		dueIn := within(it.DueOn, first, last)
		if !counts(it.ID) {
			if r, ok := rows[u]; ok && within(it.ReceivedOn, first, last) {
				r.Beside[f.kinds[it.ID]]++
			}
			continue
		}
		if within(it.ReceivedOn, first, last) {
			add(u, FigReceived, it.ID)
		}
		if dueIn {
			add(u, FigDue, it.ID)
			switch {
			case !answered:
				if !it.DueOn.After(cut) { // an item not yet due is not unanswered
					add(u, FigUnanswered, it.ID)
				}
			case it.AnsweredOn.After(it.DueOn):
				add(u, FigAnsweredLate, it.ID)
			default:
				add(u, FigAnsweredOnTime, it.ID)
			}
		}
		if !it.DueOn.After(cut) && !it.ReceivedOn.IsZero() && !it.ReceivedOn.After(cut) && (!answered || it.AnsweredOn.After(cut)) {
			add(u, FigOverdue, it.ID)
		}
		if it.Status == followup.Rectified && it.VerifiedAt != nil && !it.VerifiedAt.Before(start) && it.VerifiedAt.Before(end) {
			add(u, FigRectified, it.ID)
		}
	}
	for _, x := range f.returned {
		if counts(x.ActionItemID) {
			add(x.ResponsibleUnitID, FigReturned, x.ActionItemID)
		}
	}
	for _, x := range f.escalated {
		if counts(x.ActionItemID) {
			add(x.ResponsibleUnitID, FigEscalated, x.ActionItemID)
		}
	}
	for _, a := range f.attendance {
		add(a.UnitID, FigAttendanceReq, a.MeetingID)
		if a.CheckedInAt != nil {
			add(a.UnitID, FigAttendancePresent, a.MeetingID)
		}
	}
	for _, r := range rows {
		for k, ids := range r.Records {
			slices.Sort(ids)
			r.Records[k] = ids
		}
		r.setCounts()
		r.None = r.none()
	}
	return rows
}

// rank orders rows by score (highest first), then by fewer overdue items,
// then by unit id, and numbers them; equal scores share a rank. Rows of
// 本月无 units come last, unranked (rank 0).
func rank(rows []Row) {
	slices.SortStableFunc(rows, func(a, b Row) int {
		switch {
		case a.None != b.None:
			if a.None {
				return 1
			}
			return -1
		case a.None:
			return int(a.UnitID - b.UnitID)
		case a.Score != b.Score:
			if a.Score > b.Score {
				return -1
			}
			return 1
		case a.Overdue != b.Overdue:
			return a.Overdue - b.Overdue
		}
		return int(a.UnitID - b.UnitID)
	})
	for i := range rows {
		if rows[i].None {
			rows[i].Rank = 0
			continue
		}
		rows[i].Rank = i + 1
		if i > 0 && rows[i].Score == rows[i-1].Score {
			rows[i].Rank = rows[i-1].Rank
		}
	}
}
