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

// The document types the API contract (app/web/openapi) fixes.
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

// DocumentStatus says whether the addressee has received a document.
type DocumentStatus string

// The document statuses.
const (
	AwaitingReceipt DocumentStatus = "awaiting_receipt" // 待签收: no deadline, no action item yet
	Received        DocumentStatus = "received"         // its reply period runs from ReceivedOn
)

// Document is one issued supervision document. Its reply period runs from
// the day the addressee received it (收到之日): until then it awaits
// receipt, with no deadline and no action item. On receipt the deadline is
// counted (or is the date the document fixed) and the addressee's action
// item is created, due on ReplyDueOn.
type Document struct {
	ID              int64               `json:"id"`
	Type            DocumentType        `json:"type"`
	Number          string              `json:"number"`
	Title           string              `json:"title"`
	IssuingUnitID   int64               `json:"issuing_unit_id"`
	AddresseeUnitID int64               `json:"addressee_unit_id"`
	Sensitivity     account.Sensitivity `json:"sensitivity"`
	IssuedOn        workday.Date        `json:"issued_on"`
	ReceivedOn      workday.Date        `json:"received_on"`                                               // zero (null) until received
	ReceivedBy      *int64              `json:"received_by"`                                               // who signed for it in the app; null for a paper delivery
	ReplyDueFixed   workday.Date        `json:"reply_due_fixed"`                                           // a date the document itself fixes (the issuer's reply_due_on); it applies from receipt
	ReplyDueOn      workday.Date        `json:"reply_due_on"`                                              // zero (null) until received
	ReplyPeriodN    *int                `json:"reply_period_n"`                                            // the period applied from ReceivedOn; null when the date was fixed
	ReplyPeriodUnit *PeriodUnit         `json:"reply_period_unit"`                                         // days, workdays or months
	Provisional     bool                `json:"reply_due_provisional" gorm:"column:reply_due_provisional"` // the deadline rests on a holiday schedule not yet published
	ReplyDueWas     *workday.Date       `json:"reply_due_was,omitempty"`                                   // the deadline a recount replaced
	Status          DocumentStatus      `json:"status" gorm:"-"`
	Waiting         *Waiting            `json:"waiting,omitempty" gorm:"-"` // how long it has awaited receipt
	CreatedBy       *int64              `json:"created_by"`
	Version         int                 `json:"version"`
	CreatedAt       time.Time           `json:"created_at"`
	UpdatedAt       time.Time           `json:"updated_at"`
	CCUnitIDs       []int64             `json:"cc_unit_ids" gorm:"-"`
	CaseIDs         []int64             `json:"case_ids" gorm:"-"`
}

// Waiting is how long a document has awaited receipt since its issue:
// working days where the holiday schedule knows them, else calendar days.
type Waiting struct {
	N    int        `json:"n"`
	Unit PeriodUnit `json:"unit"` // workdays or days
}

// IsReceived reports whether the addressee has received d.
func (d Document) IsReceived() bool { return !d.ReceivedOn.IsZero() }

// derive sets the fields computed from the stored ones.
func (d *Document) derive() {
	d.Status = AwaitingReceipt
	if d.IsReceived() {
		d.Status = Received
	}
}

// AppliedPeriod is the reply period the deadline was counted with, or nil
// (not received yet, or the date the document fixed).
func (d Document) AppliedPeriod() *Period {
	if d.ReplyPeriodN == nil || d.ReplyPeriodUnit == nil {
		return nil
	}
	return &Period{N: *d.ReplyPeriodN, Unit: *d.ReplyPeriodUnit}
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
	ReceivedOn      *string             `json:"received_on"` // a paper delivery's day of receipt, entered by the issuer
	ReplyDueOn      *string             `json:"reply_due_on"`
	CaseIDs         []int64             `json:"case_ids"`
	Sensitivity     account.Sensitivity `json:"sensitivity"`
	// TypicalProblemsCopied: a suggestion's typical problems are copied
	// to the justice bureau (典型问题抄送), which owes written feedback.
	TypicalProblemsCopied bool `json:"typical_problems_copied"`
}

// documentDates are the parsed dates of a DocumentInput; received and due
// are zero when not given.
type documentDates struct {
	issued, received, due workday.Date
}

// validate checks the input as of today and returns its parsed dates.
func (in *DocumentInput) validate(today workday.Date) (documentDates, error) {
	var dd documentDates
	in.Number, in.Title = strings.TrimSpace(in.Number), strings.TrimSpace(in.Title)
	if in.Sensitivity == "" {
		in.Sensitivity = account.Ordinary
	}
	in.CCUnitIDs, in.CaseIDs = dedupe(in.CCUnitIDs), dedupe(in.CaseIDs)
	f := apperr.Fields{}
	if !in.Type.Known() {
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
	case account.RefuseContent(f, in.Sensitivity, "title", in.Title != ""): // the number (文号) is the register entry
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
	} else {
		dd.issued = issued
	}
	if in.ReceivedOn != nil && strings.TrimSpace(*in.ReceivedOn) != "" {
		r, err := checkReceived(strings.TrimSpace(*in.ReceivedOn), dd.issued, today)
		if err != "" {
			f.Add("received_on", err)
		} else {
			dd.received = r
		}
	} else if in.Sensitivity == account.Classified {
		// The addressee cannot see a classified document online, so it can
		// never sign for it in the app: its paper receipt must be entered.
		f.Add("received_on", "document.received_required")
	}
	if in.ReplyDueOn != nil && strings.TrimSpace(*in.ReplyDueOn) != "" {
		d, e2 := workday.ParseDate(strings.TrimSpace(*in.ReplyDueOn))
		switch {
		case e2 != nil:
			f.Add("reply_due_on", "date_invalid")
		case e == nil && !d.After(issued):
			f.Add("reply_due_on", "document.due_before_issue")
		case !dd.received.IsZero() && !d.After(dd.received):
			f.Add("reply_due_on", "document.due_before_receipt")
		default:
			dd.due = d
		}
	}
	return dd, f.Err()
}

// checkReceived parses a day of receipt: not before the issue (when known)
// and not after today. It returns the field code of what is wrong.
func checkReceived(s string, issued, today workday.Date) (workday.Date, string) {
	r, err := workday.ParseDate(s)
	switch {
	case err != nil:
		return workday.Date{}, "date_invalid"
	case !issued.IsZero() && r.Before(issued):
		return workday.Date{}, "document.received_before_issue"
	case r.After(today):
		return workday.Date{}, "document.received_in_future"
	}
	return r, ""
}

// CreateDocument records an issued document. With received_on (a paper
// delivery the issuer enters) the document is received at once: its
// deadline is counted from that day and the addressee's action item
// (verified by the issuing unit) is created in the same transaction.
// Without it the document awaits the addressee's receipt (ReceiveDocument).
// A reply_due_on in the input is the deadline whatever the type's period
// (kept as ReplyDueFixed and applied from receipt).
func (s *Service) CreateDocument(ctx context.Context, a account.Actor, in DocumentInput) (DocumentDetail, error) {
	if err := s.defaultCopies(ctx, &in); err != nil {
		return DocumentDetail{}, err
	}
	dd, err := in.validate(s.today())
	if err != nil {
		return DocumentDetail{}, err
	}
	if !a.CanSchedule(in.IssuingUnitID) {
		return DocumentDetail{}, apperr.E(apperr.Forbidden, "forbidden")
	}
	return s.createDocument(ctx, a, in, dd)
}

// createDocument saves a validated document the caller was allowed to
// issue (CreateDocument, or 区政府's approval of a 提请).
func (s *Service) createDocument(ctx context.Context, a account.Actor, in DocumentInput, dd documentDates) (DocumentDetail, error) {
	now := s.Now()
	d := Document{Type: in.Type, Number: in.Number, Title: in.Title, IssuingUnitID: in.IssuingUnitID, AddresseeUnitID: in.AddresseeUnitID,
		Sensitivity: in.Sensitivity, IssuedOn: dd.issued, ReplyDueFixed: dd.due, Version: 1, CreatedAt: now, UpdatedAt: now,
		CCUnitIDs: in.CCUnitIDs, CaseIDs: in.CaseIDs}
	var err error
	if !dd.received.IsZero() {
		if err := s.setReceived(ctx, &d, dd.received, "reply_due_on"); err != nil {
			return DocumentDetail{}, err
		}
	}
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
		if err := s.checkIssuer(ctx, in.Type, in.IssuingUnitID); err != nil {
			return err
		}
		if err := s.checkVisible(ctx, a, "case_ids", in.CaseIDs); err != nil {
			return err
		}
		if err := s.store.CreateDocument(ctx, &d); err != nil {
			return err
		}
		if d.IsReceived() {
			if err := s.createReplyItem(ctx, a, d); err != nil {
				return err
			}
		}
		if err := s.copiedProblemsDuty(ctx, a, d, in.TypicalProblemsCopied); err != nil {
			return err
		}
		if err := s.Accounts.AuditChange(ctx, a, "document.create", "document", d.ID, nil, d.auditView(), nil); err != nil {
			return err
		}
		if err := s.announceDocument(ctx, a, d); err != nil {
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

// setReceived marks d received on day and gives it its deadline: the date
// the document fixed, or else the type's period counted from that day. A
// fixed date that is not after the day of receipt cannot be met (a period
// runs from receipt), so the type's period applies instead. A deadline
// that cannot be counted (working days past the known holiday schedule) is
// the workday package's Invalid error, reported on field.
func (s *Service) setReceived(ctx context.Context, d *Document, day workday.Date, field string) error {
	d.ReceivedOn = day
	if d.ReplyDueFixed.After(day) {
		d.ReplyDueOn, d.ReplyPeriodN, d.ReplyPeriodUnit, d.Provisional = d.ReplyDueFixed, nil, nil, false
		return nil
	}
	t, err := s.Timers(ctx)
	if err != nil {
		return err
	}
	cal, err := s.calendar(ctx)
	if err != nil {
		return err
	}
	p, ok := t.ReplyPeriods[d.Type]
	if !ok { // an added type keeps its period on its row
		def, err := s.TypeDef(ctx, d.Type, false)
		if err != nil {
			return err
		}
		p = def.Reply
	}
	due, err := p.ReplyDue(cal, day)
	if err != nil {
		if ae, ok := apperr.As(err); ok && ae.Kind == apperr.Invalid {
			ae.Fields = map[string]string{field: ae.Code}
		}
		return err
	}
	n, unit := p.N, p.Unit
	d.ReplyDueOn, d.ReplyPeriodN, d.ReplyPeriodUnit, d.Provisional = due, &n, &unit, provisional(cal, due)
	return nil
}

// provisional reports whether deadline d rests on a holiday schedule the
// State Council has not published yet (so it may still move: see
// RecountProvisional).
func provisional(cal *workday.Calendar, d workday.Date) bool { return cal.Provisional(d) }

// createReplyItem creates the addressee's action item of a received
// document: due on its reply deadline, received on its day of receipt.
func (s *Service) createReplyItem(ctx context.Context, a account.Actor, d Document) error {
	title := d.Number
	if d.Sensitivity == account.Classified {
		title = ""
	}
	_, err := s.Actions.CreateActions(ctx, a, []followup.NewAction{{Title: title, ResponsibleUnitID: d.AddresseeUnitID,
		IssuingUnitID: d.IssuingUnitID, DueOn: d.ReplyDueOn, DueProvisional: d.Provisional, ReceivedOn: d.ReceivedOn, CaseIDs: d.CaseIDs,
		SourceKind: followup.FromDocument, SourceID: d.ID, Sensitivity: d.Sensitivity}})
	return err
}

// ReceiptInput is the body of POST /documents/{id}/receive: the day of
// receipt (default today) and, optionally, the version last read.
type ReceiptInput struct {
	ReceivedOn string `json:"received_on"`
	Version    int    `json:"version"`
}

// ReceiveDocument records the addressee's receipt (签收): any user of the
// addressee unit may sign for it. The reply deadline is counted from the
// day of receipt and the addressee's action item is created, all in one
// transaction. Not visible is NotFound; visible but not the addressee is
// Forbidden; a document received already is a Conflict.
func (s *Service) ReceiveDocument(ctx context.Context, a account.Actor, id int64, in ReceiptInput) (DocumentDetail, error) {
	var out DocumentDetail
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		d, _, err := s.documentFor(ctx, a, id)
		if err != nil {
			return err
		}
		if a.UnitID != d.AddresseeUnitID {
			return apperr.E(apperr.Forbidden, "document.not_addressee")
		}
		if d.IsReceived() {
			return apperr.E(apperr.Conflict, "document.already_received", "Date", d.ReceivedOn.String())
		}
		if in.Version != 0 && in.Version != d.Version {
			return apperr.ConflictVersion()
		}
		today := s.today()
		day := today
		if v := strings.TrimSpace(in.ReceivedOn); v != "" {
			var code string
			if day, code = checkReceived(v, d.IssuedOn, today); code != "" {
				return apperr.Fields{"received_on": code}.Err()
			}
		}
		before := d.auditView()
		if err := s.setReceived(ctx, &d, day, "received_on"); err != nil {
			return err
		}
		if a.UserID > 0 {
			uid := a.UserID
			d.ReceivedBy = &uid
		}
		d.UpdatedAt = s.Now()
		if err := s.store.ReceiveDocument(ctx, &d); err != nil {
			return err
		}
		if err := s.createReplyItem(ctx, a, d); err != nil {
			return err
		}
		if err := s.Accounts.AuditChange(ctx, a, "document.receive", "document", d.ID, before, d.auditView(), nil); err != nil {
			return err
		}
		if err := s.announceSigned(ctx, a, d); err != nil {
			return err
		}
		out, err = s.GetDocument(ctx, a, d.ID)
		return err
	})
	if err != nil {
		return DocumentDetail{}, err
	}
	return out, nil
}

// MayReceive reports whether a may sign for d now (the 签收 button).
func MayReceive(a account.Actor, d Document) bool {
	return !d.IsReceived() && a.UnitID == d.AddresseeUnitID && !a.IsAnonymous()
}

// GetDocument returns a document the actor may see, with what links to it;
// otherwise NotFound.
func (s *Service) GetDocument(ctx context.Context, a account.Actor, id int64) (DocumentDetail, error) {
	d, err := s.store.Document(ctx, id)
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
	d, err := s.store.Document(ctx, id)
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
	m, err := s.store.ByIDs(ctx, ids)
	if err != nil {
		return err
	}
	units, err := s.store.NotifiedUnits(ctx, ids)
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
