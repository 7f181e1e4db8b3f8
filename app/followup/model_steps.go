package followup

import (
	"time"

	"liaison/app/page"
	"liaison/app/workday"
)

// FeedbackKind tells a progress report from the written answer.
type FeedbackKind string

// The feedback kinds.
const (
	Progress FeedbackKind = "progress" // 进展报告: the item moves to in_progress
	Answer   FeedbackKind = "answer"   // 书面反馈: the item awaits verification
)

// Feedback is one written report by the responsible unit.
type Feedback struct {
	ID           int64          `json:"id"`
	ActionItemID int64          `json:"action_item_id"`
	Kind         FeedbackKind   `json:"kind"`
	Body         string         `json:"body"`
	UnitID       int64          `json:"unit_id"`
	UserID       *int64         `json:"user_id"`
	CreatedAt    time.Time      `json:"created_at"`
	Files        []FeedbackFile `json:"files" gorm:"-"`
}

// TableName maps Feedback to its table.
func (Feedback) TableName() string { return "action_feedback" }

// Verification is the issuing side's decision on an answer.
type Verification struct {
	ID           int64         `json:"id"`
	ActionItemID int64         `json:"action_item_id"`
	Accepted     bool          `json:"accepted"`
	Comment      string        `json:"comment"`
	NewDueOn     *workday.Date `json:"new_due_on"`
	RevisitOn    *workday.Date `json:"revisit_on"`
	UnitID       int64         `json:"unit_id"`
	UserID       *int64        `json:"user_id"`
	CreatedAt    time.Time     `json:"created_at"`
}

// TableName maps Verification to its table.
func (Verification) TableName() string { return "action_verifications" }

// Escalation is one step of 升级督办.
type Escalation struct {
	ID            int64      `json:"id"`
	ActionItemID  int64      `json:"action_item_id"`
	Step          int        `json:"step"`
	Comment       string     `json:"comment"`
	Documents     []string   `json:"documents" gorm:"serializer:json"`
	UnitID        int64      `json:"unit_id"`
	UserID        *int64     `json:"user_id"`
	CreatedAt     time.Time  `json:"created_at"`
	Handling      string     `json:"handling"`
	Result        string     `json:"result"`
	HandledUnitID *int64     `json:"handled_unit_id"`
	HandledBy     *int64     `json:"handled_by"`
	HandledAt     *time.Time `json:"handled_at"`
	Version       int        `json:"version"`
	UnitIDs       []int64    `json:"recipient_unit_ids" gorm:"-"` // units the step brought in
	// Grounds are the source's reasons recorded for the step; Recipients
	// are its units, each with how it was reached (抄送/报告/函告) and its
	// own handling record. Handling and Result above are the latest
	// entry by any recipient, as before recipients kept their own.
	Grounds    []Ground    `json:"grounds" gorm:"serializer:json"`
	Recipients []Recipient `json:"recipients" gorm:"-"`
}

// TableName maps Escalation to its table.
func (Escalation) TableName() string { return "action_escalations" }

// MaxEscalationStep is the mechanism's last step: (1) the procuratorate
// copies the matter to the justice bureau, which handles it and copies its
// result back; (2) it reports to 区委 and writes (函告) to 区政府 and 区纪委监委.
const MaxEscalationStep = 2

// Detail is an item with everything that links to it.
type Detail struct {
	ActionItem
	Feedback      []Feedback     `json:"feedback"`
	Verifications []Verification `json:"verifications"`
	Escalations   []Escalation   `json:"escalations"`
}

// Filter narrows a list of items; zero fields do not filter.
type Filter struct {
	UnitID        int64 // responsible unit
	IssuingUnitID int64
	Status        Status // as derived, overdue included
	Overdue       *bool
	Q             string
	DueBefore     workday.Date // due on or before
	Mine          bool         // my unit is responsible, or I am the owner
	Pending       bool         // not answered yet: open, in progress or returned (overdue or not)
	Page          page.Request
}
