package subscribe

import (
	"context"
	"fmt"
	"strings"
	"time"

	"liaison/app/apperr"
	"liaison/app/calendar"
	"liaison/app/notify"
)

// The invitation reconciler.
//
// Why a reconciler and not a hook in the meeting transaction: invitations
// must follow every change of a meeting (scheduled, moved, cancelled, an
// attendee added or removed) whichever code path made it, and the meeting
// package does not (and should not) know about mail. So a periodic job
// (every ReconcileEvery, River's leader schedules it once across instances;
// Reconcile may also run on demand or concurrently) compares what each
// recipient last received (invite_recipients) with the meeting as it now is,
// for the meetings changed since the last run, and enqueues the difference:
//
//   - an attendee with an email who has received nothing, or an older
//     SEQUENCE, or was removed earlier and is invited again → REQUEST;
//   - a recipient who holds an invitation but is no longer an attendee →
//     CANCEL for them alone (calendar.CancelFor);
//   - a cancelled meeting → CANCEL to everyone who holds an invitation.
//
// No lost mail: the change and its audit row commit together, and the scan
// re-reads a window overlapping the previous run (reconcileOverlap), so a
// change committed late is still seen; the watermark only moves after a
// successful run. No duplicated mail: every message has a deterministic
// dedupe key (meeting UID, recipient, kind, SEQUENCE, round), and
// notify.Enqueue records a key once, even when two instances reconcile the
// same meeting at once; notify's sent-log does the same for delivery.
// Independence: a failure here never rolls back or delays the meeting
// change itself. Latency: at most one period (plus River's scheduling).
const reconcileOverlap = 2 * time.Minute

// firstRunWindow is how far back the very first run looks; older meetings
// were scheduled before invitations existed.
const firstRunWindow = time.Hour

const watermarkReconcile = "reconcile"

// Reconcile sends the invitations changes since the last run call for and
// returns how many mails it recorded.
func (s *Service) Reconcile(ctx context.Context) (int, error) {
	start := s.Now()
	wm, err := s.Store.Watermark(ctx, watermarkReconcile)
	if err != nil {
		return 0, err
	}
	if wm.IsZero() {
		wm = start.Add(-firstRunWindow)
	}
	ids, err := s.Store.ChangedMeetings(ctx, wm.Add(-reconcileOverlap), 10000)
	if err != nil {
		return 0, err
	}
	n, err := s.ReconcileMeetings(ctx, ids)
	if err != nil {
		return n, err
	}
	return n, s.Store.SetWatermark(ctx, watermarkReconcile, start)
}

// ReconcileMeetings reconciles the given meetings (four queries to load
// them all, then one transaction per meeting).
func (s *Service) ReconcileMeetings(ctx context.Context, ids []int64) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	ms, ov, err := s.Store.MeetingsByIDs(ctx, ids)
	if err != nil {
		return 0, err
	}
	att, err := s.Store.Attendees(ctx, ids)
	if err != nil {
		return 0, err
	}
	recs, err := s.Store.Recipients(ctx, ids)
	if err != nil {
		return 0, err
	}
	total := 0
	for i := range ms {
		m := &ms[i]
		err := s.DB.WithTx(ctx, func(ctx context.Context) error {
			n, err := s.reconcileOne(ctx, m, ov[m.ID], att[m.ID], recs[m.ID])
			total += n
			return err
		})
		if apperr.KindOf(err) == apperr.Invalid {
			// A meeting the calendar cannot express (say an override a
			// later rule change orphaned) must not hold up everyone
			// else's invitations; it is retried with its next change.
			s.Log.Warn("invitations: meeting skipped", "meeting_id", m.ID, "err", err)
			continue
		}
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// normEmail is the address a recipient is keyed by; "" when unusable.
func normEmail(e string) string {
	e = strings.ToLower(strings.TrimSpace(e))
	if !notify.ValidEmail(e) {
		return ""
	}
	return e
}

func (s *Service) reconcileOne(ctx context.Context, m *meetingRow, ov []occurrenceRow, att []attendeeRow, recs []recipient) (int, error) {
	now := s.Now()
	for i := range att {
		att[i].Email = normEmail(att[i].Email)
	}
	ev := s.event(m, ov, att)
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
	sent := 0
	send := func(r recipient, ml notify.Mail) error {
		ok, err := s.Notify.Enqueue(ctx, ml)
		if err != nil {
			return err
		}
		if ok {
			sent++
		}
		r.UpdatedAt = now
		return s.Store.SaveRecipient(ctx, &r)
	}
	if ev.Status == calendar.StatusCancelled {
		for _, r := range recs {
			if r.State != "invited" {
				continue
			}
			ics, err := calendar.Invite(ev, calendar.Cancel, now)
			if err != nil {
				return sent, err
			}
			key := fmt.Sprintf("cancel|%s|%s|%d", m.UID, r.Email, m.Sequence)
			ml, _ := s.mail(ctx, m, "cancel", key, r.Email, r.Name, ics, m.ID, nil)
			r.State, r.Sequence = "cancelled", m.Sequence
			if err := send(r, ml); err != nil {
				return sent, err
			}
		}
		return sent, nil
	}
	if m.SeriesEndAt.Before(now) {
		return 0, nil // over: nobody needs mail about it any more
	}
	for _, a := range att {
		if a.Email == "" || current[a.Email].ID != a.ID {
			continue
		}
		r, ok := known[a.Email]
		kind := "invite"
		switch {
		case !ok:
			r = recipient{MeetingID: m.ID, Email: a.Email}
		case r.State != "invited":
			r.Round++
		case r.Sequence < m.Sequence:
			kind = "update"
		default:
			continue
		}
		ics, err := calendar.Invite(ev, calendar.Request, now)
		if err != nil {
			return sent, err
		}
		key := fmt.Sprintf("invite|%s|%s|%d|r%d", m.UID, a.Email, m.Sequence, r.Round)
		// notify's sent-log is unique per (meeting, recipient, kind,
		// sequence); a second round at the same sequence is keyed by the
		// dedupe key alone.
		mid := m.ID
		if r.Round > 0 {
			mid = 0
		}
		ml, err := s.mail(ctx, m, kind, key, a.Email, a.Name, ics, mid, a.UserID)
		if err != nil {
			return sent, err
		}
		r.UserID, r.Name, r.State, r.Sequence = a.UserID, a.Name, "invited", m.Sequence
		if err := send(r, ml); err != nil {
			return sent, err
		}
	}
	for _, r := range recs {
		if r.State != "invited" {
			continue
		}
		if _, still := current[r.Email]; still {
			continue
		}
		// SEQUENCE stays the meeting's: should the person be invited again
		// at this sequence, the REQUEST must not look older than the CANCEL.
		ics, err := calendar.CancelFor(ev, []calendar.Attendee{{Person: calendar.Person{Name: r.Name, Email: r.Email}}}, now)
		if err != nil {
			return sent, err
		}
		key := fmt.Sprintf("cancel-removed|%s|%s|r%d", m.UID, r.Email, r.Round)
		ml, _ := s.mail(ctx, m, "removed", key, r.Email, r.Name, ics, 0, nil)
		r.State = "removed"
		if err := send(r, ml); err != nil {
			return sent, err
		}
	}
	return sent, nil
}
