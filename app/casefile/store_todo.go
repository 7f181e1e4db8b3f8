package casefile

import (
	"context"

	"liaison/app/apperr"
)

// todoReceipts: documents addressed to unit and not received, oldest
// first, from documents_unreceived_idx (migration 0021); the count rides
// along as a window.
func (s *store) todoReceipts(ctx context.Context, unitID int64, limit int) ([]TodoDocument, int, error) {
	var rows []struct {
		TodoDocument
		Total int
	}
	err := s.db.Conn(ctx).Raw(`SELECT id, type, number, title, sensitivity, issuing_unit_id, issued_on, COUNT(*) OVER () AS total
		FROM documents WHERE addressee_unit_id = ? AND received_on IS NULL ORDER BY issued_on, id LIMIT ?`, unitID, limit).Scan(&rows).Error
	if err != nil {
		return nil, 0, apperr.Wrap(err, "db")
	}
	out, n := make([]TodoDocument, len(rows)), 0
	for i, r := range rows {
		out[i], n = r.TodoDocument, r.Total
	}
	return out, n, nil
}

// todoNotes: notifications to unit not read, oldest first, from
// case_notifications_unread_idx (migration 0021).
func (s *store) todoNotes(ctx context.Context, unitID int64, limit int) ([]TodoNote, int, error) {
	var rows []struct {
		TodoNote
		Total int
	}
	err := s.db.Conn(ctx).Raw(`SELECT n.id, n.case_id, c.number AS case_number, c.sensitivity, n.stage, n.from_unit_id, n.created_at,
		COUNT(*) OVER () AS total FROM case_notifications n JOIN cases c ON c.id = n.case_id
		WHERE n.to_unit_id = ? AND n.read_at IS NULL ORDER BY n.created_at, n.id LIMIT ?`, unitID, limit).Scan(&rows).Error
	if err != nil {
		return nil, 0, apperr.Wrap(err, "db")
	}
	out, n := make([]TodoNote, len(rows)), 0
	for i, r := range rows {
		out[i], n = r.TodoNote, r.Total
	}
	return out, n, nil
}
