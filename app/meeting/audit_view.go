package meeting

import (
	"time"

	"liaison/app/account"
	"liaison/app/workday"
)

// The audit log keeps a meeting's parts as allow-listed views: a field added
// to a model later reaches the log only when it is added here. The log is
// stricter than a calendar: of a sensitive or classified meeting it keeps
// only the register entry (kind, time, units, people and rooms by id, who
// holds the paper file, states and versions), never its text (title,
// place, description, inspection text, agenda, minutes, decisions, reasons,
// comments, outside guests' names), as the sensitivity rule (package
// account's doc) asks of logs.

// meetingAudit is what the audit log keeps of a meeting.
type meetingAudit struct {
	Status           Status              `json:"status"`
	Kind             Kind                `json:"kind"`
	Title            string              `json:"title,omitempty"`
	Description      string              `json:"description,omitempty"`
	Sensitivity      account.Sensitivity `json:"sensitivity"`
	ConveningUnitID  int64               `json:"convening_unit_id"`
	CoUnitIDs        []int64             `json:"co_unit_ids"`
	InspectedUnitIDs []int64             `json:"inspected_unit_ids"`
	ChairUserID      *int64              `json:"chair_user_id"`
	RoomID           *int64              `json:"room_id"`
	Location         string              `json:"location,omitempty"`
	OnlineURL        string              `json:"online_url,omitempty"`
	PaperFileHolder  string              `json:"paper_file_holder,omitempty"`
	Start            time.Time           `json:"start"`
	End              time.Time           `json:"end"`
	RRule            string              `json:"rrule,omitempty"`
	SeriesEnd        time.Time           `json:"series_end"`
	InspectionScope  string              `json:"inspection_scope,omitempty"`
	Findings         string              `json:"findings,omitempty"`
	Report           string              `json:"report,omitempty"`
	CancelReason     string              `json:"cancel_reason,omitempty"`
	// A draft's approval (drafts.go); the reason is content.
	Approval       string `json:"approval,omitempty"`
	ApprovalReason string `json:"approval_reason,omitempty"`
	ApprovalBy     *int64 `json:"approval_by,omitempty"`
	Sequence       int    `json:"sequence"`
	Version        int    `json:"version"`
}

// auditView is m as the audit log keeps it at sensitivity s (the stricter of
// the states before and after a change, see auditPair).
func (m Meeting) auditView(s account.Sensitivity) meetingAudit {
	v := meetingAudit{Status: m.Status, Kind: m.Kind, Title: m.Title, Description: m.Description, Sensitivity: m.Sensitivity,
		ConveningUnitID: m.ConveningUnitID, CoUnitIDs: m.CoUnitIDs, InspectedUnitIDs: m.InspectedUnitIDs,
		ChairUserID: m.ChairUserID, RoomID: m.RoomID, Location: m.Location, OnlineURL: m.OnlineURL,
		PaperFileHolder: m.PaperFileHolder, Start: m.Start.UTC(), End: m.End.UTC(), RRule: m.RRule, SeriesEnd: m.SeriesEnd.UTC(),
		InspectionScope: m.InspectionScope, Findings: m.Findings, Report: m.Report, CancelReason: m.CancelReason,
		Sequence: m.Sequence, Version: m.Version, Approval: m.Approval, ApprovalReason: m.ApprovalReason, ApprovalBy: m.ApprovalBy}
	if v.CoUnitIDs == nil {
		v.CoUnitIDs = []int64{}
	}
	if v.InspectedUnitIDs == nil {
		v.InspectedUnitIDs = []int64{}
	}
	if s != account.Ordinary {
		v.Title, v.Description, v.Location, v.OnlineURL = "", "", "", ""
		v.InspectionScope, v.Findings, v.Report, v.CancelReason = "", "", "", ""
		v.ApprovalReason = ""
	}
	return v
}

// stricter returns the more restrictive of two sensitivities: a meeting made
// classified must not keep its former title in the "before" state.
func stricter(a, b account.Sensitivity) account.Sensitivity {
	if b.Rank() > a.Rank() {
		return b
	}
	return a
}

// auditPair returns the views of a meeting before and after a change, both
// redacted at the stricter of their sensitivities.
func auditPair(before, after Meeting) (meetingAudit, meetingAudit) {
	s := stricter(before.Sensitivity, after.Sensitivity)
	return before.auditView(s), after.auditView(s)
}

// agendaAudit is what the audit log keeps of an agenda item.
type agendaAudit struct {
	level           account.Sensitivity // the meeting's, for AuditLevel; not in the JSON
	ID              int64               `json:"id"`
	Position        int                 `json:"position"`
	Title           string              `json:"title,omitempty"`
	PresenterUserID *int64              `json:"presenter_user_id"`
	DurationMinutes int                 `json:"duration_minutes"`
	PresenterRole   string              `json:"presenter_role,omitempty"`
	CaseIDs         []int64             `json:"case_ids"`
	Version         int                 `json:"version"`
}

func (it AgendaItem) auditView(s account.Sensitivity) agendaAudit {
	v := agendaAudit{level: s, ID: it.ID, Position: it.Position, Title: it.Title, PresenterUserID: it.PresenterUserID,
		DurationMinutes: it.DurationMinutes, PresenterRole: it.PresenterRole, CaseIDs: it.CaseIDs, Version: it.Version}
	if s != account.Ordinary {
		v.Title, v.PresenterRole = "", ""
	}
	return v
}

// agendaOrder is the agenda as an order of item ids (before and after a
// reorder or a removal).
func agendaOrder(items []AgendaItem) map[string]any {
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	return map[string]any{"item_ids": ids}
}

// attendeeAudit is what the audit log keeps of an attendee: of a sensitive
// or classified meeting, people by id only and no comment.
type attendeeAudit struct {
	level          account.Sensitivity // the meeting's, for AuditLevel; not in the JSON
	ID             int64               `json:"id"`
	UserID         *int64              `json:"user_id"`
	UnitID         *int64              `json:"unit_id"`
	Name           string              `json:"name,omitempty"`
	Email          string              `json:"email,omitempty"`
	UnitName       string              `json:"unit_name,omitempty"`
	Role           Role                `json:"role"`
	ExpertMode     string              `json:"expert_mode,omitempty"`
	Answer         Answer              `json:"answer"`
	Comment        string              `json:"comment,omitempty"`
	DelegateUserID *int64              `json:"delegate_user_id"`
	AnsweredAt     *time.Time          `json:"answered_at"`
	CheckedInAt    *time.Time          `json:"checked_in_at"`
	CheckedInBy    *int64              `json:"checked_in_by"`
}

func (at Attendee) auditView(s account.Sensitivity) attendeeAudit {
	v := attendeeAudit{level: s, ID: at.ID, UserID: at.UserID, UnitID: at.UnitID, Name: at.Name, Email: at.Email, UnitName: at.UnitName,
		Role: at.Role, ExpertMode: at.ExpertMode, Answer: at.Answer, Comment: at.Comment, DelegateUserID: at.DelegateUserID,
		AnsweredAt: utcPtr(at.AnsweredAt), CheckedInAt: utcPtr(at.CheckedInAt), CheckedInBy: at.CheckedInBy}
	if s != account.Ordinary {
		v.Name, v.Email, v.UnitName, v.Comment = "", "", "", ""
	}
	return v
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// minutesAudit is what the audit log keeps of minutes: their state always;
// the body and the decisions' text only for an ordinary meeting.
type minutesAudit struct {
	level          account.Sensitivity // the meeting's, for AuditLevel; not in the JSON
	Status         MinutesStatus       `json:"status"`
	Revision       int                 `json:"revision"`
	Version        int                 `json:"version"`
	Body           string              `json:"body,omitempty"`
	Decisions      []decisionAudit     `json:"decisions"`
	SignedUnitIDs  []int64             `json:"signed_unit_ids"`
	PendingUnitIDs []int64             `json:"pending_unit_ids,omitempty"`
	ConfirmedBy    *int64              `json:"confirmed_by"`
	Actions        []actionRefAudit    `json:"action_items_created,omitempty"`
	// the kind's sections (text, as the body) and the 签发
	Scope    string        `json:"scope,omitempty"`
	Analysis string        `json:"analysis,omitempty"`
	Opinion  string        `json:"opinion,omitempty"`
	Number   string        `json:"number,omitempty"`
	SignedOn *workday.Date `json:"signed_on,omitempty"`
	IssuedBy *int64        `json:"issued_by,omitempty"`
}

type decisionAudit struct {
	Text        string        `json:"text,omitempty"`
	UnitID      *int64        `json:"unit_id,omitempty"`
	ActionItems []actionAudit `json:"action_items"`
}

type actionAudit struct {
	Title             string       `json:"title,omitempty"`
	ResponsibleUnitID int64        `json:"responsible_unit_id"`
	DueOn             workday.Date `json:"due_on"`
	CaseIDs           []int64      `json:"case_ids"`
}

type actionRefAudit struct {
	ID                int64        `json:"id"`
	ResponsibleUnitID int64        `json:"responsible_unit_id"`
	DueOn             workday.Date `json:"due_on"`
}

func (mi Minutes) auditView(s account.Sensitivity) minutesAudit {
	text := s == account.Ordinary
	v := minutesAudit{level: s, Status: mi.Status, Revision: mi.Revision, Version: mi.Version, ConfirmedBy: mi.ConfirmedBy,
		Decisions: []decisionAudit{}, SignedUnitIDs: []int64{}, PendingUnitIDs: mi.Pending,
		Number: mi.Number, SignedOn: mi.SignedOn, IssuedBy: mi.IssuedBy}
	if text {
		v.Body, v.Scope, v.Analysis, v.Opinion = mi.Body, mi.Scope, mi.Analysis, mi.Opinion
	}
	for _, d := range mi.Decisions {
		dv := decisionAudit{UnitID: d.UnitID, ActionItems: []actionAudit{}}
		if text {
			dv.Text = d.Text
		}
		for _, x := range d.ActionItems {
			av := actionAudit{ResponsibleUnitID: x.ResponsibleUnitID, DueOn: x.DueOn, CaseIDs: x.CaseIDs}
			if text {
				av.Title = x.Title
			}
			dv.ActionItems = append(dv.ActionItems, av)
		}
		v.Decisions = append(v.Decisions, dv)
	}
	for _, so := range mi.SignOffs {
		v.SignedUnitIDs = append(v.SignedUnitIDs, so.UnitID)
	}
	for _, r := range mi.Actions {
		v.Actions = append(v.Actions, actionRefAudit{ID: r.ID, ResponsibleUnitID: r.ResponsibleUnitID, DueOn: r.DueOn})
	}
	return v
}

// occurrenceAudit is what the audit log keeps of one occurrence's override.
type occurrenceAudit struct {
	level         account.Sensitivity // the meeting's, for AuditLevel; not in the JSON
	OriginalStart time.Time           `json:"original_start"`
	Status        Status              `json:"status"`
	Start         time.Time           `json:"start"`
	End           time.Time           `json:"end"`
	Sequence      int                 `json:"sequence"`
	Reason        string              `json:"reason,omitempty"`
}

func (o Occurrence) auditView(s account.Sensitivity) occurrenceAudit {
	v := occurrenceAudit{level: s, OriginalStart: o.OriginalStart.UTC(), Status: o.Status, Start: o.Start.UTC(), End: o.End.UTC(),
		Sequence: o.Sequence, Reason: o.Reason}
	if s != account.Ordinary {
		v.Reason = ""
	}
	return v
}

// roomAudit is what the audit log keeps of a room (nothing in a room is
// confidential; the view still fixes the fields).
type roomAudit struct {
	Name      string `json:"name"`
	Address   string `json:"address"`
	Capacity  int    `json:"capacity"`
	Active    bool   `json:"active"`
	Exclusive bool   `json:"exclusive"`
	Version   int    `json:"version"`
}

func (r Room) auditView() roomAudit {
	return roomAudit{Name: r.Name, Address: r.Address, Capacity: r.Capacity, Active: r.Active, Exclusive: r.Exclusive, Version: r.Version}
}

// minutesState is the audit view of mi, with the units still to sign.
func minutesState(m Meeting, mi Minutes) minutesAudit {
	if mi.Status == MinutesDraft {
		mi.Pending = pendingSignOffs(m, mi.SignOffs)
	} else {
		mi.Pending = nil
	}
	return mi.auditView(m.Sensitivity)
}

// AuditLevel tells the audit log the meeting's sensitivity with each view,
// so that raising a meeting erases the text of its earlier entries
// (account.AuditLeveled).
func (v meetingAudit) AuditLevel() account.Sensitivity { return v.Sensitivity }

func (v agendaAudit) AuditLevel() account.Sensitivity     { return v.level }
func (v attendeeAudit) AuditLevel() account.Sensitivity   { return v.level }
func (v minutesAudit) AuditLevel() account.Sensitivity    { return v.level }
func (v occurrenceAudit) AuditLevel() account.Sensitivity { return v.level }
