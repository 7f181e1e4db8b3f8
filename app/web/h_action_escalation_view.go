package web

import (
	"slices"

	"liaison/app/account"
	"liaison/app/followup"
)

// escalationLetter is one recipient of an escalation step as the page
// shows it: how it was reached (抄送/报告/函告) and its own handling.
type escalationLetter struct {
	Step     int
	Grounds  []followup.Ground
	Mode     followup.Mode
	Unit     string
	Handling string
	Result   string
}

// escalationForm sets what the escalation form offers (the steps not yet
// taken, in either order, and the grounds), the letters sent so far, and
// the viewer's unit's own handling records (what its handling form shows).
func (v *actionView) escalationForm(a account.Actor, it followup.ActionItem, es []followup.Escalation) {
	var taken []int
	v.Mine = map[int]followup.HandlingRecord{}
	for _, e := range es {
		taken = append(taken, e.Step)
		for _, r := range e.Recipients {
			if r.UnitID == a.UnitID {
				v.Mine[e.Step] = r.HandlingRecord
			}
			v.Letters = append(v.Letters, escalationLetter{Step: e.Step, Grounds: e.Grounds, Mode: r.Mode, Unit: v.Units[r.UnitID].Name,
				Handling: r.Handling, Result: r.Result})
		}
	}
	for s := 1; s <= followup.MaxEscalationStep; s++ {
		if !slices.Contains(taken, s) {
			v.OpenSteps = append(v.OpenSteps, s)
		}
	}
	v.Grounds = followup.Grounds
	v.MayEscalate = followup.MayEscalateNow(a, it, taken)
}
