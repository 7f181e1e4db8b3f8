package scoreboard

import (
	"context"
	"strconv"
	"time"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/meeting"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// meetingRef is what the scoreboard shows of a meeting, with the scope the
// policy decides on.
type meetingRef struct {
	ID          int64
	Title       string
	Kind        meeting.Kind
	Sensitivity account.Sensitivity
	Start       time.Time
	Location    string
	scope       account.Scope
}

// MeetingsByIDs loads meetings with their units and attendees.
func (s *store) MeetingsByIDs(ctx context.Context, ids []int64) ([]meetingRef, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var ms []meeting.Meeting
	if err := s.db.Conn(ctx).Where("id IN ?", ids).Order("start_at, id").Find(&ms).Error; err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	return s.meetingRefs(ctx, ms)
}

// Upcoming loads the scheduled meetings starting in [from, to), soonest
// first (series masters by their first start; occurrences are not expanded).
func (s *store) Upcoming(ctx context.Context, from, to time.Time, limit int) ([]meetingRef, error) {
	var ms []meeting.Meeting
	err := s.db.Conn(ctx).Where("status = ? AND start_at >= ? AND start_at < ?", meeting.Scheduled, from, to).
		Order("start_at, id").Limit(limit).Find(&ms).Error
	if err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	return s.meetingRefs(ctx, ms)
}

func (s *store) meetingRefs(ctx context.Context, ms []meeting.Meeting) ([]meetingRef, error) {
	if len(ms) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	c := s.db.Conn(ctx)
	var att []meeting.Attendee
	if err := c.Where("meeting_id IN ?", ids).Find(&att).Error; err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	var units []struct {
		MeetingID, UnitID int64
		Role              string
	}
	if err := c.Table("meeting_units").Select("meeting_id, unit_id, role").Where("meeting_id IN ?", ids).Scan(&units).Error; err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	byMeeting := map[int64][]meeting.Attendee{}
	for _, a := range att {
		byMeeting[a.MeetingID] = append(byMeeting[a.MeetingID], a)
	}
	out := make([]meetingRef, 0, len(ms))
	for _, m := range ms {
		for _, u := range units {
			switch {
			case u.MeetingID != m.ID:
			case u.Role == meeting.UnitCoOrganiser:
				m.CoUnitIDs = append(m.CoUnitIDs, u.UnitID)
			case u.Role == meeting.UnitInspected:
				m.InspectedUnitIDs = append(m.InspectedUnitIDs, u.UnitID)
			}
		}
		out = append(out, meetingRef{ID: m.ID, Title: m.Title, Kind: m.Kind, Sensitivity: m.Sensitivity, Start: m.Start,
			Location: m.Location, scope: m.Scope(byMeeting[m.ID])})
	}
	return out, nil
}
