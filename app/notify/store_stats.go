package notify

import (
	"context"

	"liaison/app/apperr"
)

// outboxCounts groups the unsent outbox rows by channel and status; the
// (status, next_attempt_at) index covers the status filter.
func (s store) outboxCounts(ctx context.Context) ([]QueueCount, error) {
	var rows []QueueCount
	err := s.conn(ctx).Model(&Outbox{}).Select("channel, status, COUNT(*) AS n").
		Where("status IN ?", []Status{Queued, Sending, Failed, NotSent}).
		Group("channel, status").Order("channel, status").Scan(&rows).Error
	return rows, apperr.Wrap(err, "db")
}

// jobCounts groups River's jobs by kind and state; River prunes completed
// jobs after CompletedJobRetentionPeriod, so the table stays small. Its
// river_job table is the same on both drivers.
func (s store) jobCounts(ctx context.Context) ([]JobCount, error) {
	var rows []JobCount
	err := s.conn(ctx).Table("river_job").Select("kind, state, COUNT(*) AS n").
		Group("kind, state").Order("kind, state").Scan(&rows).Error
	return rows, apperr.Wrap(err, "db")
}
