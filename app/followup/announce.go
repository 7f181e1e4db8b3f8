package followup

import (
	"context"
	"fmt"

	"liaison/app/account"
	"liaison/app/notify"
)

// The events of action items. Each is announced inside the transaction of
// the change, so nobody hears of a change that rolled back; the dedupe key
// names the change itself (the item, the feedback, the verification), so a
// double submit or a retried job tells nobody twice.

// announce hands ev to the notifier; without one (tools, package tests)
// nobody is told.
func (s *Service) announce(ctx context.Context, ev notify.Event) error {
	if s.Events == nil {
		return nil
	}
	return s.Events.Announce(ctx, ev)
}

// itemEvent fills what every event of an item shares.
func itemEvent(it ActionItem, kind, key string, a account.Actor) notify.Event {
	return notify.Event{Kind: kind, Record: notify.Record{Type: "action", ID: it.ID}, Sensitivity: it.Sensitivity,
		Title: "notify.ev." + kind, Body: "notify.ev.action_due", Args: map[string]any{"Title": it.Title, "Date": it.DueOn.String()},
		Link: fmt.Sprintf("/actions/%d", it.ID), DedupeKey: key, Except: actorIDs(a)}
}

// toResponsible addresses the unit that owes the item, and its owner.
func toResponsible(ev notify.Event, it ActionItem) notify.Event {
	ev.Units = []int64{it.ResponsibleUnitID}
	if it.OwnerUserID != nil {
		ev.Users = []int64{*it.OwnerUserID}
	}
	return ev
}

// announceAssigned tells the responsible unit of a new item.
func (s *Service) announceAssigned(ctx context.Context, a account.Actor, it ActionItem) error {
	ev := itemEvent(it, "action.assigned", fmt.Sprintf("action.assigned|%d", it.ID), a)
	return s.announce(ctx, toResponsible(ev, it))
}

// announceFeedback tells the issuing side that an answer came (progress
// reports are not announced: nothing awaits the issuer).
func (s *Service) announceFeedback(ctx context.Context, a account.Actor, it ActionItem, fb Feedback) error {
	if fb.Kind != Answer {
		return nil
	}
	ev := itemEvent(it, "action.answered", fmt.Sprintf("action.answered|%d|%d", it.ID, fb.ID), a)
	ev.Units = []int64{it.IssuingUnitID}
	return s.announce(ctx, ev)
}

// announceVerification tells the responsible unit whether its answer was
// accepted (销号) or returned.
func (s *Service) announceVerification(ctx context.Context, a account.Actor, it ActionItem, v Verification) error {
	kind := "action.returned"
	if v.Accepted {
		kind = "action.verified"
	}
	ev := itemEvent(it, kind, fmt.Sprintf("%s|%d|%d", kind, it.ID, v.ID), a)
	return s.announce(ctx, toResponsible(ev, it))
}

// announceEscalation tells the units the step brings in, and the unit
// that owes the item.
func (s *Service) announceEscalation(ctx context.Context, a account.Actor, it ActionItem, e Escalation) error {
	ev := itemEvent(it, "escalation.opened", fmt.Sprintf("escalation.opened|%d", e.ID), a)
	ev.Record = notify.Record{Type: "escalation", ID: it.ID}
	ev.Units = append([]int64{it.ResponsibleUnitID}, e.UnitIDs...)
	ev.Args["Step"] = e.Step
	return s.announce(ctx, ev)
}

// announceHandling tells the issuing side what an escalated unit did.
func (s *Service) announceHandling(ctx context.Context, a account.Actor, it ActionItem, e Escalation) error {
	at := int64(0)
	if e.HandledAt != nil {
		at = e.HandledAt.UnixNano()
	}
	ev := itemEvent(it, "escalation.handled", fmt.Sprintf("escalation.handled|%d|%d", e.ID, at), a)
	ev.Record = notify.Record{Type: "escalation", ID: it.ID}
	ev.Units = []int64{it.IssuingUnitID}
	ev.Args["Step"] = e.Step
	return s.announce(ctx, ev)
}

// announceRevisit tells both sides that a rectified item is due its 回头看.
func (s *Service) announceRevisit(ctx context.Context, id int64) error {
	it, err := s.store.Get(ctx, id)
	if err != nil {
		return err
	}
	ev := itemEvent(it, "action.revisited", fmt.Sprintf("action.revisited|%d|%s", it.ID, s.today()), account.System)
	ev.Units = []int64{it.IssuingUnitID, it.ResponsibleUnitID}
	return s.announce(ctx, ev)
}

// actorIDs is the person not told of their own change.
func actorIDs(a account.Actor) []int64 {
	if a.UserID > 0 {
		return []int64{a.UserID}
	}
	return nil
}

// announceClaimed announces what a periodic job claimed: a revisit. An
// item becoming overdue is told by the reminders (app/subscribe), once per
// due date, with the other deadline reminders.
func (s *Service) announceClaimed(ctx context.Context, action string, id int64) error {
	if action != "action.revisit" {
		return nil
	}
	return s.announceRevisit(ctx, id)
}
