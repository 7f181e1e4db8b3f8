package subscribe

import (
	"context"
	"fmt"
	"strings"
	"time"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/calendar"
	"liaison/app/meeting"
	"liaison/app/notify"
)

// The invitation reconciler.
//
// Invitations must follow every change of a meeting (scheduled, moved,
// cancelled, an attendee added or removed) whichever code path made it, and
// the meeting package does not (and should not) know about mail. So the
// reconciler compares what each recipient last received (invite_recipients)
// with the meeting as it now is, and enqueues the difference:
//
//   - an attendee with an email who has received nothing, or whose last
//     REQUEST reflects an older meeting sequence, or was removed earlier and
//     is invited again → REQUEST;
//   - a recipient who holds an invitation but is no longer an attendee →
//     CANCEL for them alone (calendar.CancelFor);
//   - a cancelled meeting → CANCEL to everyone who holds an invitation.
//
// When it runs. Every invitation-relevant meeting change enqueues a job
// "reconcile meeting N" inside its own transaction (InvitationHook, the
// meeting service's hook, on River via notify.EnqueueTask), so the job
// exists if and only if the change commits, and mail follows within
// seconds. A periodic sweep (every ReconcileEvery, once across instances)
// stays as the safety net: it reconciles every meeting whose audit trail
// grew since its last run, which also covers changes made while no job
// engine ran (the demo loader, a command-line tool).
//
// No lost mail: the change and its audit row commit together, and the sweep
// re-reads a window overlapping the previous run (reconcileOverlap), so a
// change committed late is still seen; the watermark only moves after a
// successful run. No duplicated mail: one meeting is reconciled under the
// lock of its invite_sequences row, so two reconcilers of it (the job and
// the sweep, or two instances) take turns and the second finds nothing left
// to do; every message also has a deterministic dedupe key (meeting UID,
// recipient, kind, SEQUENCE) that notify.Enqueue records once, and notify's
// sent-log does the same for delivery.
//
// SEQUENCE (calendar rule 5, in package calendar's doc), the rule chosen. A client ignores a message
// whose SEQUENCE is not above the one it holds, so every message to one
// recipient must carry a SEQUENCE strictly greater than their previous one;
// and what anyone can download (invite.ics, feeds) must never be below what
// a recipient already holds, or their client would see the meeting go back.
// The meeting's own sequence grows only with changes sent to everyone (time,
// place, status), not when one attendee is removed or invited again. So the
// SEQUENCE published everywhere is one number per meeting: the meeting's
// sequence plus a bump (invite_sequences), and a message to one person that
// would not be newer than what they hold raises the bump just enough. The
// bump only grows, so the published SEQUENCE never goes back, is the same in
// mail, invite.ics and feeds, and is never below what anyone holds; other
// attendees are not mailed for a bump (their next message simply carries
// the higher number). Each recipient row keeps the SEQUENCE they last got
// and the meeting sequence it reflected, which decides who needs an update.

// reconcileOverlap is how far each sweep re-reads before its watermark.
const reconcileOverlap = 2 * time.Minute

// firstRunWindow is how far back the very first run looks; older meetings
// were scheduled before invitations existed.
const firstRunWindow = time.Hour

const watermarkReconcile = "reconcile"

// Reconcile is the sweep: it sends the invitations that changes since its
// last run call for and returns how many mails it recorded.
func (s *Service) Reconcile(ctx context.Context) (int, error) {
	start := s.Now()
	wm, err := s.store.Watermark(ctx, watermarkReconcile)
	if err != nil {
		return 0, err
	}
	if wm.IsZero() {
		wm = start.Add(-firstRunWindow)
	}
	ids, err := s.store.ChangedMeetings(ctx, wm.Add(-reconcileOverlap), 10000)
	if err != nil {
		return 0, err
	}
	n, err := s.ReconcileMeetings(ctx, ids)
	if err != nil {
		return n, err
	}
	return n, s.store.SetWatermark(ctx, watermarkReconcile, start)
}

// ReconcileMeetings reconciles the given meetings, each in its own
// transaction.
func (s *Service) ReconcileMeetings(ctx context.Context, ids []int64) (int, error) {
	total := 0
	for _, id := range ids {
		n := 0
		err := s.DB.WithTx(ctx, func(ctx context.Context) error {
			var err error
			n, err = s.reconcileMeeting(ctx, id)
			return err
		})
		if apperr.KindOf(err) == apperr.Invalid {
			// A meeting the calendar cannot express (say an override a
			// later rule change orphaned) must not hold up everyone
			// else's invitations; it is retried with its next change.
			s.Log.Warn("invitations: meeting skipped", "meeting_id", id, "err", err)
			continue
		}
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}

// reconcileMeeting takes the meeting's lock first, then reads it: what it
// sees is at least as new as what any reconciler before it saw.
func (s *Service) reconcileMeeting(ctx context.Context, id int64) (int, error) {
	bump, ok, err := s.store.LockBump(ctx, id)
	if err != nil || !ok {
		return 0, err // !ok: the meeting is gone
	}
	ids := []int64{id}
	ms, ov, err := s.store.MeetingsByIDs(ctx, ids)
	if err != nil || len(ms) == 0 {
		return 0, err
	}
	att, err := s.store.Attendees(ctx, ids)
	if err != nil {
		return 0, err
	}
	recs, err := s.store.Recipients(ctx, ids)
	if err != nil {
		return 0, err
	}
	m := &ms[0]
	m.SeqOffset = bump
	return s.reconcileOne(ctx, m, ov[id], att[id], recs[id])
}

// normEmail is the address a recipient is keyed by; "" when unusable.
func normEmail(e string) string {
	e = strings.ToLower(strings.TrimSpace(e))
	if !notify.ValidEmail(e) {
		return ""
	}
	return e
}

// planned is one message the reconciler is about to send.
type planned struct {
	r       recipient
	variant string         // invite | update | cancel | removed | occ_move | occ_cancel
	att     *attendeeRow   // for REQUESTs
	occ     *occurrenceRow // for occ_move and occ_cancel
}

// lastOccurrenceChange is the occurrence whose move or cancellation made
// the meeting's current sequence (it took the new sequence, see
// meeting.changeOccurrence), or nil when the last change was another one.
func lastOccurrenceChange(m *meetingRow, ov []occurrenceRow) *occurrenceRow {
	for i := range ov {
		if ov[i].Sequence == m.Sequence {
			return &ov[i]
		}
	}
	return nil
}

// plan lists the messages meeting m calls for. A recipient who holds the
// version just before a single occurrence was moved or cancelled gets a
// message about that occurrence alone (RECURRENCE-ID): a whole-series
// update would make Outlook ask everyone to answer again, and simpler
// clients ignore a new EXDATE and keep the occurrence.
func (s *Service) plan(m *meetingRow, ov []occurrenceRow, att []attendeeRow, recs []recipient, now time.Time) []planned {
	occ := lastOccurrenceChange(m, ov)
	var out []planned
	if m.Status == string(meeting.Draft) {
		return nil // a draft (草稿) sends nothing until it is issued
	}
	if m.Status == string(meeting.Cancelled) {
		for _, r := range recs {
			if r.State == "invited" {
				out = append(out, planned{r: r, variant: "cancel"})
			}
		}
		return out
	}
	if m.SeriesEndAt.Before(now) {
		return nil // over: nobody needs mail about it any more
	}
	current := map[string]attendeeRow{}
	for _, a := range att {
		if _, dup := current[a.Email]; a.Email != "" && !dup {
			current[a.Email] = a
		}
	}
	known := map[string]recipient{}
	for _, r := range recs {
		known[r.Email] = r
	}
	for i, a := range att {
		if a.Email == "" || current[a.Email].ID != a.ID {
			continue
		}
		r, ok := known[a.Email]
		p := planned{r: r, variant: "invite", att: &att[i]}
		switch {
		case !ok:
			p.r = recipient{MeetingID: m.ID, Email: a.Email, Sequence: -1}
		case r.State != "invited":
			p.r.Round++
		case r.MeetingSequence == m.Sequence-1 && occ != nil:
			p.variant, p.occ = "occ_move", occ
			if occ.Status == string(meeting.Cancelled) {
				p.variant = "occ_cancel"
			}
		case r.MeetingSequence < m.Sequence:
			p.variant = "update"
		default:
			continue
		}
		out = append(out, p)
	}
	for _, r := range recs {
		if _, still := current[r.Email]; r.State == "invited" && !still {
			out = append(out, planned{r: r, variant: "removed"})
		}
	}
	return out
}

func (s *Service) reconcileOne(ctx context.Context, m *meetingRow, ov []occurrenceRow, att []attendeeRow, recs []recipient) (int, error) {
	now := s.Now()
	for i := range att {
		att[i].Email = normEmail(att[i].Email)
	}
	todo := s.plan(m, ov, att, recs, now)
	if len(todo) == 0 {
		return 0, nil
	}
	// Every message must be newer than what its recipient holds: raise the
	// bump just enough (a new recipient holds nothing: Sequence -1).
	need := m.Sequence + m.SeqOffset
	for _, p := range todo {
		need = max(need, p.r.Sequence+1)
	}
	if bump := need - m.Sequence; bump > m.SeqOffset {
		if err := s.store.SetBump(ctx, m.ID, bump); err != nil {
			return 0, err
		}
		m.SeqOffset = bump
	}
	seq := m.Sequence + m.SeqOffset
	ev := s.event(m, ov, att)
	s.noMailReplies(&ev)
	if m.Sensitivity != string(account.Ordinary) {
		// The mail body of a sensitive or classified meeting is neutral
		// (mail.go), and its calendar part must not say more.
		ev.Neutral = s.t("feed.mail.neutral_summary")
	}
	sent := 0
	for _, p := range todo {
		var (
			ics []byte
			err error
		)
		r, to, name, userID := p.r, p.r.Email, p.r.Name, (*int64)(nil)
		switch p.variant {
		case "cancel":
			ics, err = calendar.Invite(ev, calendar.Cancel, now)
			r.State = "cancelled"
		case "removed":
			ics, err = calendar.CancelFor(ev, []calendar.Attendee{{Person: calendar.Person{Name: r.Name, Email: r.Email}}}, now)
			r.State = "removed"
		case "occ_cancel", "occ_move":
			if p.variant == "occ_cancel" {
				ics, err = calendar.CancelOccurrence(ev, p.occ.OriginalStart, now)
			} else {
				ics, err = calendar.RequestOccurrence(ev, p.occ.OriginalStart, now)
			}
			name, userID = p.att.Name, p.att.UserID
			r.UserID, r.Name, r.MeetingSequence = p.att.UserID, p.att.Name, m.Sequence
		default:
			ics, err = calendar.Invite(ev, calendar.Request, now)
			name, userID = p.att.Name, p.att.UserID
			r.UserID, r.Name, r.State, r.MeetingSequence = p.att.UserID, p.att.Name, "invited", m.Sequence
		}
		if err != nil {
			return sent, err
		}
		key := fmt.Sprintf("%s|%s|%s|s%d", p.variant, m.UID, to, seq)
		mm := m
		if p.occ != nil { // the mail says which occurrence, at its time now
			c := *m
			c.StartAt, c.EndAt, mm = p.occ.StartAt, p.occ.EndAt, &c
		}
		ml, err := s.mail(ctx, mm, p.variant, key, to, name, ics, seq, userID)
		if err != nil {
			return sent, err
		}
		ok, err := s.Notify.Enqueue(ctx, ml)
		if err != nil {
			return sent, err
		}
		if ok {
			sent++
		}
		r.Sequence, r.UpdatedAt = seq, now
		if err := s.store.SaveRecipient(ctx, &r); err != nil {
			return sent, err
		}
	}
	return sent, nil
}
