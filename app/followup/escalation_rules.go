package followup

import (
	"slices"
	"time"

	"liaison/app/account"
	"liaison/app/apperr"
)

// Ground is one of the source's reasons for escalating (升级督办的情形).
type Ground string

// The grounds, as the source lists them.
const (
	GroundNoReply      Ground = "no_reply"      // 无正当理由不予回复
	GroundNotRectified Ground = "not_rectified" // 不予整改
	GroundDelayed      Ground = "delayed"       // 怠于整改
	GroundInadequate   Ground = "inadequate"    // 整改不到位
	GroundObstruction  Ground = "obstruction"   // 对调查核实不予配合
)

// Grounds lists them in the source's order.
var Grounds = []Ground{GroundNoReply, GroundNotRectified, GroundDelayed, GroundInadequate, GroundObstruction}

// Valid reports a known ground.
func (g Ground) Valid() bool { return slices.Contains(Grounds, g) }

// Mode is how a step reaches a recipient: the justice bureau is copied
// (抄送) to handle the matter under 《山东省行政执法监督条例》; 区委 gets a
// report (报告); 区政府 and 区纪委监委 get a letter (函告).
type Mode string

// The modes.
const (
	ModeCopy   Mode = "copy"   // 抄送
	ModeReport Mode = "report" // 报告
	ModeLetter Mode = "letter" // 函告
)

// stepModes says, per step, which unit kinds it reaches and how.
var stepModes = map[int]map[account.UnitKind]Mode{
	1: {account.KindJusticeBureau: ModeCopy},
	2: {account.KindPartyCommittee: ModeReport, account.KindGovernment: ModeLetter, account.KindDisciplineCommission: ModeLetter},
}

// ModeFor is how step reaches a unit of kind k ("" when it does not).
func ModeFor(step int, k account.UnitKind) Mode { return stepModes[step][k] }

// Recipient is one unit a step reached, how, and its own handling record
// (empty until it records one).
type Recipient struct {
	UnitID int64 `json:"unit_id"`
	Mode   Mode  `json:"mode"`
	HandlingRecord
}

// HandlingRecord is what one recipient recorded of its handling: how it
// handles the matter and the result it copies back.
type HandlingRecord struct {
	Handling  string     `json:"handling"`
	Result    string     `json:"result"`
	HandledBy *int64     `json:"handled_by"`
	HandledAt *time.Time `json:"handled_at"`
	Version   int        `json:"version"` // 0 until recorded
}

// escalable reports whether ground g may be raised on it: refusing to
// cooperate with an investigation can arise at any time before the item
// is closed; the others need the item overdue or its answer returned
// (answered badly).
func escalable(g Ground, it ActionItem) bool {
	if g == GroundObstruction {
		return it.storedStatus() != Rectified
	}
	return it.Status == Overdue || it.storedStatus() == Returned
}

// defaultGrounds is what a request without grounds (the API before
// grounds were recorded) means: a returned answer is inadequate
// rectification; an overdue item never answered is no reply, one with
// progress reported is delayed rectification. Nil when neither applies
// (the old "not escalatable").
func defaultGrounds(it ActionItem, answeredBefore bool) []Ground {
	switch {
	case it.storedStatus() == Returned:
		return []Ground{GroundInadequate}
	case it.Status != Overdue:
		return nil
	case answeredBefore || it.storedStatus() == InProgress:
		return []Ground{GroundDelayed}
	}
	return []Ground{GroundNoReply}
}

// checkGrounds validates the requested grounds against the item's state.
func checkGrounds(in []string, it ActionItem, answeredBefore bool) ([]Ground, error) {
	if len(in) == 0 {
		g := defaultGrounds(it, answeredBefore)
		if g == nil {
			return nil, apperr.E(apperr.Invalid, "action.not_escalatable", "Status", string(it.Status))
		}
		return g, nil
	}
	out := []Ground{}
	for _, s := range in {
		g := Ground(s)
		if !g.Valid() {
			return nil, fieldErr("grounds", "action.ground_invalid")
		}
		if !escalable(g, it) {
			code := "action.ground_needs_overdue"
			if g == GroundObstruction {
				code = "action.ground_item_closed"
			}
			return nil, &apperr.Error{Kind: apperr.Invalid, Code: code, Fields: map[string]string{"grounds": code}, Args: map[string]any{"Status": string(it.Status)}}
		}
		if !slices.Contains(out, g) {
			out = append(out, g)
		}
	}
	return out, nil
}

// chooseSteps returns the steps a request takes. Without steps it is the
// first step not yet taken (the old "next step"); with steps, each must be
// known and not taken yet. Steps may be taken together or in either order.
func chooseSteps(in []int, taken []int) ([]int, error) {
	if len(in) == 0 {
		for s := 1; s <= MaxEscalationStep; s++ {
			if !slices.Contains(taken, s) {
				return []int{s}, nil
			}
		}
		return nil, apperr.E(apperr.Invalid, "action.escalation_exhausted")
	}
	out := []int{}
	for _, s := range in {
		switch {
		case s < 1 || s > MaxEscalationStep:
			return nil, fieldErr("steps", "action.step_invalid")
		case slices.Contains(taken, s):
			return nil, &apperr.Error{Kind: apperr.Invalid, Code: "action.step_taken", Fields: map[string]string{"steps": "action.step_taken"}, Args: map[string]any{"Step": s}}
		case !slices.Contains(out, s):
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out, nil
}

// MayEscalateNow reports whether some step remains and some ground may be
// raised (the page's escalation form).
func MayEscalateNow(a account.Actor, it ActionItem, taken []int) bool {
	if mayIssue(a, it) != nil || len(taken) >= MaxEscalationStep {
		return false
	}
	return slices.ContainsFunc(Grounds, func(g Ground) bool { return escalable(g, it) })
}
