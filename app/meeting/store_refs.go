package meeting

import (
	"context"
	"time"
)

// MeetingOfDecision returns the meeting whose minutes hold decision id (0
// when there is none), so that an action item can name its source by the
// meeting's title instead of the decision's internal id.
func (s *store) MeetingOfDecision(ctx context.Context, decisionID int64) (int64, error) {
	var id int64
	err := s.conn(ctx).Raw(`SELECT mn.meeting_id FROM decisions d JOIN minutes mn ON mn.id = d.minutes_id WHERE d.id = ?`, decisionID).Scan(&id).Error
	return id, err
}

// MinutesSeq is the minutes' number in its 字号 (〔2026〕3号): the place of
// meeting id among the meetings its unit convened in [from, to) that have
// minutes, in order of start. Not the meeting's internal id, which counts
// every unit's meetings and drafts alike.
func (s *store) MinutesSeq(ctx context.Context, id int64, from, to time.Time) (int, error) {
	var n int
	err := s.conn(ctx).Raw(`SELECT COUNT(*) FROM meetings m JOIN minutes mn ON mn.meeting_id = m.id
		JOIN meetings me ON me.id = ? AND m.convening_unit_id = me.convening_unit_id
		WHERE m.start_at >= ? AND m.start_at < ? AND (m.start_at < me.start_at OR m.start_at = me.start_at AND m.id <= me.id)`,
		id, from, to).Scan(&n).Error
	return n, err
}
