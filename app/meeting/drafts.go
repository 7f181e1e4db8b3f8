package meeting

import (
	"context"
	"encoding/json"
	"strings"

	"liaison/app/account"
	"liaison/app/apperr"
)

// Drafts (草稿) and 发布 (issue 20 item 1). A meeting created with status
// draft is seen only by its organising units (account.Scope.Draft) and
// sends nothing: changed and announce are silent for it, feeds, reminders
// and to-do lists select scheduled meetings only. Publish makes it
// scheduled and sends the invitations creation would have sent, through
// the same hook and events, once.

// The approval states of a draft.
const (
	ApprovalNone     = ""         // none asked
	ApprovalPending  = "pending"  // 待审批
	ApprovalApproved = "approved" // 已审批
	ApprovalReturned = "returned" // 已退回
)

// The approval rules a district sets per meeting kind: who must approve a
// draft before 发布.
const (
	RuleNone   = "none"
	RuleChair  = "chair"  // the meeting's chair (主持)
	RuleLeader = "leader" // a leader of the convening unit
)

// ApprovalRules is the setting: a rule per kind (missing kinds: none).
type ApprovalRules map[Kind]string

// Validate checks kinds and rules.
func (r ApprovalRules) Validate() error {
	f := apperr.Fields{}
	for k, v := range r {
		if !k.Valid() {
			f.Add("kind", "meeting.kind_invalid")
		} else if v != RuleNone && v != RuleChair && v != RuleLeader {
			f.Add(string(k), "meeting.approval_rule_invalid")
		}
	}
	return invalid(f)
}

// SettingsStore is where the rules live (app/settings, wired in web).
type SettingsStore interface {
	Get(ctx context.Context, key string) (string, bool, error)
	Set(ctx context.Context, key, value string) error
}

const approvalKey = "meeting.approval"

// ApprovalRules returns the rule of every kind.
func (s *Service) ApprovalRules(ctx context.Context) (ApprovalRules, error) {
	out := ApprovalRules{}
	for _, k := range Kinds {
		out[k] = RuleNone
	}
	if s.Settings == nil {
		return out, nil
	}
	v, ok, err := s.Settings.Get(ctx, approvalKey)
	if err != nil || !ok {
		return out, err
	}
	var stored ApprovalRules
	if json.Unmarshal([]byte(v), &stored) == nil {
		for k, r := range stored {
			if k.Valid() && (r == RuleChair || r == RuleLeader) {
				out[k] = r
			}
		}
	}
	return out, nil
}

// SetApprovalRules changes the rules (admins); audited.
func (s *Service) SetApprovalRules(ctx context.Context, a account.Actor, in ApprovalRules) (ApprovalRules, error) {
	if !a.Can(account.ActManage, account.Scope{}) {
		return nil, apperr.E(apperr.Forbidden, "forbidden")
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if s.Settings == nil {
		return nil, apperr.E(apperr.Internal, "settings")
	}
	var out ApprovalRules
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		cur, err := s.ApprovalRules(ctx)
		if err != nil {
			return err
		}
		next := ApprovalRules{}
		for k, v := range cur {
			next[k] = v
		}
		for k, v := range in {
			next[k] = v
		}
		b, _ := json.Marshal(next)
		if err := s.Settings.Set(ctx, approvalKey, string(b)); err != nil {
			return err
		}
		out = next
		return s.Accounts.AuditChange(ctx, a, "meeting.approval_rules", "settings", 0, cur, next, nil)
	})
	return out, err
}

// draftFor is edit on a draft at version (0: unchecked): a meeting
// already issued is 409 meeting.not_draft.
func (s *Service) draftFor(ctx context.Context, a account.Actor, id int64, version int) (Meeting, []Attendee, error) {
	m, att, err := s.editOpen(ctx, a, id)
	if err != nil {
		return m, att, err
	}
	if m.Status != Draft {
		return m, att, apperr.E(apperr.Conflict, "meeting.not_draft")
	}
	if version != 0 && version != m.Version {
		return m, att, apperr.ConflictVersion()
	}
	return m, att, nil
}

// Publish issues draft id (发布): it becomes scheduled and every attendee
// is invited as on creation. Issuing twice is 409 meeting.not_draft and
// sends nothing; when the kind needs approval and the draft has none, 422
// meeting.approval_required.
func (s *Service) Publish(ctx context.Context, a account.Actor, id int64, version int) (Meeting, error) {
	var out Meeting
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		m, att, err := s.draftFor(ctx, a, id, version)
		if err != nil {
			return err
		}
		rules, err := s.ApprovalRules(ctx)
		if err != nil {
			return err
		}
		if rules[m.Kind] != RuleNone && m.Approval != ApprovalApproved {
			return apperr.E(apperr.Invalid, "meeting.approval_required")
		}
		old, prev, now := m.Version, m, s.Now()
		m.Status, m.PublishedAt, m.UpdatedAt = Scheduled, &now, now
		if err := s.numberNotice(ctx, &m); err != nil {
			return err
		}
		if err := s.store.Update(ctx, &m, old, nil, false); err != nil {
			return err
		}
		// the room may have been booked while this was a draft
		if err := s.guardRoom(ctx, a, m, nil); err != nil {
			return err
		}
		out = m
		if err := s.changed(ctx, m.ID); err != nil {
			return err
		}
		rows := make([]*Attendee, len(att))
		for i := range att {
			rows[i] = &att[i]
		}
		if err := s.announceInvited(ctx, a, m, rows); err != nil {
			return err
		}
		before, after := auditPair(prev, m)
		return s.Accounts.AuditChange(ctx, a, "meeting.publish", "meeting", m.ID, before, after, nil)
	})
	return out, err
}

// RequestApproval asks for a draft's approval (待审批): 422
// meeting.approval_not_required when its kind needs none, 409
// meeting.approval_pending when already asked or approved.
func (s *Service) RequestApproval(ctx context.Context, a account.Actor, id int64, version int) (Meeting, error) {
	var out Meeting
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		m, _, err := s.draftFor(ctx, a, id, version)
		if err != nil {
			return err
		}
		rules, err := s.ApprovalRules(ctx)
		if err != nil {
			return err
		}
		if rules[m.Kind] == RuleNone {
			return apperr.E(apperr.Invalid, "meeting.approval_not_required")
		}
		if m.Approval == ApprovalPending || m.Approval == ApprovalApproved {
			return apperr.E(apperr.Conflict, "meeting.approval_pending")
		}
		old, prev := m.Version, m
		m.Approval, m.ApprovalReason, m.ApprovalBy, m.UpdatedAt = ApprovalPending, "", nil, s.Now()
		if err := s.store.Update(ctx, &m, old, nil, false); err != nil {
			return err
		}
		out = m
		before, after := auditPair(prev, m)
		if err := s.Accounts.AuditChange(ctx, a, "meeting.approval.request", "meeting", m.ID, before, after, nil); err != nil {
			return err
		}
		return s.tellApprover(ctx, a, m, rules[m.Kind])
	})
	return out, err
}

// ApprovalDecision is an approver's answer to a pending draft.
type ApprovalDecision struct {
	Decision string `json:"decision"` // approve | return
	Reason   string `json:"reason"`   // required to return
	Version  int    `json:"version"`
}

// mayApprove reports whether a is the approver rule names for m.
func mayApprove(a account.Actor, m Meeting, rule string) bool {
	switch rule {
	case RuleChair:
		return m.ChairUserID != nil && *m.ChairUserID == a.UserID
	case RuleLeader:
		return a.Role == account.RoleLeader && a.UnitID == m.ConveningUnitID
	}
	return false
}

// DecideApproval approves or returns a pending draft. Only the approver
// of the kind's rule decides (403 for others who may see the draft, 404
// for the rest); a draft not pending is 409 meeting.approval_not_pending.
func (s *Service) DecideApproval(ctx context.Context, a account.Actor, id int64, in ApprovalDecision) (Meeting, error) {
	in.Reason = strings.TrimSpace(in.Reason)
	switch {
	case in.Decision != "approve" && in.Decision != "return":
		return Meeting{}, fieldErr("decision", "meeting.decision_invalid")
	case len([]rune(in.Reason)) > 500:
		return Meeting{}, fieldErr("reason", "too_long")
	}
	var out Meeting
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		m, err := s.store.Get(ctx, id)
		if err != nil {
			return err
		}
		att, err := s.store.Attendees(ctx, []int64{id})
		if err != nil {
			return err
		}
		rules, err := s.ApprovalRules(ctx)
		if err != nil {
			return err
		}
		if !mayApprove(a, m, rules[m.Kind]) {
			if a.Can(account.ActView, m.Scope(att[id])) {
				return apperr.E(apperr.Forbidden, "forbidden")
			}
			return apperr.NotFoundErr("meeting")
		}
		if m.Status != Draft || m.Approval != ApprovalPending {
			return apperr.E(apperr.Conflict, "meeting.approval_not_pending")
		}
		if in.Version != 0 && in.Version != m.Version {
			return apperr.ConflictVersion()
		}
		if err := account.ContentError(m.Sensitivity, "reason", in.Reason != ""); err != nil {
			return err
		}
		if in.Decision == "return" && in.Reason == "" && m.Sensitivity.HoldsContent() {
			return fieldErr("reason", "required")
		}
		old, prev, uid := m.Version, m, a.UserID
		m.Approval, m.ApprovalReason, m.ApprovalBy, m.UpdatedAt = ApprovalApproved, in.Reason, &uid, s.Now()
		if in.Decision == "return" {
			m.Approval = ApprovalReturned
		}
		if err := s.store.Update(ctx, &m, old, nil, false); err != nil {
			return err
		}
		out = m
		before, after := auditPair(prev, m)
		if err := s.Accounts.AuditChange(ctx, a, "meeting.approval."+in.Decision, "meeting", m.ID, before, after, nil); err != nil {
			return err
		}
		return s.tellOrganisers(ctx, a, m)
	})
	return out, err
}

// DraftApproval is what a draft's page offers the actor: the approval rule
// of its kind and whether the actor is its approver.
func (s *Service) DraftApproval(ctx context.Context, a account.Actor, m Meeting) (rule string, mayDecide bool, err error) {
	if m.Status != Draft {
		return RuleNone, false, nil
	}
	rules, err := s.ApprovalRules(ctx)
	if err != nil {
		return RuleNone, false, err
	}
	return rules[m.Kind], mayApprove(a, m, rules[m.Kind]), nil
}

// isDraft reports whether meeting id is a draft, inside the caller's
// transaction: changed and announce stay silent for drafts.
func (s *Service) isDraft(ctx context.Context, id int64) (bool, error) {
	st, err := s.store.StatusOf(ctx, id)
	return st == Draft, err
}
