package meeting

import (
	"context"
	"fmt"

	"liaison/app/account"
	"liaison/app/notify"
)

// A draft is silent to its invitees, but its approval is a conversation
// between its organisers and its approver: each hears of the other's step
// in the inbox (never on a unit's group channel: nothing of a draft leaves
// the people concerned). The dedupe key names the meeting's version, so a
// second request after a return is told again.

// tellApprover tells the approver rule names that m awaits approval.
func (s *Service) tellApprover(ctx context.Context, a account.Actor, m Meeting, rule string) error {
	ev := meetingEvent(m, "meeting.approval_requested", fmt.Sprintf("meeting.approval_requested:%d:%d", m.ID, m.Version), a)
	ev.PeopleOnly = true
	switch rule {
	case RuleChair:
		if m.ChairUserID == nil {
			return nil
		}
		ev.Users = []int64{*m.ChairUserID}
	case RuleLeader:
		ev.Units, ev.Roles = []int64{m.ConveningUnitID}, []account.Role{account.RoleLeader}
	default:
		return nil
	}
	return s.tellDraft(ctx, ev)
}

// tellOrganisers tells m's organising units' secretaries the approver's
// answer, with the reason of a return.
func (s *Service) tellOrganisers(ctx context.Context, a account.Actor, m Meeting) error {
	ev := meetingEvent(m, "meeting.approval_decided", fmt.Sprintf("meeting.approval_decided:%d:%d", m.ID, m.Version), a)
	ev.PeopleOnly = true
	ev.Title = "notify.ev.meeting.approval_" + string(m.Approval)
	if m.ApprovalReason != "" {
		ev.Body, ev.Args["Reason"] = "notify.ev.meeting.approval_reason", m.ApprovalReason
	}
	ev.Units, ev.Roles = m.Owners(), []account.Role{account.RoleSecretary}
	return s.tellDraft(ctx, ev)
}

// tellDraft announces ev of a draft (announce itself stays silent for drafts).
func (s *Service) tellDraft(ctx context.Context, ev notify.Event) error {
	if s.Notifier == nil {
		return nil
	}
	return s.Notifier.Announce(ctx, ev)
}
