package meeting

import (
	"context"
	"fmt"

	"liaison/app/account"
	"liaison/app/notify"
	"liaison/app/workday"
)

// The events of meetings: invitation, change, cancellation, delegation,
// minutes ready for 会签 and confirmed. Each is announced inside the
// change's transaction; the dedupe key names the change (attendee row,
// meeting version, minutes), so a double submit tells nobody twice.

func (s *Service) announce(ctx context.Context, ev notify.Event) error {
	if s.Notifier == nil {
		return nil
	}
	if ev.Record.Type == "meeting" {
		if draft, err := s.isDraft(ctx, ev.Record.ID); err != nil || draft {
			return err // nobody hears of a draft (drafts.go)
		}
	}
	return s.Notifier.Announce(ctx, ev)
}

// meetingEvent fills what every event of m shares.
func meetingEvent(m Meeting, kind, key string, a account.Actor) notify.Event {
	ev := notify.Event{Kind: kind, Record: notify.Record{Type: "meeting", ID: m.ID}, Sensitivity: m.Sensitivity,
		Title: "notify.ev." + kind, Body: "notify.ev.meeting_when",
		Args: map[string]any{"Title": m.Title, "When": m.Start.Format("2006-01-02 15:04")},
		Link: fmt.Sprintf("/meetings/%d", m.ID), DedupeKey: key}
	if a.UserID > 0 {
		ev.Except = []int64{a.UserID}
	}
	return ev
}

// addressees puts attendees on ev: a person by id, a unit invited as such
// (no person named) by its people.
func addressees(ev notify.Event, att []Attendee) notify.Event {
	for _, at := range att {
		switch {
		case at.UserID != nil:
			ev.Users = append(ev.Users, *at.UserID)
		case at.UnitID != nil:
			ev.Units = append(ev.Units, *at.UnitID)
		}
	}
	return ev
}

// announceInvited tells each new attendee of their invitation, then the
// units concerned (see channelUnits) by their own channels: one message
// per unit for the whole batch, however many of its people were invited.
// The batch is named by its first attendee row, so a later addition is a
// new message and a double submit is not.
func (s *Service) announceInvited(ctx context.Context, a account.Actor, m Meeting, att []*Attendee) error {
	if len(att) == 0 {
		return nil
	}
	rows := make([]Attendee, len(att))
	first := att[0].ID
	for i, at := range att {
		ev := meetingEvent(m, "meeting.invited", fmt.Sprintf("meeting.invited|%d|%d", m.ID, at.ID), a)
		ev.PeopleOnly = true
		if err := s.announce(ctx, addressees(ev, []Attendee{*at})); err != nil {
			return err
		}
		rows[i], first = *at, min(first, at.ID)
	}
	units := channelUnits(rows)
	if len(units) == 0 {
		return nil
	}
	ev := meetingEvent(m, "meeting.invited", fmt.Sprintf("meeting.invited|%d|units|%d", m.ID, first), a)
	ev.ChannelUnits = units
	return s.announce(ctx, ev)
}

// channelUnits are the units whose own channels (企业微信 robot, webhook)
// hear of a meeting's invitation, change or cancellation: each invited
// person's unit and each unit invited as such. The message is the same
// as a person's (the neutral line only for a sensitive or classified
// meeting) with the link back to the meeting. The organising units hear
// only through their invited people: they made the change.
func channelUnits(att []Attendee) []int64 {
	var out []int64
	for _, at := range att {
		if at.UnitID != nil {
			out = append(out, *at.UnitID)
		}
	}
	return out
}

// announceChanged tells every attendee that the meeting changed (version
// v) or was cancelled.
func (s *Service) announceChanged(ctx context.Context, a account.Actor, m Meeting, kind string) error {
	att, err := s.store.Attendees(ctx, []int64{m.ID})
	if err != nil {
		return err
	}
	ev := meetingEvent(m, kind, fmt.Sprintf("%s|%d|%d", kind, m.ID, m.Version), a)
	ev.ChannelUnits = channelUnits(att[m.ID])
	return s.announce(ctx, addressees(ev, att[m.ID]))
}

// announceDelegated tells the colleague an invitation was passed to. It
// stays personal: the invitation already reached the unit's channels, and
// a delegate is always a colleague of the same unit, so the unit learns
// nothing new. Meeting reminders stay personal too: each person's own
// lead times and chosen channels decide them, which a unit robot has not.
func (s *Service) announceDelegated(ctx context.Context, a account.Actor, id int64, me Attendee) error {
	if me.Answer != Delegated || me.DelegateUserID == nil {
		return nil
	}
	m, err := s.store.Get(ctx, id)
	if err != nil {
		return err
	}
	ev := meetingEvent(m, "meeting.delegated", fmt.Sprintf("meeting.delegated|%d|%d", me.ID, *me.DelegateUserID), a)
	ev.Users = []int64{*me.DelegateUserID}
	return s.announce(ctx, ev)
}

// announceMinutes tells the co-organisers that a first draft awaits their
// 会签 (later edits of the draft are not announced again).
func (s *Service) announceMinutes(ctx context.Context, a account.Actor, m Meeting, mi *Minutes) error {
	if mi == nil || len(mi.Pending) == 0 {
		return nil
	}
	ev := meetingEvent(m, "minutes.signoff", fmt.Sprintf("minutes.signoff|%d", mi.ID), a)
	ev.Units = mi.Pending
	return s.announce(ctx, ev)
}

// announceConfirmed tells the meeting's units and attendees that the
// minutes are confirmed, with how many action items they created (each
// item tells its responsible unit itself).
func (s *Service) announceConfirmed(ctx context.Context, a account.Actor, m Meeting, mi *Minutes) error {
	att, err := s.store.Attendees(ctx, []int64{m.ID})
	if err != nil {
		return err
	}
	ev := addressees(meetingEvent(m, "minutes.confirmed", fmt.Sprintf("minutes.confirmed|%d", mi.ID), a), att[m.ID])
	ev.Units = append(ev.Units, m.Owners()...)
	ev.Body, ev.Args["Count"] = "notify.ev.minutes_items", len(mi.Actions)
	return s.announce(ctx, ev)
}

// announceOccurrence tells every attendee that one occurrence of a series
// moved or was cancelled; the When is the occurrence's (new) time.
func (s *Service) announceOccurrence(ctx context.Context, a account.Actor, m Meeting, o Occurrence, cancel bool) error {
	kind := "meeting.changed"
	if cancel {
		kind = "meeting.cancelled"
	}
	att, err := s.store.Attendees(ctx, []int64{m.ID})
	if err != nil {
		return err
	}
	ev := meetingEvent(m, kind, fmt.Sprintf("%s|%d|%d|%d", kind, m.ID, o.OriginalStart.Unix(), o.Sequence), a)
	ev.Args["When"] = o.Start.In(workday.Shanghai()).Format("2006-01-02 15:04")
	ev.ChannelUnits = channelUnits(att[m.ID])
	return s.announce(ctx, addressees(ev, att[m.ID]))
}
