package followup

import (
	"context"
	"time"

	"liaison/app/apperr"
	"liaison/app/db"
)

// handlingRow is one recipient's handling record of one escalation step.
type handlingRow struct {
	ID           int64
	EscalationID int64
	UnitID       int64
	Handling     string
	Result       string
	HandledBy    *int64
	HandledAt    time.Time
	Version      int
}

func (handlingRow) TableName() string { return "action_escalation_handlings" }

// SaveHandling writes unit's handling record of escalation escID. A first
// record (rec.Version 0) is inserted; a later one replaces it only at
// rec.Version. Either way a concurrent write is a Conflict, never lost.
func (s *store) SaveHandling(ctx context.Context, escID, unitID int64, rec *HandlingRecord) error {
	c := s.db.Conn(ctx)
	if rec.Version == 0 {
		row := handlingRow{EscalationID: escID, UnitID: unitID, Handling: rec.Handling, Result: rec.Result, HandledBy: rec.HandledBy,
			HandledAt: *rec.HandledAt, Version: 1}
		if err := c.Create(&row).Error; err != nil {
			if db.IsUnique(err) {
				return apperr.ConflictVersion()
			}
			return apperr.Wrap(err, "db")
		}
		rec.Version = 1
		return nil
	}
	res := c.Model(&handlingRow{}).Where("escalation_id = ? AND unit_id = ? AND version = ?", escID, unitID, rec.Version).Updates(map[string]any{
		"handling": rec.Handling, "result": rec.Result, "handled_by": rec.HandledBy, "handled_at": *rec.HandledAt, "version": rec.Version + 1})
	if res.Error != nil {
		return apperr.Wrap(res.Error, "db")
	}
	if res.RowsAffected == 0 {
		return apperr.ConflictVersion()
	}
	rec.Version++
	return nil
}

// fillRecipients sets each escalation's recipients (its units, in order)
// with their handling records; modes are the service's to add.
func (s *store) fillRecipients(ctx context.Context, es []Escalation) error {
	ids := make([]int64, 0, len(es))
	for _, e := range es {
		ids = append(ids, e.ID)
	}
	var rows []handlingRow
	if len(ids) > 0 {
		if err := s.db.Conn(ctx).Where("escalation_id IN ?", ids).Find(&rows).Error; err != nil {
			return apperr.Wrap(err, "db")
		}
	}
	for i := range es {
		es[i].Recipients = make([]Recipient, 0, len(es[i].UnitIDs))
		for _, u := range es[i].UnitIDs {
			r := Recipient{UnitID: u}
			for _, h := range rows {
				if h.EscalationID == es[i].ID && h.UnitID == u {
					at := h.HandledAt
					r.HandlingRecord = HandlingRecord{Handling: h.Handling, Result: h.Result, HandledBy: h.HandledBy, HandledAt: &at, Version: h.Version}
				}
			}
			es[i].Recipients = append(es[i].Recipients, r)
		}
		if es[i].Grounds == nil {
			es[i].Grounds = []Ground{}
		}
	}
	return nil
}
