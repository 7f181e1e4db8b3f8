package meeting

import (
	"context"
	"slices"
	"time"

	"liaison/app/account"
)

// Booking is one occupation of a room in its calendar. A meeting the
// viewer may not see, or one that is sensitive or classified, is busy time
// only: no id (for one the viewer may not see) and no title.
type Booking struct {
	Start     time.Time `json:"start"`
	End       time.Time `json:"end"`
	MeetingID int64     `json:"meeting_id,omitempty"`
	Title     string    `json:"title,omitempty"`
	UnitID    int64     `json:"unit_id,omitempty"` // the convening unit, when the meeting is shown
	Busy      bool      `json:"busy"`
}

// RoomBookings lists room's bookings between from and to, every occurrence
// of a series on its own, in time order: the room's calendar, which anyone
// signed in may read (a room is a shared resource; what is booked in it is
// told only as far as the viewer may see the meeting).
func (s *Service) RoomBookings(ctx context.Context, a account.Actor, room int64, from, to time.Time) ([]Booking, error) {
	if _, err := s.store.Room(ctx, room); err != nil {
		return nil, err
	}
	ms, err := s.store.InRoom(ctx, room, from, to, 0)
	if err != nil {
		return nil, err
	}
	att, ov, err := s.parts(ctx, ms)
	if err != nil {
		return nil, err
	}
	out := []Booking{}
	for _, m := range ms {
		visible := a.Can(account.ActView, m.Scope(att[m.ID]))
		for _, sl := range expand(m, ov[m.ID], from, to) {
			if sl.Status == Cancelled || !sl.Start.Before(to) || !sl.End.After(from) {
				continue
			}
			b := Booking{Start: sl.Start, End: sl.End, Busy: !visible}
			if visible {
				b.MeetingID, b.UnitID = m.ID, m.ConveningUnitID
				if m.Sensitivity.HoldsContent() {
					b.Title = m.Title
				}
			}
			out = append(out, b)
		}
	}
	slices.SortStableFunc(out, func(x, y Booking) int { return x.Start.Compare(y.Start) })
	return out, nil
}

// parts loads, in two queries, what expanding and judging meetings ms
// needs: their attendees (who may see each) and their occurrence
// overrides (moved or cancelled occurrences), by meeting id.
func (s *Service) parts(ctx context.Context, ms []Meeting) (map[int64][]Attendee, map[int64][]Occurrence, error) {
	ids := make([]int64, len(ms))
	for i := range ms {
		ids[i] = ms[i].ID
	}
	att, err := s.store.Attendees(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	ov, err := s.store.Occurrences(ctx, ids)
	return att, ov, err
}
