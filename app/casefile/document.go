package casefile

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/followup"
	"liaison/app/workday"
)

// DocumentType is the kind of supervision document.
type DocumentType string

// The document types of API.md.
const (
	ProcuratorialSuggestion   DocumentType = "procuratorial_suggestion"   // 检察建议书
	SupervisionOpinion        DocumentType = "supervision_opinion"        // 行政执法监督意见书
	ReconsiderationSuggestion DocumentType = "reconsideration_suggestion" // 行政复议建议书
	LegalOpinion              DocumentType = "legal_opinion"              // 法律意见和建议
)

// DocumentTypes lists them in display order.
var DocumentTypes = []DocumentType{ProcuratorialSuggestion, SupervisionOpinion, ReconsiderationSuggestion, LegalOpinion}

// Valid reports a known type.
func (t DocumentType) Valid() bool { return slices.Contains(DocumentTypes, t) }

// Document is one issued supervision document. Its addressee must reply by
// ReplyDueOn; the action item it created tracks that.
type Document struct {
	ID              int64               `json:"id"`
	Type            DocumentType        `json:"type"`
	Number          string              `json:"number"`
	Title           string              `json:"title"`
	IssuingUnitID   int64               `json:"issuing_unit_id"`
	AddresseeUnitID int64               `json:"addressee_unit_id"`
	Sensitivity     account.Sensitivity `json:"sensitivity"`
	IssuedOn        workday.Date        `json:"issued_on"`
	ReplyDueOn      workday.Date        `json:"reply_due_on"`
	CreatedBy       *int64              `json:"created_by"`
	Version         int                 `json:"version"`
	CreatedAt       time.Time           `json:"created_at"`
	UpdatedAt       time.Time           `json:"updated_at"`
	CCUnitIDs       []int64             `json:"cc_unit_ids" gorm:"-"`
	CaseIDs         []int64             `json:"case_ids" gorm:"-"`
}

// TableName maps Document to its table.
func (Document) TableName() string { return "documents" }

// Scope describes a document to the policy: the issuer owns it; the
// addressee and the copied units take part.
func (d Document) Scope() account.Scope {
	return account.Scope{OwnerUnits: []int64{d.IssuingUnitID}, MemberUnits: append([]int64{d.AddresseeUnitID}, d.CCUnitIDs...), Sensitivity: d.Sensitivity}
}

// DocumentInput is the body of POST /documents. Dates are strings so that
// a malformed one is a field error, not a malformed request.
type DocumentInput struct {
	Type            DocumentType        `json:"type"`
	Number          string              `json:"number"`
	Title           string              `json:"title"`
	IssuingUnitID   int64               `json:"issuing_unit_id"`
	AddresseeUnitID int64               `json:"addressee_unit_id"`
	CCUnitIDs       []int64             `json:"cc_unit_ids"`
	IssuedOn        string              `json:"issued_on"`
	ReplyDueOn      *string             `json:"reply_due_on"`
	CaseIDs         []int64             `json:"case_ids"`
	Sensitivity     account.Sensitivity `json:"sensitivity"`
}

// validate checks the input and returns the parsed dates (due is zero when
// the type's default applies).
func (in *DocumentInput) validate() (issued, due workday.Date, err error) {
	in.Number, in.Title = strings.TrimSpace(in.Number), strings.TrimSpace(in.Title)
	if in.Sensitivity == "" {
		in.Sensitivity = account.Ordinary
	}
	in.CCUnitIDs, in.CaseIDs = dedupe(in.CCUnitIDs), dedupe(in.CaseIDs)
	f := apperr.Fields{}
	if !in.Type.Valid() {
		f.Add("type", "document.type_invalid")
	}
	switch {
	case in.Number == "":
		f.Add("number", "required")
	case utf8.RuneCountInString(in.Number) > 60:
		f.Add("number", "too_long")
	}
	if !in.Sensitivity.Valid() {
		f.Add("sensitivity", "sensitivity.invalid")
	}
	switch {
	case in.Title != "" && in.Sensitivity != account.Ordinary:
		f.Add("title", "sensitivity.no_content")
	case utf8.RuneCountInString(in.Title) > 200:
		f.Add("title", "too_long")
	}
	if in.IssuingUnitID <= 0 {
		f.Add("issuing_unit_id", "required")
	}
	switch {
	case in.AddresseeUnitID <= 0:
		f.Add("addressee_unit_id", "required")
	case in.AddresseeUnitID == in.IssuingUnitID:
		f.Add("addressee_unit_id", "document.addressee_is_issuer")
	}
	if len(in.CCUnitIDs) > 50 {
		f.Add("cc_unit_ids", "too_long")
	}
	if len(in.CaseIDs) > 50 {
		f.Add("case_ids", "too_long")
	}
	issued, e := workday.ParseDate(strings.TrimSpace(in.IssuedOn))
	if e != nil {
		f.Add("issued_on", "date_invalid")
	}
	if in.ReplyDueOn != nil && strings.TrimSpace(*in.ReplyDueOn) != "" {
		d, e2 := workday.ParseDate(strings.TrimSpace(*in.ReplyDueOn))
		switch {
		case e2 != nil:
			f.Add("reply_due_on", "date_invalid")
		case e == nil && !d.After(issued):
			f.Add("reply_due_on", "document.due_before_issue")
		default:
			due = d
		}
	}
	return issued, due, f.Err()
}

// CreateDocument records an issued document and, in the same transaction,
// the addressee's action item (verified by the issuing unit). Without a
// reply date the type's default period applies; a deadline past the known
// holiday schedule is the workday package's Invalid error.
func (s *Service) CreateDocument(ctx context.Context, a account.Actor, in DocumentInput) (DocumentDetail, error) {
	issued, due, err := in.validate()
	if err != nil {
		return DocumentDetail{}, err
	}
	if !a.CanSchedule(in.IssuingUnitID) {
		return DocumentDetail{}, apperr.E(apperr.Forbidden, "forbidden")
	}
	if due.IsZero() {
		t, err := s.Timers(ctx)
		if err != nil {
			return DocumentDetail{}, err
		}
		cal, err := s.calendar(ctx)
		if err != nil {
			return DocumentDetail{}, err
		}
		if due, err = t.ReplyPeriods[in.Type].ReplyDue(cal, issued); err != nil {
			if ae, ok := apperr.As(err); ok && ae.Kind == apperr.Invalid {
				ae.Fields = map[string]string{"reply_due_on": ae.Code}
			}
			return DocumentDetail{}, err
		}
	}
	now := s.Now()
	d := Document{Type: in.Type, Number: in.Number, Title: in.Title, IssuingUnitID: in.IssuingUnitID, AddresseeUnitID: in.AddresseeUnitID,
		Sensitivity: in.Sensitivity, IssuedOn: issued, ReplyDueOn: due, Version: 1, CreatedAt: now, UpdatedAt: now,
		CCUnitIDs: in.CCUnitIDs, CaseIDs: in.CaseIDs}
	if a.UserID > 0 {
		uid := a.UserID
		d.CreatedBy = &uid
	}
	var out DocumentDetail
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		units := map[string]int64{"issuing_unit_id": in.IssuingUnitID, "addressee_unit_id": in.AddresseeUnitID}
		for _, id := range in.CCUnitIDs {
			units["cc_unit_ids."+itoa(id)] = id
		}
		if err := s.checkUnits(ctx, units); err != nil {
			return collapseCC(err)
		}
		if err := s.checkVisible(ctx, a, "case_ids", in.CaseIDs); err != nil {
			return err
		}
		if err := s.Store.CreateDocument(ctx, &d); err != nil {
			return err
		}
		title := d.Number
		if d.Sensitivity == account.Classified {
			title = ""
		}
		_, err := s.Actions.CreateActions(ctx, a, []followup.NewAction{{Title: title, ResponsibleUnitID: d.AddresseeUnitID,
			IssuingUnitID: d.IssuingUnitID, DueOn: d.ReplyDueOn, CaseIDs: d.CaseIDs, SourceKind: followup.FromDocument,
			SourceID: d.ID, Sensitivity: d.Sensitivity}})
		if err != nil {
			return err
		}
		if err := s.Accounts.AuditChange(ctx, a, "document.create", "document", d.ID, nil, d.auditView(), nil); err != nil {
			return err
		}
		// The answer is read inside the transaction, not after the commit:
		// a read failing after the commit would report an error for a
		// document that was saved, and the client's retry would then meet
		// its own number (409). Read here, a failure rolls everything back,
		// so an error always means "nothing saved" and a retry is safe.
		out, err = s.GetDocument(ctx, a, d.ID)
		return err
	})
	if err != nil {
		return DocumentDetail{}, err
	}
	return out, nil
}

// GetDocument returns a document the actor may see, with what links to it;
// otherwise NotFound.
func (s *Service) GetDocument(ctx context.Context, a account.Actor, id int64) (DocumentDetail, error) {
	d, err := s.Store.Document(ctx, id)
	if err != nil {
		return DocumentDetail{}, err
	}
	if !a.Can(account.ActView, d.Scope()) {
		return DocumentDetail{}, apperr.NotFoundErr("document")
	}
	return s.documentDetail(ctx, a, d)
}

// documentFor returns the document if the actor may see it, plus whether
// they may edit it.
func (s *Service) documentFor(ctx context.Context, a account.Actor, id int64) (Document, bool, error) {
	d, err := s.Store.Document(ctx, id)
	if err != nil {
		return d, false, err
	}
	if !a.Can(account.ActView, d.Scope()) {
		return Document{}, false, apperr.NotFoundErr("document")
	}
	return d, a.Can(account.ActEdit, d.Scope()), nil
}

// checkVisible reports field → case.unknown unless every case exists and
// the actor may see it: a link must not reveal or probe a hidden case.
func (s *Service) checkVisible(ctx context.Context, a account.Actor, field string, ids []int64) error {
	m, err := s.Store.ByIDs(ctx, ids)
	if err != nil {
		return err
	}
	units, err := s.Store.NotifiedUnits(ctx, ids)
	if err != nil {
		return err
	}
	for _, id := range ids {
		c, ok := m[id]
		if !ok || !a.Can(account.ActView, c.Scope(units[id]...)) {
			return apperr.Fields{field: "case.unknown"}.Err()
		}
	}
	return nil
}

// collapseCC reports every unknown copied unit on the one field cc_unit_ids.
func collapseCC(err error) error {
	ae, ok := apperr.As(err)
	if !ok || ae.Fields == nil {
		return err
	}
	f := apperr.Fields{}
	for k, v := range ae.Fields {
		if strings.HasPrefix(k, "cc_unit_ids.") {
			k = "cc_unit_ids"
		}
		f.Add(k, v)
	}
	return f.Err()
}

func dedupe(ids []int64) []int64 {
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}
