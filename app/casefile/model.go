// Package casefile is the case register (案件双向通报): cases, their
// notifications between the procuratorate and the justice bureau, and the
// supervision documents issued about them. (`case` is a Go keyword.)
package casefile

import (
	"time"

	"liaison/app/account"
	"liaison/app/workday"
)

// Stage is where a case stands.
type Stage string

// The stages.
const (
	Accepted Stage = "accepted"
	Handling Stage = "handling"
	Closed   Stage = "closed"
)

// Case is one register entry. For sensitive and classified cases Title and
// Summary stay empty: the paper file, held by PaperFileHolder, is the record.
type Case struct {
	ID               int64               `json:"id"`
	Number           string              `json:"number"`
	Title            string              `json:"title"`
	Kind             string              `json:"kind"`
	RespondentUnitID int64               `json:"respondent_unit_id"`
	OriginUnitID     int64               `json:"origin_unit_id"`
	Stage            Stage               `json:"stage"`
	Sensitivity      account.Sensitivity `json:"sensitivity"`
	PaperFileHolder  string              `json:"paper_file_holder"`
	Summary          string              `json:"summary"`
	AcceptedOn       *workday.Date       `json:"accepted_on"`
	ClosedOn         *workday.Date       `json:"closed_on"`
	NotifyDueOn      *workday.Date       `json:"notify_due_on"`
	ResultDueOn      *workday.Date       `json:"result_due_on"`
	// The periods the two deadlines were counted with, and whether each
	// reaches past the published holiday schedule (provisional: recounted
	// when that year's schedule arrives).
	NotifyPeriodN        *int          `json:"-"`
	NotifyPeriodUnit     *PeriodUnit   `json:"-"`
	NotifyDueProvisional bool          `json:"notify_due_provisional"`
	ResultPeriodN        *int          `json:"-"`
	ResultPeriodUnit     *PeriodUnit   `json:"-"`
	ResultDueProvisional bool          `json:"result_due_provisional"`
	NotifiedOn           *workday.Date `json:"notified_on"`
	ResultOn             *workday.Date `json:"result_on"`
	NotifyLate           bool          `json:"notify_late" gorm:"-"`
	ResultLate           bool          `json:"result_late" gorm:"-"`
	CreatedBy            *int64        `json:"created_by"`
	Version              int           `json:"version"`
	CreatedAt            time.Time     `json:"created_at"`
	UpdatedAt            time.Time     `json:"updated_at"`
}

// Valid reports a known stage.
func (s Stage) Valid() bool { return s == Accepted || s == Handling || s == Closed }

// Stages lists the case stages in order.
var Stages = []Stage{Accepted, Handling, Closed}

// markLate sets the late flags as of today: the other side was not told
// within the notify period, or the result was not reported in time.
func (c *Case) markLate(today workday.Date) {
	c.NotifyLate = c.NotifiedOn == nil && c.NotifyDueOn != nil && today.After(*c.NotifyDueOn)
	c.ResultLate = c.ResultOn == nil && c.ResultDueOn != nil && today.After(*c.ResultDueOn)
}

// HasContent reports whether the case may carry free text.
func (c Case) HasContent() bool { return c.Sensitivity.HoldsContent() }

// TableName maps Case to its table.
func (Case) TableName() string { return "cases" }

// Scope describes a case to the policy: the origin unit owns it and the
// units its notifications passed between (extraUnits) take part. The
// respondent organ is deliberately not a party: the register is the
// procuratorate's and the justice bureau's record of their supervision of
// it (clues about it included), so the organ sees only the documents
// addressed to it and its own action items, never the register text.
func (c Case) Scope(extraUnits ...int64) account.Scope {
	return account.Scope{OwnerUnits: []int64{c.OriginUnitID}, MemberUnits: extraUnits, Sensitivity: c.Sensitivity}
}

// Ref is the little a linked record needs to show a case: what every
// signed-in user may know of it (the register entry, no content).
type Ref struct {
	ID          int64               `json:"id"`
	Number      string              `json:"number"`
	Title       string              `json:"title,omitempty"`
	Kind        string              `json:"kind"`
	Sensitivity account.Sensitivity `json:"sensitivity"`
}

// CaseType is a type of case users pick from.
type CaseType struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Position  int       `json:"position"`
	Active    bool      `json:"active"`
	CreatedAt time.Time `json:"created_at"`
}
