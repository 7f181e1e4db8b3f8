package report

import (
	"context"
	"encoding/json"
	"time"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/db"
	"liaison/app/followup"
	"liaison/app/meeting"
	"liaison/app/workday"
)

// store is the report's SQL: activities, and the counts the report is
// built from, each one grouped statement over the period.
type store struct{ db *db.DB }

// Create inserts x.
func (s *store) Create(ctx context.Context, x *Activity) error {
	return apperr.Wrap(s.db.Conn(ctx).Create(x).Error, "db")
}

// Get loads activity id, or NotFound.
func (s *store) Get(ctx context.Context, id int64) (Activity, error) {
	var x Activity
	r := s.db.Conn(ctx).Where("id = ?", id).Limit(1).Find(&x)
	if r.Error != nil {
		return x, apperr.Wrap(r.Error, "db")
	}
	if r.RowsAffected == 0 {
		return x, apperr.NotFoundErr("report_activity")
	}
	return x, nil
}

// Update writes x if its stored version is still old, and bumps it.
func (s *store) Update(ctx context.Context, x *Activity, old int) error {
	x.Version = old + 1
	units, err := json.Marshal(x.UnitIDs)
	if err != nil {
		return err
	}
	r := s.db.Conn(ctx).Model(&Activity{}).Where("id = ? AND version = ?", x.ID, old).Updates(map[string]any{
		"occurred_on": x.OccurredOn, "kind": x.Kind, "unit_ids": string(units), "title": x.Title, "summary": x.Summary,
		"version": x.Version, "updated_at": x.UpdatedAt})
	if r.Error != nil {
		return apperr.Wrap(r.Error, "db")
	}
	if r.RowsAffected == 0 {
		return apperr.ConflictVersion()
	}
	return nil
}

// Delete removes activity id if its version is still version.
func (s *store) Delete(ctx context.Context, id int64, version int) error {
	r := s.db.Conn(ctx).Where("id = ? AND version = ?", id, version).Delete(&Activity{})
	if r.Error != nil {
		return apperr.Wrap(r.Error, "db")
	}
	if r.RowsAffected == 0 {
		return apperr.ConflictVersion()
	}
	return nil
}

// Activities lists the activities from from to to (inclusive), by date.
func (s *store) Activities(ctx context.Context, from, to workday.Date) ([]Activity, error) {
	out := []Activity{}
	err := s.db.Conn(ctx).Where("occurred_on >= ? AND occurred_on <= ?", from.String(), to.String()).
		Order("occurred_on, id").Limit(500).Find(&out).Error
	return out, apperr.Wrap(err, "db")
}

// Count is one figure of a breakdown: a key (a type, kind, stage or
// status) and a sub-key, with how many.
type Count struct {
	Key string `json:"key"`
	Sub string `json:"sub,omitempty"`
	N   int    `json:"n"`
}

func (s *store) scan(ctx context.Context, q string, args ...any) ([]Count, error) {
	out := []Count{}
	err := s.db.Conn(ctx).Raw(q, args...).Scan(&out).Error
	return out, apperr.Wrap(err, "db")
}

// NotifiedCases counts the cases notified in [from, to) by case type and
// the notification's stage (a case counts once per stage).
func (s *store) NotifiedCases(ctx context.Context, from, to time.Time) ([]Count, error) {
	return s.scan(ctx, `SELECT c.kind AS key, n.stage AS sub, COUNT(DISTINCT c.id) AS n
		FROM case_notifications n JOIN cases c ON c.id = n.case_id
		WHERE n.created_at >= ? AND n.created_at < ? GROUP BY c.kind, n.stage ORDER BY c.kind, n.stage`, from, to)
}

// NotifiedByType counts the cases notified in [from, to) by type, each once.
func (s *store) NotifiedByType(ctx context.Context, from, to time.Time) ([]Count, error) {
	return s.scan(ctx, `SELECT c.kind AS key, COUNT(DISTINCT c.id) AS n
		FROM case_notifications n JOIN cases c ON c.id = n.case_id
		WHERE n.created_at >= ? AND n.created_at < ? GROUP BY c.kind ORDER BY n DESC, c.kind`, from, to)
}

// DocumentsIssued counts the documents issued from from to to by type:
// issued, received, copied to a justice bureau.
func (s *store) DocumentsIssued(ctx context.Context, from, to workday.Date) ([]Count, error) {
	return s.scan(ctx, `SELECT d.type AS key, 'issued' AS sub, COUNT(*) AS n FROM documents d
		WHERE d.issued_on >= ? AND d.issued_on <= ? GROUP BY d.type
		UNION ALL
		SELECT d.type AS key, 'copied_justice' AS sub, COUNT(DISTINCT d.id) AS n FROM documents d
		JOIN document_cc_units cc ON cc.document_id = d.id JOIN units u ON u.id = cc.unit_id AND u.kind = ?
		WHERE d.issued_on >= ? AND d.issued_on <= ? GROUP BY d.type`, from.String(), to.String(), account.KindJusticeBureau, from.String(), to.String())
}

// DocumentResults counts the addressees' items of the documents issued
// from from to to, by document type and the item's stored status.
func (s *store) DocumentResults(ctx context.Context, from, to workday.Date) ([]Count, error) {
	return s.scan(ctx, `SELECT d.type AS key, a.status AS sub, COUNT(*) AS n FROM documents d
		JOIN action_items a ON a.source_kind = ? AND a.source_id = d.id AND a.responsible_unit_id = d.addressee_unit_id
		WHERE d.issued_on >= ? AND d.issued_on <= ? GROUP BY d.type, a.status ORDER BY d.type, a.status`, followup.FromDocument, from.String(), to.String())
}

// MeetingsHeld counts the meetings held in [from, to) by kind: started
// before now, issued and not cancelled.
func (s *store) MeetingsHeld(ctx context.Context, from, to, now time.Time) ([]Count, error) {
	if now.Before(to) {
		to = now
	}
	return s.scan(ctx, `SELECT kind AS key, COUNT(*) AS n FROM meetings
		WHERE start_at >= ? AND start_at < ? AND `+meeting.SQLHeld("meetings")+` GROUP BY kind ORDER BY kind`, from, to)
}

// Items counts action items: closed (verified) in [from, to), and due
// from dueFrom to dueTo but not closed by the end of the period.
func (s *store) Items(ctx context.Context, from, to time.Time, dueFrom, dueTo workday.Date) ([]Count, error) {
	return s.scan(ctx, `SELECT 'closed' AS key, COUNT(*) AS n FROM action_items WHERE verified_at >= ? AND verified_at < ?
		UNION ALL
		SELECT 'overdue' AS key, COUNT(*) AS n FROM action_items WHERE due_on >= ? AND due_on <= ?
		AND (verified_at IS NULL OR verified_at >= ?)`, from, to, dueFrom.String(), dueTo.String(), to)
}

// Escalations counts the escalation steps taken in [from, to) by step.
func (s *store) Escalations(ctx context.Context, from, to time.Time) ([]Count, error) {
	return s.scan(ctx, `SELECT CAST(step AS TEXT) AS key, COUNT(*) AS n FROM action_escalations
		WHERE created_at >= ? AND created_at < ? GROUP BY step ORDER BY step`, from, to)
}
