package casefile

import (
	"context"
	"time"

	"liaison/app/apperr"
	"liaison/app/workday"
)

// provisionalDocuments returns up to limit documents with a provisional
// deadline after id (the partial index documents_provisional_idx).
func (s *store) provisionalDocuments(ctx context.Context, after int64, limit int) ([]Document, error) {
	var out []Document
	err := s.db.Conn(ctx).Where("reply_due_provisional AND id > ?", after).Order("id").Limit(limit).Find(&out).Error
	return out, apperr.Wrap(err, "db")
}

// recountDocument writes a recounted deadline if the document still has
// the one read (instances recounting together change it once).
func (s *store) recountDocument(ctx context.Context, d Document, due workday.Date, provisional bool, now time.Time) (bool, error) {
	was := d.ReplyDueOn
	res := s.db.Conn(ctx).Model(&Document{}).Where("id = ? AND version = ?", d.ID, d.Version).Updates(map[string]any{
		"reply_due_on": due, "reply_due_provisional": provisional, "reply_due_was": &was, "version": d.Version + 1, "updated_at": now})
	return res.RowsAffected == 1, apperr.Wrap(res.Error, "db")
}

// provisionalCases returns up to limit cases with a provisional deadline
// after id (the partial index cases_provisional_idx).
func (s *store) provisionalCases(ctx context.Context, after int64, limit int) ([]Case, error) {
	var out []Case
	err := s.db.Conn(ctx).Where("(notify_due_provisional OR result_due_provisional) AND id > ?", after).Order("id").Limit(limit).Find(&out).Error
	return out, apperr.Wrap(err, "db")
}

// recountCase writes a case's recounted deadlines if it is unchanged since
// read.
func (s *store) recountCase(ctx context.Context, c, next Case, now time.Time) (bool, error) {
	res := s.db.Conn(ctx).Model(&Case{}).Where("id = ? AND version = ?", c.ID, c.Version).Updates(map[string]any{
		"notify_due_on": next.NotifyDueOn, "notify_due_provisional": next.NotifyDueProvisional,
		"result_due_on": next.ResultDueOn, "result_due_provisional": next.ResultDueProvisional,
		"version": c.Version + 1, "updated_at": now})
	return res.RowsAffected == 1, apperr.Wrap(res.Error, "db")
}
