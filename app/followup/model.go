// Package followup holds action items (督办事项): what a decision or a
// document requires of a responsible unit, its deadline in (working) days,
// the unit's feedback, verification (销号) by the issuing side, and
// escalation when an agency does not rectify.
package followup

import (
	"time"

	"liaison/app/account"
	"liaison/app/workday"
)

// Status is an action item's state, derived honestly from what happened.
type Status string

// The statuses the API contract (app/web/openapi) fixes.
const (
	Open       Status = "open"
	InProgress Status = "in_progress"
	Answered   Status = "answered"
	Rectified  Status = "rectified"
	Returned   Status = "returned"
	Overdue    Status = "overdue"
)

// SourceKind says what created an item.
type SourceKind string

// The sources.
const (
	FromDecision SourceKind = "decision"
	FromDocument SourceKind = "document"
	// The justice bureau's feedback duties (casefile/feedback_duty.go): a
	// clue the procuratorate passed to it (source: the notification), and
	// a suggestion's typical problems copied to it (source: the document).
	FromClue          SourceKind = "clue"
	FromCopiedProblem SourceKind = "copied_problem"
)

// ActionItem is one 督办事项.
type ActionItem struct {
	ID                int64               `json:"id"`
	Title             string              `json:"title"`
	ResponsibleUnitID int64               `json:"responsible_unit_id"`
	OwnerUserID       *int64              `json:"owner_user_id"`
	IssuingUnitID     int64               `json:"issuing_unit_id"`
	DueOn             workday.Date        `json:"due_on"`
	DueProvisional    bool                `json:"due_provisional"`   // counted past the published holiday schedule: may move
	DueWas            *workday.Date       `json:"due_was,omitempty"` // the deadline a recount replaced
	ReceivedOn        workday.Date        `json:"received_on"`       // the day the responsible unit received the duty
	Status            Status              `json:"status"`
	SourceKind        SourceKind          `json:"source_kind"`
	SourceID          int64               `json:"source_id"`
	Sensitivity       account.Sensitivity `json:"sensitivity"`
	EscalationStep    int                 `json:"escalation_step"`
	AnsweredAt        *time.Time          `json:"answered_at"` // when the answer was entered
	AnsweredOn        workday.Date        `json:"answered_on"` // the date of the written answer, as the agency states it
	VerifiedAt        *time.Time          `json:"verified_at"`
	VerifiedBy        *int64              `json:"verified_by"`
	RevisitOn         *workday.Date       `json:"revisit_on"`
	OverdueNoticedAt  *time.Time          `json:"overdue_noticed_at"`
	CreatedBy         *int64              `json:"created_by"`
	Version           int                 `json:"version"`
	CreatedAt         time.Time           `json:"created_at"`
	UpdatedAt         time.Time           `json:"updated_at"`
	CaseIDs           []int64             `json:"case_ids" gorm:"-"`
	InvolvedUnitIDs   []int64             `json:"involved_unit_ids" gorm:"-"` // brought in by escalation

	stored Status // the stored state under a derived overdue
}

// NewAction is what a decision or a document asks to be created.
type NewAction struct {
	Title             string
	ResponsibleUnitID int64
	OwnerUserID       *int64
	IssuingUnitID     int64 // the side that verifies
	DueOn             workday.Date
	DueProvisional    bool // DueOn was counted past the published holiday schedule
	// ReceivedOn is the day the responsible unit received the duty: a
	// document's day of receipt, a decision's meeting day. Zero: today.
	ReceivedOn  workday.Date
	CaseIDs     []int64
	SourceKind  SourceKind
	SourceID    int64
	Sensitivity account.Sensitivity
}

// Dated is a change to an item's own date that falls in a month before the
// current one: an item received then (entered late), or an answer dated
// then. The scoreboard counts items by these dates, so such a change may
// concern a month it has published already (see Service.Dated).
type Dated struct {
	Item  ActionItem
	Event DatedEvent
	On    workday.Date
}

// DatedEvent names the date a Dated change sets.
type DatedEvent string

// The dated events.
const (
	DatedReceived DatedEvent = "received" // the item's received_on
	DatedAnswered DatedEvent = "answered" // the written answer's answered_on
)

// Scope describes an item to the authorization policy: the issuing unit
// owns it, the responsible unit takes part.
func (a ActionItem) Scope() account.Scope {
	members := append([]int64{a.ResponsibleUnitID}, a.InvolvedUnitIDs...)
	s := account.Scope{OwnerUnits: []int64{a.IssuingUnitID}, MemberUnits: members, Sensitivity: a.Sensitivity}
	if a.OwnerUserID != nil {
		s.MemberUsers = []int64{*a.OwnerUserID}
	}
	return s
}
