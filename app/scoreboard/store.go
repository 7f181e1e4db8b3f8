package scoreboard

import (
	"context"
	"time"

	"liaison/app/apperr"
	"liaison/app/db"
	"liaison/app/followup"
	"liaison/app/meeting"
	"liaison/app/workday"
)

// store is the only place the scoreboard touches the database. It reads
// the follow-up and meeting tables (never writes them) and keeps its own
// settings and snapshots.
type store struct{ db *db.DB }

// newStore returns a store over d.
func newStore(d *db.DB) *store { return &store{db: d} }

// itemFact is what the figures need of an action item: its own dates.
type itemFact struct {
	ID                int64
	ResponsibleUnitID int64
	ReceivedOn        workday.Date
	DueOn             workday.Date
	Status            followup.Status
	AnsweredOn        workday.Date
	VerifiedAt        *time.Time
}

// unitItem links an event (verification, escalation) to an item and its unit.
type unitItem struct {
	ActionItemID      int64
	ResponsibleUnitID int64
}

// attendance is one required attendee row of a meeting in the month.
type attendance struct {
	MeetingID   int64
	UnitID      int64
	CheckedInAt *time.Time
}

var openStatuses = []followup.Status{followup.Open, followup.InProgress, followup.Returned}

// ItemFacts returns the items of units that can count in month m:
// received by its end and either received, due, verified in it, or still
// owed (no answer dated before the month).
func (s *store) ItemFacts(ctx context.Context, units []int64, m Month) ([]itemFact, error) {
	var out []itemFact
	if len(units) == 0 {
		return out, nil
	}
	start, end, first, last := m.Start(), m.End(), m.First().String(), m.Last().String()
	err := s.db.Conn(ctx).Table("action_items").
		Select("id, responsible_unit_id, received_on, due_on, status, answered_on, verified_at").
		Where("responsible_unit_id IN ? AND received_on <= ?", units, last).
		Where(s.db.Conn(ctx).Where("due_on >= ? AND due_on <= ?", first, last).
			Or("received_on >= ?", first).
			Or("verified_at >= ? AND verified_at < ?", start, end).
			// answered since the month began: maybe after the overdue cut-off
			Or("due_on <= ? AND (status IN ? OR answered_on IS NULL OR answered_on >= ?)", last, openStatuses, first)).
		Order("id").Scan(&out).Error
	return out, apperr.Wrap(err, "db")
}

// ReturnedIn lists the items of units whose answer was returned in month m.
func (s *store) ReturnedIn(ctx context.Context, units []int64, m Month) ([]unitItem, error) {
	var out []unitItem
	if len(units) == 0 {
		return out, nil
	}
	err := s.db.Conn(ctx).Table("action_verifications v").
		Select("DISTINCT v.action_item_id, i.responsible_unit_id").
		Joins("JOIN action_items i ON i.id = v.action_item_id").
		Where("v.accepted = ? AND v.created_at >= ? AND v.created_at < ? AND i.responsible_unit_id IN ?", false, m.Start(), m.End(), units).
		Order("v.action_item_id").Scan(&out).Error
	return out, apperr.Wrap(err, "db")
}

// EscalatedIn lists the items of units escalated (any step) in month m.
func (s *store) EscalatedIn(ctx context.Context, units []int64, m Month) ([]unitItem, error) {
	var out []unitItem
	if len(units) == 0 {
		return out, nil
	}
	err := s.db.Conn(ctx).Table("action_escalations e").
		Select("DISTINCT e.action_item_id, i.responsible_unit_id").
		Joins("JOIN action_items i ON i.id = e.action_item_id").
		Where("e.created_at >= ? AND e.created_at < ? AND i.responsible_unit_id IN ?", m.Start(), m.End(), units).
		Order("e.action_item_id").Scan(&out).Error
	return out, apperr.Wrap(err, "db")
}

// Attendance lists the chair and required attendees from units at the
// meetings (issued, not cancelled) that started in month m.
func (s *store) Attendance(ctx context.Context, units []int64, m Month) ([]attendance, error) {
	var out []attendance
	if len(units) == 0 {
		return out, nil
	}
	err := s.db.Conn(ctx).Table("meeting_attendees a").
		Select("a.meeting_id, a.unit_id, a.checked_in_at").
		Joins("JOIN meetings m ON m.id = a.meeting_id").
		Where("a.unit_id IN ? AND a.role IN ? AND "+meeting.SQLHeld("m")+" AND m.start_at >= ? AND m.start_at < ?",
			units, expectedRoles, m.Start(), m.End()).
		Order("a.meeting_id").Scan(&out).Error
	return out, apperr.Wrap(err, "db")
}

// ItemsByIDs loads action items with the units escalation brought in, for
// the policy; no N+1.
func (s *store) ItemsByIDs(ctx context.Context, ids []int64) ([]followup.ActionItem, error) {
	var items []followup.ActionItem
	if len(ids) == 0 {
		return items, nil
	}
	c := s.db.Conn(ctx)
	if err := c.Table("action_items").Where("id IN ?", ids).Order("due_on, id").Find(&items).Error; err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	return items, s.involve(ctx, items)
}

// involve fills InvolvedUnitIDs from action_item_units.
func (s *store) involve(ctx context.Context, items []followup.ActionItem) error {
	if len(items) == 0 {
		return nil
	}
	ids := make([]int64, len(items))
	for i := range items {
		ids[i] = items[i].ID
	}
	var links []struct{ ActionItemID, UnitID int64 }
	if err := s.db.Conn(ctx).Table("action_item_units").Select("action_item_id, unit_id").Where("action_item_id IN ?", ids).
		Scan(&links).Error; err != nil {
		return apperr.Wrap(err, "db")
	}
	m := map[int64][]int64{}
	for _, l := range links {
		m[l.ActionItemID] = append(m[l.ActionItemID], l.UnitID)
	}
	for i := range items {
		items[i].InvolvedUnitIDs = m[items[i].ID]
	}
	return nil
}

// expectedRoles are the attendees a unit's attendance counts: the chair
// and those required, not those invited to sit in (列席) or experts.
var expectedRoles = []meeting.Role{meeting.RoleChair, meeting.RoleRequired}
