package casefile

import (
	"context"
	"strconv"
	"time"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/followup"
	"liaison/app/page"
	"liaison/app/workday"
)

// DocumentDetail is a document with what links to it.
type DocumentDetail struct {
	Document
	Cases       []Ref                 `json:"cases"`
	ActionItems []followup.ActionItem `json:"action_items"`
	Files       []File                `json:"files"`
}

func (s *Service) documentDetail(ctx context.Context, a account.Actor, d Document) (DocumentDetail, error) {
	ds := []Document{d}
	if err := s.setWaiting(ctx, ds); err != nil {
		return DocumentDetail{}, err
	}
	out := DocumentDetail{Document: ds[0], Cases: []Ref{}, ActionItems: []followup.ActionItem{}, Files: []File{}}
	var err error
	if len(d.CaseIDs) > 0 {
		if out.Cases, err = s.Refs(ctx, a, "case_ids", d.CaseIDs); err != nil {
			return out, err
		}
	}
	items, err := s.Actions.BySource(ctx, followup.FromDocument, []int64{d.ID})
	if err != nil {
		return out, err
	}
	if out.ActionItems, err = s.visibleItems(ctx, a, items); err != nil {
		return out, err
	}
	if d.Sensitivity == account.Ordinary {
		if out.Files, err = s.store.Files(ctx, d.ID); err != nil {
			return out, err
		}
	}
	return out, nil
}

// visibleItems keeps the items the actor may see, with their case links
// and effective status.
func (s *Service) visibleItems(ctx context.Context, a account.Actor, items []followup.ActionItem) ([]followup.ActionItem, error) {
	out := []followup.ActionItem{}
	ids := make([]int64, 0, len(items))
	for _, it := range items {
		if a.Can(account.ActView, it.Scope()) {
			out = append(out, it)
			ids = append(ids, it.ID)
		}
	}
	links, err := s.Actions.CaseIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	today := s.today()
	for i := range out {
		out[i].CaseIDs = links[out[i].ID]
		if out[i].CaseIDs == nil {
			out[i].CaseIDs = []int64{}
		}
		out[i].Status = out[i].EffectiveStatus(today)
	}
	return out, nil
}

// DocumentFilter narrows the document list.
type DocumentFilter struct {
	Type   DocumentType
	UnitID int64 // issuer, addressee or copied
	CaseID int64
	Page   page.Request
}

// ListDocuments returns the documents the actor may see, newest first.
func (s *Service) ListDocuments(ctx context.Context, a account.Actor, f DocumentFilter) (page.Page[Document], error) {
	if f.Type != "" && !f.Type.Known() {
		return page.Page[Document]{}, apperr.Fields{"type": "document.type_invalid"}.Err()
	}
	rows, err := s.store.ListDocuments(ctx, visibilityOf(a), f)
	if err != nil {
		return page.Page[Document]{}, err
	}
	kept := rows[:0]
	for i, d := range rows {
		if i == f.Page.Limit || a.Can(account.ActView, d.Scope()) {
			kept = append(kept, d)
		}
	}
	if err := s.setWaiting(ctx, kept); err != nil {
		return page.Page[Document]{}, err
	}
	return page.Build(kept, f.Page.Limit, func(d Document) page.Cursor { return page.Cursor{ID: d.ID} }), nil
}

// setWaiting tells each document awaiting receipt how long it has waited
// since its issue: in working days, or in calendar days where the holiday
// schedule does not reach.
func (s *Service) setWaiting(ctx context.Context, ds []Document) error {
	var cal *workday.Calendar
	today := s.today()
	for i := range ds {
		d := &ds[i]
		d.derive()
		if d.IsReceived() {
			continue
		}
		if cal == nil {
			var err error
			if cal, err = s.calendar(ctx); err != nil {
				return err
			}
		}
		w := Waiting{Unit: Workdays}
		n, err := cal.WorkdaysBetween(d.IssuedOn, today)
		if err != nil {
			w.Unit, n = Days, daysBetween(d.IssuedOn, today)
		}
		w.N = max(n, 0)
		d.Waiting = &w
	}
	return nil
}

// daysBetween counts the calendar days from a to b.
func daysBetween(a, b workday.Date) int {
	at := time.Date(a.Year, a.Month, a.Day, 12, 0, 0, 0, time.UTC)
	bt := time.Date(b.Year, b.Month, b.Day, 12, 0, 0, 0, time.UTC)
	return int(bt.Sub(at).Hours() / 24)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
