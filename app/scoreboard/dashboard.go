package scoreboard

import (
	"context"

	"liaison/app/account"
	"liaison/app/casefile"
	"liaison/app/workday"
)

// UnitLoad is how many items a unit owes: open (not yet answered) and,
// of those, overdue; and answered ones awaiting verification.
type UnitLoad struct {
	UnitID   int64  `json:"unit_id"`
	UnitName string `json:"unit_name"`
	Open     int    `json:"open"`
	Overdue  int    `json:"overdue"`
	Answered int    `json:"answered"`
}

// Escalated is an item in escalation (升级督办) and not yet rectified.
type Escalated struct {
	Record
	ResponsibleUnitID int64  `json:"responsible_unit_id"`
	UnitName          string `json:"unit_name"`
	Step              int    `json:"step"`
}

// Awaiting is a document whose addressee has not answered yet.
type Awaiting struct {
	ID              int64                 `json:"id"`
	Type            casefile.DocumentType `json:"type"`
	Number          string                `json:"number"`
	Title           string                `json:"title,omitempty"`
	AddresseeUnitID int64                 `json:"addressee_unit_id"`
	UnitName        string                `json:"unit_name"`
	IssuedOn        workday.Date          `json:"issued_on"`
	ReplyDueOn      workday.Date          `json:"reply_due_on"`
	Overdue         bool                  `json:"overdue"`
}

// Dashboard is the leaders' overview; lists hold only what the actor may see.
type Dashboard struct {
	Today       workday.Date `json:"today"`
	Units       []UnitLoad   `json:"units"`
	Meetings    []Record     `json:"meetings"`
	Escalations []Escalated  `json:"escalations"`
	Documents   []Awaiting   `json:"documents"`
}

// dashboardLimit bounds each list on the dashboard.
const dashboardLimit = 20

// Dashboard gathers the overview for a. Counts by unit are totals (numbers,
// no content, as the published scoreboard); the lists are filtered by the
// policy.
func (s *Service) Dashboard(ctx context.Context, a account.Actor) (Dashboard, error) {
	today := s.today()
	d := Dashboard{Today: today, Meetings: []Record{}, Escalations: []Escalated{}, Documents: []Awaiting{}}
	var err error
	if d.Units, err = s.store.Loads(ctx, today); err != nil {
		return d, err
	}
	now := s.Now()
	ms, err := s.store.Upcoming(ctx, now, now.AddDate(0, 0, 14), 200)
	if err != nil {
		return d, err
	}
	for _, m := range ms {
		if len(d.Meetings) < dashboardLimit && a.Can(account.ActView, m.scope) {
			st := m.Start
			r := Record{Kind: "meeting", ID: m.ID, Sensitivity: m.Sensitivity, Start: &st, URL: "/meetings/" + itoa(m.ID)}
			if m.Sensitivity != account.Classified {
				r.Title = m.Title
			}
			d.Meetings = append(d.Meetings, r)
		}
	}
	items, err := s.store.Escalations(ctx, 500)
	if err != nil {
		return d, err
	}
	for _, it := range items {
		if len(d.Escalations) >= dashboardLimit || !a.Can(account.ActView, it.Scope()) {
			continue
		}
		due := it.DueOn
		r := Record{Kind: "action", ID: it.ID, Sensitivity: it.Sensitivity, DueOn: &due, Status: string(it.EffectiveStatus(today)),
			URL: "/actions/" + itoa(it.ID)}
		if it.Sensitivity != account.Classified {
			r.Title = it.Title
		}
		d.Escalations = append(d.Escalations, Escalated{Record: r, ResponsibleUnitID: it.ResponsibleUnitID, Step: it.EscalationStep})
	}
	docs, err := s.store.AwaitingDocuments(ctx, 500)
	if err != nil {
		return d, err
	}
	for _, doc := range docs {
		if len(d.Documents) >= dashboardLimit || !a.Can(account.ActView, doc.Scope()) {
			continue
		}
		w := Awaiting{ID: doc.ID, Type: doc.Type, Number: doc.Number, AddresseeUnitID: doc.AddresseeUnitID, IssuedOn: doc.IssuedOn,
			ReplyDueOn: doc.ReplyDueOn, Overdue: today.After(doc.ReplyDueOn)}
		if doc.Sensitivity == account.Ordinary {
			w.Title = doc.Title
		}
		d.Documents = append(d.Documents, w)
	}
	return d, s.nameUnits(ctx, &d)
}

// nameUnits fills unit names in one query.
func (s *Service) nameUnits(ctx context.Context, d *Dashboard) error {
	var ids []int64
	for _, u := range d.Units {
		ids = append(ids, u.UnitID)
	}
	for _, e := range d.Escalations {
		ids = append(ids, e.ResponsibleUnitID)
	}
	for _, w := range d.Documents {
		ids = append(ids, w.AddresseeUnitID)
	}
	names, err := s.Accounts.UnitsByIDs(ctx, ids)
	if err != nil {
		return err
	}
	for i := range d.Units {
		d.Units[i].UnitName = names[d.Units[i].UnitID].Name
	}
	for i := range d.Escalations {
		d.Escalations[i].UnitName = names[d.Escalations[i].ResponsibleUnitID].Name
	}
	for i := range d.Documents {
		d.Documents[i].UnitName = names[d.Documents[i].AddresseeUnitID].Name
	}
	return nil
}
