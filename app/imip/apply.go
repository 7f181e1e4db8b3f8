package imip

import (
	"context"
	"errors"
	"slices"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/meeting"
)

// Reasons a reply is refused or left unmatched (message keys; the admin
// page shows them).
const (
	reasonUnknownMeeting = "imip.reason.unknown_meeting"
	reasonNoAttendee     = "imip.reason.no_attendee"
	reasonSenderMismatch = "imip.reason.sender_mismatch"
	reasonNotInvited     = "imip.reason.not_invited"
	reasonNoAccount      = "imip.reason.no_account"
	reasonStale          = "imip.reason.stale_sequence"
	reasonOccurrence     = "imip.reason.occurrence"
	reasonPartStat       = "imip.reason.partstat"
	reasonDelegate       = "imip.reason.delegate_unknown"
	reasonDMARC          = "imip.reason.dmarc_fail"
)

// answers maps PARTSTAT onto the answers the RSVP page offers.
var answers = map[string]meeting.Answer{
	"ACCEPTED": meeting.Accepted, "DECLINED": meeting.Declined,
	"TENTATIVE": meeting.Tentative, "DELEGATED": meeting.Delegated,
}

// refusal is an RSVP the meeting service refused; the transaction that
// tried it is rolled back and the refusal recorded in a new one.
type refusal struct{ code string }

func (r refusal) Error() string { return r.code }

// handle claims one message and applies or records it, in one
// transaction with the claim, and returns its outcome. A message another
// pass claimed first returns "" and is left alone.
func (s *Service) handle(ctx context.Context, mb *mailbox, key string, uid uint32, raw []byte) (string, error) {
	reply, reason := ParseReply(raw)
	rec := Record{ClaimKey: key, Folder: mb.folder, UIDValidity: int64(mb.uidValidity), UID: int64(uid),
		Sender: reply.From, Outcome: Claimed, ProcessedAt: s.now()}
	if !reply.SentAt.IsZero() {
		t := reply.SentAt.UTC()
		rec.SentAt = &t
	}
	if reason == "" && reply.UID != "" {
		seq := reply.Sequence
		rec.Sequence = &seq
	}
	outcome := ""
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		ok, err := s.store.Claim(ctx, &rec)
		if err != nil || !ok {
			return err
		}
		if reason != "" {
			rec.Outcome, rec.Reason = Unmatched, reason
		} else if err := s.apply(ctx, reply, &rec); err != nil {
			return err
		}
		outcome = rec.Outcome
		return s.store.Finish(ctx, &rec)
	})
	var ref refusal
	if errors.As(err, &ref) {
		rec.Outcome, rec.Reason = Refused, ref.code
		err = s.db.WithTx(ctx, func(ctx context.Context) error {
			ok, err := s.store.Claim(ctx, &rec)
			if ok {
				outcome = Refused
			}
			return err
		})
	}
	if err != nil {
		return "", err
	}
	if outcome != "" && outcome != Applied {
		s.log.Info("imip: reply not applied", "outcome", outcome, "reason", rec.Reason, "meeting_id", rec.MeetingID)
	}
	return outcome, nil
}

// apply matches the reply with its meeting and attendee, refuses forgeries
// and stale answers, and gives the answer through meeting.Service.RSVP as
// the attendee. It sets rec's outcome; an error is a refusal by the
// meeting service (refusal) or a failure.
func (s *Service) apply(ctx context.Context, reply Reply, rec *Record) error {
	set := func(outcome, reason string) error {
		rec.Outcome, rec.Reason = outcome, reason
		return nil
	}
	m, ok, err := s.store.MeetingByUID(ctx, reply.UID)
	if err != nil {
		return err
	}
	if !ok {
		return set(Unmatched, reasonUnknownMeeting)
	}
	rec.MeetingID = &m.ID
	if len(reply.Attendees) == 0 {
		return set(Refused, reasonNoAttendee)
	}
	// The answer is the sender's own: a reply names the attendee who
	// answers (a delegation names the delegate too, as DELEGATED-FROM),
	// and only a line for the From address may be applied.
	i := slices.IndexFunc(reply.Attendees, func(a ReplyAttendee) bool { return a.Email == reply.From })
	if reply.From == "" || i < 0 {
		rec.Attendee = reply.Attendees[0].Email
		return set(Refused, reasonSenderMismatch)
	}
	att := reply.Attendees[i]
	rec.Attendee, rec.PartStat = att.Email, att.PartStat
	if reply.DMARCFail {
		// The mail server says the From address is forged.
		return set(Refused, reasonDMARC)
	}
	inv, ok, err := s.store.Invitee(ctx, m.ID, att.Email)
	if err != nil {
		return err
	}
	if !ok {
		return set(Refused, reasonNotInvited)
	}
	if inv.UserID == nil {
		// Outside guests answer to the secretary; Liaison keeps no answer
		// for them.
		return set(Unmatched, reasonNoAccount)
	}
	// Stale: older than the last invitation this person was sent (an
	// answer to a time that has since changed), or, when none was mailed,
	// older than the meeting's own sequence.
	last, invited, sent, err := s.store.LastSent(ctx, m.ID, att.Email)
	if err != nil {
		return err
	}
	if sent && !invited {
		return set(Refused, reasonNotInvited)
	}
	if (!sent && reply.Sequence < m.Sequence) || (sent && reply.Sequence < last) {
		return set(Refused, reasonStale)
	}
	if !reply.RecurrenceID.IsZero() {
		// Liaison keeps one answer per attendee for a whole series; an
		// answer for one occurrence is left for the secretary to read.
		return set(Unmatched, reasonOccurrence)
	}
	answer, ok := answers[att.PartStat]
	if !ok {
		return set(Refused, reasonPartStat)
	}
	in := meeting.RSVPInput{Answer: answer}
	u, kind, err := s.accounts.ActiveUser(ctx, *inv.UserID)
	if err != nil {
		return set(Refused, reasonNotInvited)
	}
	if answer == meeting.Delegated {
		id, err := s.delegate(ctx, u.UnitID, att.DelegatedTo)
		if err != nil {
			return err
		}
		if id == 0 {
			return set(Refused, reasonDelegate)
		}
		in.DelegateUserID = &id
	}
	a := account.ActorFor(u, kind)
	a.RequestID = "imip:" + rec.ClaimKey
	if _, err := s.meetings.RSVP(ctx, a, m.ID, in); err != nil {
		var ae *apperr.Error
		if errors.As(err, &ae) && ae.Kind != apperr.Internal && ae.Kind != apperr.TooMany {
			return refusal{code: ae.Code}
		}
		return err
	}
	return set(Applied, "")
}

// delegate finds the active colleague (same unit) a delegation names by
// address; 0 when none. The meeting service checks the same again.
func (s *Service) delegate(ctx context.Context, unitID int64, to []string) (int64, error) {
	if len(to) != 1 {
		return 0, nil
	}
	return s.store.Colleague(ctx, unitID, to[0])
}
