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
		return err
	}}
}
