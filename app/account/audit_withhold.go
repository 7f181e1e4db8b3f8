package account

import (
	"context"
	"slices"

	"liaison/app/apperr"
)

// withholdRaised hides, on read, the content of entries written while
// their object could hold text when a later entry shows the object
// sensitive or classified. Erasure at write time (eraseEarlier) does this
// for chain version 2; this covers the version 1 entries written before
// migration 0017, whose text the chain holds raw and which cannot be
// erased, and any entry erasure missed. One query per page, only when the
// page has such entries.
func (s *store) withholdRaised(ctx context.Context, es []AuditEntry) error {
	byType := map[string][]string{}
	for _, e := range es {
		if e.mayHoldText() && !slices.Contains(byType[e.ObjectType], e.ObjectID) {
			byType[e.ObjectType] = append(byType[e.ObjectType], e.ObjectID)
		}
	}
	if len(byType) == 0 {
		return nil
	}
	q := s.conn(ctx).Table("audit_log").Select("audit_log.object_type, audit_log.object_id, MAX(audit_log.id) AS raised_at").
		Joins("JOIN audit_content ON audit_content.entry_id = audit_log.id").
		Where("audit_content.level IN ?", []string{string(Sensitive), string(Classified)})
	or := s.conn(ctx)
	for typ, ids := range byType {
		or = or.Or("audit_log.object_type = ? AND audit_log.object_id IN ?", typ, ids)
	}
	var raised []struct {
		ObjectType, ObjectID string
		RaisedAt             int64
	}
	if err := q.Where(or).Group("audit_log.object_type, audit_log.object_id").Scan(&raised).Error; err != nil {
		return apperr.Wrap(err, "db")
	}
	last := map[[2]string]int64{}
	for _, r := range raised {
		last[[2]string{r.ObjectType, r.ObjectID}] = r.RaisedAt
	}
	for i := range es {
		if es[i].mayHoldText() && es[i].ID < last[[2]string{es[i].ObjectType, es[i].ObjectID}] {
			es[i].withhold()
		}
	}
	return nil
}

// mayHoldText: the entry is about an object, shows content, and was not
// written at a level that keeps the register entry only.
func (e AuditEntry) mayHoldText() bool {
	return e.ObjectID != "" && !e.Withheld && (e.Detail != "" || e.Before != "" || e.After != "") &&
		slices.Contains(textLevels, e.ContentLevel)
}

func (e *AuditEntry) withhold() {
	e.Detail, e.Before, e.After, e.Withheld = "", "", "", true
}
