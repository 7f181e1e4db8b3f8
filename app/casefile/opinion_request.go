package casefile

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"liaison/app/account"
	"liaison/app/apperr"
)

// A 行政执法监督意见书 is not the justice bureau's to issue: it asks (提请)
// 区政府 to make one, with its grounds, and 区政府's secretary or leader
// approves it (the opinion is then issued in 区政府's name, the
// procuratorate told by copy: 通报) or refuses it with a reason. Each
// decision is recorded and audited.

// OpinionGround is a ground the source gives for a supervision opinion.
type OpinionGround string

// The grounds.
const (
	GroundCrimeNotTransferred OpinionGround = "crime_not_transferred" // 违法行为涉嫌犯罪未按规定移送
	GroundDecisionNotExecuted OpinionGround = "decision_not_executed" // 在法定期限内拒不执行行政处罚或其他行政决定
	GroundDiscretionAbused    OpinionGround = "discretion_abused"     // 滥用行政处罚自由裁量权
)

// OpinionGrounds lists them in the source's order.
var OpinionGrounds = []OpinionGround{GroundCrimeNotTransferred, GroundDecisionNotExecuted, GroundDiscretionAbused}

// RequestStatus is where a request stands.
type RequestStatus string

// The request statuses.
const (
	RequestPending  RequestStatus = "pending"
	RequestApproved RequestStatus = "approved"
	RequestRefused  RequestStatus = "refused"
)

// OpinionRequest is the justice bureau's 提请 for a supervision opinion.
type OpinionRequest struct {
	ID               int64               `json:"id"`
	Number           string              `json:"number"` // the opinion's number once issued
	Title            string              `json:"title"`
	Grounds          []OpinionGround     `json:"grounds" gorm:"serializer:json"`
	RequestingUnitID int64               `json:"requesting_unit_id"`
	GovernmentUnitID int64               `json:"government_unit_id"`
	AddresseeUnitID  int64               `json:"addressee_unit_id"`
	CaseIDs          []int64             `json:"case_ids" gorm:"serializer:json"`
	Sensitivity      account.Sensitivity `json:"sensitivity"`
	Status           RequestStatus       `json:"status"`
	RefusalReason    string              `json:"refusal_reason"`
	DecidedBy        *int64              `json:"decided_by"`
	DecidedAt        *time.Time          `json:"decided_at"`
	DocumentID       *int64              `json:"document_id"`
	CreatedBy        *int64              `json:"created_by"`
	Version          int                 `json:"version"`
	CreatedAt        time.Time           `json:"created_at"`
	UpdatedAt        time.Time           `json:"updated_at"`
}

// TableName maps OpinionRequest to its table.
func (OpinionRequest) TableName() string { return "opinion_requests" }

// Scope: the requesting unit and 区政府, which decides on it, are its two
// parties (both see even a classified request's register entry).
func (r OpinionRequest) Scope() account.Scope {
	return account.Scope{OwnerUnits: []int64{r.RequestingUnitID, r.GovernmentUnitID}, Sensitivity: r.Sensitivity}
}

// OpinionRequestInput is the body of POST /opinion-requests.
type OpinionRequestInput struct {
	Number           string              `json:"number"`
	Title            string              `json:"title"`
	Grounds          []string            `json:"grounds"`
	RequestingUnitID int64               `json:"requesting_unit_id"`
	AddresseeUnitID  int64               `json:"addressee_unit_id"`
	CaseIDs          []int64             `json:"case_ids"`
	Sensitivity      account.Sensitivity `json:"sensitivity"`
}

// OpinionDecision is the body of approve (issued_on: default today) and
// refuse (reason, required on an ordinary request).
type OpinionDecision struct {
	IssuedOn string `json:"issued_on"`
	// ReceivedOn is the addressee's day of receipt of a paper delivery
	// (required for a classified opinion, which never goes online).
	ReceivedOn string `json:"received_on"`
	Reason     string `json:"reason"`
	Version    int    `json:"version"`
}

func (in *OpinionRequestInput) validate() ([]OpinionGround, error) {
	in.Number, in.Title = strings.TrimSpace(in.Number), strings.TrimSpace(in.Title)
	if in.Sensitivity == "" {
		in.Sensitivity = account.Ordinary
	}
	in.CaseIDs = dedupe(in.CaseIDs)
	f := apperr.Fields{}
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
	grounds := []OpinionGround{}
	for _, g := range in.Grounds {
		switch {
		case !slices.Contains(OpinionGrounds, OpinionGround(g)):
			f.Add("grounds", "opinion_request.ground_invalid")
		case !slices.Contains(grounds, OpinionGround(g)):
			grounds = append(grounds, OpinionGround(g))
		}
	}
	if len(in.Grounds) == 0 {
		f.Add("grounds", "opinion_request.grounds_required")
	}
	if in.RequestingUnitID <= 0 {
		f.Add("requesting_unit_id", "required")
	}
	switch {
	case in.AddresseeUnitID <= 0:
		f.Add("addressee_unit_id", "required")
	case in.AddresseeUnitID == in.RequestingUnitID:
		f.Add("addressee_unit_id", "document.addressee_is_issuer")
	}
	if len(in.CaseIDs) > 50 {
		f.Add("case_ids", "too_long")
	}
	return grounds, f.Err()
}

// RequestOpinion records the justice bureau's 提请 to 区政府 (secretaries
// of a justice bureau, or an administrator for one).
func (s *Service) RequestOpinion(ctx context.Context, a account.Actor, in OpinionRequestInput) (OpinionRequest, error) {
	grounds, err := in.validate()
	if err != nil {
		return OpinionRequest{}, err
	}
	if !a.CanSchedule(in.RequestingUnitID) {
		return OpinionRequest{}, apperr.E(apperr.Forbidden, "forbidden")
	}
	var r OpinionRequest
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := s.checkUnits(ctx, map[string]int64{"requesting_unit_id": in.RequestingUnitID, "addressee_unit_id": in.AddresseeUnitID}); err != nil {
			return err
		}
		units, err := s.Accounts.UnitsByIDs(ctx, []int64{in.RequestingUnitID})
		if err != nil {
			return err
		}
		if units[in.RequestingUnitID].Kind != account.KindJusticeBureau {
			code := "opinion_request.requester_rule"
			return &apperr.Error{Kind: apperr.Invalid, Code: code, Fields: map[string]string{"requesting_unit_id": code}}
		}
		gov, err := s.Accounts.ActiveUnitIDsOfKinds(ctx, account.KindGovernment)
		if err != nil {
			return err
		}
		if len(gov) == 0 {
			return apperr.E(apperr.Invalid, "opinion_request.no_government")
		}
		if err := s.checkVisible(ctx, a, "case_ids", in.CaseIDs); err != nil {
			return err
		}
		now := s.Now()
		r = OpinionRequest{Number: in.Number, Title: in.Title, Grounds: grounds, RequestingUnitID: in.RequestingUnitID, GovernmentUnitID: gov[0],
			AddresseeUnitID: in.AddresseeUnitID, CaseIDs: in.CaseIDs, Sensitivity: in.Sensitivity, Status: RequestPending,
			CreatedBy: userRef(a), Version: 1, CreatedAt: now, UpdatedAt: now}
		if err := s.store.CreateOpinionRequest(ctx, &r); err != nil {
			return err
		}
		return s.Accounts.AuditChange(ctx, a, "opinion_request.create", "opinion_request", r.ID, nil, r.auditView(), nil)
	})
	return r, err
}

// MayDecide reports whether a decides on r for 区政府: its secretary or
// leader, while the request is pending.
func MayDecide(a account.Actor, r OpinionRequest) bool {
	return r.Status == RequestPending && a.UnitID == r.GovernmentUnitID && (a.Role == account.RoleSecretary || a.Role == account.RoleLeader)
}

// ApproveOpinion is 区政府's approval: the supervision opinion is issued in
// 区政府's name to the addressee, copied to the procuratorate (通报) and to
// the requesting justice bureau, and the request points at it.
func (s *Service) ApproveOpinion(ctx context.Context, a account.Actor, id int64, in OpinionDecision) (OpinionRequest, DocumentDetail, error) {
	var (
		r   OpinionRequest
		doc DocumentDetail
	)
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if r, err = s.requestToDecide(ctx, a, id, in.Version); err != nil {
			return err
		}
		before := r.auditView()
		issued := strings.TrimSpace(in.IssuedOn)
		if issued == "" {
			issued = s.today().String()
		}
		din := DocumentInput{Type: SupervisionOpinion, Number: r.Number, Title: r.Title, IssuingUnitID: r.GovernmentUnitID,
			AddresseeUnitID: r.AddresseeUnitID, IssuedOn: issued, CaseIDs: r.CaseIDs, Sensitivity: r.Sensitivity}
		if v := strings.TrimSpace(in.ReceivedOn); v != "" {
			din.ReceivedOn = &v
		}
		if err := s.defaultCopies(ctx, &din); err != nil {
			return err
		}
		if !slices.Contains(din.CCUnitIDs, r.RequestingUnitID) {
			din.CCUnitIDs = append(din.CCUnitIDs, r.RequestingUnitID)
		}
		dd, err := din.validate(s.today())
		if err != nil {
			return err
		}
		if doc, err = s.createDocument(ctx, a, din, dd); err != nil {
			return err
		}
		now := s.Now()
		r.Status, r.DecidedBy, r.DecidedAt, r.DocumentID, r.UpdatedAt = RequestApproved, userRef(a), &now, &doc.ID, now
		if err := s.store.DecideOpinionRequest(ctx, &r); err != nil {
			return err
		}
		return s.Accounts.AuditChange(ctx, a, "opinion_request.approve", "opinion_request", r.ID, before, r.auditView(), map[string]any{"document_id": doc.ID})
	})
	if err != nil {
		return OpinionRequest{}, DocumentDetail{}, err
	}
	return r, doc, nil
}

// RefuseOpinion is 区政府's refusal, with its reason (an ordinary request
// must give one; a sensitive or classified one cannot carry text online).
func (s *Service) RefuseOpinion(ctx context.Context, a account.Actor, id int64, in OpinionDecision) (OpinionRequest, error) {
	var r OpinionRequest
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if r, err = s.requestToDecide(ctx, a, id, in.Version); err != nil {
			return err
		}
		reason := strings.TrimSpace(in.Reason)
		switch {
		case reason != "" && r.Sensitivity != account.Ordinary:
			return apperr.Fields{"reason": "sensitivity.no_content"}.Err()
		case reason == "" && r.Sensitivity == account.Ordinary:
			return apperr.Fields{"reason": "required"}.Err()
		case utf8.RuneCountInString(reason) > 2000:
			return apperr.Fields{"reason": "too_long"}.Err()
		}
		before := r.auditView()
		now := s.Now()
		r.Status, r.RefusalReason, r.DecidedBy, r.DecidedAt, r.UpdatedAt = RequestRefused, reason, userRef(a), &now, now
		if err := s.store.DecideOpinionRequest(ctx, &r); err != nil {
			return err
		}
		return s.Accounts.AuditChange(ctx, a, "opinion_request.refuse", "opinion_request", r.ID, before, r.auditView(), nil)
	})
	return r, err
}

// requestToDecide loads a request a may see and decide on now: not
// visible is NotFound; not 区政府's secretary or leader is Forbidden; a
// request decided already, or a stale version, is a Conflict.
func (s *Service) requestToDecide(ctx context.Context, a account.Actor, id int64, version int) (OpinionRequest, error) {
	r, err := s.GetOpinionRequest(ctx, a, id)
	if err != nil {
		return r, err
	}
	if a.UnitID != r.GovernmentUnitID || (a.Role != account.RoleSecretary && a.Role != account.RoleLeader) {
		return r, apperr.E(apperr.Forbidden, "opinion_request.not_government")
	}
	if r.Status != RequestPending {
		return r, apperr.E(apperr.Conflict, "opinion_request.decided")
	}
	if version != 0 && version != r.Version {
		return r, apperr.ConflictVersion()
	}
	return r, nil
}

// GetOpinionRequest returns a request the actor may see, else NotFound.
func (s *Service) GetOpinionRequest(ctx context.Context, a account.Actor, id int64) (OpinionRequest, error) {
	r, err := s.store.OpinionRequest(ctx, id)
	if err != nil {
		return r, err
	}
	if !a.Can(account.ActView, r.Scope()) {
		return OpinionRequest{}, apperr.NotFoundErr("opinion_request")
	}
	return r, nil
}

// ListOpinionRequests returns the requests the actor may see, newest first
// (a short list: a district makes a handful a year).
func (s *Service) ListOpinionRequests(ctx context.Context, a account.Actor) ([]OpinionRequest, error) {
	all, err := s.store.OpinionRequests(ctx)
	if err != nil {
		return nil, err
	}
	out := []OpinionRequest{}
	for _, r := range all {
		if a.Can(account.ActView, r.Scope()) {
			out = append(out, r)
		}
	}
	return out, nil
}

// auditView is the request as the audit log keeps it: no text of a
// sensitive or classified one (it has none anyway).
func (r OpinionRequest) auditView() OpinionRequest {
	if r.Sensitivity != account.Ordinary {
		r.Title, r.RefusalReason = "", ""
	}
	return r
}

func userRef(a account.Actor) *int64 {
	if a.UserID <= 0 {
		return nil
	}
	id := a.UserID
	return &id
}
