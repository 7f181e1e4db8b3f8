package meeting

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/followup"
	"liaison/app/workday"
)

// MinutesInput is the draft a recorder or secretary saves. Version, when
// given, must be the minutes' current version.
type MinutesInput struct {
	Body      string          `json:"body"`
	Decisions []DecisionInput `json:"decisions"`
	Version   *int            `json:"version"`
	// The sections of the meeting kind's output (output.go): scope of a
	// joint inspection, analysis and opinion of a consultation.
	Scope    string `json:"scope"`
	Analysis string `json:"analysis"`
	Opinion  string `json:"opinion"`
}

// DecisionInput is one decision with the action items it asks for.
type DecisionInput struct {
	Text string `json:"text"`
	// UnitID names the unit inspected (joint inspections only): Text is
	// the findings about it and its action items the rectification
	// demanded of it, owed by that unit unless another is named.
	UnitID      *int64        `json:"unit_id"`
	ActionItems []ActionInput `json:"action_items"`
}

// ActionInput is an action item a decision asks for.
type ActionInput struct {
	Title             string       `json:"title"`
	ResponsibleUnitID int64        `json:"responsible_unit_id"`
	DueOn             workday.Date `json:"due_on"`
	CaseIDs           []int64      `json:"case_ids"`
}

// RevisionInput corrects confirmed minutes; the reason is required.
type RevisionInput struct {
	Body    string `json:"body"`
	Reason  string `json:"reason"`
	Version *int   `json:"version"`
}

// validate checks the draft against the meeting's sensitivity.
func (in *MinutesInput) validate(m Meeting) error {
	s := m.Sensitivity
	in.Body = strings.TrimSpace(in.Body)
	f := apperr.Fields{}
	in.checkSections(f, m)
	checkText(f, "body", in.Body, false, 50000)
	noContent(f, s, "body", in.Body)
	if len(in.Decisions) > MaxDecisions {
		f.Add("decisions", "meeting.decisions_too_many")
		return limitErr(f)
	}
	for i := range in.Decisions {
		d := &in.Decisions[i]
		d.Text = strings.TrimSpace(d.Text)
		p := fmt.Sprintf("decisions[%d].", i)
		// A decision's text is content: of a meeting that keeps its
		// register entry only, a decision is the action items it asks
		// for (unit, due date, cases), whose titles the items refuse.
		if s.HoldsContent() {
			checkText(f, p+"text", d.Text, true, 2000)
		} else {
			noContent(f, s, p+"text", d.Text)
		}
		if len(d.ActionItems) > MaxDecisionActions {
			f.Add(p+"action_items", "meeting.actions_too_many")
			continue
		}
		for j, ac := range d.ActionItems {
			if ac.ResponsibleUnitID == 0 && d.UnitID != nil {
				ac.ResponsibleUnitID = *d.UnitID
				d.ActionItems[j].ResponsibleUnitID = ac.ResponsibleUnitID
			}
			n := followup.NewAction{Title: ac.Title, ResponsibleUnitID: ac.ResponsibleUnitID, DueOn: ac.DueOn, CaseIDs: ac.CaseIDs, Sensitivity: s}
			for k, code := range n.Validate() {
				f.Add(fmt.Sprintf("%saction_items[%d].%s", p, j, k), code)
			}
			d.ActionItems[j].Title = n.Title
			if hasDup(ac.CaseIDs) {
				f.Add(fmt.Sprintf("%saction_items[%d].case_ids", p, j), "meeting.case_twice")
			}
		}
	}
	return limitErr(f)
}

// limitErr is invalid(f) carrying the limits its messages name.
func limitErr(f apperr.Fields) error {
	err := invalid(f)
	if ae, ok := apperr.As(err); ok {
		ae.Args = map[string]any{"MaxDecisions": MaxDecisions, "MaxActions": MaxDecisionActions}
	}
	return err
}

// checkLimits refuses minutes saved before the limits existed: confirming
// them would create more action items than one set of minutes may.
func checkLimits(mi *Minutes) error {
	f := apperr.Fields{}
	if len(mi.Decisions) > MaxDecisions {
		f.Add("decisions", "meeting.decisions_too_many")
	}
	for i, d := range mi.Decisions {
		if len(d.ActionItems) > MaxDecisionActions {
			f.Add(fmt.Sprintf("decisions[%d].action_items", i), "meeting.actions_too_many")
		}
	}
	return limitErr(f)
}

// mayRecord reports whether a may write the minutes: an editor of the
// meeting or its recorder.
func mayRecord(a account.Actor, m Meeting, att []Attendee) bool {
	if a.Can(account.ActEdit, m.Scope(att)) {
		return true
	}
	return slices.ContainsFunc(att, func(x Attendee) bool { return x.Role == RoleRecorder && x.UserID != nil && *x.UserID == a.UserID })
}

// SaveMinutes writes the draft minutes (creating them on first save). It
// clears earlier sign-offs; confirmed minutes are locked (409).
func (s *Service) SaveMinutes(ctx context.Context, a account.Actor, id int64, in MinutesInput) (*Minutes, error) {
	var out *Minutes
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		m, att, err := s.view(ctx, a, id)
		if err != nil {
			return err
		}
		if !mayRecord(a, m, att) {
			return apperr.E(apperr.Forbidden, "forbidden")
		}
		if m.Status == Cancelled {
			return apperr.E(apperr.Conflict, "meeting.cancelled")
		}
		if err := in.validate(m); err != nil {
			return err
		}
		mi, err := s.store.Minutes(ctx, id)
		if err != nil {
			return err
		}
		if err := s.checkActionRefs(ctx, a, in.Decisions, mi); err != nil {
			return err
		}
		// what was typed is checked first, so that the answer names every
		// fault at once; the window then refuses a valid draft too early
		if err := s.openMinutes(m); err != nil {
			return err
		}
		now := s.Now()
		var before any
		if mi != nil {
			before = minutesState(m, *mi)
		}
		if mi == nil {
			mi = &Minutes{MeetingID: id, Status: MinutesDraft, Version: 1, CreatedAt: now}
		} else if mi.Status == MinutesConfirmed {
			return apperr.E(apperr.Conflict, "meeting.minutes_locked")
		}
		if in.Version != nil && *in.Version != mi.Version {
			return apperr.ConflictVersion()
		}
		mi.Body, mi.Scope, mi.Analysis, mi.Opinion, mi.UpdatedAt = in.Body, in.Scope, in.Analysis, in.Opinion, now
		if a.UserID > 0 {
			uid := a.UserID
			mi.UpdatedBy = &uid
		}
		mi.Decisions = make([]Decision, len(in.Decisions))
		for i, d := range in.Decisions {
			mi.Decisions[i] = Decision{Text: d.Text, UnitID: d.UnitID, ActionItems: make([]DecisionAction, len(d.ActionItems))}
			for j, ac := range d.ActionItems {
				mi.Decisions[i].ActionItems[j] = DecisionAction{Title: ac.Title, ResponsibleUnitID: ac.ResponsibleUnitID, DueOn: ac.DueOn, CaseIDs: dedupe(ac.CaseIDs)}
			}
		}
		if err := s.store.SaveMinutes(ctx, mi, mi.Version); err != nil {
			return err
		}
		if out, err = s.store.Minutes(ctx, id); err != nil {
			return err
		}
		out.Pending = pendingSignOffs(m, out.SignOffs)
		if err := s.announceMinutes(ctx, a, m, out); err != nil {
			return err
		}
		return s.Accounts.AuditChange(ctx, a, "meeting.minutes.save", "meeting", id, before, minutesState(m, *out), map[string]any{"decisions": len(in.Decisions)})
	})
	return out, err
}

// checkActionRefs verifies the responsible units (one query) and that the
// actor may see the cases, but for those the current draft (mi, may be
// nil) links already.
func (s *Service) checkActionRefs(ctx context.Context, a account.Actor, ds []DecisionInput, mi *Minutes) error {
	var units, cases []int64
	for _, d := range ds {
		if d.UnitID != nil {
			units = append(units, *d.UnitID)
		}
		for _, ac := range d.ActionItems {
			units = append(units, ac.ResponsibleUnitID)
			cases = append(cases, ac.CaseIDs...)
		}
	}
	units, cases = dedupe(units), dedupe(cases)
	if len(units) > 0 {
		um, err := s.Accounts.UnitsByIDs(ctx, units)
		if err != nil {
			return err
		}
		for _, id := range units {
			if u, ok := um[id]; !ok || !u.Active {
				return fieldErr("decisions.action_items.responsible_unit_id", "unit.unknown")
			}
		}
	}
	var had []int64
	if mi != nil {
		for _, d := range mi.Decisions {
			for _, ac := range d.ActionItems {
				had = append(had, ac.CaseIDs...)
			}
		}
	}
	return s.checkCases(ctx, a, "decisions.action_items.case_ids", cases, had)
}

// pendingSignOffs are the co-organising units that have not signed.
func pendingSignOffs(m Meeting, sos []SignOff) []int64 {
	out := []int64{}
	for _, u := range m.CoUnitIDs {
		if !slices.ContainsFunc(sos, func(so SignOff) bool { return so.UnitID == u }) {
			out = append(out, u)
		}
	}
	return out
}

// SignOff records the 会签 of the actor's unit, which must co-organise (or
// convene) the meeting; the actor must be allowed to edit it.
func (s *Service) SignOff(ctx context.Context, a account.Actor, id int64) (*Minutes, error) {
	var out *Minutes
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		m, _, err := s.edit(ctx, a, id)
		if err != nil {
			return err
		}
		if !slices.Contains(m.Owners(), a.UnitID) || a.Role != account.RoleSecretary {
			return apperr.E(apperr.Forbidden, "forbidden")
		}
		if m.Status == Cancelled {
			return apperr.E(apperr.Conflict, "meeting.cancelled")
		}
		mi, err := s.store.Minutes(ctx, id)
		if err != nil {
			return err
		}
		if mi == nil {
			return apperr.E(apperr.Invalid, "meeting.minutes_missing")
		}
		if mi.Status == MinutesConfirmed {
			return apperr.E(apperr.Conflict, "meeting.minutes_confirmed")
		}
		before := minutesState(m, *mi)
		uid := a.UserID
		if err := s.store.AddSignOff(ctx, &SignOff{MinutesID: mi.ID, UnitID: a.UnitID, UserID: &uid, SignedAt: s.Now()}); err != nil {
			return err
		}
		if out, err = s.store.Minutes(ctx, id); err != nil {
			return err
		}
		out.Pending = pendingSignOffs(m, out.SignOffs)
		return s.Accounts.AuditChange(ctx, a, "meeting.minutes.sign_off", "meeting", id, before, minutesState(m, *out), map[string]any{"unit_id": a.UnitID})
	})
	return out, err
}

// ConfirmMinutes confirms the draft for the convening unit (its confirm is
// its own sign-off). Every current co-organising unit must have signed (and
// none can have been removed since the draft was written: owners.go). In
// the same transaction it creates the decisions' action items and locks the
// minutes; confirming twice, or the minutes of a cancelled meeting, is a
// conflict.
func (s *Service) ConfirmMinutes(ctx context.Context, a account.Actor, id int64) (*Minutes, error) {
	var out *Minutes
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		m, _, err := s.edit(ctx, a, id)
		if err != nil {
			return err
		}
		if a.UnitID != m.ConveningUnitID && a.Role != account.RoleAdmin {
			return apperr.E(apperr.Forbidden, "meeting.confirm_convener_only")
		}
		if m.Status == Cancelled {
			return apperr.E(apperr.Conflict, "meeting.cancelled")
		}
		mi, err := s.store.Minutes(ctx, id)
		if err != nil {
			return err
		}
		if mi == nil {
			return apperr.E(apperr.Invalid, "meeting.minutes_missing")
		}
		if mi.Status == MinutesConfirmed {
			return apperr.E(apperr.Conflict, "meeting.minutes_confirmed")
		}
		if err := s.openMinutes(m); err != nil {
			return err
		}
		if p := pendingSignOffs(m, mi.SignOffs); len(p) > 0 {
			return apperr.E(apperr.Invalid, "meeting.signoff_missing", "Count", len(p))
		}
		if err := checkLimits(mi); err != nil {
			return err
		}
		now := s.Now()
		// The units received their duties when the meeting decided them:
		// the items count from the meeting's day, however late the minutes
		// are confirmed (never from a day still to come). A series has no
		// one day: its minutes count from their confirmation.
		today := workday.FromTime(now)
		decided := workday.FromTime(m.Start)
		if m.RRule != "" || decided.After(today) {
			decided = today
		}
		var reqs []followup.NewAction
		var from []int64 // the requested action each of reqs comes from
		for _, d := range mi.Decisions {
			for _, ac := range d.ActionItems {
				from = append(from, ac.ID)
				reqs = append(reqs, followup.NewAction{Title: ac.Title, ResponsibleUnitID: ac.ResponsibleUnitID, IssuingUnitID: m.ConveningUnitID,
					DueOn: ac.DueOn, ReceivedOn: decided, CaseIDs: ac.CaseIDs, SourceKind: followup.FromDecision, SourceID: d.ID, Sensitivity: m.Sensitivity})
			}
		}
		old, before := mi.Version, minutesState(m, *mi)
		uid := a.UserID
		mi.Status, mi.ConfirmedAt, mi.UpdatedAt = MinutesConfirmed, &now, now
		if uid > 0 {
			mi.ConfirmedBy = &uid
		}
		if err := s.store.LockMinutes(ctx, mi, old); err != nil {
			return err
		}
		if !slices.ContainsFunc(mi.SignOffs, func(so SignOff) bool { return so.UnitID == m.ConveningUnitID }) {
			if err := s.store.AddSignOff(ctx, &SignOff{MinutesID: mi.ID, UnitID: m.ConveningUnitID, UserID: mi.ConfirmedBy, SignedAt: now}); err != nil {
				return err
			}
		}
		items, err := s.Actions.CreateActions(ctx, a, reqs)
		if err != nil {
			return err
		}
		if err := s.store.LinkCreated(ctx, from, items); err != nil {
			return err
		}
		out, err = s.store.Minutes(ctx, id)
		if err != nil {
			return err
		}
		out.Pending = []int64{}
		if err := s.announceConfirmed(ctx, a, m, out); err != nil {
			return err
		}
		return s.Accounts.AuditChange(ctx, a, "meeting.minutes.confirm", "meeting", id, before, minutesState(m, *out), map[string]any{"action_items": len(items)})
	})
	return out, err
}

// ReviseMinutes corrects confirmed minutes: a new revision keeps the old
// text and the reason. Decisions and their action items stay as confirmed.
// The minutes of a cancelled meeting are not revised (409).
func (s *Service) ReviseMinutes(ctx context.Context, a account.Actor, id int64, in RevisionInput) (*Minutes, error) {
	in.Body, in.Reason = strings.TrimSpace(in.Body), strings.TrimSpace(in.Reason)
	var out *Minutes
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		m, att, err := s.view(ctx, a, id)
		if err != nil {
			return err
		}
		if !mayRecord(a, m, att) {
			return apperr.E(apperr.Forbidden, "forbidden")
		}
		if m.Status == Cancelled {
			return apperr.E(apperr.Conflict, "meeting.cancelled")
		}
		f := apperr.Fields{}
		checkText(f, "body", in.Body, false, 50000)
		noContent(f, m.Sensitivity, "body", in.Body)
		checkText(f, "reason", in.Reason, true, 500)
		noContent(f, m.Sensitivity, "reason", in.Reason)
		if err := invalid(f); err != nil {
			return err
		}
		mi, err := s.store.Minutes(ctx, id)
		if err != nil {
			return err
		}
		if mi == nil || mi.Status != MinutesConfirmed {
			return apperr.E(apperr.Conflict, "meeting.minutes_not_confirmed")
		}
		if in.Version != nil && *in.Version != mi.Version {
			return apperr.ConflictVersion()
		}
		now, before := s.Now(), minutesState(m, *mi)
		r := &Revision{MinutesID: mi.ID, Revision: mi.Revision + 1, OldBody: mi.Body, NewBody: in.Body, Reason: in.Reason, CreatedAt: now}
		if a.UserID > 0 {
			uid := a.UserID
			r.CreatedBy, mi.UpdatedBy = &uid, &uid
		}
		mi.Body, mi.Revision, mi.UpdatedAt = in.Body, r.Revision, now
		if err := s.store.Revise(ctx, mi, r, mi.Version); err != nil {
			return err
		}
		if out, err = s.store.Minutes(ctx, id); err != nil {
			return err
		}
		out.Pending = []int64{}
		return s.Accounts.AuditChange(ctx, a, "meeting.minutes.revise", "meeting", id, before, minutesState(m, *out), map[string]any{"revision": r.Revision})
	})
	return out, err
}

// refuseHeldContent refuses to make a meeting sensitive or classified
// while it still holds content: agenda titles, minutes text, decisions or
// their earlier revisions, attendees' comments, outside guests or reasons
// given for changed occurrences (its own fields are checked with the
// patch). Such matters keep only their register entry.
func (s *Service) refuseHeldContent(ctx context.Context, id int64, att []Attendee) error {
	refuse := fieldErr("sensitivity", account.NoContentCode)
	for _, x := range att {
		if x.Comment != "" || x.UserID == nil {
			return refuse
		}
	}
	items, err := s.store.agendaItems(ctx, id)
	if err != nil {
		return err
	}
	for _, it := range items {
		if it.Title != "" {
			return refuse
		}
	}
	if held, err := s.heldFiles(ctx, id); err != nil { // files.go
		return err
	} else if held {
		return refuse
	}
	mi, err := s.store.Minutes(ctx, id)
	if err != nil {
		return err
	}
	if mi != nil && (mi.Body != "" || len(mi.Decisions) > 0 || len(mi.Revisions) > 0) {
		return refuse
	}
	ov, err := s.store.Occurrences(ctx, []int64{id})
	if err != nil {
		return err
	}
	for _, o := range ov[id] {
		if o.Reason != "" {
			return refuse
		}
	}
	return nil
}
