package followup

import (
	"context"
	"time"

	"liaison/app/apperr"
	"liaison/app/db"
	"liaison/app/workday"
)

// openItemFrom returns the open item a source created, if any (a document
// has one reply item).
func (s *store) openItemFrom(ctx context.Context, kind SourceKind, sourceID int64) (ActionItem, bool, error) {
	var it ActionItem
	err := s.db.Conn(ctx).Where("source_kind = ? AND source_id = ? AND status IN ?", kind, sourceID, openStatuses).
		Order("id").Take(&it).Error
	if db.IsNotFound(err) {
		return ActionItem{}, false, nil
	}
	return it, err == nil, apperr.Wrap(err, "db")
}

// recountDue writes the recounted deadline if the item still has the one
// read (another instance recounting at the same time changes it once).
func (s *store) recountDue(ctx context.Context, it ActionItem, due workday.Date, provisional bool, now time.Time) (bool, error) {
	was := it.DueOn
	set := map[string]any{"due_on": due, "due_provisional": provisional, "due_was": &was, "version": it.Version + 1, "updated_at": now}
	if !due.Before(workday.FromTime(now)) {
		set["overdue_noticed_at"] = nil // not overdue any more: noticed again if the new date passes
	}
	res := s.db.Conn(ctx).Model(&ActionItem{}).Where("id = ? AND due_on = ? AND due_provisional = ?", it.ID, it.DueOn, it.DueProvisional).
		Updates(set)
	return res.RowsAffected == 1, apperr.Wrap(res.Error, "db")
}
