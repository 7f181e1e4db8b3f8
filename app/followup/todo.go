package followup

import (
	"context"
	"time"

	"liaison/app/account"
	"liaison/app/workday"
)

// What the 工作台 asks of action items: what my unit owes, what it must
// verify (销号) or return, and the escalation steps it must handle; and,
// for leaders and the rule-of-law office, the figures. Each list is a
// count and its first rows, from the records, one statement a list.

// TodoItem is an action item on a 工作台 list. Title is empty unless the
// item is ordinary: sensitive and classified items show their register
// entry (units, dates, status) only.
type TodoItem struct {
	ID                int64               `json:"id"`
	Title             string              `json:"title"`
	Sensitivity       account.Sensitivity `json:"sensitivity"`
	ResponsibleUnitID int64               `json:"responsible_unit_id"`
	IssuingUnitID     int64               `json:"issuing_unit_id"`
	DueOn             workday.Date        `json:"due_on"`
	Status            Status              `json:"status"`
	Step              int                 `json:"step,omitempty"` // escalation step to handle
	Since             *time.Time          `json:"since,omitempty"`
}

// TodoList is how many items a list has, and its first ones.
type TodoList struct {
	Count int        `json:"count"`
	Rows  []TodoItem `json:"rows"`
}

// Todo is the follow-up part of one person's 工作台.
type Todo struct {
	Owed        TodoList // open, in progress or returned, due first (overdue ones lead)
	Overdue     int      // of Owed, past their due date
	Verify      TodoList // answered, awaiting my unit's verification
	Escalations TodoList // escalation steps my unit must handle
}

// Todo gathers the lists of a, limit rows each. The rules are those of
// the actions themselves: isResponsible (a non-leader of the responsible
// unit, or the named owner) answers; mayIssue (a secretary of the issuing
// unit, an administrator short of classified items, never the responsible
// unit) verifies; MayHandle (a non-leader of a unit the step brought in)
// handles. Classified items stay within the list's visibility rule.
func (s *Service) Todo(ctx context.Context, a account.Actor, limit int) (Todo, error) {
	var t Todo
	if a.IsAnonymous() {
		return t, nil
	}
	today := s.today()
	unit := a.UnitID
	if a.Role == account.RoleLeader {
		unit = 0 // leaders answer only items named to them
	}
	var err error
	if t.Owed, t.Overdue, err = s.store.todoOwed(ctx, unit, a.UnitID, a.UserID, today, limit); err != nil {
		return t, err
	}
	if a.Role == account.RoleSecretary || a.Role == account.RoleAdmin {
		if t.Verify, err = s.store.todoVerify(ctx, a.UnitID, a.Role == account.RoleSecretary, limit); err != nil {
			return t, err
		}
	}
	if a.Role != account.RoleLeader {
		if t.Escalations, err = s.store.todoEscalations(ctx, a.UnitID, a.UserID, limit); err != nil {
			return t, err
		}
	}
	for _, l := range []TodoList{t.Owed, t.Verify, t.Escalations} {
		for i := range l.Rows {
			r := &l.Rows[i]
			if r.Sensitivity != account.Ordinary {
				r.Title = ""
			}
			if r.Status != Rectified && r.Status != Answered && r.DueOn.Before(today) {
				r.Status = Overdue
			}
			if r.Since != nil {
				sh := r.Since.In(workday.Shanghai())
				r.Since = &sh
			}
		}
	}
	return t, nil
}

// UnitFigures are one unit's open items: not answered yet, of them due
// this week and overdue, and those in escalation not yet rectified.
type UnitFigures struct {
	UnitID    int64 `json:"unit_id"`
	Open      int   `json:"open"`
	DueWeek   int   `json:"due_this_week"`
	Overdue   int   `json:"overdue"`
	Escalated int   `json:"escalated"`
}

// Figures are the key numbers of the district for leaders and the
// rule-of-law office: counts, no content, as the dashboard shows them.
type Figures struct {
	Total UnitFigures   `json:"total"`
	Units []UnitFigures `json:"units"`
}

// Figures counts every unit's items on today, the week ending on Sunday.
// Callers decide who sees them (numbers only, like the scoreboard).
func (s *Service) Figures(ctx context.Context) (Figures, error) {
	today := s.today()
	weekEnd := today.AddDays((7 - int(today.Weekday())) % 7)
	units, err := s.store.todoFigures(ctx, today, weekEnd)
	f := Figures{Units: []UnitFigures{}}
	for _, u := range units {
		if u.Open == 0 && u.Escalated == 0 {
			continue // a unit whose answers await verification owes nothing
		}
		f.Units = append(f.Units, u)
		f.Total.Open += u.Open
		f.Total.DueWeek += u.DueWeek
		f.Total.Overdue += u.Overdue
		f.Total.Escalated += u.Escalated
	}
	return f, err
}
