package meeting

import (
	"context"
	"time"

	"liaison/app/apperr"
)

// InRoom returns the scheduled meetings booked in room that may hold it
// between from and to: those starting before to (or with an occurrence
// moved before it) whose series has not ended by from. The room filter
// rides on meetings_room_idx (room_id, start_at).
func (s *store) InRoom(ctx context.Context, room int64, from, to time.Time, self int64) ([]Meeting, error) {
	var ms []Meeting
	err := s.conn(ctx).Where(`room_id = ? AND (start_at < ? OR EXISTS (SELECT 1 FROM meeting_occurrences o
		WHERE o.meeting_id = meetings.id AND o.status = ? AND o.start_at < ?))
		AND series_end_at > ? AND id <> ? AND status = ?`, room, to.UTC(), Scheduled, to.UTC(), from.UTC(), self, Scheduled).
		Order("start_at, id").Limit(2000).Find(&ms).Error
	if err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	return ms, s.fillUnits(ctx, ms)
}
