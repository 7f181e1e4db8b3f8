package meeting

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"liaison/app/account"
	"liaison/app/apperr"
)

// AttendeeInput invites a user (UserID) or an outside guest (Name, Email,
// UnitName) with a role; ExpertMode (sent|invited) marks a consultation's
// expert.
type AttendeeInput struct {
	UserID     *int64 `json:"user_id"`
	Name       string `json:"name"`
	Email      string `json:"email"`
	UnitName   string `json:"unit_name"`
	Role       Role   `json:"role"`
	ExpertMode string `json:"expert_mode"`
}

// AddAttendee invites someone; inviting the same user (or guest email)
// twice is a conflict.
func (s *Service) AddAttendee(ctx context.Context, a account.Actor, id int64, in AttendeeInput) (Attendee, error) {
	f := apperr.Fields{}
	if in.Role == "" {
		in.Role = RoleRequired
	}
	if !in.Role.Valid() {
		f.Add("role", "meeting.role_invalid")
	}
	if in.ExpertMode != "" && in.ExpertMode != ExpertSent && in.ExpertMode != ExpertInvited {
		f.Add("expert_mode", "meeting.expert_mode_invalid")
	}
	g := GuestInput{Name: in.Name, Email: in.Email, UnitName: in.UnitName}
	if in.UserID == nil {
		g.fields(f, "")
	}
	if err := invalid(f); err != nil {
		return Attendee{}, err
	}
	var out Attendee
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		m, att, err := s.editOpen(ctx, a, id)
		if err != nil {
			return err
		}
		if in.ExpertMode != "" && m.Kind != Consultation {
			return fieldErr("expert_mode", "meeting.consultation_only")
		}
		if in.UserID != nil {
			if err := s.checkConsultationParties(ctx, m.Kind, m.ID, nil, nil, []int64{*in.UserID}, "user_id"); err != nil {
				return err
			}
		}
		// an outside guest's name, address and unit are content
		if err := account.ContentError(m.Sensitivity, "name", in.UserID == nil); err != nil {
			return err
		}
		if in.ExpertMode != "" && in.UserID == nil && g.UnitName == "" {
			return fieldErr("unit_name", "required") // an expert's home unit
		}
		at := &Attendee{MeetingID: id, Role: in.Role, ExpertMode: in.ExpertMode, Answer: Pending, CreatedAt: s.Now()}
		if in.UserID != nil {
			users, err := s.Accounts.UsersByIDs(ctx, []int64{*in.UserID})
			if err != nil {
				return err
			}
			u, ok := users[*in.UserID]
			if !ok || !u.Active {
				return fieldErr("user_id", "meeting.user_unknown")
			}
			if slices.ContainsFunc(att, func(x Attendee) bool { return x.UserID != nil && *x.UserID == u.ID }) {
				return &apperr.Error{Kind: apperr.Conflict, Code: "meeting.attendee_twice", Fields: map[string]string{"user_id": "meeting.attendee_twice"}}
			}
			uid, unit := u.ID, u.UnitID
			at.UserID, at.UnitID, at.Name, at.Email = &uid, &unit, u.DisplayName, u.Email
		} else {
			if g.Email != "" && slices.ContainsFunc(att, func(x Attendee) bool { return x.UserID == nil && strings.EqualFold(x.Email, g.Email) }) {
				return &apperr.Error{Kind: apperr.Conflict, Code: "meeting.attendee_twice", Fields: map[string]string{"email": "meeting.attendee_twice"}}
			}
			at.Name, at.Email, at.UnitName = g.Name, g.Email, g.UnitName
		}
		if err := s.store.AddAttendees(ctx, []*Attendee{at}); err != nil {
			return err
		}
		if err := s.announceInvited(ctx, a, m, []*Attendee{at}); err != nil {
			return err
		}
		out = *at
		if err := s.changed(ctx, m.ID); err != nil {
			return err
		}
		return s.Accounts.AuditChange(ctx, a, "meeting.attendee.add", "meeting", m.ID, nil, at.auditView(m.Sensitivity), map[string]any{"attendee_id": at.ID})
	})
	return out, err
}

// RemoveAttendee withdraws an invitation.
func (s *Service) RemoveAttendee(ctx context.Context, a account.Actor, id, attendeeID int64) error {
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		m, att, err := s.editOpen(ctx, a, id)
		if err != nil {
			return err
		}
		var before any
		if i := slices.IndexFunc(att, func(x Attendee) bool { return x.ID == attendeeID }); i >= 0 {
			before = att[i].auditView(m.Sensitivity)
		}
		if err := s.store.RemoveAttendee(ctx, id, attendeeID); err != nil {
			return err
		}
		if err := s.changed(ctx, id); err != nil {
			return err
		}
		return s.Accounts.AuditChange(ctx, a, "meeting.attendee.remove", "meeting", id, before, nil, map[string]any{"attendee_id": attendeeID})
	})
}

// RSVPInput is the caller's own answer (or, RSVPFor, the unit's for its
// person). Version, when not 0, is the meeting's version the caller read:
// an answer given to a meeting changed since (moved, re-planned) is 409.
type RSVPInput struct {
	Answer         Answer `json:"answer"`
	DelegateUserID *int64 `json:"delegate_user_id"`
	Comment        string `json:"comment"`
	Version        int    `json:"version"`
	// AnswerVersion, when given, is the invitee's answer count the caller
	// saw: an answer given meanwhile (another liaison's) makes this one a
	// 409 instead of overwriting it.
	AnswerVersion *int `json:"answer_version"`
}

// RSVP records the actor's answer; only an invited user may answer
// (others get NotFound, or Forbidden when they may see the meeting). A
// delegation names a colleague of the same unit, who is invited in the
// actor's place with the same role.
func (s *Service) RSVP(ctx context.Context, a account.Actor, id int64, in RSVPInput) (Attendee, error) {
	return s.rsvp(ctx, a, id, in, func(att []Attendee) (int, error) {
		i := slices.IndexFunc(att, func(x Attendee) bool { return x.UserID != nil && *x.UserID == a.UserID })
		if i < 0 {
			return i, apperr.E(apperr.Forbidden, "meeting.not_invited")
		}
		return i, nil
	})
}

// AnswersOpen reports whether the pages still ask for answers to m at
// now: until its last occurrence ends. After that attendance is what
// check-in and the sign-in sheet record, so the meeting page shows the
// answers given without forms. The service itself still records a late
// answer (an iMIP reply that arrives after the meeting, the demo's
// history): it is the truth of what the person said, just late.
func AnswersOpen(m Meeting, now time.Time) bool { return now.Before(m.SeriesEnd) }

// rsvp records the answer of the attendee pick chooses (receipts.go: a
// unit answering for its people).
func (s *Service) rsvp(ctx context.Context, a account.Actor, id int64, in RSVPInput, pick func([]Attendee) (int, error)) (Attendee, error) {
	in.Comment = strings.TrimSpace(in.Comment)
	f := apperr.Fields{}
	switch in.Answer {
	case Accepted, Declined, Tentative:
		if in.DelegateUserID != nil {
			f.Add("delegate_user_id", "meeting.delegate_unexpected")
		}
	case Delegated:
		if in.DelegateUserID == nil {
			f.Add("delegate_user_id", "required")
		}
	default:
		f.Add("answer", "meeting.answer_invalid")
	}
	checkText(f, "comment", in.Comment, false, 500)
	if err := invalid(f); err != nil {
		return Attendee{}, err
	}
	var out Attendee
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		m, att, err := s.view(ctx, a, id)
		if err != nil {
			return err
		}
		if m.Status == Cancelled {
			return apperr.E(apperr.Conflict, "meeting.cancelled")
		}
		if in.Version != 0 && in.Version != m.Version {
			return apperr.ConflictVersion()
		}
		if err := account.ContentError(m.Sensitivity, "comment", in.Comment != ""); err != nil {
			return err
		}
		i, err := pick(att)
		if err != nil {
			return err
		}
		me := att[i]
		if in.AnswerVersion != nil && *in.AnswerVersion != me.AnswerVersion {
			return apperr.E(apperr.Conflict, "meeting.answer_changed")
		}
		now, before := s.Now(), att[i].auditView(m.Sensitivity)
		if in.Answer == Delegated {
			if *in.DelegateUserID == *me.UserID {
				return fieldErr("delegate_user_id", "meeting.delegate_self")
			}
			users, err := s.Accounts.UsersByIDs(ctx, []int64{*in.DelegateUserID})
			if err != nil {
				return err
			}
			u, ok := users[*in.DelegateUserID]
			if !ok || !u.Active || u.UnitID != a.UnitID {
				return fieldErr("delegate_user_id", "meeting.delegate_not_colleague")
			}
			if !slices.ContainsFunc(att, func(x Attendee) bool { return x.UserID != nil && *x.UserID == u.ID }) {
				uid, unit := u.ID, u.UnitID
				d := &Attendee{MeetingID: id, UserID: &uid, UnitID: &unit, Name: u.DisplayName, Email: u.Email, Role: me.Role, Answer: Pending, CreatedAt: now}
				if err := s.store.AddAttendees(ctx, []*Attendee{d}); err != nil {
					return err
				}
				if err := s.changed(ctx, id); err != nil {
					return err
				}
			}
		}
		me.Answer, me.Comment, me.DelegateUserID, me.AnsweredAt = in.Answer, in.Comment, in.DelegateUserID, &now
		if err := s.store.AnswerAttendee(ctx, &me); err != nil {
			return err
		}
		me.local()
		out = me
		if err := s.announceDelegated(ctx, a, id, me); err != nil {
			return err
		}
		detail := map[string]any{"attendee_id": me.ID}
		if *me.UserID != a.UserID { // a unit answering for its person
			detail["for_user_id"] = *me.UserID
		}
		return s.Accounts.AuditChange(ctx, a, "meeting.rsvp", "meeting", id, before, me.auditView(m.Sensitivity), detail)
	})
	return out, err
}

// CheckIn marks attendee attendeeID present (签到 on the secretary's roster).
func (s *Service) CheckIn(ctx context.Context, a account.Actor, id, attendeeID int64) (Attendee, error) {
	var out Attendee
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		m, att, err := s.editOpen(ctx, a, id)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(att, func(x Attendee) bool { return x.ID == attendeeID })
		if i < 0 {
			return apperr.NotFoundErr("attendee")
		}
		if err := s.openCheckIn(m); err != nil {
			return err
		}
		out, err = s.checkIn(ctx, a, m.Sensitivity, att[i])
		return err
	})
	return out, err
}

// SelfCheckIn checks the actor in with the meeting's check-in code; a wrong
// code is 422 and an uninvited actor cannot check in.
func (s *Service) SelfCheckIn(ctx context.Context, a account.Actor, id int64, code string) (Attendee, error) {
	// A six-digit code can be guessed: wrong tries are counted per attendee
	// and meeting in the shared throttle table, outside the transaction
	// (which a wrong code rolls back), and stop after checkInTries.
	key := fmt.Sprintf("checkin:%d:%d", id, a.UserID)
	n, err := s.Accounts.Failures(ctx, key, checkInWindow)
	if err != nil {
		return Attendee{}, err
	}
	if n >= checkInTries {
		return Attendee{}, apperr.E(apperr.TooMany, "meeting.check_in_throttled", "Minutes", int(checkInWindow/time.Minute))
	}
	var out Attendee
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		m, att, err := s.view(ctx, a, id)
		if err != nil {
			return err
		}
		if m.Status == Cancelled {
			return apperr.E(apperr.Conflict, "meeting.cancelled")
		}
		i := slices.IndexFunc(att, func(x Attendee) bool { return x.UserID != nil && *x.UserID == a.UserID })
		if i < 0 {
			return apperr.E(apperr.Forbidden, "meeting.not_invited")
		}
		if strings.TrimSpace(code) != m.CheckInCode {
			return fieldErr("code", "meeting.check_in_code_wrong")
		}
		if err := s.openCheckIn(m); err != nil {
			return err
		}
		out, err = s.checkIn(ctx, a, m.Sensitivity, att[i])
		return err
	})
	if ae, ok := apperr.As(err); ok && len(ae.Fields) > 0 && ae.Fields["code"] == "meeting.check_in_code_wrong" {
		if ferr := s.Accounts.AddFailure(ctx, key, checkInWindow); ferr != nil {
			return out, ferr
		}
	}
	return out, err
}

// Self check-in guessing limits: checkInTries wrong codes per attendee and
// meeting within checkInWindow.
const (
	checkInTries  = 10
	checkInWindow = 15 * time.Minute
)

func (s *Service) checkIn(ctx context.Context, a account.Actor, sens account.Sensitivity, at Attendee) (Attendee, error) {
	if at.CheckedInAt != nil {
		return at, nil // checking in twice changes nothing
	}
	now, before := s.Now(), at.auditView(sens)
	at.CheckedInAt = &now
	if a.UserID > 0 {
		uid := a.UserID
		at.CheckedInBy = &uid
	}
	if err := s.store.UpdateAttendee(ctx, &at); err != nil {
		return at, err
	}
	at.local()
	return at, s.Accounts.AuditChange(ctx, a, "meeting.check_in", "meeting", at.MeetingID, before, at.auditView(sens), map[string]any{"attendee_id": at.ID})
}
