package casefile

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"liaison/app/account"
	"liaison/app/apperr"
)

// NoteStage is what a notification reports: a case accepted, in hand,
// closed, or a clue (线索) passed to the other side.
type NoteStage string

// The notification stages the API contract (app/web/openapi) fixes.
const (
	NoteAccepted NoteStage = "accepted"
	NoteHandling NoteStage = "handling"
	NoteClosed   NoteStage = "closed"
	NoteClue     NoteStage = "clue"
)

// NoteStages lists them in order.
var NoteStages = []NoteStage{NoteAccepted, NoteHandling, NoteClosed, NoteClue}

// Valid reports a known notification stage.
func (s NoteStage) Valid() bool {
	return s == NoteAccepted || s == NoteHandling || s == NoteClosed || s == NoteClue
}

// Notification is one 通报 between two units about a case.
type Notification struct {
	ID         int64      `json:"id"`
	CaseID     int64      `json:"case_id"`
	FromUnitID int64      `json:"from_unit_id"`
	ToUnitID   int64      `json:"to_unit_id"`
	Stage      NoteStage  `json:"stage"`
	Summary    string     `json:"summary"`
	CreatedBy  *int64     `json:"created_by"`
	CreatedAt  time.Time  `json:"created_at"`
	ReadAt     *time.Time `json:"read_at"`
	ReadBy     *int64     `json:"read_by"`
}

// TableName maps Notification to its table.
func (Notification) TableName() string { return "case_notifications" }

// NotificationInput is the body of POST /cases/{id}/notifications.
type NotificationInput struct {
	FromUnitID int64     `json:"from_unit_id"`
	ToUnitID   int64     `json:"to_unit_id"`
	Stage      NoteStage `json:"stage"`
	Summary    string    `json:"summary"`
}

func (in *NotificationInput) validate(c Case) error {
	in.Summary = strings.TrimSpace(in.Summary)
	f := apperr.Fields{}
	if in.FromUnitID <= 0 {
		f.Add("from_unit_id", "required")
	}
	switch {
	case in.ToUnitID <= 0:
		f.Add("to_unit_id", "required")
	case in.ToUnitID == in.FromUnitID:
		f.Add("to_unit_id", "case.notify_self")
	}
	if !in.Stage.Valid() {
		f.Add("stage", "case.stage_invalid")
	}
	switch {
	case account.RefuseContent(f, c.Sensitivity, "summary", in.Summary != ""):
	case utf8.RuneCountInString(in.Summary) > 2000:
		f.Add("summary", "too_long")
	}
	return f.Err()
}

// Notify records a notification from one unit to another about case id.
// The sender must be the actor's unit (or any, for admins) and a party to
// the case; the receiver is the other side of the register (checkParties)
// and may see the case from then on. A first notification by the case's own
// unit meets the notify deadline; one reporting "closed" the result deadline.
func (s *Service) Notify(ctx context.Context, a account.Actor, caseID int64, in NotificationInput) (Notification, error) {
	var n Notification
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		c, _, err := s.getScoped(ctx, a, caseID)
		if err != nil {
			return err
		}
		if err := in.validate(c); err != nil {
			return err
		}
		if !a.CanSchedule(in.FromUnitID) {
			return apperr.E(apperr.Forbidden, "forbidden")
		}
		if err := s.checkUnits(ctx, map[string]int64{"from_unit_id": in.FromUnitID, "to_unit_id": in.ToUnitID}); err != nil {
			return err
		}
		if err := s.checkParties(ctx, c, in.FromUnitID, in.ToUnitID); err != nil {
			return err
		}
		n = Notification{CaseID: c.ID, FromUnitID: in.FromUnitID, ToUnitID: in.ToUnitID, Stage: in.Stage, Summary: in.Summary, CreatedAt: s.Now()}
		if a.UserID > 0 {
			uid := a.UserID
			n.CreatedBy = &uid
		}
		if err := s.store.CreateNotification(ctx, &n); err != nil {
			return err
		}
		if err := s.announceCaseNotified(ctx, a, c, n); err != nil {
			return err
		}
		if err := s.clueDuty(ctx, a, c, n); err != nil {
			return err
		}
		if in.FromUnitID == c.OriginUnitID {
			today := s.today()
			var result = &today
			if in.Stage != NoteClosed {
				result = nil
			}
			if err := s.store.MarkNotified(ctx, c.ID, &today, result); err != nil {
				return err
			}
		}
		return s.Accounts.Audit(ctx, a, "case.notify", "case", c.ID, map[string]any{"notification_id": n.ID, "from": n.FromUnitID, "to": n.ToUnitID, "stage": n.Stage})
	})
	return n, err
}

// MarkRead records that the receiving unit read notification nid of case
// caseID. Only the receiver's people may; reading twice keeps the first time.
func (s *Service) MarkRead(ctx context.Context, a account.Actor, caseID, nid int64) (Notification, error) {
	var n Notification
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		c, _, err := s.getScoped(ctx, a, caseID)
		if err != nil {
			return err
		}
		if n, err = s.store.Notification(ctx, caseID, nid); err != nil {
			return err
		}
		if n.ToUnitID != a.UnitID {
			return apperr.E(apperr.Forbidden, "forbidden")
		}
		if n.ReadAt != nil {
			return nil
		}
		now, uid := s.Now(), a.UserID
		if err := s.store.MarkRead(ctx, nid, now, uid); err != nil {
			return err
		}
		n.ReadAt, n.ReadBy = &now, &uid
		if err := s.announceCaseRead(ctx, a, c, n); err != nil {
			return err
		}
		return s.Accounts.Audit(ctx, a, "case.notification_read", "case", caseID, map[string]any{"notification_id": nid})
	})
	return n, err
}

// Notifications returns the timeline of a case the actor may see.
func (s *Service) Notifications(ctx context.Context, a account.Actor, caseID int64) ([]Notification, error) {
	if _, _, err := s.getScoped(ctx, a, caseID); err != nil {
		return nil, err
	}
	return s.store.Notifications(ctx, caseID)
}
