package followup

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/workday"
)

// maxText bounds free-text bodies and comments.
const maxText = 10000

func fieldErr(field, code string) error { return apperr.Fields{field: code}.Err() }

// checkText enforces the sensitivity rule on a free-text field: ordinary
// items need it when required; sensitive and classified items keep their
// content offline, so it must stay empty.
func checkText(it ActionItem, field, text string, required bool) (string, error) {
	text = strings.TrimSpace(text)
	switch {
	case !it.Sensitivity.HoldsContent() && text != "":
		return "", account.ContentError(it.Sensitivity, field, true)
	case it.Sensitivity.HoldsContent() && required && text == "":
		return "", fieldErr(field, "required")
	case utf8.RuneCountInString(text) > maxText:
		return "", fieldErr(field, "too_long")
	}
	return text, nil
}

// FeedbackInput is a report by the responsible unit.
type FeedbackInput struct {
	Kind FeedbackKind `json:"kind"` // answer (default) or progress
	Body string       `json:"body"`
	// AnsweredOn is the date of the written answer as the agency states it
	// (YYYY-MM-DD; answers only): default today, not before the item was
	// received, not after today.
	AnsweredOn string `json:"answered_on"`
	Version    int    `json:"version"` // optional: the item's version last read
}

// answeredOn checks the date an answer states for it, as of today.
func (in FeedbackInput) answeredOn(it ActionItem, today workday.Date) (workday.Date, error) {
	v := strings.TrimSpace(in.AnsweredOn)
	switch {
	case v == "":
		return today, nil
	case in.Kind != Answer:
		return workday.Date{}, fieldErr("answered_on", "action.answered_on_answer_only")
	}
	d, err := workday.ParseDate(v)
	switch {
	case err != nil:
		return workday.Date{}, fieldErr("answered_on", "date_invalid")
	case !it.ReceivedOn.IsZero() && d.Before(it.ReceivedOn):
		return workday.Date{}, &apperr.Error{Kind: apperr.Invalid, Code: "invalid", Args: map[string]any{"Date": it.ReceivedOn.String()},
			Fields: map[string]string{"answered_on": "action.answered_before_received"}}
	case d.After(today):
		return workday.Date{}, fieldErr("answered_on", "action.answered_in_future")
	}
	return d, nil
}

// load reads a visible item for a write inside the transaction and checks
// the caller's version, if given.
func (s *Service) load(ctx context.Context, a account.Actor, id int64, version int) (ActionItem, error) {
	it, err := s.Get(ctx, a, id)
	if err != nil {
		return it, err
	}
	if version != 0 && version != it.Version {
		return it, apperr.ConflictVersion()
	}
	return it, nil
}

// isResponsible reports whether a answers for the item: a non-leader of
// the responsible unit, or the named owner.
func isResponsible(a account.Actor, it ActionItem) bool {
	if it.OwnerUserID != nil && *it.OwnerUserID == a.UserID {
		return true
	}
	return a.UnitID == it.ResponsibleUnitID && a.Role != account.RoleLeader
}

// AddFeedback records a progress report (the item becomes in_progress) or
// the written answer (answered, awaiting verification), with optional
// scans (PDF, PNG or JPEG by content; ordinary items only). Not visible is
// NotFound; visible but not the responsible unit is Forbidden.
func (s *Service) AddFeedback(ctx context.Context, a account.Actor, id int64, in FeedbackInput, files ...Upload) (ActionItem, Feedback, error) {
	var (
		it ActionItem
		fb Feedback
	)
	if in.Kind == "" {
		in.Kind = Answer
	}
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if it, err = s.load(ctx, a, id, in.Version); err != nil {
			return err
		}
		if !isResponsible(a, it) {
			return apperr.E(apperr.Forbidden, "action.not_responsible")
		}
		if in.Kind != Answer && in.Kind != Progress {
			return fieldErr("kind", "action.feedback_kind_invalid")
		}
		body, err := checkText(it, "body", in.Body, true)
		if err != nil {
			return err
		}
		limit := s.FileLimit
		if limit <= 0 {
			limit = DefaultFileLimit
		}
		metas, err := checkUploads(it, files, limit)
		if err != nil {
			return err
		}
		today := s.today()
		answeredOn, err := in.answeredOn(it, today)
		if err != nil {
			return err
		}
		if !slices.Contains(openStatuses, it.storedStatus()) {
			return apperr.E(apperr.Invalid, "action.not_open", "Status", string(it.storedStatus()))
		}
		now := s.Now()
		before := it.auditView()
		it.Status = InProgress
		if in.Kind == Answer {
			it.Status, it.AnsweredAt, it.AnsweredOn = Answered, &now, answeredOn
		}
		if err := s.store.Update(ctx, &it, now); err != nil {
			return err
		}
		if in.Kind == Answer && earlierMonth(answeredOn, today) {
			if err := s.tellDated(ctx, a, []Dated{{Item: it, Event: DatedAnswered, On: answeredOn}}); err != nil {
				return err
			}
		}
		fb = Feedback{ActionItemID: it.ID, Kind: in.Kind, Body: body, UnitID: a.UnitID, UserID: userID(a), CreatedAt: now}
		if err := s.store.AddFeedback(ctx, &fb); err != nil {
			return err
		}
		fb.Files = make([]FeedbackFile, 0, len(metas))
		for i, m := range metas {
			m.FeedbackID, m.CreatedBy, m.CreatedAt = fb.ID, userID(a), now
			if err := s.store.AddFile(ctx, &m, files[i].Data); err != nil {
				return err
			}
			fb.Files = append(fb.Files, m)
		}
		if err := s.announceFeedback(ctx, a, it, fb); err != nil {
			return err
		}
		return s.Accounts.AuditChange(ctx, a, "action.feedback", "action", it.ID, before, it.auditView(), map[string]any{"kind": in.Kind, "files": len(metas)})
	})
	if err != nil {
		return ActionItem{}, Feedback{}, err
	}
	it.stored, it.Status = it.Status, it.EffectiveStatus(s.today())
	return it, fb, nil
}

// storedStatus undoes the overdue derivation Get applied: overdue is never
// stored, the underlying state is.
func (a ActionItem) storedStatus() Status {
	if a.Status == Overdue {
		return a.stored
	}
	return a.Status
}

func userID(a account.Actor) *int64 {
	if a.UserID == 0 {
		return nil
	}
	id := a.UserID
	return &id
}

// futureDate parses an optional date that must not be before min.
func futureDate(field, s string, min workday.Date) (*workday.Date, error) {
	if s == "" {
		return nil, nil
	}
	d, err := workday.ParseDate(s)
	if err != nil {
		return nil, fieldErr(field, "date_invalid")
	}
	if d.Before(min) {
		return nil, fieldErr(field, "action.date_past")
	}
	return &d, nil
}
