// Package todo composes the 工作台: what one person, or their unit by
// role, must act on ("我的待办"), their next meetings, and the key figures
// for leaders and the rule-of-law office. Every list comes from its owning
// domain (meeting, casefile, followup), computed from the records on each
// call, so it never drifts; the whole costs a constant number of queries.
package todo

import (
	"context"
	"time"

	"liaison/app/account"
	"liaison/app/casefile"
	"liaison/app/followup"
	"liaison/app/meeting"
	"liaison/app/workday"
)

// Kind is one kind of 待办.
type Kind string

// The kinds, in the order the 工作台 shows them.
const (
	Invitations Kind = "invitations"  // invitations to answer
	SignOffs    Kind = "signoffs"     // minutes waiting for my unit's 会签
	Receipts    Kind = "receipts"     // documents to 签收
	Actions     Kind = "actions"      // action items my unit owes
	Verify      Kind = "verify"       // feedback to verify (销号) or return
	CaseNotes   Kind = "case_notes"   // case notifications not read
	Escalations Kind = "escalations"  // escalation steps to handle
	Organise    Kind = "organise"     // meetings I organise that need something
	Approvals   Kind = "approvals"    // draft meetings waiting for my approval
	UnitReplies Kind = "unit_replies" // meetings whose 回执 my unit still owes (本单位回执)
)

// Kinds lists every kind in order.
var Kinds = []Kind{Invitations, SignOffs, Receipts, Actions, Verify, CaseNotes, Escalations, Organise, Approvals, UnitReplies}

// Limits: rows per kind, and upcoming meetings.
const (
	RowsPerKind   = 5
	UpcomingLimit = 8
	// soonWorkdays: an item due within this many working days is highlighted.
	soonWorkdays = 2
)

// Entry is one thing to act on. It names the record by 文号, 案号, title
// or name, never its id; a sensitive or classified record shows only its
// register entry (Title is empty; Number, kind, units and dates remain).
type Entry struct {
	Title        string              `json:"title"`
	Number       string              `json:"number,omitempty"` // 文号 or 案号
	Type         string              `json:"type,omitempty"`   // meeting kind, document type, notification stage, need
	MeetingKind  meeting.Kind        `json:"meeting_kind,omitempty"`
	URL          string              `json:"url"` // where to act
	Sensitivity  account.Sensitivity `json:"sensitivity"`
	UnitName     string              `json:"unit_name,omitempty"` // the other side: issuer, sender, responsible unit
	Start        *time.Time          `json:"start,omitempty"`     // meetings
	ReplyBy      *time.Time          `json:"reply_by,omitempty"`  // unit_replies: the 回执 deadline (overdue once passed)
	Date         *workday.Date       `json:"date,omitempty"`      // documents: issued; notes: received
	DueOn        *workday.Date       `json:"due_on,omitempty"`    // action items
	WorkdaysLeft *int                `json:"workdays_left,omitempty"`
	DaysOverdue  int                 `json:"days_overdue,omitempty"`
	Overdue      bool                `json:"overdue"`
	Soon         bool                `json:"soon"` // due within two working days
	Count        int                 `json:"count,omitempty"`
	Step         int                 `json:"step,omitempty"`
}

// Group is one kind with its count and first entries.
type Group struct {
	Kind    Kind    `json:"kind"`
	Count   int     `json:"count"`
	Overdue int     `json:"overdue,omitempty"`
	Items   []Entry `json:"items"`
}

// Meeting is one of my next meetings, with my answer.
type Meeting struct {
	Title       string              `json:"title"`
	Kind        meeting.Kind        `json:"kind"`
	Sensitivity account.Sensitivity `json:"sensitivity"`
	Start       time.Time           `json:"start"`
	End         time.Time           `json:"end"`
	Answer      meeting.Answer      `json:"answer"`
	URL         string              `json:"url"`
}

// UnitFigures are one unit's figures, named.
type UnitFigures struct {
	followup.UnitFigures
	UnitName string `json:"unit_name"`
}

// Figures are the key numbers for leaders and the rule-of-law office.
type Figures struct {
	Total        followup.UnitFigures `json:"total"`
	Units        []UnitFigures        `json:"units"`
	DashboardURL string               `json:"dashboard_url"`
}

// Board is one person's 工作台.
type Board struct {
	Today    workday.Date `json:"today"`
	Total    int          `json:"total"`
	Groups   []Group      `json:"groups"`
	Meetings []Meeting    `json:"meetings"`
	Figures  *Figures     `json:"figures"`
}

// Group returns the group of kind k.
func (b Board) Group(k Kind) Group {
	for _, g := range b.Groups {
		if g.Kind == k {
			return g
		}
	}
	return Group{Kind: k, Items: []Entry{}}
}

// Service composes the domains' lists.
type Service struct {
	Accounts *account.Service
	Meetings *meeting.Service
	Cases    *casefile.Service
	Actions  *followup.Service
	Now      func() time.Time
}

// SeesFigures reports who sees the key figures: leaders and the people of
// the rule-of-law office (区委依法治区办), who run the leading group.
func SeesFigures(a account.Actor) bool {
	return a.Role == account.RoleLeader || a.UnitKind == account.KindRuleOfLawOffice
}

// Board gathers a's 工作台.
func (s *Service) Board(ctx context.Context, a account.Actor) (Board, error) {
	today := workday.FromTime(s.Now())
	b := Board{Today: today, Groups: []Group{}, Meetings: []Meeting{}}
	cal, err := s.Actions.Holidays.Calendar(ctx)
	if err != nil {
		return b, err
	}
	mt, err := s.Meetings.Todo(ctx, a, cal, RowsPerKind)
	if err != nil {
		return b, err
	}
	ct, err := s.Cases.Todo(ctx, a, RowsPerKind)
	if err != nil {
		return b, err
	}
	ft, err := s.Actions.Todo(ctx, a, RowsPerKind)
	if err != nil {
		return b, err
	}
	var fig *followup.Figures
	if SeesFigures(a) {
		f, err := s.Actions.Figures(ctx)
		if err != nil {
			return b, err
		}
		fig = &f
	}
	names, err := s.Accounts.UnitsByIDs(ctx, unitIDs(ct, ft, fig))
	if err != nil {
		return b, err
	}
	c := composer{today: today, cal: cal, names: names}
	b.Groups = []Group{
		c.meetings(Invitations, mt.Invitations, "/meetings/%d#rsvp"),
		c.meetings(SignOffs, mt.SignOffs, "/meetings/%d#minutes"),
		c.receipts(ct),
		c.items(Actions, ft.Owed, ft.Overdue),
		c.items(Verify, ft.Verify, 0),
		c.notes(ct),
		c.items(Escalations, ft.Escalations, 0),
		c.organise(mt.Organise),
		c.meetings(Approvals, mt.Approvals, "/meetings/%d#publish"),
		c.unitReplies(mt.UnitReplies, s.Now()),
	}
	for _, g := range b.Groups {
		b.Total += g.Count
	}
	for _, r := range mt.Upcoming {
		b.Meetings = append(b.Meetings, Meeting{Title: r.Title, Kind: r.Kind, Sensitivity: r.Sensitivity, Start: r.Start, End: r.End,
			Answer: r.Answer, URL: meetingURL(r.MeetingID, "")})
		if len(b.Meetings) == UpcomingLimit {
			break
		}
	}
	if fig != nil {
		b.Figures = &Figures{Total: fig.Total, Units: []UnitFigures{}, DashboardURL: "/dashboard"}
		for _, u := range fig.Units {
			b.Figures.Units = append(b.Figures.Units, UnitFigures{UnitFigures: u, UnitName: names[u.UnitID].Name})
		}
	}
	return b, nil
}

// unitIDs are the units the entries name, for one directory lookup.
func unitIDs(ct casefile.Todo, ft followup.Todo, fig *followup.Figures) []int64 {
	var ids []int64
	for _, d := range ct.Receipts {
		ids = append(ids, d.IssuingUnitID)
	}
	for _, n := range ct.Notes {
		ids = append(ids, n.FromUnitID)
	}
	for _, l := range []followup.TodoList{ft.Owed, ft.Verify, ft.Escalations} {
		for _, it := range l.Rows {
			ids = append(ids, it.IssuingUnitID, it.ResponsibleUnitID)
		}
	}
	if fig != nil {
		for _, u := range fig.Units {
			ids = append(ids, u.UnitID)
		}
	}
	return ids
}
