package meeting

import (
	"context"
	"slices"
	"unicode/utf8"

	"liaison/app/account"
	"liaison/app/apperr"
)

// Who may restructure a meeting (issue 14). Co-organisers edit a meeting
// like its convener, but its structure is the convener's:
//
//   - Only a secretary of the convening unit, or an administrator, changes
//     the convening unit, the co-organisers or the sensitivity (403
//     meeting.convener_only otherwise). Moving the meeting to another
//     convening unit also needs the right to schedule for that unit, so in
//     practice an administrator hands a meeting over.
//   - Lowering the sensitivity needs a reason (422
//     meeting.sensitivity_reason_required on the field "reason"), which the
//     audit entry keeps with the levels before and after. It is the basis
//     of the decision (an approval, a document number), not content.
//   - Once a meeting has minutes (a draft or confirmed), no unit leaves its
//     owners (convener and co-organisers): 409 meeting.owner_locked. Units
//     may be added; a co-organiser added to a draft must sign it too.
//     Confirming needs the sign-off of every current co-organiser, so no
//     change of units can let a confirmation skip a unit that co-organised
//     the meeting when its draft was written or signed.

// Limits of one set of minutes: a confirmation creates at most
// MaxDecisions × MaxDecisionActions action items.
const (
	MaxDecisions       = 50
	MaxDecisionActions = 20
)

// maySteer reports whether a may change the convener, co-organisers and
// sensitivity of m: a secretary of its convening unit, or an administrator
// (edit has already checked that the actor may edit the meeting at all).
func maySteer(a account.Actor, m Meeting) bool {
	return a.Role == account.RoleAdmin || (a.Role == account.RoleSecretary && a.UnitID == m.ConveningUnitID)
}

// sameUnits reports whether a and b hold the same ids, in any order.
func sameUnits(a, b []int64) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(slices.Compact(x), slices.Compact(y))
}

// lowered reports a change to a less restrictive level.
func lowered(from, to account.Sensitivity) bool { return to.Rank() < from.Rank() }

// checkSteering applies the rules above to an update of m into in, with
// the reason the caller gave; it changes nothing.
func (s *Service) checkSteering(ctx context.Context, a account.Actor, m Meeting, in Input, reason string) error {
	convener := in.ConveningUnitID != m.ConveningUnitID
	co := !sameUnits(in.CoUnitIDs, m.CoUnitIDs)
	sens := in.Sensitivity != m.Sensitivity
	if utf8.RuneCountInString(reason) > 500 {
		return fieldErr("reason", "too_long")
	}
	if !convener && !co && !sens {
		return nil
	}
	if !maySteer(a, m) {
		return apperr.E(apperr.Forbidden, "meeting.convener_only")
	}
	if convener && !a.CanSchedule(in.ConveningUnitID) {
		return apperr.E(apperr.Forbidden, "forbidden")
	}
	if sens && lowered(m.Sensitivity, in.Sensitivity) && reason == "" {
		return fieldErr("reason", "meeting.sensitivity_reason_required")
	}
	if !convener && !co {
		return nil
	}
	after := append([]int64{in.ConveningUnitID}, in.CoUnitIDs...)
	leaving := slices.ContainsFunc(m.Owners(), func(u int64) bool { return !slices.Contains(after, u) })
	if !leaving {
		return nil
	}
	mi, err := s.store.minutesCore(ctx, m.ID)
	if err != nil {
		return err
	}
	if mi != nil {
		return apperr.E(apperr.Conflict, "meeting.owner_locked")
	}
	return nil
}

// steeringDetail is what the audit entry of an update adds when the
// sensitivity changed: the levels, and the reason when it was lowered (a
// reason sent with any other change is not kept: the log keeps no text of
// a sensitive or classified meeting).
func steeringDetail(detail map[string]any, from, to account.Sensitivity, reason string) {
	if from == to {
		return
	}
	detail["sensitivity_from"], detail["sensitivity_to"] = from, to
	if lowered(from, to) {
		detail["reason"] = reason
	}
}

// checkCases answers field → case.unknown unless the actor may see every
// case of ids that is not among had (the cases the record links already:
// a link someone else made is kept without asking again). A case the
// actor may not see and one that does not exist answer alike.
func (s *Service) checkCases(ctx context.Context, a account.Actor, field string, ids, had []int64) error {
	var fresh []int64
	for _, id := range ids {
		if !slices.Contains(had, id) {
			fresh = append(fresh, id)
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	if err := s.Cases.CheckVisible(ctx, a, field, fresh); err != nil {
		if apperr.KindOf(err) == apperr.Invalid {
			return fieldErr(field, "case.unknown")
		}
		return err
	}
	return nil
}
