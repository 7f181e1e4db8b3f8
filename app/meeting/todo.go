package meeting

import (
	"context"
	"time"

	"liaison/app/account"
	"liaison/app/workday"
)

// What the 工作台 asks of meetings. Each list is a count and its first
// rows, computed from the records on every call (no todo table to drift),
// in one statement per list whatever the number of open items.

// TodoNeed says what a meeting its organiser runs still needs.
type TodoNeed string

// The needs of a meeting I organise.
const (
	NeedUndelivered TodoNeed = "undelivered" // invitations not delivered (outbox not_sent or failed)
	NeedMinutes     TodoNeed = "minutes"     // no minutes three working days after the meeting
	NeedCheckIn     TodoNeed = "checkin"     // accepted attendees not checked in after the meeting
)

// TodoRow is one meeting on a 工作台 list. Title is empty unless the
// meeting is ordinary: its register entry (kind, times) names it.
type TodoRow struct {
	MeetingID   int64               `json:"meeting_id"`
	Kind        Kind                `json:"kind"`
	Title       string              `json:"title"`
	Sensitivity account.Sensitivity `json:"sensitivity"`
	Start       time.Time           `json:"start"`
	End         time.Time           `json:"end"`
	Answer      Answer              `json:"answer,omitempty"` // my answer (invitations, upcoming)
	Need        TodoNeed            `json:"need,omitempty"`   // meetings I organise
	Count       int                 `json:"count,omitempty"`  // undelivered messages, attendees not checked in
	Since       time.Time           `json:"since"`            // draft minutes: last saved
	ReplyBy     *time.Time          `json:"reply_by"`         // my unit's 回执: the deadline
}

// TodoList is how many rows a list has, and its first ones.
type TodoList struct {
	Count int       `json:"count"`
	Rows  []TodoRow `json:"rows"`
}

// Todo is the meetings' part of one person's 工作台.
type Todo struct {
	Invitations TodoList  // invitations I have not answered
	SignOffs    TodoList  // draft minutes waiting for my unit's 会签
	Organise    TodoList  // meetings my unit organises that need something
	Approvals   TodoList  // drafts waiting for my approval (待审批)
	UnitReplies TodoList  // meetings whose 回执 my unit still owes (本单位回执)
	Upcoming    []TodoRow // my meetings of the next 14 days, with my answer
}

// Windows of the 工作台: minutes are due three working days after the
// meeting, and a meeting is looked at for missing minutes for 90 days and
// for its roster for 7 (older ones are history, not work).
const (
	minutesDueWorkdays = 3
	minutesLookback    = 90 * 24 * time.Hour
	checkInLookback    = 7 * 24 * time.Hour
	upcomingWindow     = 14 * 24 * time.Hour
	// A unit's liaison is told of its 回执 a week before the deadline:
	// time to ask round the unit (the reminders come a day before).
	unitReplyWindow = 7 * 24 * time.Hour
)

// Todo gathers the meeting lists of a, limit rows each. cal counts the
// working days after which minutes are missing.
func (s *Service) Todo(ctx context.Context, a account.Actor, cal *workday.Calendar, limit int) (t Todo, err error) {
	if a.IsAnonymous() {
		return t, nil
	}
	now := s.Now()
	if t.Invitations, err = s.store.todoInvitations(ctx, a.UserID, now, limit); err != nil {
		return t, err
	}
	if t.Upcoming, err = s.store.todoUpcoming(ctx, a.UserID, now, now.Add(upcomingWindow), limit); err != nil {
		return t, err
	}
	defer t.local() // on every return: Shanghai times, register entries only
	if t.Approvals, err = s.todoApprovals(ctx, a, limit); err != nil {
		return t, err
	}
	// A unit's secretaries and liaisons answer for its people (RSVPFor).
	if a.Role == account.RoleSecretary || a.Role == account.RoleMember {
		if t.UnitReplies, err = s.store.todoUnitReplies(ctx, a.UnitID, now, now.Add(unitReplyWindow), limit); err != nil {
			return t, err
		}
	}
	// Only a secretary of a convening or co-organising unit signs minutes
	// and runs a meeting (SignOff, the editor's right of Can(ActEdit)).
	if a.Role != account.RoleSecretary {
		return t, nil
	}
	if t.SignOffs, err = s.store.todoSignOffs(ctx, a.UnitID, limit); err != nil {
		return t, err
	}
	cutoff := minutesCutoff(cal, workday.FromTime(now))
	lists := make([]TodoList, 3)
	if lists[0], err = s.store.todoUndelivered(ctx, a.UnitID, now, limit); err != nil {
		return t, err
	}
	if lists[1], err = s.store.todoNoMinutes(ctx, a.UnitID, now.Add(-minutesLookback), cutoff, limit); err != nil {
		return t, err
	}
	if lists[2], err = s.store.todoCheckIn(ctx, a.UnitID, now.Add(-checkInLookback), now, limit); err != nil {
		return t, err
	}
	t.Organise = mergeTodo(lists, limit)
	return t, nil
}

// local shows every row's times in Shanghai and blanks the title of a
// meeting that is not ordinary.
func (t *Todo) local() {
	for _, l := range [][]TodoRow{t.Invitations.Rows, t.SignOffs.Rows, t.Organise.Rows, t.Approvals.Rows, t.UnitReplies.Rows, t.Upcoming} {
		for i := range l {
			l[i].local()
		}
	}
}

// minutesCutoff is the first instant (UTC) whose meetings are not yet
// owed minutes today: a meeting held on day D is owed them once the third
// working day after D has come. Beyond the calendar it falls back to
// calendar days, the safe side (an entry shows later, never wrongly).
func minutesCutoff(cal *workday.Calendar, today workday.Date) time.Time {
	d := today
	for range 30 {
		due, err := cal.AddWorkdays(d, minutesDueWorkdays)
		if err != nil {
			d = today.AddDays(-minutesDueWorkdays)
			break
		}
		if !due.After(today) {
			break
		}
		d = d.AddDays(-1)
	}
	// Meetings ending before the day after d are owed minutes.
	next := d.AddDays(1)
	return time.Date(next.Year, next.Month, next.Day, 0, 0, 0, 0, workday.Shanghai()).UTC()
}

// mergeTodo joins the organiser's three lists, earliest meeting first.
func mergeTodo(lists []TodoList, limit int) TodoList {
	out := TodoList{Rows: []TodoRow{}}
	for _, l := range lists {
		out.Count += l.Count
		out.Rows = append(out.Rows, l.Rows...)
	}
	sortRows(out.Rows)
	if len(out.Rows) > limit {
		out.Rows = out.Rows[:limit]
	}
	return out
}

func (r *TodoRow) local() {
	sh := workday.Shanghai()
	r.Start, r.End, r.Since = r.Start.In(sh), r.End.In(sh), r.Since.In(sh)
	if r.ReplyBy != nil {
		t := r.ReplyBy.In(sh)
		r.ReplyBy = &t
	}
	if r.Sensitivity != account.Ordinary {
		r.Title = "" // the register entry only, as for every record on the 工作台
	}
}

// todoApprovals lists the drafts awaiting a's approval under the
// district's rules: as their chair, or as a leader of their convening
// unit. With no kind needing approval it asks nothing more of the database.
func (s *Service) todoApprovals(ctx context.Context, a account.Actor, limit int) (TodoList, error) {
	rules, err := s.ApprovalRules(ctx)
	if err != nil {
		return TodoList{}, err
	}
	var asChair, asLeader []Kind
	for k, r := range rules {
		switch {
		case r == RuleChair:
			asChair = append(asChair, k)
		case r == RuleLeader && a.Role == account.RoleLeader:
			asLeader = append(asLeader, k)
		}
	}
	if len(asChair)+len(asLeader) == 0 {
		return TodoList{Rows: []TodoRow{}}, nil
	}
	return s.store.todoApprovals(ctx, a.UserID, a.UnitID, asChair, asLeader, limit)
}
