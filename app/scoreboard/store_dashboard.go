package scoreboard

import (
	"context"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/casefile"
	"liaison/app/followup"
	"liaison/app/workday"
)

// Loads counts, per responsible unit, the items it owes and those answered
// awaiting verification.
func (s *store) Loads(ctx context.Context, today workday.Date) ([]UnitLoad, error) {
	var out []UnitLoad
	err := s.db.Conn(ctx).Table("action_items").
		Select("responsible_unit_id AS unit_id, "+
			"SUM(CASE WHEN status IN ? THEN 1 ELSE 0 END) AS open, "+
			"SUM(CASE WHEN status IN ? AND due_on < ? THEN 1 ELSE 0 END) AS overdue, "+
			"SUM(CASE WHEN status = ? THEN 1 ELSE 0 END) AS answered", openStatuses, openStatuses, today, followup.Answered).
		Where("status <> ?", followup.Rectified).
		Group("responsible_unit_id").Order("overdue DESC, open DESC, responsible_unit_id").Scan(&out).Error
	return out, apperr.Wrap(err, "db")
}

// Escalations returns up to limit escalated items not yet rectified, most
// advanced step first.
func (s *store) Escalations(ctx context.Context, limit int) ([]followup.ActionItem, error) {
	var items []followup.ActionItem
	err := s.db.Conn(ctx).Table("action_items").Where("escalation_step > 0 AND status <> ?", followup.Rectified).
		Order("escalation_step DESC, due_on, id").Limit(limit).Find(&items).Error
	if err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	return items, s.involve(ctx, items)
}

// AwaitingDocuments returns up to limit documents whose action item is not
// answered yet, earliest reply date first, with their copied units.
func (s *store) AwaitingDocuments(ctx context.Context, limit int) ([]casefile.Document, error) {
	var docs []casefile.Document
	c := s.db.Conn(ctx)
	err := c.Table("documents").Select("documents.*").
		Where("EXISTS (SELECT 1 FROM action_items i WHERE i.source_kind = ? AND i.source_id = documents.id AND i.status IN ?)",
			followup.FromDocument, openStatuses).
		Order("reply_due_on, id").Limit(limit).Find(&docs).Error
	if err != nil || len(docs) == 0 {
		return docs, apperr.Wrap(err, "db")
	}
	ids := make([]int64, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	var cc []struct{ DocumentID, UnitID int64 }
	if err := c.Table("document_cc_units").Select("document_id, unit_id").Where("document_id IN ?", ids).Scan(&cc).Error; err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	m := map[int64][]int64{}
	for _, x := range cc {
		m[x.DocumentID] = append(m[x.DocumentID], x.UnitID)
	}
	for i := range docs {
		docs[i].CCUnitIDs = m[docs[i].ID]
	}
	return docs, nil
}

// documentRef is what a correction's reason names of a document.
type documentRef struct {
	Type        casefile.DocumentType
	Number      string
	Sensitivity account.Sensitivity
}

// DocumentRef returns the type, number and sensitivity of document id.
func (s *store) DocumentRef(ctx context.Context, id int64) (documentRef, bool, error) {
	var out []documentRef
	err := s.db.Conn(ctx).Table("documents").Select("type, number, sensitivity").Where("id = ?", id).Limit(1).Scan(&out).Error
	if err != nil || len(out) == 0 {
		return documentRef{}, false, apperr.Wrap(err, "db")
	}
	return out[0], true, nil
}
