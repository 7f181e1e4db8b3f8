package meeting

import (
	"context"
	"slices"
)

// A consultation (会商研判) is the procuratorate's and the justice bureau's
// internal analysis of a case: the organ under supervision in that case is
// never one of its parties, neither as an invited person, nor as a
// co-organising unit, nor by linking its case to a consultation it already
// attends. Each path that could bring the two together asks
// checkConsultationParties and is refused with a 422 naming the rule.

// checkConsultationParties refuses, on field, a consultation whose cases
// (those of meeting meetingID, its agenda's, and cases) have as respondent
// one of units (unit ids) or of the units of users (user ids).
func (s *Service) checkConsultationParties(ctx context.Context, kind Kind, meetingID int64, cases, units, users []int64, field string) error {
	if kind != Consultation {
		return nil
	}
	all := append([]int64{}, cases...)
	if meetingID > 0 {
		linked, err := s.store.CaseIDs(ctx, meetingID)
		if err != nil {
			return err
		}
		items, err := s.store.Agenda(ctx, meetingID)
		if err != nil {
			return err
		}
		all = append(all, linked...)
		for _, it := range items {
			all = append(all, it.CaseIDs...)
		}
	}
	if len(all) == 0 || len(units)+len(users) == 0 {
		return nil
	}
	respondents, err := s.Cases.RespondentUnits(ctx, dedupe(all))
	if err != nil {
		return err
	}
	if len(users) > 0 {
		byID, err := s.Accounts.UsersByIDs(ctx, users)
		if err != nil {
			return err
		}
		for _, u := range byID {
			units = append(units, u.UnitID)
		}
	}
	for _, r := range respondents {
		if slices.Contains(units, r) {
			return fieldErr(field, "meeting.consultation_respondent")
		}
	}
	return nil
}

// attendeeUnits lists the units of a meeting's invited users.
func attendeeUnits(att []Attendee) []int64 {
	var out []int64
	for _, x := range att {
		if x.UnitID != nil {
			out = append(out, *x.UnitID)
		}
	}
	return out
}

// invitedUserIDs are the users a new meeting invites by name: the chair,
// the named attendees and experts who are users.
func (in Input) invitedUserIDs() []int64 {
	out := append([]int64{}, in.AttendeeUserIDs...)
	if in.ChairUserID != nil {
		out = append(out, *in.ChairUserID)
	}
	for _, x := range in.Experts {
		if x.UserID != nil {
			out = append(out, *x.UserID)
		}
	}
	return out
}
