package notify

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"liaison/app/apperr"
	"liaison/app/db"
	"liaison/app/page"
)

// store is the only file set of this package that touches GORM.
type store struct{ db *db.DB }

func (s store) conn(ctx context.Context) *gorm.DB { return s.db.Conn(ctx) }

// sqlTx returns the database/sql transaction under the GORM transaction
// carried by ctx (inTx false when ctx carries none), for River's InsertTx.
func (s store) sqlTx(ctx context.Context) (tx *sql.Tx, inTx bool, err error) {
	if !db.InTx(ctx) {
		return nil, false, nil
	}
	tx, ok := s.conn(ctx).Statement.ConnPool.(*sql.Tx)
	if !ok {
		return nil, true, apperr.Wrap(errors.New("notify: the transaction in ctx is not a database/sql one"), "db")
	}
	return tx, true, nil
}

// insertOutbox writes o unless its dedupe key exists; ON CONFLICT keeps a
// duplicate from aborting the caller's PostgreSQL transaction.
func (s store) insertOutbox(ctx context.Context, o *Outbox) (bool, error) {
	res := s.conn(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "dedupe_key"}}, DoNothing: true}).Create(o)
	if res.Error != nil {
		return false, apperr.Wrap(res.Error, "db")
	}
	return res.RowsAffected == 1, nil
}

// claim takes row id for worker: it must be due (queued, or failed with a
// retry time that has come) or abandoned by a worker that died mid-send
// (sending, claimed before staleBefore). Only one worker can win.
func (s store) claim(ctx context.Context, id int64, worker string, now, staleBefore time.Time) (bool, error) {
	res := s.conn(ctx).Model(&Outbox{}).
		Where("id = ? AND ((status IN ? AND next_attempt_at <= ?) OR (status = ? AND claimed_at < ?))",
			id, []Status{Queued, Failed}, now, Sending, staleBefore).
		Updates(map[string]any{"status": Sending, "claimed_by": worker, "claimed_at": now, "attempts": gorm.Expr("attempts + 1")})
	return res.RowsAffected == 1, apperr.Wrap(res.Error, "db")
}

// get loads one row with its message bytes.
func (s store) get(ctx context.Context, id int64) (Outbox, error) {
	var o Outbox
	err := s.conn(ctx).First(&o, id).Error
	if db.IsNotFound(err) {
		return o, apperr.NotFoundErr("outbox")
	}
	return o, apperr.Wrap(err, "db")
}

// alreadySent reports whether the sent-log holds this mail (by its dedupe
// key, or for invitations by meeting, recipient, kind and sequence).
func (s store) alreadySent(ctx context.Context, o Outbox) (bool, error) {
	q := s.conn(ctx).Model(&sentLog{}).Where("dedupe_key = ?", o.DedupeKey)
	if o.MeetingID != nil && o.Sequence != nil {
		q = q.Or("meeting_id = ? AND recipient = ? AND kind = ? AND sequence = ?", *o.MeetingID, o.Recipient, o.Kind, *o.Sequence)
	}
	var n int64
	err := q.Count(&n).Error
	return n > 0, apperr.Wrap(err, "db")
}

// markSent records the send: the row becomes sent and the sent-log row is
// written in the same transaction.
func (s store) markSent(ctx context.Context, o Outbox, worker string, now time.Time) error {
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		err := s.conn(ctx).Model(&Outbox{}).Where("id = ? AND status = ? AND claimed_by = ?", o.ID, Sending, worker).
			Updates(map[string]any{"status": Sent, "sent_at": now, "next_attempt_at": nil, "last_error": ""}).Error
		if err != nil {
			return apperr.Wrap(err, "db")
		}
		l := sentLog{OutboxID: o.ID, DedupeKey: o.DedupeKey, MeetingID: o.MeetingID, Recipient: o.Recipient, Kind: o.Kind, Sequence: o.Sequence, SentAt: now}
		return apperr.Wrap(s.conn(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&l).Error, "db")
	})
}

// markFailed records an attempt's error; next nil means no automatic retry.
func (s store) markFailed(ctx context.Context, id int64, worker, msg string, next *time.Time) error {
	err := s.conn(ctx).Model(&Outbox{}).Where("id = ? AND status = ? AND claimed_by = ?", id, Sending, worker).
		Updates(map[string]any{"status": Failed, "last_error": msg, "next_attempt_at": next, "claimed_by": ""}).Error
	return apperr.Wrap(err, "db")
}

// due returns the rows (id and attempts only) the worker should try now,
// oldest first.
func (s store) due(ctx context.Context, now, staleBefore time.Time, limit int) ([]Outbox, error) {
	var rows []Outbox
	err := s.conn(ctx).Model(&Outbox{}).Select("id", "attempts").
		Where("(status IN ? AND next_attempt_at <= ?) OR (status = ? AND claimed_at < ?)", []Status{Queued, Failed}, now, Sending, staleBefore).
		Order("id").Limit(limit).Find(&rows).Error
	return rows, apperr.Wrap(err, "db")
}

// OutboxFilter selects outbox rows for the admin list.
type OutboxFilter struct {
	Status Status
	Page   page.Request
}

// list pages the outbox newest first, without the message bytes.
func (s store) list(ctx context.Context, f OutboxFilter) (page.Page[Outbox], error) {
	q := s.conn(ctx).Model(&Outbox{}).Omit("message")
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.Page.Cursor.ID > 0 {
		q = q.Where("id < ?", f.Page.Cursor.ID)
	}
	var rows []Outbox
	if err := q.Order("id DESC").Limit(f.Page.Limit + 1).Find(&rows).Error; err != nil {
		return page.Page[Outbox]{}, apperr.Wrap(err, "db")
	}
	return page.Build(rows, f.Page.Limit, func(o Outbox) page.Cursor { return page.Cursor{ID: o.ID} }), nil
}

// requeue makes a failed or not-sent row due now; false when the row is in
// another status.
func (s store) requeue(ctx context.Context, id int64, to Status, now time.Time) (bool, error) {
	res := s.conn(ctx).Model(&Outbox{}).Where("id = ? AND status IN ?", id, []Status{Failed, NotSent}).
		Updates(map[string]any{"status": to, "next_attempt_at": now, "claimed_by": "", "retry_base": gorm.Expr("attempts")})
	return res.RowsAffected == 1, apperr.Wrap(res.Error, "db")
}
