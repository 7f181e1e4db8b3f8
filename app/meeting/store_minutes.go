package meeting

import (
	"context"

	"liaison/app/apperr"
	"liaison/app/db"
	"liaison/app/followup"
)

type actionCase struct {
	DecisionActionID int64
	CaseID           int64
}

func (actionCase) TableName() string { return "decision_action_cases" }

// Minutes returns the minutes of meeting id with decisions, requested
// actions and their cases, sign-offs and revisions (four statements), or
// nil if none yet.
func (s *store) Minutes(ctx context.Context, id int64) (*Minutes, error) {
	mi, err := s.minutesCore(ctx, id)
	if err != nil || mi == nil {
		return mi, err
	}
	var ls []link
	if err := s.conn(ctx).Raw(`SELECT 'action_case' AS kind, c.decision_action_id AS owner, c.case_id AS ref
FROM decision_action_cases c JOIN decision_actions a ON a.id = c.decision_action_id
JOIN decisions d ON d.id = a.decision_id WHERE d.minutes_id = ? ORDER BY 2, 3`, mi.ID).Scan(&ls).Error; err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	mi.setActionCases(ls)
	return mi, s.minutesTail(ctx, mi)
}

// SaveMinutes inserts or (version-checked) updates the minutes row and
// replaces its decisions and their requested actions; it clears sign-offs,
// which were given to the previous text.
func (s *store) SaveMinutes(ctx context.Context, mi *Minutes, old int) error {
	c := s.conn(ctx)
	if mi.ID == 0 {
		if err := c.Create(mi).Error; err != nil {
			if db.IsUnique(err) {
				return apperr.ConflictVersion()
			}
			return dbErr(err)
		}
	} else {
		mi.Version = old + 1
		res := c.Model(&Minutes{}).Where("id = ? AND version = ? AND status = ?", mi.ID, old, MinutesDraft).
			Select("body", "scope", "analysis", "opinion", "updated_by", "version", "updated_at").Updates(mi)
		if res.Error != nil {
			return dbErr(res.Error)
		}
		if res.RowsAffected == 0 {
			mi.Version = old
			return apperr.ConflictVersion()
		}
	}
	if err := c.Where("minutes_id = ?", mi.ID).Delete(&SignOff{}).Error; err != nil {
		return apperr.Wrap(err, "db")
	}
	if err := c.Where("minutes_id = ?", mi.ID).Delete(&Decision{}).Error; err != nil {
		return apperr.Wrap(err, "db")
	}
	for i := range mi.Decisions {
		d := &mi.Decisions[i]
		d.ID, d.MinutesID, d.Position = 0, mi.ID, i+1
		if err := c.Omit("ActionItems").Create(d).Error; err != nil {
			return dbErr(err)
		}
		for j := range d.ActionItems {
			ac := &d.ActionItems[j]
			ac.ID, ac.DecisionID, ac.Position = 0, d.ID, j+1
			if err := c.Create(ac).Error; err != nil {
				if db.IsForeignKey(err) {
					return fieldErr("decisions.action_items.responsible_unit_id", "unit.unknown")
				}
				return dbErr(err)
			}
			links := make([]actionCase, 0, len(ac.CaseIDs))
			for _, cid := range ac.CaseIDs {
				links = append(links, actionCase{DecisionActionID: ac.ID, CaseID: cid})
			}
			if len(links) > 0 {
				if err := c.Create(&links).Error; err != nil {
					if db.IsForeignKey(err) {
						return fieldErr("decisions.action_items.case_ids", "case.unknown")
					}
					return dbErr(err)
				}
			}
		}
	}
	return nil
}

// AddSignOff records unit's sign-off; signing twice is a conflict.
func (s *store) AddSignOff(ctx context.Context, so *SignOff) error {
	err := s.conn(ctx).Create(so).Error
	if db.IsUnique(err) {
		return apperr.E(apperr.Conflict, "meeting.signed_already")
	}
	return dbErr(err)
}

// LockMinutes marks draft minutes confirmed if still at version old.
func (s *store) LockMinutes(ctx context.Context, mi *Minutes, old int) error {
	mi.Version = old + 1
	res := s.conn(ctx).Model(&Minutes{}).Where("id = ? AND version = ? AND status = ?", mi.ID, old, MinutesDraft).
		Select("status", "confirmed_at", "confirmed_by", "version", "updated_at").Updates(mi)
	if res.Error != nil {
		return dbErr(res.Error)
	}
	if res.RowsAffected == 0 {
		return apperr.E(apperr.Conflict, "meeting.minutes_confirmed")
	}
	return nil
}

// Revise stores a correction of confirmed minutes at version old.
func (s *store) Revise(ctx context.Context, mi *Minutes, r *Revision, old int) error {
	mi.Version = old + 1
	res := s.conn(ctx).Model(&Minutes{}).Where("id = ? AND version = ?", mi.ID, old).
		Select("body", "revision", "updated_by", "version", "updated_at").Updates(mi)
	if res.Error != nil {
		return dbErr(res.Error)
	}
	if res.RowsAffected == 0 {
		return apperr.ConflictVersion()
	}
	return dbErr(s.conn(ctx).Create(r).Error)
}

// LinkCreated records, for each requested action id from[i], the action
// item confirmation created from it (items[i]), so the minutes name the
// real items.
func (s *store) LinkCreated(ctx context.Context, from []int64, items []followup.ActionItem) error {
	if len(from) != len(items) {
		return apperr.E(apperr.Internal, "meeting.items_mismatch")
	}
	c := s.conn(ctx)
	for i, id := range from {
		if err := c.Model(&DecisionAction{}).Where("id = ?", id).Update("action_item_id", items[i].ID).Error; err != nil {
			return apperr.Wrap(err, "db")
		}
	}
	return nil
}

// IssueMinutes stores the 签发 and number of confirmed minutes at version
// old; minutes issued meanwhile are a conflict.
func (s *store) IssueMinutes(ctx context.Context, mi *Minutes, old int) error {
	mi.Version = old + 1
	res := s.conn(ctx).Model(&Minutes{}).Where("id = ? AND version = ? AND issued_at IS NULL", mi.ID, old).
		Select("doc_number", "doc_year", "doc_seq", "signed_on", "issued_by", "issued_at", "version", "updated_at").Updates(mi)
	if res.Error != nil {
		return dbErr(res.Error)
	}
	if res.RowsAffected == 0 {
		mi.Version = old
		return apperr.ConflictVersion()
	}
	return nil
}
