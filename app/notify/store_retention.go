package notify

import (
	"context"
	"time"

	"liaison/app/apperr"
)

// pruneSentBodies empties the message of up to limit sent rows whose
// sent_at is before cutoff, and reports how many it emptied. Only the body
// goes: the row and its sent_log row stay (see SentRetention).
func (s store) pruneSentBodies(ctx context.Context, cutoff time.Time, limit int) (int64, error) {
	res := s.conn(ctx).Exec(`UPDATE outbox SET message = ? WHERE id IN (
		SELECT id FROM outbox WHERE status = ? AND sent_at < ? AND length(message) > 0 ORDER BY id LIMIT ?)`,
		[]byte{}, Sent, cutoff, limit)
	return res.RowsAffected, apperr.Wrap(res.Error, "db")
}
