package scoreboard

import (
	"context"
	"encoding/json"
	"time"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/workday"
)

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func jsonUnmarshal(s string, v any) error {
	if err := json.Unmarshal([]byte(s), v); err != nil {
		return apperr.Wrap(err, "db")
	}
	return nil
}

// Record is one record behind a figure: an action item, or a meeting for
// the attendance figures. Title is empty for classified records.
type Record struct {
	Kind        string              `json:"kind"` // action or meeting
	ID          int64               `json:"id"`
	Title       string              `json:"title,omitempty"`
	Sensitivity account.Sensitivity `json:"sensitivity"`
	DueOn       *workday.Date       `json:"due_on,omitempty"`
	Status      string              `json:"status,omitempty"`
	Start       *time.Time          `json:"start,omitempty"`
	URL         string              `json:"url"`
}

// Records answers "which records make this number".
type Records struct {
	Month    string   `json:"month"`
	Revision int      `json:"revision"`
	UnitID   int64    `json:"unit_id"`
	Figure   Figure   `json:"figure"`
	Count    int      `json:"count"`
	Items    []Record `json:"items"`
	Hidden   int      `json:"hidden"` // records the caller may not see
}

// Records lists the records behind one figure of one unit in month m (the
// revision shown, 0: latest or live), only those the actor may see.
func (s *Service) Records(ctx context.Context, a account.Actor, m Month, revision int, unitID int64, fig Figure) (Records, error) {
	if !fig.Valid() {
		return Records{}, apperr.Fields{"figure": "scoreboard.figure_invalid"}.Err()
	}
	b, err := s.Board(ctx, m, revision)
	if err != nil {
		return Records{}, err
	}
	out := Records{Month: b.Month, Revision: b.Revision, UnitID: unitID, Figure: fig, Items: []Record{}}
	var ids []int64
	found := false
	for _, r := range b.Rows {
		if r.UnitID == unitID {
			ids, found = r.Records[fig], true
		}
	}
	if !found {
		return Records{}, apperr.NotFoundErr("unit")
	}
	if !b.Published { // a live board counts in SQL; the ids come from the records now
		rec, err := s.liveRecords(ctx, m, unitID)
		if err != nil {
			return Records{}, err
		}
		ids = rec[fig]
	}
	out.Count = len(ids)
	if fig.IsMeeting() {
		out.Items, err = s.meetingRecords(ctx, a, ids)
	} else {
		out.Items, err = s.actionRecords(ctx, a, ids)
	}
	out.Hidden = out.Count - len(out.Items)
	return out, err
}

func (s *Service) actionRecords(ctx context.Context, a account.Actor, ids []int64) ([]Record, error) {
	items, err := s.store.ItemsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	today := s.today()
	out := []Record{}
	for _, it := range items {
		if !a.Can(account.ActView, it.Scope()) {
			continue
		}
		r := Record{Kind: "action", ID: it.ID, Sensitivity: it.Sensitivity, Status: string(it.EffectiveStatus(today)),
			URL: "/actions/" + itoa(it.ID)}
		due := it.DueOn
		r.DueOn = &due
		if it.Sensitivity != account.Classified {
			r.Title = it.Title
		}
		out = append(out, r)
	}
	return out, nil
}

func (s *Service) meetingRecords(ctx context.Context, a account.Actor, ids []int64) ([]Record, error) {
	ms, err := s.store.MeetingsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := []Record{}
	for _, m := range ms {
		if !a.Can(account.ActView, m.scope) {
			continue
		}
		st := m.Start
		r := Record{Kind: "meeting", ID: m.ID, Sensitivity: m.Sensitivity, Start: &st, URL: "/meetings/" + itoa(m.ID)}
		if m.Sensitivity != account.Classified {
			r.Title = m.Title
		}
		out = append(out, r)
	}
	return out, nil
}

// StartTime is a meeting record's start, or the zero time.
func (r Record) StartTime() time.Time {
	if r.Start == nil {
		return time.Time{}
	}
	return *r.Start
}
