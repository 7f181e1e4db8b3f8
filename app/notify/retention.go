package notify

import (
	"context"
	"time"
)

// SentRetention is how long a sent mail keeps its message bytes. Past it
// the body is deleted; the row itself stays as a small tombstone (kind,
// dedupe key, meeting, sequence, recipient, subject, sent time), for two
// reasons that both make a resend impossible:
//   - sent_log references the row ON DELETE CASCADE (migration 0005):
//     deleting the row would delete the sent-log proof the worker checks
//     before every send, so a late River retry of a stale job could send
//     the mail again;
//   - outbox.dedupe_key is UNIQUE and Enqueue inserts ON CONFLICT DO
//     NOTHING: it is what makes the same event enqueued again a no-op.
//
// A tombstone is a few hundred bytes against the several kilobytes of a
// MIME message with its iCalendar part. Queued, sending, failed and
// not_sent rows are never touched: a failed mail stays visible, body and
// all, until an admin retries it.
const SentRetention = 180 * 24 * time.Hour

// RetentionEvery is how often the retention job runs.
const RetentionEvery = 6 * time.Hour

// retentionBatch bounds one UPDATE, so that SQLite's single writer is never
// held for long and a PostgreSQL transaction stays short.
const retentionBatch = 500

const retentionJob = "notify.retention"

// PruneSent deletes the message bytes of mail sent more than SentRetention
// ago and reports how many rows it emptied. It is idempotent (an emptied
// row is not matched again), so River may run it twice.
func (s *Service) PruneSent(ctx context.Context) (int64, error) {
	cutoff := s.now().Add(-SentRetention)
	var total int64
	for {
		n, err := s.st.pruneSentBodies(ctx, cutoff, retentionBatch)
		total += n
		if err != nil || n < retentionBatch {
			return total, err
		}
		if err := ctx.Err(); err != nil {
			return total, err
		}
	}
}

// PruneRead deletes in-app notifications read more than ReadRetention ago
// (unread ones stay however old), and the dedupe marks of events announced
// that long ago; it reports how many notifications went. Idempotent.
func (s *Service) PruneRead(ctx context.Context) (int64, error) {
	keep := s.ReadRetention
	if keep <= 0 {
		keep = DefaultReadRetention
	}
	cutoff := s.now().Add(-keep)
	var total int64
	for {
		n, err := s.st.pruneRead(ctx, cutoff, retentionBatch)
		total += n
		if err != nil {
			return total, err
		}
		if n < retentionBatch {
			break
		}
		if err := ctx.Err(); err != nil {
			return total, err
		}
	}
	// A job is retried for hours at most; a mark older than both periods
	// guards nothing any more.
	for {
		n, err := s.st.pruneEvents(ctx, s.now().Add(-max(keep, SentRetention)), retentionBatch)
		if err != nil || n < retentionBatch {
			return total, err
		}
	}
}

// DefaultReadRetention keeps read notifications for 90 days when the
// configuration says nothing.
const DefaultReadRetention = 90 * 24 * time.Hour

// registerRetention adds the retention job to the periodic jobs once.
func (s *Service) registerRetention() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.periodic[retentionJob]; ok {
		return
	}
	s.periodic[retentionJob] = periodicJob{name: retentionJob, interval: RetentionEvery, fn: func(ctx context.Context) error {
		n, err := s.PruneSent(ctx)
		if n > 0 {
			s.log.Info("notify: deleted the bodies of old sent mail", "rows", n)
		}
		if err != nil {
			return err
		}
		r, err := s.PruneRead(ctx)
		if r > 0 {
			s.log.Info("notify: deleted old read notifications", "rows", r)
		}
		return err
	}}
}
