package meeting

import (
	"context"
	"slices"
	"strconv"
	"time"

	"liaison/app/account"
	"liaison/app/workday"
)

// Warning codes.
const (
	WarnAttendee = "meeting.conflict_attendee" // a required attendee is booked
	WarnRoom     = "meeting.conflict_room"     // the room is booked
	WarnHoliday  = "meeting.on_holiday"        // the date is a public holiday
	WarnWeekend  = "meeting.on_weekend"        // a weekend that is not a make-up working day
)

// Warning is a conflict that does not block scheduling. Message is filled
// by the transport in the caller's language.
type Warning struct {
	Code     string  `json:"code"`
	Message  string  `json:"message,omitempty"`
	Date     string  `json:"date,omitempty"`
	Holiday  string  `json:"holiday,omitempty"`
	UserID   *int64  `json:"user_id,omitempty"`
	RoomID   *int64  `json:"room_id,omitempty"`
	Meetings []Clash `json:"meetings,omitempty"`
}

// Clash names a meeting that clashes; one the actor may not see is busy
// time without id or title.
type Clash struct {
	ID    int64     `json:"id,omitempty"`
	Title string    `json:"title,omitempty"`
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	Busy  bool      `json:"busy"`
}

// ConflictInput is a proposed time, place and set of people to check.
type ConflictInput struct {
	Start     time.Time `json:"start"`
	End       time.Time `json:"end"`
	RRule     string    `json:"rrule"`
	RoomID    *int64    `json:"room_id"`
	UserIDs   []int64   `json:"user_ids"`
	MeetingID int64     `json:"meeting_id"` // the meeting being moved, left out
}

// blocking reports whether an attendee's presence is required.
func blocking(a Attendee) bool {
	return a.Role != RoleOptional && a.Answer != Declined && a.Answer != Delegated
}

// warningsFor checks a scheduled meeting against the others.
func (s *Service) warningsFor(ctx context.Context, a account.Actor, m Meeting) ([]Warning, error) {
	att, err := s.store.Attendees(ctx, []int64{m.ID})
	if err != nil {
		return nil, err
	}
	ov, err := s.store.Occurrences(ctx, []int64{m.ID})
	if err != nil {
		return nil, err
	}
	var users []int64
	for _, x := range att[m.ID] {
		if x.UserID != nil && blocking(x) {
			users = append(users, *x.UserID)
		}
	}
	slots := expand(m, ov[m.ID], m.Start, m.SeriesEnd.Add(time.Second))
	return s.conflicts(ctx, a, slots, m.RoomID, users, m.ID)
}

// Conflicts checks a proposed time (and series), room and attendees
// against the booked meetings and the holiday calendar.
func (s *Service) Conflicts(ctx context.Context, a account.Actor, in ConflictInput) ([]Warning, error) {
	probe := Input{Kind: JointMeeting, Title: "-", Start: in.Start, End: in.End, RRule: in.RRule, ConveningUnitID: 1}
	if err := probe.Validate(); err != nil {
		return nil, err
	}
	m := Meeting{ID: in.MeetingID, Start: in.Start, End: in.End, RRule: probe.RRule, Status: Scheduled}
	end, err := seriesEnd(probe)
	if err != nil {
		return nil, err
	}
	slots := expand(m, nil, m.Start, end.Add(time.Second))
	return s.conflicts(ctx, a, slots, in.RoomID, dedupe(in.UserIDs), in.MeetingID)
}

func (s *Service) conflicts(ctx context.Context, a account.Actor, slots []Slot, room *int64, users []int64, self int64) ([]Warning, error) {
	out := []Warning{}
	var live []Slot
	for _, sl := range slots {
		if sl.Status != Cancelled {
			live = append(live, sl)
		}
	}
	if len(live) == 0 {
		return out, nil
	}
	cal, err := s.Actions.Holidays.Calendar(ctx) // built-in notices and the years admins entered
	if err != nil {
		return nil, err
	}
	out = append(out, dayWarnings(cal, live)...)
	from, to := live[0].Start, live[len(live)-1].End
	ms, err := s.store.Overlapping(ctx, from, to, self)
	if err != nil {
		return nil, err
	}
	att, ov, err := s.parts(ctx, ms)
	if err != nil {
		return nil, err
	}
	byKey := map[string]*Warning{}
	var order []string
	note := func(key string, w Warning, c Clash) {
		x, ok := byKey[key]
		if !ok {
			x = &w
			byKey[key] = x
			order = append(order, key)
		}
		if !slices.ContainsFunc(x.Meetings, func(o Clash) bool { return o.ID == c.ID && o.Start.Equal(c.Start) }) {
			x.Meetings = append(x.Meetings, c)
		}
	}
	for _, m := range ms {
		if m.Status == Cancelled {
			continue
		}
		visible := a.Can(account.ActView, m.Scope(att[m.ID]))
		for _, sl := range expand(m, ov[m.ID], from, to) {
			if sl.Status == Cancelled || !overlapsAny(sl, live) {
				continue
			}
			c := Clash{Start: sl.Start, End: sl.End, Busy: !visible}
			if visible {
				c.ID, c.Title = m.ID, m.Title
			}
			if room != nil && m.RoomID != nil && *room == *m.RoomID {
				r := *room
				note("room", Warning{Code: WarnRoom, RoomID: &r}, c)
			}
			for _, x := range att[m.ID] {
				if x.UserID != nil && blocking(x) && slices.Contains(users, *x.UserID) {
					u := *x.UserID
					note("user"+strconv.FormatInt(u, 10), Warning{Code: WarnAttendee, UserID: &u}, c)
				}
			}
		}
	}
	for _, k := range order {
		out = append(out, *byKey[k])
	}
	return out, nil
}

func overlapsAny(sl Slot, live []Slot) bool {
	for _, o := range live {
		if sl.Start.Before(o.End) && o.Start.Before(sl.End) {
			return true
		}
	}
	return false
}

// dayWarnings flags occurrences on public holidays and on weekends that
// are not make-up working days (days beyond the known schedule pass).
func dayWarnings(cal *workday.Calendar, live []Slot) []Warning {
	var out []Warning
	seen := map[string]bool{}
	for _, sl := range live {
		d := workday.FromTime(sl.Start)
		if seen[d.String()] {
			continue
		}
		seen[d.String()] = true
		k, err := cal.Kind(d)
		if err != nil {
			continue
		}
		switch k {
		case workday.KindHoliday:
			name, _ := cal.IsHoliday(d)
			out = append(out, Warning{Code: WarnHoliday, Date: d.String(), Holiday: name})
		case workday.KindWeekend:
			out = append(out, Warning{Code: WarnWeekend, Date: d.String()})
		}
	}
	return out
}
