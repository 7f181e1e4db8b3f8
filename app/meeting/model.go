// Package meeting is the heart of Liaison: joint meetings (联席会议),
// consultations (会商研判) and joint inspections (联合专项监督) with their
// units, attendees, agenda, linked cases, minutes (会议纪要), decisions
// (议定事项) and the action items confirmed minutes create, recurring series
// and their single-occurrence changes, conflicts and check-in.
//
// Every exported Service method takes the acting user and applies the one
// authorization policy (account.Actor.Can): a meeting the actor may not see
// is apperr.NotFound, never Forbidden.
package meeting

import (
	"time"

	"liaison/app/account"
	"liaison/app/workday"
)

// Kind is the kind of meeting.
type Kind string

// The three kinds, with the codes the API contract (app/web/openapi) fixes.
const (
	JointMeeting    Kind = "joint_meeting"
	Consultation    Kind = "consultation"
	JointInspection Kind = "joint_inspection"
)

// Kinds lists the kinds in display order.
var Kinds = []Kind{JointMeeting, Consultation, JointInspection}

// Valid reports a known kind.
func (k Kind) Valid() bool { return k == JointMeeting || k == Consultation || k == JointInspection }

// Status is a meeting's (or an occurrence's) state.
type Status string

// The statuses.
const (
	Scheduled Status = "scheduled"
	Cancelled Status = "cancelled"
	// Draft (草稿): only the organisers see it and nothing is sent until it
	// is issued (发布, drafts.go), when it becomes Scheduled.
	Draft Status = "draft"
)

// Role is an attendee's role.
type Role string

// The attendee roles.
const (
	RoleChair    Role = "chair"    // 主持
	RoleRequired Role = "required" // 参会
	RoleOptional Role = "optional" // 列席
	RoleExpert   Role = "expert"   // 特邀专家
	RoleRecorder Role = "recorder" // 记录
)

// Roles lists attendee roles in display order.
var Roles = []Role{RoleChair, RoleRequired, RoleOptional, RoleExpert, RoleRecorder}

// Valid reports a known role.
func (r Role) Valid() bool {
	switch r {
	case RoleChair, RoleRequired, RoleOptional, RoleExpert, RoleRecorder:
		return true
	}
	return false
}

// Answer is an attendee's reply to the invitation.
type Answer string

// The answers.
const (
	Pending   Answer = "pending"
	Accepted  Answer = "accepted"
	Declined  Answer = "declined"
	Tentative Answer = "tentative"
	Delegated Answer = "delegated" // 委托他人参会
)

// Unit roles in meeting_units.
const (
	UnitCoOrganiser = "co_organiser"
	UnitInspected   = "inspected"
)

// Expert modes of a consultation's expert (互派 / 互邀).
const (
	ExpertSent    = "sent"    // 互派: our expert sent to the other side
	ExpertInvited = "invited" // 互邀: the other side's expert invited to us
)

// Meeting is one meeting, or the master of a recurring series. Times are
// UTC in the database and Asia/Shanghai once loaded.
type Meeting struct {
	ID              int64               `json:"id"`
	UID             string              `json:"uid"`
	Sequence        int                 `json:"sequence"`
	Status          Status              `json:"status"`
	Kind            Kind                `json:"kind"`
	Title           string              `json:"title"`
	Description     string              `json:"description"`
	Sensitivity     account.Sensitivity `json:"sensitivity"`
	ConveningUnitID int64               `json:"convening_unit_id"`
	ChairUserID     *int64              `json:"chair_user_id"`
	RoomID          *int64              `json:"room_id"`
	Location        string              `json:"location"`
	OnlineURL       string              `json:"online_url"`
	PaperFileHolder string              `json:"paper_file_holder"`
	Start           time.Time           `json:"start" gorm:"column:start_at"`
	End             time.Time           `json:"end" gorm:"column:end_at"`
	RRule           string              `json:"rrule" gorm:"column:rrule"`
	SeriesEnd       time.Time           `json:"series_end" gorm:"column:series_end_at"`
	InspectionScope string              `json:"inspection_scope"`
	Findings        string              `json:"findings"`
	Report          string              `json:"report"`
	CheckInCode     string              `json:"-"`
	CancelReason    string              `json:"cancel_reason"`
	// PublishedAt is when the meeting was issued (nil while a draft);
	// Approval is a draft's approval state (drafts.go) with its decider
	// and the reason it was returned.
	PublishedAt    *time.Time `json:"published_at"`
	Approval       string     `json:"approval"`
	ApprovalReason string     `json:"approval_reason"`
	ApprovalBy     *int64     `json:"approval_by"`
	// NoticeNumber is the 会议通知's 字号, taken at 发布 (notice.go);
	// empty on a draft.
	NoticeNumber   string     `json:"notice_number"`
	NoticeIssuedAt *time.Time `json:"notice_issued_at"`
	// ReplyBy is the 回执 deadline (receipts.go); nil: none.
	ReplyBy *time.Time `json:"reply_by"`
	// TemplateID is the template the meeting was made from (templates.go);
	// the meetings of one template are a series.
	TemplateID *int64    `json:"template_id"`
	CreatedBy  *int64    `json:"created_by"`
	Version    int       `json:"version"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`

	CoUnitIDs        []int64 `json:"co_unit_ids" gorm:"-"`
	InspectedUnitIDs []int64 `json:"inspected_unit_ids" gorm:"-"`
	// Warnings are conflicts found when the meeting was scheduled or moved.
	Warnings []Warning `json:"warnings,omitempty" gorm:"-"`
}

// TableName maps Meeting to its table.
func (Meeting) TableName() string { return "meetings" }

// Duration is the length of one occurrence.
func (m Meeting) Duration() time.Duration { return m.End.Sub(m.Start) }

// Owners are the units whose secretaries edit the meeting.
func (m Meeting) Owners() []int64 { return append([]int64{m.ConveningUnitID}, m.CoUnitIDs...) }

// Room is a meeting room admins keep in a list.
type Room struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Address   string    `json:"address"`
	Capacity  int       `json:"capacity"`
	Active    bool      `json:"active"`
	Exclusive bool      `json:"exclusive"` // double booking is refused, not warned about
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// TableName maps Room to its table.
func (Room) TableName() string { return "rooms" }

// Attendee is a user or an outside guest invited to a meeting.
type Attendee struct {
	ID             int64      `json:"id"`
	MeetingID      int64      `json:"meeting_id"`
	UserID         *int64     `json:"user_id"`
	UnitID         *int64     `json:"unit_id"`
	Name           string     `json:"name"`
	Email          string     `json:"email"`
	UnitName       string     `json:"unit_name"`
	Role           Role       `json:"role"`
	ExpertMode     string     `json:"expert_mode"`
	Answer         Answer     `json:"answer"`
	Comment        string     `json:"comment"`
	DelegateUserID *int64     `json:"delegate_user_id"`
	AnsweredAt     *time.Time `json:"answered_at"`
	// AnswerVersion counts the answers given; one given for someone else
	// names the count it saw (RSVPInput.AnswerVersion).
	AnswerVersion int        `json:"answer_version"`
	CheckedInAt   *time.Time `json:"checked_in_at"`
	CheckedInBy   *int64     `json:"checked_in_by"`
	CreatedAt     time.Time  `json:"created_at"`
}

// TableName maps Attendee to its table.
func (Attendee) TableName() string { return "meeting_attendees" }

// AgendaItem is one ordered item of the agenda.
type AgendaItem struct {
	ID              int64  `json:"id"`
	MeetingID       int64  `json:"meeting_id"`
	Position        int    `json:"position"`
	Title           string `json:"title"`
	PresenterUserID *int64 `json:"presenter_user_id"`
	DurationMinutes int    `json:"duration_minutes"`
	// PresenterRole names who presents as a role (区检察院分管领导), as
	// templates do, with or instead of a user.
	PresenterRole string    `json:"presenter_role"`
	Version       int       `json:"version"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
	CaseIDs       []int64   `json:"case_ids" gorm:"-"`
	// CaseNumbers name the linked cases by 案号, in the order of CaseIDs
	// (filled by Get).
	CaseNumbers []string `json:"case_numbers,omitempty" gorm:"-"`
}

// TableName maps AgendaItem to its table.
func (AgendaItem) TableName() string { return "agenda_items" }

// MinutesStatus is the state of the minutes.
type MinutesStatus string

// The minutes states: a draft is edited and signed; confirmed is locked.
const (
	MinutesDraft     MinutesStatus = "draft"
	MinutesConfirmed MinutesStatus = "confirmed"
)

// Minutes is a meeting's 会议纪要.
type Minutes struct {
	ID          int64         `json:"id"`
	MeetingID   int64         `json:"meeting_id"`
	Body        string        `json:"body"`
	Status      MinutesStatus `json:"status"`
	Revision    int           `json:"revision"`
	ConfirmedAt *time.Time    `json:"confirmed_at"`
	ConfirmedBy *int64        `json:"confirmed_by"`
	UpdatedBy   *int64        `json:"updated_by"`
	Version     int           `json:"version"`
	CreatedAt   time.Time     `json:"created_at"`
	UpdatedAt   time.Time     `json:"updated_at"`

	// The kind-specific sections (output.go): Scope of a 专项监督报告,
	// Analysis and Opinion of a 会商意见.
	Scope    string `json:"scope"`
	Analysis string `json:"analysis"`
	Opinion  string `json:"opinion"`
	// The 签发 (output.go): the 字号 taken on issue, the signing leader,
	// the signing date (成文日期) and when it was recorded.
	Number   string        `json:"number" gorm:"column:doc_number"`
	DocYear  *int          `json:"-"`
	DocSeq   *int          `json:"-"`
	SignedOn *workday.Date `json:"signed_on" gorm:"column:signed_on"`
	IssuedBy *int64        `json:"issued_by"`
	IssuedAt *time.Time    `json:"issued_at"`
	// OutputKind is what the meeting's kind issues: minutes, opinion or
	// inspection_report.
	OutputKind string `json:"output_kind" gorm:"-"`

	Decisions []Decision  `json:"decisions" gorm:"-"`
	SignOffs  []SignOff   `json:"sign_offs" gorm:"-"`
	Revisions []Revision  `json:"revisions" gorm:"-"`
	Pending   []int64     `json:"pending_sign_off_unit_ids" gorm:"-"`
	Actions   []ActionRef `json:"action_items_created" gorm:"-"`
}

// TableName maps Minutes to its table.
func (Minutes) TableName() string { return "minutes" }

// Decision is one 议定事项 with the action items it asks for.
type Decision struct {
	ID        int64  `json:"id"`
	MinutesID int64  `json:"-"`
	Position  int    `json:"position"`
	Text      string `json:"text"`
	// UnitID is the unit a joint inspection's finding is about (nil for
	// the decisions of other meetings); Text is then the findings.
	UnitID      *int64           `json:"unit_id"`
	ActionItems []DecisionAction `json:"action_items" gorm:"-"`
}

// TableName maps Decision to its table.
func (Decision) TableName() string { return "decisions" }

// DecisionAction is an action item a decision asks for; confirmation turns
// it into a followup.ActionItem.
type DecisionAction struct {
	// ID is the requested action's own row; the API shows ItemID, the
	// action item confirmation created from it (null in a draft).
	ID                int64        `json:"-"`
	ItemID            *int64       `json:"id" gorm:"column:action_item_id"`
	DecisionID        int64        `json:"-"`
	Position          int          `json:"-"`
	Title             string       `json:"title"`
	ResponsibleUnitID int64        `json:"responsible_unit_id"`
	DueOn             workday.Date `json:"due_on"`
	CaseIDs           []int64      `json:"case_ids" gorm:"-"`
}

// TableName maps DecisionAction to its table.
func (DecisionAction) TableName() string { return "decision_actions" }

// SignOff is one unit's 会签 of the current draft.
type SignOff struct {
	MinutesID int64     `json:"-"`
	UnitID    int64     `json:"unit_id"`
	UserID    *int64    `json:"user_id"`
	SignedAt  time.Time `json:"signed_at"`
}

// TableName maps SignOff to its table.
func (SignOff) TableName() string { return "minutes_signoffs" }

// Revision is a correction of confirmed minutes.
type Revision struct {
	ID        int64     `json:"id"`
	MinutesID int64     `json:"-"`
	Revision  int       `json:"revision"`
	OldBody   string    `json:"old_body"`
	NewBody   string    `json:"new_body"`
	Reason    string    `json:"reason"`
	CreatedBy *int64    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// TableName maps Revision to its table.
func (Revision) TableName() string { return "minutes_revisions" }

// ActionRef names an action item confirmation created.
type ActionRef struct {
	ID                int64        `json:"id"`
	DecisionID        int64        `json:"decision_id"`
	Title             string       `json:"title"`
	ResponsibleUnitID int64        `json:"responsible_unit_id"`
	DueOn             workday.Date `json:"due_on"`
}

// Occurrence is an override of one occurrence of a series.
type Occurrence struct {
	ID            int64     `json:"id"`
	MeetingID     int64     `json:"meeting_id"`
	OriginalStart time.Time `json:"original_start"`
	Status        Status    `json:"status"`
	Start         time.Time `json:"start" gorm:"column:start_at"`
	End           time.Time `json:"end" gorm:"column:end_at"`
	Sequence      int       `json:"sequence"`
	Reason        string    `json:"reason"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// TableName maps Occurrence to its table.
func (Occurrence) TableName() string { return "meeting_occurrences" }

// Scope describes a meeting to the policy: convening and co-organising
// units own it; inspected units and the attendees' units and users take part.
func (m Meeting) Scope(att []Attendee) account.Scope {
	s := account.Scope{OwnerUnits: m.Owners(), MemberUnits: append([]int64(nil), m.InspectedUnitIDs...), Sensitivity: m.Sensitivity,
		Draft: m.Status == Draft}
	if s.Draft && m.Approval != ApprovalNone && m.ChairUserID != nil {
		s.Reviewers = []int64{*m.ChairUserID} // asked to approve it (drafts.go)
	}
	for _, a := range att {
		if a.UserID != nil {
			s.MemberUsers = append(s.MemberUsers, *a.UserID)
		}
		if a.UnitID != nil {
			s.MemberUnits = append(s.MemberUnits, *a.UnitID)
		}
	}
	return s
}
