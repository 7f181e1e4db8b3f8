package meeting

import "context"

// MeetingOfDecision returns the meeting whose minutes hold decision id (0
// when there is none), so that an action item can name its source by the
// meeting's title instead of the decision's internal id.
func (s *Store) MeetingOfDecision(ctx context.Context, decisionID int64) (int64, error) {
	var id int64
	err := s.conn(ctx).Raw(`SELECT mn.meeting_id FROM decisions d JOIN minutes mn ON mn.id = d.minutes_id WHERE d.id = ?`, decisionID).Scan(&id).Error
	return id, err
}
