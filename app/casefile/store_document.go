package casefile

import (
	"context"
	"database/sql"

	"liaison/app/apperr"
	"liaison/app/db"
)

type documentCC struct {
	DocumentID int64
	UnitID     int64
}

func (documentCC) TableName() string { return "document_cc_units" }

type documentCase struct {
	DocumentID int64
	CaseID     int64
}

func (documentCase) TableName() string { return "document_cases" }

// CreateDocument inserts d with its copied units and case links; a number
// the issuer already used is a conflict on the number field.
func (s *store) CreateDocument(ctx context.Context, d *Document) error {
	c := s.db.Conn(ctx)
	err := c.Create(d).Error
	switch {
	case db.IsUnique(err):
		return &apperr.Error{Kind: apperr.Conflict, Code: "document.number_taken", Fields: map[string]string{"number": "document.number_taken"}}
	case db.IsForeignKey(err):
		return apperr.Fields{"addressee_unit_id": "unit.unknown"}.Err()
	case err != nil:
		return apperr.Wrap(err, "db")
	}
	if len(d.CCUnitIDs) > 0 {
		rows := make([]documentCC, len(d.CCUnitIDs))
		for i, u := range d.CCUnitIDs {
			rows[i] = documentCC{d.ID, u}
		}
		if err := c.Create(&rows).Error; err != nil {
			if db.IsForeignKey(err) {
				return apperr.Fields{"cc_unit_ids": "unit.unknown"}.Err()
			}
			return apperr.Wrap(err, "db")
		}
	}
	if len(d.CaseIDs) > 0 {
		rows := make([]documentCase, len(d.CaseIDs))
		for i, id := range d.CaseIDs {
			rows[i] = documentCase{d.ID, id}
		}
		if err := c.Create(&rows).Error; err != nil {
			if db.IsForeignKey(err) {
				return apperr.Fields{"case_ids": "case.unknown"}.Err()
			}
			return apperr.Wrap(err, "db")
		}
	}
	return nil
}

// ReceiveDocument writes d's receipt and deadline if it is still at its
// version and not received; otherwise Conflict. d.Version is bumped.
func (s *store) ReceiveDocument(ctx context.Context, d *Document) error {
	res := s.db.Conn(ctx).Model(&Document{}).Where("id = ? AND version = ? AND received_on IS NULL", d.ID, d.Version).Updates(map[string]any{
		"received_on": d.ReceivedOn, "received_by": d.ReceivedBy, "reply_due_on": d.ReplyDueOn, "reply_period_n": d.ReplyPeriodN,
		"reply_period_unit": d.ReplyPeriodUnit, "reply_due_provisional": d.Provisional, "version": d.Version + 1, "updated_at": d.UpdatedAt,
	})
	switch {
	case res.Error != nil:
		return apperr.Wrap(res.Error, "db")
	case res.RowsAffected == 0:
		return apperr.ConflictVersion()
	}
	d.Version++
	d.derive()
	return nil
}

// Document returns one document with its links, or NotFound.
func (s *store) Document(ctx context.Context, id int64) (Document, error) {
	var d Document
	err := s.db.Conn(ctx).Where("id = ?", id).Take(&d).Error
	if db.IsNotFound(err) {
		return d, apperr.NotFoundErr("document")
	}
	if err != nil {
		return d, apperr.Wrap(err, "db")
	}
	ds := []Document{d}
	if err := s.loadLinks(ctx, ds); err != nil {
		return d, err
	}
	return ds[0], nil
}

// loadLinks fills the copied units and cases of ds in two queries.
func (s *store) loadLinks(ctx context.Context, ds []Document) error {
	if len(ds) == 0 {
		return nil
	}
	ids := make([]int64, len(ds))
	for i, d := range ds {
		ids[i] = d.ID
	}
	var ccs []documentCC
	if err := s.db.Conn(ctx).Where("document_id IN ?", ids).Order("unit_id").Find(&ccs).Error; err != nil {
		return apperr.Wrap(err, "db")
	}
	var cases []documentCase
	if err := s.db.Conn(ctx).Where("document_id IN ?", ids).Order("case_id").Find(&cases).Error; err != nil {
		return apperr.Wrap(err, "db")
	}
	cc, cs := map[int64][]int64{}, map[int64][]int64{}
	for _, r := range ccs {
		cc[r.DocumentID] = append(cc[r.DocumentID], r.UnitID)
	}
	for _, r := range cases {
		cs[r.DocumentID] = append(cs[r.DocumentID], r.CaseID)
	}
	for i := range ds {
		ds[i].CCUnitIDs, ds[i].CaseIDs = orEmpty(cc[ds[i].ID]), orEmpty(cs[ds[i].ID])
		ds[i].derive()
	}
	return nil
}

func orEmpty(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}

// ListDocuments returns up to f.Page.Limit+1 documents visible under v,
// newest first, with their links.
func (s *store) ListDocuments(ctx context.Context, v visibility, f DocumentFilter) ([]Document, error) {
	rows := []Document{}
	if v.NoneAtAll {
		return rows, nil
	}
	q := s.db.Conn(ctx).Model(&Document{}).Where(documentVisibleSQL(v), sql.Named("u", v.UnitID))
	if f.Type != "" {
		q = q.Where("type = ?", f.Type)
	}
	if f.UnitID > 0 {
		q = q.Where("(issuing_unit_id = ? OR addressee_unit_id = ? OR id IN (SELECT document_id FROM document_cc_units WHERE unit_id = ?))", f.UnitID, f.UnitID, f.UnitID)
	}
	if f.CaseID > 0 {
		q = q.Where("id IN (SELECT document_id FROM document_cases WHERE case_id = ?)", f.CaseID)
	}
	if f.Page.Cursor.ID > 0 {
		q = q.Where("id < ?", f.Page.Cursor.ID)
	}
	if err := q.Order("id DESC").Limit(f.Page.Limit + 1).Find(&rows).Error; err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	return rows, s.loadLinks(ctx, rows)
}
