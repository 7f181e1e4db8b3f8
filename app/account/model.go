// Package account holds units, users, roles, sessions, API tokens, sign-in
// throttling, the audit log and the authorization policy every other
// package asks.
package account

import "time"

// UnitKind is a unit's place in the mechanism (DOMAIN.md).
type UnitKind string

// The unit kinds.
const (
	KindRuleOfLawOffice      UnitKind = "rule_of_law_office"
	KindProcuratorate        UnitKind = "procuratorate"
	KindJusticeBureau        UnitKind = "justice_bureau"
	KindGovernment           UnitKind = "government"
	KindPartyCommittee       UnitKind = "party_committee"
	KindDisciplineCommission UnitKind = "discipline_commission"
	KindAgency               UnitKind = "agency"
)

// UnitKinds lists every kind in display order.
var UnitKinds = []UnitKind{KindRuleOfLawOffice, KindProcuratorate, KindJusticeBureau, KindGovernment, KindPartyCommittee, KindDisciplineCommission, KindAgency}

// Role is what a user may do.
type Role string

// The roles.
const (
	RoleAdmin     Role = "admin"
	RoleSecretary Role = "secretary"
	RoleMember    Role = "member"
	RoleLeader    Role = "leader"
)

// Roles lists every role in display order.
var Roles = []Role{RoleAdmin, RoleSecretary, RoleMember, RoleLeader}

// Unit is a participating organisation.
type Unit struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	ShortName string    `json:"short_name"`
	Kind      UnitKind  `json:"kind"`
	Active    bool      `json:"active"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// User is a person who signs in; every user belongs to one unit.
type User struct {
	ID           int64      `json:"id"`
	Username     string     `json:"username"`
	DisplayName  string     `json:"display_name"`
	UnitID       int64      `json:"unit_id"`
	Role         Role       `json:"role"`
	Email        string     `json:"email"`
	PasswordHash string     `json:"-"`
	Active       bool       `json:"active"`
	Locale       string     `json:"locale,omitempty"`
	Version      int        `json:"version"`
	LastLoginAt  *time.Time `json:"last_login_at,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
}

// APIToken is a bearer credential; only its hash is stored.
type APIToken struct {
	ID         int64
	UserID     int64
	TokenHash  string
	Name       string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// AuditEntry is one line of the audit log: who (actor), when (At, UTC),
// from where (IP, request id), what (action on an object) and, for changes,
// the object's state before and after as JSON. Seq, PrevHash and Hash place
// it in the hash chain (audit_chain.go); entries are never changed.
type AuditEntry struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	ActorID    *int64    `json:"actor_id"`
	ActorName  string    `json:"actor_name"`
	IP         string    `json:"ip"`
	RequestID  string    `json:"request_id"`
	Action     string    `json:"action"`
	ObjectType string    `json:"object_type"`
	ObjectID   string    `json:"object_id"`
	Detail     string    `json:"detail"`
	Before     string    `json:"before,omitempty" gorm:"column:state_before"`
	After      string    `json:"after,omitempty" gorm:"column:state_after"`
	Seq        *int64    `json:"seq,omitempty"`
	PrevHash   string    `json:"prev_hash,omitempty"`
	Hash       string    `json:"hash,omitempty"`
}

// TableName maps AuditEntry to its table.
func (AuditEntry) TableName() string { return "audit_log" }

// TableName maps APIToken to its table.
func (APIToken) TableName() string { return "api_tokens" }
