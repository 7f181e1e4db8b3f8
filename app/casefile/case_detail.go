package casefile

import (
	"context"

	"liaison/app/account"
	"liaison/app/followup"
)

// CaseDetail is a case with what links to it in the register: its
// notification timeline, and the documents and action items about it the
// actor may see. The meetings that took the case up are the meetings
// area's to list (meeting.Service.CaseLinks): the case page and JSON add
// them, so the register needs no link back to meetings.
type CaseDetail struct {
	Case
	Notifications []Notification        `json:"notifications"`
	Documents     []Document            `json:"documents"`
	ActionItems   []followup.ActionItem `json:"action_items"`
	CanEdit       bool                  `json:"-"`
}

// Detail returns case id with its links, or NotFound.
func (s *Service) Detail(ctx context.Context, a account.Actor, id int64) (CaseDetail, error) {
	c, sc, err := s.getScoped(ctx, a, id)
	if err != nil {
		return CaseDetail{}, err
	}
	out := CaseDetail{Case: c, Documents: []Document{}, CanEdit: a.Can(account.ActEdit, sc)}
	if out.Notifications, err = s.store.Notifications(ctx, id); err != nil {
		return out, err
	}
	docIDs, err := s.store.DocumentIDsForCase(ctx, id)
	if err != nil {
		return out, err
	}
	docs, err := s.store.DocumentsByIDs(ctx, docIDs)
	if err != nil {
		return out, err
	}
	for _, d := range docs {
		if a.Can(account.ActView, d.Scope()) {
			d.derive()
			out.Documents = append(out.Documents, d)
		}
	}
	items, err := s.store.ActionItemsForCase(ctx, id)
	if err != nil {
		return out, err
	}
	out.ActionItems, err = s.visibleItems(ctx, a, items)
	return out, err
}
