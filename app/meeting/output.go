package meeting

import (
	"context"
	"fmt"
	"strings"
	"time"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/casefile"
	"liaison/app/docnumber"
	"liaison/app/workday"
)

// OutputKind is the document a meeting of kind k issues: a joint meeting
// its 会议纪要, a consultation its 会商意见, a joint inspection its 专项监督报告.
// Each kind is numbered in its own series.
func OutputKind(k Kind) docnumber.Kind {
	switch k {
	case Consultation:
		return docnumber.Opinion
	case JointInspection:
		return docnumber.InspectionReport
	}
	return docnumber.Minutes
}

// checkSections refuses the sections of another kind's output: scope and
// the inspected units belong to a 专项监督报告, analysis and opinion to a
// 会商意见. They are content, kept off sensitive meetings as the body is.
func (in *MinutesInput) checkSections(f apperr.Fields, m Meeting) {
	report, opinion := m.Kind == JointInspection, m.Kind == Consultation
	for _, sec := range []struct {
		field string
		v     *string
		ok    bool
	}{{"scope", &in.Scope, report}, {"analysis", &in.Analysis, opinion}, {"opinion", &in.Opinion, opinion}} {
		*sec.v = strings.TrimSpace(*sec.v)
		if *sec.v != "" && !sec.ok {
			f.Add(sec.field, "meeting.section_wrong_kind")
			continue
		}
		checkText(f, sec.field, *sec.v, false, 20000)
		noContent(f, m.Sensitivity, sec.field, *sec.v)
	}
	for i, d := range in.Decisions {
		if d.UnitID != nil && !report {
			f.Add(fmt.Sprintf("decisions[%d].unit_id", i), "meeting.section_wrong_kind")
		}
	}
}

// openMinutes refuses minutes recorded or confirmed before the meeting has
// started, or of a draft never issued: there is nothing to record yet.
func (s *Service) openMinutes(m Meeting) error {
	if m.Status == Draft {
		return apperr.E(apperr.Conflict, "meeting.draft_not_held")
	}
	if s.Now().Before(m.Start) {
		return apperr.E(apperr.Invalid, "meeting.minutes_too_early", "Start", m.Start.In(workday.Shanghai()).Format("2006-01-02 15:04"))
	}
	return nil
}

// CheckInLead is how long before the start check-in opens.
const CheckInLead = 30 * time.Minute

// openCheckIn refuses check-in earlier than CheckInLead before the start,
// and on a draft nobody was invited to.
func (s *Service) openCheckIn(m Meeting) error {
	if m.Status == Draft {
		return apperr.E(apperr.Conflict, "meeting.draft_not_held")
	}
	if opens := m.Start.Add(-CheckInLead); s.Now().Before(opens) {
		return apperr.E(apperr.Invalid, "meeting.check_in_too_early", "Opens", opens.In(workday.Shanghai()).Format("2006-01-02 15:04"))
	}
	return nil
}

// IssueInput is the 签发: the signing date (成文日期; today when omitted)
// and the minutes' current version.
type IssueInput struct {
	SignedOn *workday.Date `json:"signed_on"`
	Version  *int          `json:"version"`
}

// MayIssue reports whether a may sign the output of m for issue: a
// leader of the convening unit.
func MayIssue(a account.Actor, m Meeting) bool {
	return a.Role == account.RoleLeader && a.UnitID == m.ConveningUnitID
}

// IssueMinutes records the 签发 of confirmed minutes by a leader of the
// convening unit and gives them their number in the convening unit's
// series of the output's kind and the signing year. The signing date may
// not precede the meeting nor follow today; issuing twice is a conflict.
func (s *Service) IssueMinutes(ctx context.Context, a account.Actor, id int64, in IssueInput) (*Minutes, error) {
	var out *Minutes
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		m, _, err := s.view(ctx, a, id)
		if err != nil {
			return err
		}
		if !MayIssue(a, m) {
			return apperr.E(apperr.Forbidden, "meeting.issue_leader_only")
		}
		if m.Status == Cancelled {
			return apperr.E(apperr.Conflict, "meeting.cancelled")
		}
		if in.Version == nil {
			return fieldErr("version", "required")
		}
		mi, err := s.store.Minutes(ctx, id)
		if err != nil {
			return err
		}
		if mi == nil || mi.Status != MinutesConfirmed {
			return apperr.E(apperr.Conflict, "meeting.minutes_not_confirmed")
		}
		if mi.IssuedAt != nil {
			return apperr.E(apperr.Conflict, "meeting.minutes_issued_already")
		}
		if *in.Version != mi.Version {
			return apperr.ConflictVersion()
		}
		now := s.Now()
		today, held := workday.FromTime(now), workday.FromTime(m.Start)
		signed := today
		if in.SignedOn != nil && !in.SignedOn.IsZero() {
			signed = *in.SignedOn
		}
		switch {
		case signed.Before(held):
			return apperr.E(apperr.Invalid, "meeting.signed_before_meeting", "Date", held.String())
		case signed.After(today):
			return apperr.E(apperr.Invalid, "meeting.signed_in_future")
		}
		n, err := s.Numbers.Next(ctx, m.ConveningUnitID, OutputKind(m.Kind), signed.Year)
		if err != nil {
			return err
		}
		before := minutesState(m, *mi)
		uid := a.UserID
		mi.Number, mi.DocYear, mi.DocSeq, mi.SignedOn, mi.IssuedBy, mi.IssuedAt, mi.UpdatedAt = n.Text, &n.Year, &n.Seq, &signed, &uid, &now, now
		if err := s.store.IssueMinutes(ctx, mi, mi.Version); err != nil {
			return err
		}
		if out, err = s.store.Minutes(ctx, id); err != nil {
			return err
		}
		out.Pending = []int64{}
		out.OutputKind = string(OutputKind(m.Kind))
		return s.Accounts.AuditChange(ctx, a, "meeting.minutes.issue", "meeting", id, before, minutesState(m, *out), map[string]any{"number": n.Text})
	})
	return out, err
}

// nameAgendaCases gives each agenda item its cases' 案号 from the case
// references Get resolved, so an item names its cases as the office does.
func (d *Detail) nameAgendaCases() {
	num := map[int64]string{}
	for _, r := range append(append([]casefile.Ref{}, d.Cases...), d.LinkedCases...) {
		num[r.ID] = r.Number
	}
	for i := range d.Agenda {
		it := &d.Agenda[i]
		it.CaseNumbers = make([]string, 0, len(it.CaseIDs))
		for _, id := range it.CaseIDs {
			it.CaseNumbers = append(it.CaseNumbers, num[id])
		}
	}
}
