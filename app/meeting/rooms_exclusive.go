package meeting

import (
	"context"
	"time"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/i18n"
	"liaison/app/workday"
)

// CodeRoomExclusive refuses a booking that overlaps another in a room
// that may not be double-booked.
const CodeRoomExclusive = "meeting.room_exclusive"

// guardRoom refuses m, already written in the transaction in ctx, when its
// room is exclusive and another live booking overlaps one of its live
// occurrences (or, given one, that slot alone: a moved occurrence of a
// series). It must run inside the transaction that wrote m, so the
// room lock covers both the check and the write.
func (s *Service) guardRoom(ctx context.Context, a account.Actor, m Meeting, only *Slot) error {
	if m.RoomID == nil || m.Status == Cancelled {
		return nil
	}
	excl, err := s.store.lockExclusiveRoom(ctx, *m.RoomID)
	if err != nil || !excl {
		return err
	}
	live, err := s.liveSlots(ctx, m, only)
	if err != nil {
		return err
	}
	if len(live) == 0 {
		return nil
	}
	from, to := live[0].Start, live[len(live)-1].End
	for _, sl := range live { // a moved occurrence may fall outside first..last
		if sl.Start.Before(from) {
			from = sl.Start
		}
		if sl.End.After(to) {
			to = sl.End
		}
	}
	ms, err := s.store.InRoom(ctx, *m.RoomID, from, to, m.ID)
	if err != nil {
		return err
	}
	att, ov, err := s.parts(ctx, ms)
	if err != nil {
		return err
	}
	for _, o := range ms {
		for _, sl := range expand(o, ov[o.ID], from, to) {
			if sl.Status == Cancelled || !overlapsAny(sl, live) {
				continue
			}
			return roomClash(o, sl, a.Can(account.ActView, o.Scope(att[o.ID])))
		}
	}
	return nil
}

// roomClash is the 409 naming the booking in the way: its title when the
// caller may see it, else only that a classified meeting holds the room,
// and its time written out in both languages (the message picks one).
func roomClash(o Meeting, sl Slot, visible bool) error {
	args := map[string]any{"Busy": !visible, "WhenZH": slotText(i18n.ZH, sl), "WhenEN": slotText(i18n.EN, sl)}
	if visible {
		args["Title"] = o.Title
	}
	return &apperr.Error{Kind: apperr.Conflict, Code: CodeRoomExclusive,
		Fields: map[string]string{"room_id": CodeRoomExclusive}, Args: args}
}

// slotText writes a slot as 2026年12月15日（星期二）09:30–11:00, Beijing time.
func slotText(lang string, sl Slot) string {
	sh := workday.Shanghai()
	a, b := sl.Start.In(sh), sl.End.In(sh)
	if a.Format("20060102") == b.Format("20060102") {
		return i18n.DateTime(lang, a) + "–" + b.Format("15:04")
	}
	return i18n.DateTime(lang, a) + " – " + i18n.DateTime(lang, b)
}

// liveSlots are the occurrences of m still to be held, or only when given.
func (s *Service) liveSlots(ctx context.Context, m Meeting, only *Slot) ([]Slot, error) {
	if only != nil {
		return []Slot{*only}, nil
	}
	ov, err := s.store.Occurrences(ctx, []int64{m.ID})
	if err != nil {
		return nil, err
	}
	var live []Slot
	for _, sl := range expand(m, ov[m.ID], m.Start, m.SeriesEnd.Add(time.Second)) {
		if sl.Status != Cancelled {
			live = append(live, sl)
		}
	}
	return live, nil
}
