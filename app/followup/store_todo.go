package followup

import (
	"context"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/workday"
)

type todoRow struct {
	TodoItem
	Total   int
	Overdue int
}

func (s *store) todoList(ctx context.Context, query string, args ...any) (TodoList, int, error) {
	var rows []todoRow
	if err := s.db.Conn(ctx).Raw(query, args...).Scan(&rows).Error; err != nil {
		return TodoList{}, 0, apperr.Wrap(err, "db")
	}
	l, overdue := TodoList{Rows: make([]TodoItem, len(rows))}, 0
	for i, r := range rows {
		l.Rows[i], l.Count, overdue = r.TodoItem, r.Total, r.Overdue
	}
	return l, overdue, nil
}

const todoItemCols = `i.id, i.title, i.sensitivity, i.responsible_unit_id, i.issuing_unit_id, i.due_on, i.status, COUNT(*) OVER () AS total`

// todoOwed: the open items unit (0: none) is responsible for or user owns,
// by due date (the overdue first), visible as on the unit's own board: a
// classified item only to its issuer and its named owner. From
// action_items_responsible_idx and action_items_owner_idx.
func (s *store) todoOwed(ctx context.Context, unit, ownUnit, user int64, today workday.Date, limit int) (TodoList, int, error) {
	return s.todoList(ctx, `SELECT `+todoItemCols+`, SUM(CASE WHEN i.due_on < ? THEN 1 ELSE 0 END) OVER () AS overdue
		FROM action_items i WHERE i.status IN ? AND (i.responsible_unit_id = ? OR i.owner_user_id = ?)
		AND (`+notClassified+` OR i.issuing_unit_id = ? OR i.owner_user_id = ?)
		ORDER BY i.due_on, i.id LIMIT ?`, today, openStatuses, unit, user, ownUnit, user, limit)
}

// todoVerify: answered items unit issued to another unit, the earliest
// answer first; an administrator (not secretary) never edits a classified
// item. From action_items_issuing_idx.
func (s *store) todoVerify(ctx context.Context, unit int64, secretary bool, limit int) (TodoList, error) {
	l, _, err := s.todoList(ctx, `SELECT `+todoItemCols+`, 0 AS overdue, i.answered_at AS since
		FROM action_items i WHERE i.issuing_unit_id = ? AND i.status = 'answered' AND i.responsible_unit_id <> ?
		AND (? OR `+notClassified+`) ORDER BY i.answered_at, i.id LIMIT ?`, unit, unit, secretary, limit)
	return l, err
}

// todoEscalations: escalation steps that brought unit in and whose
// recipient record for unit is still missing (each recipient of a step
// handles it on its own: 区委's report does not answer 区纪委监委's letter),
// on items not yet rectified, the oldest first; visible as items are (a
// classified item only to its issuer and named owner). It starts from the
// unit's rows of action_item_units (action_item_units_unit_idx) and reaches
// the step by its unique (action_item_id, step) and the record by its unique
// (escalation_id, unit_id).
func (s *store) todoEscalations(ctx context.Context, unit, user int64, limit int) (TodoList, error) {
	l, _, err := s.todoList(ctx, `SELECT `+todoItemCols+`, 0 AS overdue, e.step, e.created_at AS since
		FROM action_item_units x CROSS JOIN action_escalations e CROSS JOIN action_items i
		WHERE x.unit_id = ? AND e.action_item_id = x.action_item_id AND e.step = x.step AND i.id = x.action_item_id
		AND i.status <> ?
		AND NOT EXISTS (SELECT 1 FROM action_escalation_handlings h WHERE h.escalation_id = e.id AND h.unit_id = x.unit_id)
		AND (`+notClassified+` OR i.issuing_unit_id = ? OR i.owner_user_id = ?)
		ORDER BY e.created_at, e.id LIMIT ?`, unit, string(Rectified), unit, user, limit)
	return l, err
}

// todoFigures counts the items not rectified per responsible unit, from
// action_items_due_idx (status, due_on).
func (s *store) todoFigures(ctx context.Context, today, weekEnd workday.Date) ([]UnitFigures, error) {
	var rows []UnitFigures
	err := s.db.Conn(ctx).Raw(`SELECT responsible_unit_id AS unit_id,
		SUM(CASE WHEN status IN ? THEN 1 ELSE 0 END) AS open,
		SUM(CASE WHEN status IN ? AND due_on >= ? AND due_on <= ? THEN 1 ELSE 0 END) AS due_week,
		SUM(CASE WHEN status IN ? AND due_on < ? THEN 1 ELSE 0 END) AS overdue,
		SUM(CASE WHEN escalation_step > 0 THEN 1 ELSE 0 END) AS escalated
		FROM action_items WHERE status IN ? GROUP BY responsible_unit_id ORDER BY responsible_unit_id`,
		openStatuses, openStatuses, today, weekEnd, openStatuses, today, append(openStatuses[:len(openStatuses):len(openStatuses)], Answered)).Scan(&rows).Error
	return rows, apperr.Wrap(err, "db")
}

// notClassified is the condition, on action_items aliased i, of an item
// that is not classified.
var notClassified = account.SQLIsNot("i.sensitivity", account.Classified)
