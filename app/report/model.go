// Package report is the joint 工作通报 between the procuratorate and the
// justice bureau (区检察院和区司法局定期相互通报监督工作情况): monthly and
// quarterly figures built from the records, and the activities in which
// the two support each other (人员培训、法律政策咨询、复杂案件研究), which
// leave no other record.
package report

import (
	"time"

	"liaison/app/account"
	"liaison/app/workday"
)

// ActivityKind is what kind of mutual support an activity was.
type ActivityKind string

// The kinds the source names.
const (
	Training     ActivityKind = "training"     // 人员培训
	Consultation ActivityKind = "consultation" // 法律政策咨询
	JointStudy   ActivityKind = "joint_study"  // 复杂案件研究
)

// ActivityKinds lists them in the source's order.
var ActivityKinds = []ActivityKind{Training, Consultation, JointStudy}

// Valid reports a known kind.
func (k ActivityKind) Valid() bool { return k == Training || k == Consultation || k == JointStudy }

// Activity is one recorded joint activity.
type Activity struct {
	ID         int64        `json:"id"`
	OccurredOn workday.Date `json:"occurred_on"`
	Kind       ActivityKind `json:"kind"`
	UnitIDs    []int64      `json:"unit_ids" gorm:"serializer:json"`
	Title      string       `json:"title"`
	Summary    string       `json:"summary"`
	CreatedBy  *int64       `json:"created_by"`
	Version    int          `json:"version"`
	CreatedAt  time.Time    `json:"created_at"`
	UpdatedAt  time.Time    `json:"updated_at"`
}

// TableName maps Activity to its table.
func (Activity) TableName() string { return "report_activities" }

// auditView is what the audit log keeps of an activity.
func (x Activity) auditView() map[string]any {
	return map[string]any{"occurred_on": x.OccurredOn.String(), "kind": x.Kind, "unit_ids": x.UnitIDs, "title": x.Title, "summary": x.Summary}
}

// MayRead reports whether a may read the joint report and its activities:
// the two hubs, 区政府 and the rule-of-law office (依法治区办), leaders and
// administrators; never an agency under supervision.
func MayRead(a account.Actor) bool {
	switch {
	case a.IsAnonymous():
		return false
	case a.Role == account.RoleLeader || a.Role == account.RoleAdmin:
		return true
	}
	switch a.UnitKind {
	case account.KindProcuratorate, account.KindJusticeBureau, account.KindGovernment, account.KindRuleOfLawOffice:
		return true
	}
	return false
}

// MayWrite reports whether a may record activities: the secretaries of
// the two hubs, and administrators.
func MayWrite(a account.Actor) bool {
	if a.Role == account.RoleAdmin {
		return true
	}
	return a.Role == account.RoleSecretary && (a.UnitKind == account.KindProcuratorate || a.UnitKind == account.KindJusticeBureau)
}
