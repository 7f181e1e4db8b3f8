package account

import "slices"

// Sensitivity is a record's 密级.
type Sensitivity string

// The sensitivity levels.
const (
	Ordinary   Sensitivity = "ordinary"
	Sensitive  Sensitivity = "sensitive"
	Classified Sensitivity = "classified"
)

// Valid reports a known level.
func (s Sensitivity) Valid() bool { return s == Ordinary || s == Sensitive || s == Classified }

// Rank orders the levels: ordinary < sensitive < classified (an unknown
// level ranks as classified, the safe side).
func (s Sensitivity) Rank() int {
	switch s {
	case Ordinary:
		return 0
	case Sensitive:
		return 1
	}
	return 2
}

// Scope describes a record to the policy: which units own it (convene, issue,
// are responsible), which units and users take part, and its sensitivity.
// Domain packages build one per record; the policy never reads the database.
type Scope struct {
	OwnerUnits  []int64 // may edit (secretaries of these units)
	MemberUnits []int64 // may see (invited, addressed, copied)
	MemberUsers []int64 // may see (named attendees, owners)
	Sensitivity Sensitivity
	// Draft: a record not yet issued (a meeting's 草稿) is seen only by its
	// owners, and by admins as an ordinary record would be.
	Draft bool
	// Reviewers may also see a draft: the chair asked to approve it.
	Reviewers []int64
}

// Action is what an actor wants to do to a record.
type Action string

// The actions the policy decides.
const (
	ActView   Action = "view"   // see the content
	ActBusy   Action = "busy"   // see that it exists (time, units), not content
	ActEdit   Action = "edit"   // change it
	ActManage Action = "manage" // create units and users, see the audit log
)

// Can is the one authorization rule book. Callers that get false for ActView
// must answer NotFound, so ids cannot be probed.
func (a Actor) Can(act Action, s Scope) bool {
	if a.IsAnonymous() {
		return false
	}
	owner := slices.Contains(s.OwnerUnits, a.UnitID)
	member := owner || slices.Contains(s.MemberUnits, a.UnitID) || slices.Contains(s.MemberUsers, a.UserID)
	personal := slices.Contains(s.MemberUsers, a.UserID)
	switch act {
	case ActManage:
		return a.Role == RoleAdmin
	case ActEdit:
		// Admins edit what they may see, short of classified records; never
		// a record they could not even view.
		if a.Role == RoleAdmin && s.Sensitivity != Classified && a.Can(ActView, s) {
			return true
		}
		return a.Role == RoleSecretary && owner
	case ActBusy:
		// Everyone signed in may know that a meeting occupies a slot.
		return true
	case ActView:
		if s.Draft {
			return owner || slices.Contains(s.Reviewers, a.UserID) || (a.Role == RoleAdmin && s.Sensitivity == Ordinary)
		}
		switch s.Sensitivity {
		case Classified:
			// Classified records: only the owning units and named people.
			return owner || personal
		case Sensitive:
			// Sensitive records: invited units and the leading group's leaders.
			return member || a.Role == RoleLeader
		default:
			return member || a.Role == RoleLeader || a.Role == RoleAdmin || a.isHub()
		}
	}
	return false
}

// isHub: the rule-of-law office runs the leading group and oversees every
// ordinary record, as leaders do.
func (a Actor) isHub() bool { return a.UnitKind == KindRuleOfLawOffice && a.Role == RoleSecretary }

// CanSchedule reports whether the actor may create meetings, cases and
// documents for unit unitID.
func (a Actor) CanSchedule(unitID int64) bool {
	return a.Role == RoleAdmin || (a.Role == RoleSecretary && a.UnitID == unitID)
}
