package casefile

import (
	"context"

	"liaison/app/apperr"
	"liaison/app/db"
)

// CreateOpinionRequest inserts r.
func (s *store) CreateOpinionRequest(ctx context.Context, r *OpinionRequest) error {
	if r.CaseIDs == nil {
		r.CaseIDs = []int64{}
	}
	return apperr.Wrap(s.db.Conn(ctx).Create(r).Error, "db")
}

// DecideOpinionRequest writes the decision if r is still at r.Version and
// pending, then bumps the version; otherwise a Conflict.
func (s *store) DecideOpinionRequest(ctx context.Context, r *OpinionRequest) error {
	res := s.db.Conn(ctx).Model(&OpinionRequest{}).Where("id = ? AND version = ? AND status = ?", r.ID, r.Version, RequestPending).Updates(map[string]any{
		"status": r.Status, "refusal_reason": r.RefusalReason, "decided_by": r.DecidedBy, "decided_at": r.DecidedAt,
		"document_id": r.DocumentID, "version": r.Version + 1, "updated_at": r.UpdatedAt})
	if res.Error != nil {
		return apperr.Wrap(res.Error, "db")
	}
	if res.RowsAffected == 0 {
		return apperr.ConflictVersion()
	}
	r.Version++
	return nil
}

// OpinionRequest returns request id, or NotFound.
func (s *store) OpinionRequest(ctx context.Context, id int64) (OpinionRequest, error) {
	var r OpinionRequest
	err := s.db.Conn(ctx).Take(&r, id).Error
	if db.IsNotFound(err) {
		return r, apperr.NotFoundErr("opinion_request")
	}
	return r, apperr.Wrap(err, "db")
}

// OpinionRequests returns every request, newest first.
func (s *store) OpinionRequests(ctx context.Context) ([]OpinionRequest, error) {
	var out []OpinionRequest
	err := s.db.Conn(ctx).Order("id DESC").Limit(1000).Find(&out).Error
	return out, apperr.Wrap(err, "db")
}
