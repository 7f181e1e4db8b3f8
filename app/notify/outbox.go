package notify

import (
	"context"
	"time"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/page"
)

func mustAdmin(a account.Actor) error {
	if a.Role != account.RoleAdmin {
		return apperr.E(apperr.Forbidden, "forbidden")
	}
	return nil
}

// ParseStatus checks a status filter ("" means all).
func ParseStatus(v string) (Status, error) {
	for _, s := range Statuses {
		if string(s) == v {
			return s, nil
		}
	}
	if v == "" {
		return "", nil
	}
	return "", apperr.Fields{"status": "notify.status_invalid"}.Err()
}

// ListOutbox pages the outbox newest first (admins only).
func (s *Service) ListOutbox(ctx context.Context, a account.Actor, f OutboxFilter) (page.Page[Outbox], error) {
	if err := mustAdmin(a); err != nil {
		return page.Page[Outbox]{}, err
	}
	return s.st.list(ctx, f)
}

// OutboxMessage returns one row with its message bytes (admins only).
func (s *Service) OutboxMessage(ctx context.Context, a account.Actor, id int64) (Outbox, error) {
	if err := mustAdmin(a); err != nil {
		return Outbox{}, err
	}
	return s.st.get(ctx, id)
}

// Retry makes a failed or not-sent mail due now (admins only), with a fresh
// round of automatic attempts should this one fail again. It answers
// 409 notify.not_retryable for a mail that is queued, sending or sent, and
// 409 notify.smtp_not_configured while there is no SMTP server to send to.
func (s *Service) Retry(ctx context.Context, a account.Actor, id int64) (Outbox, error) {
	if err := mustAdmin(a); err != nil {
		return Outbox{}, err
	}
	var o Outbox
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		prev, err := s.st.get(ctx, id)
		if err != nil {
			return err
		}
		if prev.Channel == ChannelMail && !s.SMTPConfigured() {
			return apperr.E(apperr.Conflict, "notify.smtp_not_configured")
		}
		ok, err := s.st.requeue(ctx, id, Queued, s.now())
		if err != nil {
			return err
		}
		if o, err = s.st.get(ctx, id); err != nil {
			return err
		}
		if !ok {
			return apperr.E(apperr.Conflict, "notify.not_retryable", "Status", string(o.Status))
		}
		return s.acc.AuditChange(ctx, a, "outbox.retry", "outbox", id, prev.auditView(), o.auditView(), map[string]any{"kind": o.Kind})
	})
	o.Message = nil
	return o, err
}

// outboxAudit is what the audit log keeps of a mail: its delivery state,
// never its recipient, subject, body or the server's error text (which
// may quote an address or a subject).
type outboxAudit struct {
	Kind          string     `json:"kind"`
	Channel       Channel    `json:"channel"`
	UnitID        *int64     `json:"unit_id,omitempty"`
	MeetingID     *int64     `json:"meeting_id,omitempty"`
	Sequence      *int       `json:"sequence,omitempty"`
	Status        Status     `json:"status"`
	Attempts      int        `json:"attempts"`
	NextAttemptAt *time.Time `json:"next_attempt_at"`
}

func (o Outbox) auditView() outboxAudit {
	v := outboxAudit{Kind: o.Kind, Channel: o.Channel, UnitID: o.UnitID, MeetingID: o.MeetingID, Sequence: o.Sequence, Status: o.Status, Attempts: o.Attempts}
	if o.NextAttemptAt != nil {
		t := o.NextAttemptAt.UTC()
		v.NextAttemptAt = &t
	}
	return v
}
