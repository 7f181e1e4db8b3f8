package todo

import (
	"fmt"
	"time"

	"liaison/app/account"
	"liaison/app/casefile"
	"liaison/app/followup"
	"liaison/app/meeting"
	"liaison/app/workday"
)

// composer turns the domains' rows into entries with links and deadlines.
type composer struct {
	today workday.Date
	cal   *workday.Calendar
	names map[int64]account.Unit
}

func meetingURL(id int64, suffix string) string { return fmt.Sprintf("/meetings/%d%s", id, suffix) }

func (c composer) meetings(k Kind, l meeting.TodoList, url string) Group {
	g := Group{Kind: k, Count: l.Count, Items: []Entry{}}
	for _, r := range l.Rows {
		st := r.Start
		g.Items = append(g.Items, Entry{Title: r.Title, Type: string(r.Kind), MeetingKind: r.Kind, URL: fmt.Sprintf(url, r.MeetingID), Sensitivity: r.Sensitivity, Start: &st})
	}
	return g
}

// organise links each need to where it is met: the meeting page (its
// outbox notice and resend), the minutes, the roster.
func (c composer) organise(l meeting.TodoList) Group {
	g := Group{Kind: Organise, Count: l.Count, Items: []Entry{}}
	for _, r := range l.Rows {
		st := r.Start
		e := Entry{Title: r.Title, Type: string(r.Need), MeetingKind: r.Kind, Sensitivity: r.Sensitivity, Start: &st, Count: r.Count}
		switch r.Need {
		case meeting.NeedMinutes:
			e.URL = meetingURL(r.MeetingID, "#minutes")
		case meeting.NeedCheckIn:
			e.URL = meetingURL(r.MeetingID, "/roster")
		default:
			e.URL = meetingURL(r.MeetingID, "")
		}
		g.Items = append(g.Items, e)
	}
	return g
}

// unitReplies links each meeting to its 本单位回执 section, with how many
// of the unit's people have not answered and by when (overdue once
// passed).
func (c composer) unitReplies(l meeting.TodoList, now time.Time) Group {
	g := Group{Kind: UnitReplies, Count: l.Count, Items: []Entry{}}
	for _, r := range l.Rows {
		st := r.Start
		e := Entry{Title: r.Title, Type: string(r.Kind), MeetingKind: r.Kind, URL: meetingURL(r.MeetingID, "#unit-rsvp"),
			Sensitivity: r.Sensitivity, Start: &st, Count: r.Count, ReplyBy: r.ReplyBy}
		if r.ReplyBy != nil && now.After(*r.ReplyBy) {
			e.Overdue = true // per entry: the group's count is of the first rows only
		}
		g.Items = append(g.Items, e)
	}
	return g
}

func (c composer) receipts(t casefile.Todo) Group {
	g := Group{Kind: Receipts, Count: t.ReceiptsCount, Items: []Entry{}}
	for _, d := range t.Receipts {
		on := d.IssuedOn
		g.Items = append(g.Items, Entry{Title: d.Title, Number: d.Number, Type: string(d.Type), URL: fmt.Sprintf("/documents/%d", d.ID),
			Sensitivity: d.Sensitivity, UnitName: c.names[d.IssuingUnitID].Name, Date: &on})
	}
	return g
}

func (c composer) notes(t casefile.Todo) Group {
	g := Group{Kind: CaseNotes, Count: t.NotesCount, Items: []Entry{}}
	for _, n := range t.Notes {
		on := workday.FromTime(n.CreatedAt)
		g.Items = append(g.Items, Entry{Number: n.CaseNumber, Type: string(n.Stage), URL: fmt.Sprintf("/cases/%d", n.CaseID),
			Sensitivity: n.Sensitivity, UnitName: c.names[n.FromUnitID].Name, Date: &on})
	}
	return g
}

// items: the other side is the issuer for what my unit owes, the
// responsible unit for what it verifies or handles.
func (c composer) items(k Kind, l followup.TodoList, overdue int) Group {
	g := Group{Kind: k, Count: l.Count, Overdue: overdue, Items: []Entry{}}
	for _, it := range l.Rows {
		other := it.ResponsibleUnitID
		if k == Actions {
			other = it.IssuingUnitID
		}
		e := Entry{Title: it.Title, Type: string(it.Status), URL: fmt.Sprintf("/actions/%d", it.ID), Sensitivity: it.Sensitivity,
			UnitName: c.names[other].Name, Step: it.Step}
		due := it.DueOn
		e.DueOn = &due
		if k == Actions {
			c.deadline(&e, due)
		}
		g.Items = append(g.Items, e)
	}
	return g
}

// deadline fills "已逾期N天" (calendar days) or "还有N个工作日".
func (c composer) deadline(e *Entry, due workday.Date) {
	if due.Before(c.today) {
		e.Overdue = true
		e.DaysOverdue = daysBetween(due, c.today)
		return
	}
	n, err := c.cal.WorkdaysBetween(c.today, due)
	if err != nil {
		n = daysBetween(c.today, due) // beyond the known years: calendar days, the safe side
	}
	e.WorkdaysLeft = &n
	e.Soon = n <= soonWorkdays
}

// daysBetween counts calendar days from a to b.
func daysBetween(a, b workday.Date) int {
	at := time.Date(a.Year, a.Month, a.Day, 12, 0, 0, 0, time.UTC)
	bt := time.Date(b.Year, b.Month, b.Day, 12, 0, 0, 0, time.UTC)
	return int(bt.Sub(at).Hours() / 24)
}
