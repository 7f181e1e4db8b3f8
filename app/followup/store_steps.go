package followup

import (
	"context"
	"time"

	"liaison/app/apperr"
	"liaison/app/db"
)

type itemUnit struct {
	ActionItemID int64
	UnitID       int64
	Step         int
}

func (itemUnit) TableName() string { return "action_item_units" }

// InvolvedUnits returns, per item, the units escalation brought in.
func (s *store) InvolvedUnits(ctx context.Context, ids []int64) (map[int64][]itemUnit, error) {
	out := map[int64][]itemUnit{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []itemUnit
	if err := s.db.Conn(ctx).Where("action_item_id IN ?", ids).Order("step, unit_id").Find(&rows).Error; err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	for _, r := range rows {
		out[r.ActionItemID] = append(out[r.ActionItemID], r)
	}
	return out, nil
}

// Update writes the item's state fields if its version is still it.Version,
// then bumps it; a stale version is a Conflict.
func (s *store) Update(ctx context.Context, it *ActionItem, now time.Time) error {
	res := s.db.Conn(ctx).Model(&ActionItem{}).Where("id = ? AND version = ?", it.ID, it.Version).Updates(map[string]any{
		"status": it.storedStatus(), "due_on": it.DueOn, "escalation_step": it.EscalationStep, "answered_at": it.AnsweredAt, "answered_on": it.AnsweredOn,
		"verified_at": it.VerifiedAt, "verified_by": it.VerifiedBy, "revisit_on": it.RevisitOn,
		"overdue_noticed_at": it.OverdueNoticedAt, "version": it.Version + 1, "updated_at": now,
	})
	if res.Error != nil {
		return apperr.Wrap(res.Error, "db")
	}
	if res.RowsAffected == 0 {
		return apperr.ConflictVersion()
	}
	it.Version++
	it.UpdatedAt = now
	return nil
}

// AddFeedback inserts f.
func (s *store) AddFeedback(ctx context.Context, f *Feedback) error {
	return apperr.Wrap(s.db.Conn(ctx).Create(f).Error, "db")
}

// AddVerification inserts v.
func (s *store) AddVerification(ctx context.Context, v *Verification) error {
	return apperr.Wrap(s.db.Conn(ctx).Create(v).Error, "db")
}

// AddEscalation inserts e and the units it brings in; a step taken twice
// at once is a Conflict.
func (s *store) AddEscalation(ctx context.Context, e *Escalation) error {
	c := s.db.Conn(ctx)
	if e.Documents == nil {
		e.Documents = []string{}
	}
	if e.Grounds == nil {
		e.Grounds = []Ground{}
	}
	if err := c.Create(e).Error; err != nil {
		if db.IsUnique(err) {
			return apperr.ConflictVersion()
		}
		return apperr.Wrap(err, "db")
	}
	var have []int64
	if err := c.Model(&itemUnit{}).Where("action_item_id = ?", e.ActionItemID).Pluck("unit_id", &have).Error; err != nil {
		return apperr.Wrap(err, "db")
	}
	seen := map[int64]bool{}
	for _, u := range have {
		seen[u] = true
	}
	var rows []itemUnit
	for _, u := range e.UnitIDs {
		if !seen[u] {
			seen[u] = true
			rows = append(rows, itemUnit{ActionItemID: e.ActionItemID, UnitID: u, Step: e.Step})
		}
	}
	if len(rows) > 0 {
		if err := c.Create(&rows).Error; err != nil {
			return apperr.Wrap(err, "db")
		}
	}
	return nil
}

// UpdateHandling writes the handling fields of e at e.Version and bumps it.
func (s *store) UpdateHandling(ctx context.Context, e *Escalation) error {
	res := s.db.Conn(ctx).Model(&Escalation{}).Where("id = ? AND version = ?", e.ID, e.Version).Updates(map[string]any{
		"handling": e.Handling, "result": e.Result, "handled_unit_id": e.HandledUnitID, "handled_by": e.HandledBy,
		"handled_at": e.HandledAt, "version": e.Version + 1,
	})
	if res.Error != nil {
		return apperr.Wrap(res.Error, "db")
	}
	if res.RowsAffected == 0 {
		return apperr.ConflictVersion()
	}
	e.Version++
	return nil
}

// Steps loads an item's feedback, verifications and escalations, oldest first.
func (s *store) Steps(ctx context.Context, id int64) (Detail, error) {
	var d Detail
	c := s.db.Conn(ctx)
	if err := c.Where("action_item_id = ?", id).Order("id").Find(&d.Feedback).Error; err != nil {
		return d, apperr.Wrap(err, "db")
	}
	if err := c.Where("action_item_id = ?", id).Order("id").Find(&d.Verifications).Error; err != nil {
		return d, apperr.Wrap(err, "db")
	}
	if err := c.Where("action_item_id = ?", id).Order("step").Find(&d.Escalations).Error; err != nil {
		return d, apperr.Wrap(err, "db")
	}
	units, err := s.InvolvedUnits(ctx, []int64{id})
	if err != nil {
		return d, err
	}
	for i := range d.Escalations {
		d.Escalations[i].UnitIDs = []int64{}
		for _, u := range units[id] {
			if u.Step == d.Escalations[i].Step {
				d.Escalations[i].UnitIDs = append(d.Escalations[i].UnitIDs, u.UnitID)
			}
		}
	}
	if err := s.fillRecipients(ctx, d.Escalations); err != nil {
		return d, err
	}
	files, err := s.Files(ctx, id)
	if err != nil {
		return d, err
	}
	for i := range d.Feedback {
		d.Feedback[i].Files = []FeedbackFile{}
		for _, f := range files {
			if f.FeedbackID == d.Feedback[i].ID {
				d.Feedback[i].Files = append(d.Feedback[i].Files, f)
			}
		}
	}
	if d.Feedback == nil {
		d.Feedback = []Feedback{}
	}
	if d.Verifications == nil {
		d.Verifications = []Verification{}
	}
	if d.Escalations == nil {
		d.Escalations = []Escalation{}
	}
	return d, nil
}

// Escalation returns step of item id, or NotFound.
func (s *store) Escalation(ctx context.Context, id int64, step int) (Escalation, error) {
	var e Escalation
	err := s.db.Conn(ctx).Where("action_item_id = ? AND step = ?", id, step).Take(&e).Error
	if db.IsNotFound(err) {
		return e, apperr.NotFoundErr("escalation")
	}
	return e, apperr.Wrap(err, "db")
}
