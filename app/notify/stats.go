package notify

import "context"

// QueueCount is how many outbox rows of one channel are in one status.
type QueueCount struct {
	Channel Channel
	Status  Status
	N       int64
}

// JobCount is how many River jobs of one kind are in one state.
type JobCount struct {
	Kind  string
	State string
	N     int64
}

// OutboxCounts counts the outbox rows not yet sent by channel and status:
// the backlog (queued, sending) and the undelivered (failed, not_sent). For
// the operator's metrics; sent rows, the bulk of the table, are left out.
func (s *Service) OutboxCounts(ctx context.Context) ([]QueueCount, error) {
	return s.st.outboxCounts(ctx)
}

// JobCounts counts River's jobs (this package owns the queue) by kind and
// state: the queue depth (available, scheduled, retryable), the failed
// jobs (retryable, discarded) and those done within River's retention.
func (s *Service) JobCounts(ctx context.Context) ([]JobCount, error) {
	return s.st.jobCounts(ctx)
}
