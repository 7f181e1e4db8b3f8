package meeting

import (
	"context"

	"liaison/app/account"
	"liaison/app/apperr"
)

// ExpertEdit says, from a consultation's current attendees, which expert
// invitations an edit withdraws (attendee ids) and which it sends.
type ExpertEdit func(current []Attendee) (withdraw []int64, invite []AttendeeInput)

// UpdateWithExperts changes a meeting and, when it is a consultation after
// the change, its experts as edit says, in one transaction: a refused
// expert leaves the meeting as it was rather than half saved. An expert's
// field errors come back under "experts." (experts.name, experts.email,
// experts.unit_name; anything else as "experts").
func (s *Service) UpdateWithExperts(ctx context.Context, a account.Actor, id int64, p Patch, edit ExpertEdit) (Meeting, error) {
	var m Meeting
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if m, err = s.Update(ctx, a, id, p); err != nil {
			return err
		}
		if m.Kind != Consultation || edit == nil {
			return nil
		}
		d, err := s.Get(ctx, a, id)
		if err != nil {
			return err
		}
		withdraw, invite := edit(d.Attendees)
		for _, aid := range withdraw {
			if err := s.RemoveAttendee(ctx, a, id, aid); err != nil {
				return err
			}
		}
		for _, in := range invite {
			if _, err := s.AddAttendee(ctx, a, id, in); err != nil {
				return expertFieldErr(err)
			}
		}
		return nil
	})
	return m, err
}

// expertFieldErr moves an attendee error's fields under "experts".
func expertFieldErr(err error) error {
	ae, ok := apperr.As(err)
	if !ok || ae.Fields == nil {
		return err
	}
	out := &apperr.Error{Kind: ae.Kind, Code: ae.Code, Args: ae.Args, Fields: map[string]string{}}
	for k, v := range ae.Fields {
		switch k {
		case "name", "email", "unit_name":
			out.Fields["experts."+k] = v
		default:
			out.Fields["experts"] = v
		}
	}
	return out
}
