package followup

import (
	"context"

	"liaison/app/apperr"
	"liaison/app/db"
)

// store is the only place action items touch the database.
type store struct{ db *db.DB }

// newStore returns a store over d.
func newStore(d *db.DB) *store { return &store{db: d} }

type itemCase struct {
	ActionItemID int64
	CaseID       int64
}

func (itemCase) TableName() string { return "action_item_cases" }

// Create inserts items and their case links.
func (s *store) Create(ctx context.Context, items []*ActionItem) error {
	if len(items) == 0 {
		return nil
	}
	c := s.db.Conn(ctx)
	for _, it := range items {
		if err := c.Create(it).Error; err != nil {
			if db.IsForeignKey(err) {
				return apperr.Fields{"responsible_unit_id": "unit.unknown"}.Err()
			}
			return apperr.Wrap(err, "db")
		}
		links := make([]itemCase, 0, len(it.CaseIDs))
		for _, cid := range it.CaseIDs {
			links = append(links, itemCase{ActionItemID: it.ID, CaseID: cid})
		}
		if len(links) > 0 {
			if err := c.Create(&links).Error; err != nil {
				if db.IsForeignKey(err) {
					return apperr.Fields{"case_ids": "case.unknown"}.Err()
				}
				return apperr.Wrap(err, "db")
			}
		}
	}
	return nil
}

// Get returns one item with its case ids, or NotFound.
func (s *store) Get(ctx context.Context, id int64) (ActionItem, error) {
	var it ActionItem
	err := s.db.Conn(ctx).Where("id = ?", id).Take(&it).Error
	if db.IsNotFound(err) {
		return it, apperr.NotFoundErr("action")
	}
	if err != nil {
		return it, apperr.Wrap(err, "db")
	}
	m, err := s.CaseIDs(ctx, []int64{id})
	if err != nil {
		return it, err
	}
	it.CaseIDs = m[id]
	if it.CaseIDs == nil {
		it.CaseIDs = []int64{}
	}
	units, err := s.InvolvedUnits(ctx, []int64{id})
	it.InvolvedUnitIDs = []int64{}
	for _, u := range units[id] {
		it.InvolvedUnitIDs = append(it.InvolvedUnitIDs, u.UnitID)
	}
	return it, err
}

// CaseIDs returns the case links of many items in one query.
func (s *store) CaseIDs(ctx context.Context, ids []int64) (map[int64][]int64, error) {
	out := map[int64][]int64{}
	if len(ids) == 0 {
		return out, nil
	}
	var links []itemCase
	if err := s.db.Conn(ctx).Where("action_item_id IN ?", ids).Order("case_id").Find(&links).Error; err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	for _, l := range links {
		out[l.ActionItemID] = append(out[l.ActionItemID], l.CaseID)
	}
	return out, nil
}

// BySource returns the items created by one source, in id order.
func (s *store) BySource(ctx context.Context, kind SourceKind, ids []int64) ([]ActionItem, error) {
	var items []ActionItem
	if len(ids) == 0 {
		return items, nil
	}
	err := s.db.Conn(ctx).Where("source_kind = ? AND source_id IN ?", kind, ids).Order("id").Find(&items).Error
	return items, apperr.Wrap(err, "db")
}
