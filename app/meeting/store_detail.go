package meeting

import (
	"context"
	"database/sql"

	"liaison/app/apperr"
	"liaison/app/db"
	"liaison/app/workday"
)

// The loaders below serve a meeting's page (Service.Get) in a fixed number
// of statements: each one joins or unions what would otherwise be one query
// per table, so the cost never grows with attendees, agenda or decisions.

// meetingRow is a meeting with its room's name, from one LEFT JOIN.
type meetingRow struct {
	Meeting  `gorm:"embedded"`
	RoomName sql.NullString
}

// link is one id a meeting's page refers to: a co-organising or inspected
// unit, a case the meeting, an agenda item or a requested action links.
type link struct {
	Kind  string // co_organiser | inspected | case | agenda_case | action_case
	Owner int64  // the meeting, agenda item or decision action
	Ref   int64  // the unit or case
}

// getWithRoom returns meeting id and its room's name ("" without a room);
// NotFound when absent. Units are left for links.
func (s *store) getWithRoom(ctx context.Context, id int64) (Meeting, string, error) {
	var row meetingRow
	err := s.conn(ctx).Table("meetings").Select("meetings.*, rooms.name AS room_name").
		Joins("LEFT JOIN rooms ON rooms.id = meetings.room_id").Where("meetings.id = ?", id).Take(&row).Error
	if db.IsNotFound(err) {
		return Meeting{}, "", apperr.NotFoundErr("meeting")
	}
	if err != nil {
		return Meeting{}, "", apperr.Wrap(err, "db")
	}
	return row.Meeting, row.RoomName.String, nil
}

// links returns every unit and case id that meeting id, its agenda items
// and its minutes' requested actions link to, in one statement.
func (s *store) links(ctx context.Context, id int64) ([]link, error) {
	const q = `SELECT role AS kind, meeting_id AS owner, unit_id AS ref FROM meeting_units WHERE meeting_id = ?
UNION ALL SELECT 'case', meeting_id, case_id FROM meeting_cases WHERE meeting_id = ?
UNION ALL SELECT 'agenda_case', c.agenda_item_id, c.case_id FROM agenda_item_cases c
	JOIN agenda_items i ON i.id = c.agenda_item_id WHERE i.meeting_id = ?
UNION ALL SELECT 'action_case', c.decision_action_id, c.case_id FROM decision_action_cases c
	JOIN decision_actions a ON a.id = c.decision_action_id JOIN decisions d ON d.id = a.decision_id
	JOIN minutes m ON m.id = d.minutes_id WHERE m.meeting_id = ?
ORDER BY 1, 2, 3`
	var out []link
	err := s.conn(ctx).Raw(q, id, id, id, id).Scan(&out).Error
	return out, apperr.Wrap(err, "db")
}

// agendaItems returns the agenda rows of meeting id in order, without
// their case links.
func (s *store) agendaItems(ctx context.Context, id int64) ([]AgendaItem, error) {
	items := []AgendaItem{}
	if err := s.conn(ctx).Where("meeting_id = ?", id).Order("position, id").Find(&items).Error; err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	sh := workday.Shanghai()
	for i := range items {
		items[i].CaseIDs = []int64{}
		items[i].CreatedAt, items[i].UpdatedAt = items[i].CreatedAt.In(sh), items[i].UpdatedAt.In(sh)
	}
	return items, nil
}

// minutesRow is the minutes joined with one decision and one requested
// action (either may be absent).
type minutesRow struct {
	Minutes   `gorm:"embedded"`
	DID       sql.NullInt64
	DPosition sql.NullInt64
	DText     sql.NullString
	DUnit     sql.NullInt64
	MKind     string
	AID       sql.NullInt64
	AItem     sql.NullInt64
	ATitle    sql.NullString
	AUnit     sql.NullInt64
	ADue      sql.NullString
}

// minutesCore returns the minutes of meeting id with their decisions and
// requested actions (without case links), in one statement; nil if none.
func (s *store) minutesCore(ctx context.Context, id int64) (*Minutes, error) {
	var rows []minutesRow
	err := s.conn(ctx).Table("minutes").
		Select(`minutes.*, d.id AS d_id, d.position AS d_position, d.text AS d_text, d.unit_id AS d_unit, mt.kind AS m_kind,
			a.id AS a_id, a.title AS a_title, a.responsible_unit_id AS a_unit, a.due_on AS a_due, a.action_item_id AS a_item`).
		Joins("JOIN meetings mt ON mt.id = minutes.meeting_id").
		Joins("LEFT JOIN decisions d ON d.minutes_id = minutes.id").
		Joins("LEFT JOIN decision_actions a ON a.decision_id = d.id").
		Where("minutes.meeting_id = ?", id).Order("d.position, d.id, a.position, a.id").Find(&rows).Error
	if err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	if len(rows) == 0 {
		return nil, nil
	}
	mi := rows[0].Minutes
	mi.Decisions, mi.SignOffs, mi.Revisions, mi.Actions = []Decision{}, []SignOff{}, []Revision{}, []ActionRef{}
	mi.OutputKind = string(OutputKind(Kind(rows[0].MKind)))
	for _, r := range rows {
		if !r.DID.Valid {
			continue
		}
		n := len(mi.Decisions)
		if n == 0 || mi.Decisions[n-1].ID != r.DID.Int64 {
			mi.Decisions = append(mi.Decisions, Decision{ID: r.DID.Int64, MinutesID: mi.ID, Position: int(r.DPosition.Int64),
				Text: r.DText.String, UnitID: nullID(r.DUnit), ActionItems: []DecisionAction{}})
			n++
		}
		if !r.AID.Valid {
			continue
		}
		due, err := workday.ParseDate(r.ADue.String)
		if err != nil {
			return nil, apperr.Wrap(err, "db")
		}
		d := &mi.Decisions[n-1]
		d.ActionItems = append(d.ActionItems, DecisionAction{ID: r.AID.Int64, ItemID: nullID(r.AItem), DecisionID: d.ID, Position: len(d.ActionItems) + 1,
			Title: r.ATitle.String, ResponsibleUnitID: r.AUnit.Int64, DueOn: due, CaseIDs: []int64{}})
		if r.AItem.Valid {
			// the action items confirmation created, by their real ids
			mi.Actions = append(mi.Actions, ActionRef{ID: r.AItem.Int64, DecisionID: d.ID, Title: r.ATitle.String, ResponsibleUnitID: r.AUnit.Int64, DueOn: due})
		}
	}
	return &mi, nil
}

// minutesTail adds the sign-offs and revisions to mi (two statements) and
// converts its times to Asia/Shanghai.
func (s *store) minutesTail(ctx context.Context, mi *Minutes) error {
	c := s.conn(ctx)
	if err := c.Where("minutes_id = ?", mi.ID).Order("signed_at, unit_id").Find(&mi.SignOffs).Error; err != nil {
		return apperr.Wrap(err, "db")
	}
	if err := c.Where("minutes_id = ?", mi.ID).Order("revision").Find(&mi.Revisions).Error; err != nil {
		return apperr.Wrap(err, "db")
	}
	sh := workday.Shanghai()
	mi.CreatedAt, mi.UpdatedAt = mi.CreatedAt.In(sh), mi.UpdatedAt.In(sh)
	if mi.ConfirmedAt != nil {
		t := mi.ConfirmedAt.In(sh)
		mi.ConfirmedAt = &t
	}
	if mi.IssuedAt != nil {
		t := mi.IssuedAt.In(sh)
		mi.IssuedAt = &t
	}
	for i := range mi.SignOffs {
		mi.SignOffs[i].SignedAt = mi.SignOffs[i].SignedAt.In(sh)
	}
	for i := range mi.Revisions {
		mi.Revisions[i].CreatedAt = mi.Revisions[i].CreatedAt.In(sh)
	}
	return nil
}

// setActionCases attaches case links (action_case rows) to mi's actions.
func (mi *Minutes) setActionCases(ls []link) {
	by := map[int64][]int64{}
	for _, l := range ls {
		if l.Kind == "action_case" {
			by[l.Owner] = append(by[l.Owner], l.Ref)
		}
	}
	for i := range mi.Decisions {
		for j := range mi.Decisions[i].ActionItems {
			ac := &mi.Decisions[i].ActionItems[j]
			if ids := by[ac.ID]; ids != nil {
				ac.CaseIDs = ids
			}
		}
	}
}

// names returns the names of units and the display names of users, in one
// statement.
func (s *store) names(ctx context.Context, units, users []int64) (map[int64]string, map[int64]string, error) {
	um, pm := map[int64]string{}, map[int64]string{}
	if len(units) == 0 && len(users) == 0 {
		return um, pm, nil
	}
	if len(units) == 0 {
		units = []int64{0}
	}
	if len(users) == 0 {
		users = []int64{0}
	}
	var rows []struct {
		Kind string
		ID   int64
		Name string
	}
	err := s.conn(ctx).Raw(`SELECT 'unit' AS kind, id, name FROM units WHERE id IN ?
UNION ALL SELECT 'user', id, display_name FROM users WHERE id IN ?`, units, users).Scan(&rows).Error
	if err != nil {
		return nil, nil, apperr.Wrap(err, "db")
	}
	for _, r := range rows {
		if r.Kind == "unit" {
			um[r.ID] = r.Name
		} else {
			pm[r.ID] = r.Name
		}
	}
	return um, pm, nil
}

// nullID is the id n holds, or nil.
func nullID(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	v := n.Int64
	return &v
}
