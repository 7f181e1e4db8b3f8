package account

import "time"

// UnitKind is a unit's place in the mechanism (the package doc lists them).
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
	ID        int64    `json:"id"`
	Name      string   `json:"name"`
	ShortName string   `json:"short_name"`
	Kind      UnitKind `json:"kind"`
	// OfficeCode is the issuing-office code its documents are numbered
	// with (奎依法办 in 奎依法办纪〔2026〕3号); empty until an admin sets it.
	OfficeCode string    `json:"office_code"`
	Active     bool      `json:"active"`
	Version    int       `json:"version"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
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
	// Withheld: the entry's content (detail, before, after) was erased or
	// is not shown because the object was later made sensitive or
	// classified; who, when, what and which object stay.
	Withheld bool `json:"withheld,omitempty" gorm:"column:withheld;->"`

	// Chain version 2 keeps the content in audit_content and hashes its
	// digests (audit_chain.go); version 1 entries hold it here, hashed raw.
	ChainVersion int    `json:"-" gorm:"column:chain_version"`
	DetailSHA    string `json:"-" gorm:"column:detail_sha"`
	BeforeSHA    string `json:"-" gorm:"column:before_sha"`
	AfterSHA     string `json:"-" gorm:"column:after_sha"`
	// content is the audit_content row as read with the entry (version 2).
	ContentSalt  string `json:"-" gorm:"column:content_salt;->"`
	ContentLevel string `json:"-" gorm:"column:content_level;->"`
	HasContent   bool   `json:"-" gorm:"column:has_content;->"`
	// Level is the sensitivity of the object the entry is about, when the
	// views recorded say (see AuditLeveled); it is kept with the content.
	Level Sensitivity `json:"-" gorm:"-"`
}

// AuditLeveled is a before or after view that knows the sensitivity of
// its object. An entry whose view is sensitive or classified erases the
// text of that object's earlier entries written at a level that keeps
// text (AddAudit), so that reclassifying a record reaches its history.
type AuditLeveled interface {
	AuditLevel() Sensitivity
}

// auditContent is an entry's content in chain version 2: erasable, the
// chain keeps only its salted digests.
type auditContent struct {
	EntryID int64  `gorm:"column:entry_id;primaryKey;autoIncrement:false"`
	Level   string `gorm:"column:level"`
	Salt    string `gorm:"column:salt"`
	Detail  string `gorm:"column:detail"`
	Before  string `gorm:"column:state_before"`
	After   string `gorm:"column:state_after"`
	Erased  bool   `gorm:"column:erased"`
}

func (auditContent) TableName() string { return "audit_content" }

// TableName maps AuditEntry to its table.
func (AuditEntry) TableName() string { return "audit_log" }

// TableName maps APIToken to its table.
func (APIToken) TableName() string { return "api_tokens" }
