package casefile

import (
	"context"
	"fmt"

	"liaison/app/account"
	"liaison/app/notify"
)

// The events of the register: a case notification (通报) received and read,
// a document addressed or copied to a unit, and its 签收. Each is announced
// inside the change's transaction; the dedupe key names the change.

func (s *Service) announce(ctx context.Context, ev notify.Event) error {
	if s.Events == nil {
		return nil
	}
	return s.Events.Announce(ctx, ev)
}

func except(a account.Actor) []int64 {
	if a.UserID > 0 {
		return []int64{a.UserID}
	}
	return nil
}

// announceCaseNotified tells the receiving side of a 通报.
func (s *Service) announceCaseNotified(ctx context.Context, a account.Actor, c Case, n Notification) error {
	return s.announce(ctx, notify.Event{Kind: "case.notified", Record: notify.Record{Type: "case", ID: c.ID}, Sensitivity: c.Sensitivity,
		Units: []int64{n.ToUnitID}, Except: except(a), Title: "notify.ev.case.notified", Body: "notify.ev.case_body",
		Args: map[string]any{"Number": c.Number, "Title": c.Title}, Link: fmt.Sprintf("/cases/%d", c.ID),
		DedupeKey: fmt.Sprintf("case.notified|%d", n.ID)})
}

// announceCaseRead tells the sending side that its 通报 was read.
func (s *Service) announceCaseRead(ctx context.Context, a account.Actor, c Case, n Notification) error {
	return s.announce(ctx, notify.Event{Kind: "case.read", Record: notify.Record{Type: "case", ID: c.ID}, Sensitivity: c.Sensitivity,
		Units: []int64{n.FromUnitID}, Except: except(a), Title: "notify.ev.case.read", Body: "notify.ev.case_body",
		Args: map[string]any{"Number": c.Number, "Title": c.Title}, Link: fmt.Sprintf("/cases/%d", c.ID),
		DedupeKey: fmt.Sprintf("case.read|%d", n.ID)})
}

// announceDocument tells the addressee and the copied units of a new
// document.
func (s *Service) announceDocument(ctx context.Context, a account.Actor, d Document) error {
	return s.announce(ctx, notify.Event{Kind: "document.received", Record: notify.Record{Type: "document", ID: d.ID}, Sensitivity: d.Sensitivity,
		Units: append([]int64{d.AddresseeUnitID}, d.CCUnitIDs...), Except: except(a), Title: "notify.ev.document.received",
		Body: "notify.ev.document_body", Args: map[string]any{"Number": d.Number, "Title": d.Title},
		Link: fmt.Sprintf("/documents/%d", d.ID), DedupeKey: fmt.Sprintf("document.received|%d", d.ID)})
}

// announceSigned tells the issuing unit that the addressee signed for it.
func (s *Service) announceSigned(ctx context.Context, a account.Actor, d Document) error {
	return s.announce(ctx, notify.Event{Kind: "document.signed", Record: notify.Record{Type: "document", ID: d.ID}, Sensitivity: d.Sensitivity,
		Units: []int64{d.IssuingUnitID}, Except: except(a), Title: "notify.ev.document.signed",
		Body: "notify.ev.document_body", Args: map[string]any{"Number": d.Number, "Title": d.Title},
		Link: fmt.Sprintf("/documents/%d", d.ID), DedupeKey: fmt.Sprintf("document.signed|%d", d.ID)})
}
