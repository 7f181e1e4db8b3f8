package casefile

import (
	"context"
	"slices"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/followup"
	"liaison/app/workday"
)

// The justice bureau's feedback duty. The source has the procuratorate
// tell the justice bureau of the 违法苗头性、倾向性问题 it finds (a clue),
// which the bureau corrects under the enforcement-supervision procedure;
// and copy a suggestion's typical problems (典型问题抄送区司法局), on which
// the bureau reports its handling to the procuratorate in writing. Each is
// an action item for the justice bureau, verified by the procuratorate,
// due after Timers.Feedback (admins set it), so it counts in the
// reminders, lists and work queues like every item.

// clueDuty creates the justice bureau's item for a clue the procuratorate
// notified to it; other notifications owe nothing.
func (s *Service) clueDuty(ctx context.Context, a account.Actor, c Case, n Notification) error {
	if n.Stage != NoteClue {
		return nil
	}
	units, err := s.Accounts.UnitsByIDs(ctx, []int64{n.FromUnitID, n.ToUnitID})
	if err != nil {
		return err
	}
	if units[n.FromUnitID].Kind != account.KindProcuratorate || units[n.ToUnitID].Kind != account.KindJusticeBureau {
		return nil
	}
	title := "线索处理反馈：" + c.Number
	if c.Sensitivity == account.Classified {
		title = ""
	}
	return s.feedbackItem(ctx, a, followup.NewAction{Title: title, ResponsibleUnitID: n.ToUnitID, IssuingUnitID: n.FromUnitID,
		CaseIDs: []int64{c.ID}, SourceKind: followup.FromClue, SourceID: n.ID, Sensitivity: c.Sensitivity}, s.today())
}

// copiedProblemsDuty creates, for a suggestion whose typical problems are
// copied, the item of each copied justice bureau, counted from the issue
// (the copy goes with it). Copying problems with no justice bureau among
// the copies is refused: nobody would owe the feedback.
func (s *Service) copiedProblemsDuty(ctx context.Context, a account.Actor, d Document, copied bool) error {
	if !copied {
		return nil
	}
	if d.Type != ProcuratorialSuggestion {
		return apperr.Fields{"typical_problems_copied": "document.problems_suggestion_only"}.Err()
	}
	units, err := s.Accounts.UnitsByIDs(ctx, d.CCUnitIDs)
	if err != nil {
		return err
	}
	var bureaus []int64
	for _, id := range d.CCUnitIDs {
		if units[id].Kind == account.KindJusticeBureau {
			bureaus = append(bureaus, id)
		}
	}
	if len(bureaus) == 0 {
		return apperr.Fields{"typical_problems_copied": "document.problems_need_justice_copy"}.Err()
	}
	slices.Sort(bureaus)
	title := "典型问题处理反馈：" + d.Number
	if d.Sensitivity == account.Classified {
		title = ""
	}
	for _, b := range bureaus {
		if err := s.feedbackItem(ctx, a, followup.NewAction{Title: title, ResponsibleUnitID: b, IssuingUnitID: d.IssuingUnitID,
			CaseIDs: d.CaseIDs, SourceKind: followup.FromCopiedProblem, SourceID: d.ID, Sensitivity: d.Sensitivity}, d.IssuedOn); err != nil {
			return err
		}
	}
	return nil
}

// feedbackItem creates n due Timers.Feedback after from (the day the
// justice bureau was told).
func (s *Service) feedbackItem(ctx context.Context, a account.Actor, n followup.NewAction, from workday.Date) error {
	t, err := s.Timers(ctx)
	if err != nil {
		return err
	}
	cal, err := s.calendar(ctx)
	if err != nil {
		return err
	}
	due, err := t.Feedback.ReplyDue(cal, from)
	if err != nil {
		return err
	}
	n.DueOn, n.DueProvisional, n.ReceivedOn = due, provisional(cal, due), from
	_, err = s.Actions.CreateActions(ctx, a, []followup.NewAction{n})
	return err
}
